CREATE TABLE "reporting_quality_scores" (
	"evaluation_id" uuid PRIMARY KEY NOT NULL,
	"contact_id" uuid NOT NULL,
	"queue_id" uuid,
	"agent_id" uuid,
	"channel" text,
	"request_type" text,
	"at" timestamp with time zone NOT NULL,
	"evaluated_at" timestamp with time zone NOT NULL,
	"score" double precision NOT NULL
);
--> statement-breakpoint
CREATE INDEX "reporting_quality_scores_at" ON "reporting_quality_scores" USING btree ("at");--> statement-breakpoint
CREATE INDEX "reporting_quality_scores_contact" ON "reporting_quality_scores" USING btree ("contact_id");