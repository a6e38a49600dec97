CREATE TABLE "reporting_schedules" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"created_by" uuid NOT NULL,
	"recipients" text[] NOT NULL,
	"language" text NOT NULL,
	"query" jsonb NOT NULL,
	"tz" text NOT NULL,
	"period" text NOT NULL,
	"cadence" jsonb NOT NULL,
	"enabled" boolean NOT NULL,
	"last_run_at" timestamp with time zone,
	"last_status" text,
	"last_error" text,
	"next_run_at" timestamp with time zone,
	"retry_slot_at" timestamp with time zone,
	"failures" smallint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reporting_tickets" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"type" text NOT NULL,
	"priority" text NOT NULL,
	"channel" text NOT NULL,
	"status" text NOT NULL,
	"owner_user_id" uuid NOT NULL,
	"assignee_user_id" uuid,
	"group_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"responded_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"stopped_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"response_due_at" timestamp with time zone,
	"resolve_due_at" timestamp with time zone,
	"sla_state" text NOT NULL,
	"breached_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "reporting_schedules_due" ON "reporting_schedules" USING btree ("next_run_at");--> statement-breakpoint
CREATE INDEX "reporting_schedules_owner" ON "reporting_schedules" USING btree ("created_by");--> statement-breakpoint
CREATE INDEX "reporting_tickets_created" ON "reporting_tickets" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "reporting_tickets_stopped" ON "reporting_tickets" USING btree ("stopped_at");