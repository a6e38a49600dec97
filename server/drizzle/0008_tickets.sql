CREATE SEQUENCE "public"."tickets_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "tickets_sla_policies" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"type" text,
	"priority" text,
	"severity" text,
	"customer_tier" text,
	"calendar_id" uuid,
	"response_minutes" integer NOT NULL,
	"resolve_minutes" integer NOT NULL,
	"warning_share" real NOT NULL,
	"reescalate_after_minutes" integer NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tickets_categories" (
	"id" uuid PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"parent_id" uuid,
	"name" text NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tickets_comments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"ticket_id" uuid NOT NULL,
	"author_user_id" uuid,
	"visibility" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tickets_escalations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"ticket_id" uuid NOT NULL,
	"target" text NOT NULL,
	"step" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"fired_at" timestamp with time zone NOT NULL,
	"notify_user_ids" uuid[] NOT NULL,
	"notify_role" text
);
--> statement-breakpoint
CREATE TABLE "tickets_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"ticket_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_user_id" uuid,
	"actor_name" text,
	"kind" text NOT NULL,
	"field" text,
	"before" jsonb,
	"after" jsonb
);
--> statement-breakpoint
CREATE TABLE "tickets_group_members" (
	"group_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	CONSTRAINT "tickets_group_members_group_id_user_id_pk" PRIMARY KEY("group_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "tickets_groups" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"lead_user_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tickets_tickets" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"type" text NOT NULL,
	"category_id" uuid,
	"priority" text NOT NULL,
	"severity" text,
	"subject" text NOT NULL,
	"description" text NOT NULL,
	"channel" text NOT NULL,
	"customer_id" uuid,
	"customer_phone" text,
	"customer_tier" text,
	"contact_ids" text[] NOT NULL,
	"owner_user_id" uuid NOT NULL,
	"owner_team_id" uuid,
	"assignee_user_id" uuid,
	"assignee_team_id" uuid,
	"assignee_group_id" uuid,
	"status" text NOT NULL,
	"resolution" text,
	"sla_policy_id" uuid,
	"response_due_at" timestamp with time zone,
	"resolve_due_at" timestamp with time zone,
	"sla_state" text NOT NULL,
	"breached_at" timestamp with time zone,
	"next_escalation_at" timestamp with time zone,
	"responded_at" timestamp with time zone,
	"stopped_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "tickets_comments" ADD CONSTRAINT "tickets_comments_ticket_id_tickets_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets_tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets_escalations" ADD CONSTRAINT "tickets_escalations_ticket_id_tickets_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets_tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets_events" ADD CONSTRAINT "tickets_events_ticket_id_tickets_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets_tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets_group_members" ADD CONSTRAINT "tickets_group_members_group_id_tickets_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."tickets_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "tickets_categories_name_key" ON "tickets_categories" USING btree ("type",coalesce("parent_id", '00000000-0000-0000-0000-000000000000'),lower("name"));--> statement-breakpoint
CREATE INDEX "tickets_comments_ticket_idx" ON "tickets_comments" USING btree ("ticket_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "tickets_escalations_step_key" ON "tickets_escalations" USING btree ("ticket_id","target","step");--> statement-breakpoint
CREATE INDEX "tickets_events_ticket_idx" ON "tickets_events" USING btree ("ticket_id","at");--> statement-breakpoint
CREATE INDEX "tickets_group_members_user_idx" ON "tickets_group_members" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "tickets_groups_name_key" ON "tickets_groups" USING btree (lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "tickets_tickets_number_key" ON "tickets_tickets" USING btree ("number");--> statement-breakpoint
CREATE INDEX "tickets_tickets_status_idx" ON "tickets_tickets" USING btree ("status","resolve_due_at");--> statement-breakpoint
CREATE INDEX "tickets_tickets_assignee_idx" ON "tickets_tickets" USING btree ("assignee_user_id");--> statement-breakpoint
CREATE INDEX "tickets_tickets_owner_idx" ON "tickets_tickets" USING btree ("owner_user_id");--> statement-breakpoint
CREATE INDEX "tickets_tickets_group_idx" ON "tickets_tickets" USING btree ("assignee_group_id");--> statement-breakpoint
CREATE INDEX "tickets_tickets_customer_idx" ON "tickets_tickets" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "tickets_tickets_next_escalation_idx" ON "tickets_tickets" USING btree ("next_escalation_at") WHERE "tickets_tickets"."next_escalation_at" is not null;