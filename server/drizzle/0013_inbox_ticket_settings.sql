CREATE TABLE "notifications_inbox" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"source_event_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"ticket_id" uuid NOT NULL,
	"ticket_number" text NOT NULL,
	"subject" text NOT NULL,
	"actor_user_id" uuid,
	"actor_name" text,
	"details" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "tickets_settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_inbox_source" ON "notifications_inbox" USING btree ("source_event_id","user_id");--> statement-breakpoint
CREATE INDEX "notifications_inbox_user" ON "notifications_inbox" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "notifications_inbox_unread" ON "notifications_inbox" USING btree ("user_id") WHERE "notifications_inbox"."read_at" is null;