CREATE TABLE "wfm_agent_rules" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"rules" jsonb NOT NULL,
	"updated_by" uuid NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "wfm_schedules" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"forecast_id" uuid NOT NULL,
	"start_date" text NOT NULL,
	"days" integer NOT NULL,
	"interval_minutes" integer NOT NULL,
	"state" text NOT NULL,
	"input" jsonb NOT NULL,
	"coverage" jsonb NOT NULL,
	"gap" jsonb NOT NULL,
	"under_agent_hours" double precision NOT NULL,
	"over_agent_hours" double precision NOT NULL,
	"stages" jsonb NOT NULL,
	"job_id" uuid,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"published_at" timestamp with time zone,
	"published_by" uuid
);
--> statement-breakpoint
CREATE TABLE "wfm_shift_requests" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"state" text NOT NULL,
	"requester_id" uuid NOT NULL,
	"shift_id" uuid NOT NULL,
	"peer_id" uuid,
	"peer_shift_id" uuid,
	"reason" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "wfm_shift_templates" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"definition" jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "wfm_shifts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"schedule_id" uuid NOT NULL,
	"agent_id" uuid NOT NULL,
	"template_id" uuid NOT NULL,
	"date" text NOT NULL,
	"start_minute" integer NOT NULL,
	"length_minutes" integer NOT NULL,
	"paid_minutes" integer NOT NULL,
	"start_at" timestamp with time zone NOT NULL,
	"end_at" timestamp with time zone NOT NULL,
	"breaks" jsonb NOT NULL,
	"state" text DEFAULT 'active' NOT NULL
);
--> statement-breakpoint
ALTER TABLE "wfm_shift_requests" ADD CONSTRAINT "wfm_shift_requests_shift_id_wfm_shifts_id_fk" FOREIGN KEY ("shift_id") REFERENCES "public"."wfm_shifts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wfm_shift_requests" ADD CONSTRAINT "wfm_shift_requests_peer_shift_id_wfm_shifts_id_fk" FOREIGN KEY ("peer_shift_id") REFERENCES "public"."wfm_shifts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wfm_shifts" ADD CONSTRAINT "wfm_shifts_schedule_id_wfm_schedules_id_fk" FOREIGN KEY ("schedule_id") REFERENCES "public"."wfm_schedules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "wfm_schedules_created" ON "wfm_schedules" USING btree ("created_at" desc);--> statement-breakpoint
CREATE INDEX "wfm_shift_requests_state" ON "wfm_shift_requests" USING btree ("state","created_at");--> statement-breakpoint
CREATE INDEX "wfm_shift_requests_requester" ON "wfm_shift_requests" USING btree ("requester_id");--> statement-breakpoint
CREATE INDEX "wfm_shift_requests_peer" ON "wfm_shift_requests" USING btree ("peer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "wfm_shift_templates_name" ON "wfm_shift_templates" USING btree (lower("name"));--> statement-breakpoint
CREATE INDEX "wfm_shifts_schedule" ON "wfm_shifts" USING btree ("schedule_id");--> statement-breakpoint
CREATE INDEX "wfm_shifts_agent" ON "wfm_shifts" USING btree ("agent_id","start_at");--> statement-breakpoint
CREATE INDEX "wfm_shifts_date" ON "wfm_shifts" USING btree ("date");