CREATE TABLE "telephony_call_legs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"call_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"agent_user_id" uuid,
	"remote" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ringing_at" timestamp with time zone,
	"answered_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"end_reason" text,
	"sip_code" integer
);
--> statement-breakpoint
CREATE TABLE "telephony_calls" (
	"id" uuid PRIMARY KEY NOT NULL,
	"direction" text NOT NULL,
	"caller" text NOT NULL,
	"called" text NOT NULL,
	"sip_call_id" text NOT NULL,
	"trunk_id" uuid,
	"flow_id" uuid,
	"flow_version" integer,
	"ivr_path" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"queue_id" uuid,
	"contact_id" uuid,
	"agent_user_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"queued_at" timestamp with time zone,
	"answered_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"end_reason" text,
	"sip_code" integer,
	"queue_ms" integer,
	"ring_ms" integer,
	"talk_ms" integer,
	"hold_ms" integer DEFAULT 0 NOT NULL,
	"transfers" integer DEFAULT 0 NOT NULL,
	"recording_id" uuid,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "telephony_numbers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"flow_id" uuid NOT NULL,
	"name" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "telephony_numbers_number_check" CHECK ("telephony_numbers"."number" ~ '^\+?[0-9*#]{1,32}$')
);
--> statement-breakpoint
CREATE TABLE "telephony_prompts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"language" text NOT NULL,
	"file" text NOT NULL,
	"duration_ms" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "telephony_prompts_key_check" CHECK ("telephony_prompts"."key" ~ '^[a-z0-9_-]{1,60}$')
);
--> statement-breakpoint
CREATE TABLE "telephony_recordings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"call_id" uuid NOT NULL,
	"file" text NOT NULL,
	"key_id" text NOT NULL,
	"bytes" bigint NOT NULL,
	"duration_ms" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "telephony_trunks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"inbound_addresses" jsonb NOT NULL,
	"inbound_username" text,
	"inbound_ha1_md5" text,
	"inbound_ha1_sha256" text,
	"outbound_host" text,
	"outbound_port" integer,
	"outbound_transport" text DEFAULT 'udp' NOT NULL,
	"outbound_username" text,
	"outbound_password" text,
	"caller_id" text,
	"disabled" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ivr_flow_versions" (
	"flow_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"definition" jsonb NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"published_by" uuid,
	CONSTRAINT "ivr_flow_versions_flow_id_version_pk" PRIMARY KEY("flow_id","version")
);
--> statement-breakpoint
CREATE TABLE "ivr_flows" (
	"id" uuid PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"draft" jsonb NOT NULL,
	"published_version" integer,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "ivr_flows_key_check" CHECK ("ivr_flows"."key" ~ '^[a-z0-9_-]{1,40}$')
);
--> statement-breakpoint
ALTER TABLE "telephony_call_legs" ADD CONSTRAINT "telephony_call_legs_call_id_telephony_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."telephony_calls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ivr_flow_versions" ADD CONSTRAINT "ivr_flow_versions_flow_id_ivr_flows_id_fk" FOREIGN KEY ("flow_id") REFERENCES "public"."ivr_flows"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "telephony_call_legs_call" ON "telephony_call_legs" USING btree ("call_id");--> statement-breakpoint
CREATE INDEX "telephony_calls_started" ON "telephony_calls" USING btree ("started_at");--> statement-breakpoint
CREATE INDEX "telephony_calls_open" ON "telephony_calls" USING btree ("ended_at");--> statement-breakpoint
CREATE INDEX "telephony_calls_contact" ON "telephony_calls" USING btree ("contact_id");--> statement-breakpoint
CREATE UNIQUE INDEX "telephony_numbers_number_key" ON "telephony_numbers" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "telephony_prompts_key_language" ON "telephony_prompts" USING btree ("key","language");--> statement-breakpoint
CREATE INDEX "telephony_recordings_expires" ON "telephony_recordings" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "telephony_recordings_call" ON "telephony_recordings" USING btree ("call_id");--> statement-breakpoint
CREATE UNIQUE INDEX "telephony_trunks_name_key" ON "telephony_trunks" USING btree ("name");--> statement-breakpoint
CREATE UNIQUE INDEX "ivr_flows_key" ON "ivr_flows" USING btree ("key");