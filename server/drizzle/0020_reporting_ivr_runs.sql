CREATE TABLE "reporting_ivr_runs" (
	"call_id" uuid PRIMARY KEY NOT NULL,
	"flow_id" uuid NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"outcome" text NOT NULL,
	"nodes" text[] NOT NULL,
	"types" text[] NOT NULL
);
--> statement-breakpoint
CREATE INDEX "reporting_ivr_runs_started" ON "reporting_ivr_runs" USING btree ("started_at");