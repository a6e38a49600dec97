CREATE TABLE "tickets_complaint_steps" (
	"ticket_id" uuid NOT NULL,
	"key" text NOT NULL,
	"position" smallint NOT NULL,
	"status" text NOT NULL,
	"round" integer DEFAULT 1 NOT NULL,
	"started_at" timestamp with time zone,
	"due_at" timestamp with time zone,
	"done_at" timestamp with time zone,
	"done_by" uuid,
	"note" text,
	"outcome" text,
	"overdue_at" timestamp with time zone,
	CONSTRAINT "tickets_complaint_steps_ticket_id_key_pk" PRIMARY KEY("ticket_id","key")
);
--> statement-breakpoint
CREATE TABLE "tickets_follow_ups" (
	"id" uuid PRIMARY KEY NOT NULL,
	"ticket_id" uuid NOT NULL,
	"owner_user_id" uuid NOT NULL,
	"status" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"reached" text,
	"satisfaction" smallint,
	"note" text,
	"call_id" uuid,
	"done_at" timestamp with time zone,
	"done_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tickets_incident_tickets" (
	"incident_id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"linked_at" timestamp with time zone NOT NULL,
	CONSTRAINT "tickets_incident_tickets_incident_id_ticket_id_pk" PRIMARY KEY("incident_id","ticket_id")
);
--> statement-breakpoint
CREATE TABLE "tickets_incidents" (
	"id" uuid PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"grade" smallint NOT NULL,
	"area" text NOT NULL,
	"service_key" text NOT NULL,
	"status" text NOT NULL,
	"message_zh" text NOT NULL,
	"message_en" text NOT NULL,
	"ivr_prompt" text,
	"expected_recovery_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "tickets_complaint_steps" ADD CONSTRAINT "tickets_complaint_steps_ticket_id_tickets_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets_tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets_follow_ups" ADD CONSTRAINT "tickets_follow_ups_ticket_id_tickets_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets_tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets_incident_tickets" ADD CONSTRAINT "tickets_incident_tickets_incident_id_tickets_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."tickets_incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets_incident_tickets" ADD CONSTRAINT "tickets_incident_tickets_ticket_id_tickets_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets_tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "tickets_complaint_steps_due_idx" ON "tickets_complaint_steps" USING btree ("due_at") WHERE "tickets_complaint_steps"."status" = 'current' and "tickets_complaint_steps"."overdue_at" is null;--> statement-breakpoint
CREATE INDEX "tickets_follow_ups_owner_idx" ON "tickets_follow_ups" USING btree ("owner_user_id","status","due_at");--> statement-breakpoint
CREATE INDEX "tickets_follow_ups_ticket_idx" ON "tickets_follow_ups" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "tickets_incident_tickets_ticket_idx" ON "tickets_incident_tickets" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "tickets_incidents_service_idx" ON "tickets_incidents" USING btree ("service_key","status");