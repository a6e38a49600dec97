CREATE TABLE "survey_answers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"template_id" uuid,
	"invitation_id" uuid,
	"contact_id" uuid,
	"call_id" uuid,
	"queue_id" uuid,
	"agent_id" uuid,
	"ticket_id" uuid,
	"customer_id" uuid,
	"csat" smallint,
	"nps" smallint,
	"ces" smallint,
	"comment" text,
	"low" boolean NOT NULL,
	"follow_up_ticket_id" uuid,
	"answered_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "survey_call_links" (
	"call_id" uuid PRIMARY KEY NOT NULL,
	"flow_seen" boolean NOT NULL,
	"csat" smallint,
	"scored_at" timestamp with time zone,
	"ended_seen" boolean NOT NULL,
	"contact_id" uuid,
	"agent_id" uuid,
	"queue_id" uuid,
	"ended_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "survey_invitations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"token_hash" text NOT NULL,
	"template_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"language" text NOT NULL,
	"to_masked" text NOT NULL,
	"source" text NOT NULL,
	"contact_id" uuid,
	"ticket_id" uuid,
	"customer_id" uuid,
	"agent_id" uuid,
	"queue_id" uuid,
	"sent" boolean NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "survey_queue_templates" (
	"queue_id" uuid PRIMARY KEY NOT NULL,
	"template_id" uuid NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "survey_templates" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"questions" jsonb NOT NULL,
	"intro_zh" text NOT NULL,
	"intro_en" text NOT NULL,
	"expiry_hours" integer NOT NULL,
	"channels" jsonb NOT NULL,
	"send_after_contact" boolean NOT NULL,
	"follow_up_on_low_score" boolean NOT NULL,
	"is_default" boolean NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "notifications_inbox" ALTER COLUMN "ticket_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications_inbox" ALTER COLUMN "ticket_number" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "survey_invitations" ADD CONSTRAINT "survey_invitations_template_id_survey_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."survey_templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_queue_templates" ADD CONSTRAINT "survey_queue_templates_template_id_survey_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."survey_templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "survey_answers_call_channel" ON "survey_answers" USING btree ("call_id","channel") WHERE "survey_answers"."call_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "survey_answers_invitation" ON "survey_answers" USING btree ("invitation_id") WHERE "survey_answers"."invitation_id" is not null;--> statement-breakpoint
CREATE INDEX "survey_answers_answered" ON "survey_answers" USING btree ("answered_at","id");--> statement-breakpoint
CREATE INDEX "survey_answers_agent" ON "survey_answers" USING btree ("agent_id","answered_at");--> statement-breakpoint
CREATE INDEX "survey_answers_queue" ON "survey_answers" USING btree ("queue_id","answered_at");--> statement-breakpoint
CREATE UNIQUE INDEX "survey_invitations_token" ON "survey_invitations" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "survey_invitations_auto_contact" ON "survey_invitations" USING btree ("contact_id") WHERE "survey_invitations"."source" = 'auto';--> statement-breakpoint
CREATE UNIQUE INDEX "survey_templates_name_key" ON "survey_templates" USING btree (lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "survey_templates_one_default" ON "survey_templates" USING btree ("is_default") WHERE "survey_templates"."is_default";