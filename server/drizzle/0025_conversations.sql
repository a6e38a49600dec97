CREATE TABLE "conv_attachments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"conversation_id" uuid NOT NULL,
	"message_id" uuid,
	"name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" bigint NOT NULL,
	"sha256" text NOT NULL,
	"path" text NOT NULL,
	"uploaded_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "conv_canned_replies" (
	"id" uuid PRIMARY KEY NOT NULL,
	"scope" text NOT NULL,
	"team_id" uuid,
	"owner_id" uuid,
	"shortcut" text NOT NULL,
	"title" text NOT NULL,
	"text" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "conv_channels" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"queue" text NOT NULL,
	"enabled" boolean NOT NULL,
	"public_key" text NOT NULL,
	"settings" jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "conv_conversations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"channel_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"address" text NOT NULL,
	"customer_name" text,
	"customer_phone" text,
	"customer_email" text,
	"customer_id" uuid,
	"subject" text,
	"question_type" text,
	"page" text,
	"contact_id" uuid,
	"agent_id" uuid,
	"ticket_id" uuid,
	"last_seq" integer DEFAULT 0 NOT NULL,
	"agent_read_seq" integer DEFAULT 0 NOT NULL,
	"unread" integer DEFAULT 0 NOT NULL,
	"visitor_delivered_seq" integer DEFAULT 0 NOT NULL,
	"visitor_read_seq" integer DEFAULT 0 NOT NULL,
	"last_message_at" timestamp with time zone,
	"last_inbound_at" timestamp with time zone,
	"last_message" text,
	"csat" integer,
	"csat_comment" text,
	"created_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "conv_inbound_seen" (
	"channel_id" uuid NOT NULL,
	"external_key" text NOT NULL,
	"message_id" uuid,
	"seen_at" timestamp with time zone NOT NULL,
	CONSTRAINT "conv_inbound_seen_channel_id_external_key_pk" PRIMARY KEY("channel_id","external_key")
);
--> statement-breakpoint
CREATE TABLE "conv_mail_state" (
	"channel_id" uuid PRIMARY KEY NOT NULL,
	"uid_validity" bigint NOT NULL,
	"last_uid" bigint NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "conv_messages" (
	"id" uuid PRIMARY KEY NOT NULL,
	"conversation_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"kind" text NOT NULL,
	"text" text NOT NULL,
	"html" text,
	"quoted" text,
	"subject" text,
	"attachments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"author_id" uuid,
	"author_name" text,
	"state" text NOT NULL,
	"error" text,
	"client_id" text,
	"external_id" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "conv_sms_parts" (
	"channel_id" uuid NOT NULL,
	"sender" text NOT NULL,
	"ref" text NOT NULL,
	"seq" integer NOT NULL,
	"total" integer NOT NULL,
	"text" text NOT NULL,
	"provider_id" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	CONSTRAINT "conv_sms_parts_channel_id_sender_ref_seq_pk" PRIMARY KEY("channel_id","sender","ref","seq")
);
--> statement-breakpoint
CREATE TABLE "quality_transcripts" (
	"contact_id" uuid PRIMARY KEY NOT NULL,
	"lines" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "conv_attachments" ADD CONSTRAINT "conv_attachments_conversation_id_conv_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conv_conversations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conv_conversations" ADD CONSTRAINT "conv_conversations_channel_id_conv_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."conv_channels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conv_messages" ADD CONSTRAINT "conv_messages_conversation_id_conv_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conv_conversations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "conv_attachments_conversation" ON "conv_attachments" USING btree ("conversation_id");--> statement-breakpoint
CREATE INDEX "conv_canned_replies_owner" ON "conv_canned_replies" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "conv_canned_replies_team" ON "conv_canned_replies" USING btree ("team_id");--> statement-breakpoint
CREATE UNIQUE INDEX "conv_channels_public_key" ON "conv_channels" USING btree ("public_key");--> statement-breakpoint
CREATE UNIQUE INDEX "conv_channels_name" ON "conv_channels" USING btree (lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "conv_conversations_open" ON "conv_conversations" USING btree ("channel_id","address") WHERE "conv_conversations"."status" <> 'ended';--> statement-breakpoint
CREATE INDEX "conv_conversations_agent" ON "conv_conversations" USING btree ("agent_id") WHERE "conv_conversations"."status" <> 'ended';--> statement-breakpoint
CREATE INDEX "conv_conversations_contact" ON "conv_conversations" USING btree ("contact_id");--> statement-breakpoint
CREATE INDEX "conv_conversations_address" ON "conv_conversations" USING btree ("channel_id","address","created_at");--> statement-breakpoint
CREATE INDEX "conv_conversations_updated" ON "conv_conversations" USING btree ("updated_at");--> statement-breakpoint
CREATE UNIQUE INDEX "conv_messages_seq" ON "conv_messages" USING btree ("conversation_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "conv_messages_client" ON "conv_messages" USING btree ("conversation_id","client_id");--> statement-breakpoint
CREATE INDEX "conv_messages_external" ON "conv_messages" USING btree ("external_id");--> statement-breakpoint
CREATE INDEX "conv_messages_outbox" ON "conv_messages" USING btree ("next_attempt_at") WHERE "conv_messages"."state" = 'queued';--> statement-breakpoint
CREATE INDEX "conv_sms_parts_received" ON "conv_sms_parts" USING btree ("received_at");