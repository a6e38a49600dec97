CREATE TABLE "wfm_forecasts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"series_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"name" text NOT NULL,
	"queue_ids" uuid[] NOT NULL,
	"start_date" text NOT NULL,
	"days" integer NOT NULL,
	"interval_minutes" integer NOT NULL,
	"method" text NOT NULL,
	"history_weeks" integer NOT NULL,
	"holdout_weeks" integer NOT NULL,
	"calendar_id" uuid,
	"special_days" jsonb NOT NULL,
	"exclude_dates" jsonb NOT NULL,
	"adjustments" jsonb NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"result" jsonb NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "wfm_forecasts_version" ON "wfm_forecasts" USING btree ("series_id","version");--> statement-breakpoint
CREATE INDEX "wfm_forecasts_created" ON "wfm_forecasts" USING btree ("created_at" desc);