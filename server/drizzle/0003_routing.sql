CREATE TABLE "routing_agent_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"state" text NOT NULL,
	"reason" text,
	"actor_id" uuid
);
--> statement-breakpoint
CREATE TABLE "routing_agents" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"skills" jsonb NOT NULL,
	"capacity" jsonb NOT NULL,
	"presence" text NOT NULL,
	"reason" text,
	"state" text NOT NULL,
	"state_since" timestamp with time zone NOT NULL,
	"wrap_up_until" timestamp with time zone,
	"idle_since" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "routing_contact_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"contact_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"from_state" text,
	"to_state" text NOT NULL,
	"queue_id" uuid,
	"agent_id" uuid,
	"actor_id" uuid,
	"note" text,
	"decision" jsonb
);
--> statement-breakpoint
CREATE TABLE "routing_contacts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"direction" text NOT NULL,
	"queue_id" uuid NOT NULL,
	"state" text NOT NULL,
	"priority" integer NOT NULL,
	"skills" jsonb,
	"attributes" jsonb NOT NULL,
	"customer" jsonb,
	"subject" text,
	"agent_id" uuid,
	"target_agent_id" uuid,
	"preferred_agent_id" uuid,
	"parent_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"queued_at" timestamp with time zone NOT NULL,
	"offered_at" timestamp with time zone,
	"connected_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"wrap_up" jsonb,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "routing_memberships" (
	"user_id" uuid NOT NULL,
	"queue_id" uuid NOT NULL,
	"priority" integer NOT NULL,
	"delay_seconds" integer NOT NULL,
	CONSTRAINT "routing_memberships_user_id_queue_id_pk" PRIMARY KEY("user_id","queue_id")
);
--> statement-breakpoint
CREATE TABLE "routing_queues" (
	"id" uuid PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"settings" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "routing_reason_codes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"label_zh" text NOT NULL,
	"label_en" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"system" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "routing_skills" (
	"id" uuid PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "routing_contact_events" ADD CONSTRAINT "routing_contact_events_contact_id_routing_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."routing_contacts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "routing_contacts" ADD CONSTRAINT "routing_contacts_queue_id_routing_queues_id_fk" FOREIGN KEY ("queue_id") REFERENCES "public"."routing_queues"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "routing_memberships" ADD CONSTRAINT "routing_memberships_user_id_routing_agents_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."routing_agents"("user_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "routing_memberships" ADD CONSTRAINT "routing_memberships_queue_id_routing_queues_id_fk" FOREIGN KEY ("queue_id") REFERENCES "public"."routing_queues"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "routing_agent_events_user_at" ON "routing_agent_events" USING btree ("user_id","at");--> statement-breakpoint
CREATE INDEX "routing_contact_events_contact" ON "routing_contact_events" USING btree ("contact_id","id");--> statement-breakpoint
CREATE INDEX "routing_contacts_open" ON "routing_contacts" USING btree ("state") WHERE state in ('queued','offered','connected','wrap_up');--> statement-breakpoint
CREATE INDEX "routing_contacts_queue_day" ON "routing_contacts" USING btree ("queue_id","queued_at");--> statement-breakpoint
CREATE INDEX "routing_contacts_agent_day" ON "routing_contacts" USING btree ("agent_id","completed_at");--> statement-breakpoint
CREATE INDEX "routing_contacts_customer" ON "routing_contacts" USING btree (("customer"->>'id'),"connected_at");--> statement-breakpoint
CREATE INDEX "routing_memberships_queue" ON "routing_memberships" USING btree ("queue_id");--> statement-breakpoint
CREATE UNIQUE INDEX "routing_queues_key" ON "routing_queues" USING btree ("key");--> statement-breakpoint
CREATE UNIQUE INDEX "routing_reason_codes_code" ON "routing_reason_codes" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "routing_skills_key" ON "routing_skills" USING btree ("key");