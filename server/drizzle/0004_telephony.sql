CREATE TABLE "telephony_phones" (
	"id" uuid PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"agent_user_id" uuid NOT NULL,
	"ha1_md5" text NOT NULL,
	"ha1_sha256" text NOT NULL,
	"disabled" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "telephony_phones_username_check" CHECK ("telephony_phones"."username" ~ '^[a-z0-9._-]{1,40}$')
);
--> statement-breakpoint
CREATE UNIQUE INDEX "telephony_phones_username_key" ON "telephony_phones" USING btree ("username");