CREATE TABLE "wfm_simulations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"forecast_id" uuid NOT NULL,
	"forecast_name" text NOT NULL,
	"source" text NOT NULL,
	"schedule_id" uuid,
	"date" text NOT NULL,
	"interval_minutes" integer NOT NULL,
	"input" jsonb NOT NULL,
	"result" jsonb NOT NULL,
	"contacts" integer NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "wfm_simulations_created" ON "wfm_simulations" USING btree ("created_at" desc);