CREATE TABLE "quality_appeals" (
	"id" uuid PRIMARY KEY NOT NULL,
	"evaluation_id" uuid NOT NULL,
	"agent_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"items" text[] NOT NULL,
	"status" text NOT NULL,
	"reviewer_id" uuid,
	"decision_note" text,
	"score_before" numeric(5, 2) NOT NULL,
	"score_after" numeric(5, 2),
	"created_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "quality_calibrations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"scorecard_id" uuid NOT NULL,
	"scorecard_version" integer NOT NULL,
	"contact_ids" uuid[] NOT NULL,
	"evaluator_ids" uuid[] NOT NULL,
	"facilitator_id" uuid NOT NULL,
	"status" text NOT NULL,
	"agreed" jsonb,
	"due_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "quality_coaching" (
	"id" uuid PRIMARY KEY NOT NULL,
	"agent_id" uuid NOT NULL,
	"coach_id" uuid NOT NULL,
	"evaluation_id" uuid,
	"goal" text NOT NULL,
	"items" text[] NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"done_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "quality_comments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"evaluation_id" uuid NOT NULL,
	"at_ms" integer,
	"item" text,
	"text" text NOT NULL,
	"author_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quality_contacts" (
	"contact_id" uuid PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"queue_id" uuid NOT NULL,
	"agent_id" uuid NOT NULL,
	"customer_id" text,
	"call_id" text,
	"request_type" text,
	"queued_at" timestamp with time zone NOT NULL,
	"connected_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"handle_ms" integer,
	"transferred" boolean DEFAULT false NOT NULL,
	"complaint" boolean DEFAULT false NOT NULL,
	"csat" integer,
	"recording_id" uuid,
	"recording_ms" integer,
	"auto_checked_at" timestamp with time zone,
	"auto_check_due" boolean DEFAULT false NOT NULL,
	"auto_check_error" text,
	"silence_ms" integer,
	"overtalk_ms" integer,
	"agent_talk_ms" integer,
	"customer_talk_ms" integer,
	"transcript" jsonb
);
--> statement-breakpoint
CREATE TABLE "quality_draws" (
	"id" uuid PRIMARY KEY NOT NULL,
	"plan_id" uuid NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"seed" text NOT NULL,
	"candidates" integer NOT NULL,
	"picked" integer NOT NULL,
	"drawn_at" timestamp with time zone NOT NULL,
	"drawn_by" uuid
);
--> statement-breakpoint
CREATE TABLE "quality_evaluation_history" (
	"evaluation_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"answers" jsonb NOT NULL,
	"score" numeric(5, 2) NOT NULL,
	"breakdown" jsonb NOT NULL,
	"reason" text NOT NULL,
	"by" uuid NOT NULL,
	"note" text,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "quality_evaluation_history_evaluation_id_revision_pk" PRIMARY KEY("evaluation_id","revision")
);
--> statement-breakpoint
CREATE TABLE "quality_evaluations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"contact_id" uuid NOT NULL,
	"agent_id" uuid NOT NULL,
	"team_id" uuid,
	"queue_id" uuid,
	"evaluator_id" uuid NOT NULL,
	"scorecard_id" uuid NOT NULL,
	"scorecard_version" integer NOT NULL,
	"task_id" uuid,
	"calibration_id" uuid,
	"status" text NOT NULL,
	"answers" jsonb NOT NULL,
	"score" numeric(5, 2),
	"breakdown" jsonb,
	"summary" text DEFAULT '' NOT NULL,
	"revision" integer DEFAULT 0 NOT NULL,
	"contact_at" timestamp with time zone NOT NULL,
	"submitted_at" timestamp with time zone,
	"acknowledged_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quality_examples" (
	"id" uuid PRIMARY KEY NOT NULL,
	"contact_id" uuid NOT NULL,
	"evaluation_id" uuid,
	"title" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"tags" text[] NOT NULL,
	"audience" text NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quality_findings" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"contact_id" uuid NOT NULL,
	"agent_id" uuid NOT NULL,
	"connected_at" timestamp with time zone NOT NULL,
	"rule" text NOT NULL,
	"kind" text NOT NULL,
	"speaker" text,
	"text" text,
	"at_ms" integer,
	"duration_ms" integer
);
--> statement-breakpoint
CREATE TABLE "quality_holds" (
	"contact_id" uuid NOT NULL,
	"resumed_at" timestamp with time zone NOT NULL,
	"held_ms" integer NOT NULL,
	CONSTRAINT "quality_holds_contact_id_resumed_at_pk" PRIMARY KEY("contact_id","resumed_at")
);
--> statement-breakpoint
CREATE TABLE "quality_plans" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"enabled" boolean NOT NULL,
	"config" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quality_recordings" (
	"recording_id" uuid PRIMARY KEY NOT NULL,
	"call_id" text NOT NULL,
	"duration_ms" integer NOT NULL,
	"stored_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quality_rule_sets" (
	"version" integer PRIMARY KEY NOT NULL,
	"rules" jsonb NOT NULL,
	"saved_at" timestamp with time zone NOT NULL,
	"saved_by" uuid
);
--> statement-breakpoint
CREATE TABLE "quality_scorecard_versions" (
	"scorecard_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"content" jsonb NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"published_by" uuid,
	CONSTRAINT "quality_scorecard_versions_scorecard_id_version_pk" PRIMARY KEY("scorecard_id","version")
);
--> statement-breakpoint
CREATE TABLE "quality_scorecards" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"queue_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"draft" jsonb,
	"version" integer DEFAULT 0 NOT NULL,
	"archived" boolean DEFAULT false NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quality_tasks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"draw_id" uuid,
	"contact_id" uuid NOT NULL,
	"agent_id" uuid NOT NULL,
	"evaluator_id" uuid NOT NULL,
	"reasons" text[] NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"evaluation_id" uuid,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "quality_appeals" ADD CONSTRAINT "quality_appeals_evaluation_id_quality_evaluations_id_fk" FOREIGN KEY ("evaluation_id") REFERENCES "public"."quality_evaluations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality_comments" ADD CONSTRAINT "quality_comments_evaluation_id_quality_evaluations_id_fk" FOREIGN KEY ("evaluation_id") REFERENCES "public"."quality_evaluations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality_draws" ADD CONSTRAINT "quality_draws_plan_id_quality_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."quality_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality_evaluation_history" ADD CONSTRAINT "quality_evaluation_history_evaluation_id_quality_evaluations_id_fk" FOREIGN KEY ("evaluation_id") REFERENCES "public"."quality_evaluations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality_scorecard_versions" ADD CONSTRAINT "quality_scorecard_versions_scorecard_id_quality_scorecards_id_fk" FOREIGN KEY ("scorecard_id") REFERENCES "public"."quality_scorecards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality_tasks" ADD CONSTRAINT "quality_tasks_draw_id_quality_draws_id_fk" FOREIGN KEY ("draw_id") REFERENCES "public"."quality_draws"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "quality_appeals_status" ON "quality_appeals" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "quality_appeals_evaluation" ON "quality_appeals" USING btree ("evaluation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "quality_appeals_one_open" ON "quality_appeals" USING btree ("evaluation_id") WHERE "quality_appeals"."status" = 'open';--> statement-breakpoint
CREATE INDEX "quality_coaching_agent" ON "quality_coaching" USING btree ("agent_id","status");--> statement-breakpoint
CREATE INDEX "quality_comments_evaluation" ON "quality_comments" USING btree ("evaluation_id");--> statement-breakpoint
CREATE INDEX "quality_contacts_connected" ON "quality_contacts" USING btree ("connected_at");--> statement-breakpoint
CREATE INDEX "quality_contacts_agent" ON "quality_contacts" USING btree ("agent_id","connected_at");--> statement-breakpoint
CREATE INDEX "quality_contacts_customer" ON "quality_contacts" USING btree ("customer_id","connected_at");--> statement-breakpoint
CREATE INDEX "quality_contacts_due" ON "quality_contacts" USING btree ("contact_id") WHERE "quality_contacts"."auto_check_due";--> statement-breakpoint
CREATE UNIQUE INDEX "quality_draws_period" ON "quality_draws" USING btree ("plan_id","period_start");--> statement-breakpoint
CREATE INDEX "quality_evaluations_agent" ON "quality_evaluations" USING btree ("agent_id","submitted_at");--> statement-breakpoint
CREATE INDEX "quality_evaluations_submitted" ON "quality_evaluations" USING btree ("submitted_at");--> statement-breakpoint
CREATE INDEX "quality_evaluations_contact" ON "quality_evaluations" USING btree ("contact_id");--> statement-breakpoint
CREATE INDEX "quality_evaluations_calibration" ON "quality_evaluations" USING btree ("calibration_id");--> statement-breakpoint
CREATE UNIQUE INDEX "quality_evaluations_one_per_evaluator" ON "quality_evaluations" USING btree ("contact_id","evaluator_id") WHERE "quality_evaluations"."calibration_id" is null;--> statement-breakpoint
CREATE INDEX "quality_findings_contact" ON "quality_findings" USING btree ("contact_id");--> statement-breakpoint
CREATE INDEX "quality_findings_kind_time" ON "quality_findings" USING btree ("kind","connected_at");--> statement-breakpoint
CREATE INDEX "quality_findings_rule_time" ON "quality_findings" USING btree ("rule","connected_at");--> statement-breakpoint
CREATE UNIQUE INDEX "quality_plans_name_key" ON "quality_plans" USING btree (lower("name"));--> statement-breakpoint
CREATE INDEX "quality_recordings_call" ON "quality_recordings" USING btree ("call_id","stored_at");--> statement-breakpoint
CREATE UNIQUE INDEX "quality_scorecards_name_key" ON "quality_scorecards" USING btree (lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "quality_scorecards_one_default" ON "quality_scorecards" USING btree ("is_default") WHERE "quality_scorecards"."is_default";--> statement-breakpoint
CREATE UNIQUE INDEX "quality_tasks_contact_draw" ON "quality_tasks" USING btree ("draw_id","contact_id");--> statement-breakpoint
CREATE INDEX "quality_tasks_contact" ON "quality_tasks" USING btree ("contact_id");--> statement-breakpoint
CREATE INDEX "quality_tasks_evaluator" ON "quality_tasks" USING btree ("evaluator_id","status","due_at");