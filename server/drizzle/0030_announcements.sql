CREATE TABLE "knowledge_announcement_readers" (
	"announcement_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"team_id" uuid,
	"read_at" timestamp with time zone,
	"confirmed_at" timestamp with time zone,
	"failed_attempts" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "knowledge_announcement_readers_announcement_id_user_id_pk" PRIMARY KEY("announcement_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "knowledge_announcements" (
	"id" uuid PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"audience" jsonb NOT NULL,
	"require_confirmation" boolean NOT NULL,
	"quiz" jsonb NOT NULL,
	"expires_at" timestamp with time zone,
	"sender_id" uuid,
	"published_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "knowledge_handover_notes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"team_id" uuid NOT NULL,
	"author_id" uuid,
	"body" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "knowledge_announcement_readers" ADD CONSTRAINT "knowledge_announcement_readers_announcement_id_knowledge_announcements_id_fk" FOREIGN KEY ("announcement_id") REFERENCES "public"."knowledge_announcements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "knowledge_announcement_readers_user_idx" ON "knowledge_announcement_readers" USING btree ("user_id","confirmed_at");--> statement-breakpoint
CREATE INDEX "knowledge_handover_notes_team_idx" ON "knowledge_handover_notes" USING btree ("team_id","created_at");