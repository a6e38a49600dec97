CREATE TABLE "routing_customer_hints" (
	"customer_id" uuid PRIMARY KEY NOT NULL,
	"phones" text[] NOT NULL,
	"vip" boolean NOT NULL,
	"tier" text NOT NULL,
	"preferred_agent_id" uuid,
	"version" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tickets_attachments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"ticket_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"path" text NOT NULL,
	"uploaded_by" uuid,
	"uploaded_by_name" text,
	"created_at" timestamp with time zone NOT NULL,
	"deleted_at" timestamp with time zone,
	"deleted_by" uuid
);
--> statement-breakpoint
ALTER TABLE "crm_customers" ADD COLUMN "preferred_agent_id" uuid;--> statement-breakpoint
ALTER TABLE "tickets_attachments" ADD CONSTRAINT "tickets_attachments_ticket_id_tickets_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets_tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "routing_customer_hints_phones" ON "routing_customer_hints" USING gin ("phones");--> statement-breakpoint
CREATE INDEX "tickets_attachments_ticket_idx" ON "tickets_attachments" USING btree ("ticket_id","created_at");