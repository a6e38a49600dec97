CREATE TABLE "calendars_days" (
	"calendar_id" uuid NOT NULL,
	"date" date NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"hours" jsonb,
	CONSTRAINT "calendars_days_calendar_id_date_pk" PRIMARY KEY("calendar_id","date"),
	CONSTRAINT "calendars_days_kind_check" CHECK ("calendars_days"."kind" in ('holiday', 'workday'))
);
--> statement-breakpoint
CREATE TABLE "calendars_calendars" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"time_zone" text NOT NULL,
	"weekly" jsonb NOT NULL,
	"make_up_hours" jsonb,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "crm_custom_fields" (
	"id" uuid PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"label_zh" text NOT NULL,
	"label_en" text NOT NULL,
	"type" text NOT NULL,
	"options" jsonb NOT NULL,
	"required" boolean NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "crm_customer_phones" (
	"customer_id" uuid NOT NULL,
	"e164" text NOT NULL,
	CONSTRAINT "crm_customer_phones_customer_id_e164_pk" PRIMARY KEY("customer_id","e164")
);
--> statement-breakpoint
CREATE TABLE "crm_customers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"phones" jsonb NOT NULL,
	"emails" text[] NOT NULL,
	"account_numbers" text[] NOT NULL,
	"id_number_enc" text,
	"id_number_hmac" text,
	"products" jsonb NOT NULL,
	"tags" text[] NOT NULL,
	"tier" text NOT NULL,
	"preferred_language" text,
	"preferred_channel" text,
	"consent" jsonb NOT NULL,
	"notes" jsonb NOT NULL,
	"custom_fields" jsonb NOT NULL,
	"merged_into" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "crm_settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "crm_timeline" (
	"id" uuid PRIMARY KEY NOT NULL,
	"customer_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"refs" jsonb NOT NULL,
	"summary" jsonb NOT NULL,
	"source" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "crm_verifications" (
	"id" uuid PRIMARY KEY NOT NULL,
	"customer_id" uuid NOT NULL,
	"contact_id" uuid,
	"method" text NOT NULL,
	"result" text NOT NULL,
	"by_user_id" uuid,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "calendars_days" ADD CONSTRAINT "calendars_days_calendar_id_calendars_calendars_id_fk" FOREIGN KEY ("calendar_id") REFERENCES "public"."calendars_calendars"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_customer_phones" ADD CONSTRAINT "crm_customer_phones_customer_id_crm_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."crm_customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "calendars_calendars_name_key" ON "calendars_calendars" USING btree (lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "crm_custom_fields_key" ON "crm_custom_fields" USING btree ("key");--> statement-breakpoint
CREATE INDEX "crm_customer_phones_e164" ON "crm_customer_phones" USING btree ("e164");--> statement-breakpoint
CREATE INDEX "crm_customers_name" ON "crm_customers" USING btree ("name");--> statement-breakpoint
CREATE INDEX "crm_customers_emails" ON "crm_customers" USING gin ("emails");--> statement-breakpoint
CREATE INDEX "crm_customers_tags" ON "crm_customers" USING gin ("tags");--> statement-breakpoint
CREATE INDEX "crm_customers_accounts" ON "crm_customers" USING gin ("account_numbers");--> statement-breakpoint
CREATE INDEX "crm_customers_id_hmac" ON "crm_customers" USING btree ("id_number_hmac");--> statement-breakpoint
CREATE INDEX "crm_timeline_customer_at" ON "crm_timeline" USING btree ("customer_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "crm_timeline_source" ON "crm_timeline" USING btree ("source","customer_id");--> statement-breakpoint
CREATE INDEX "crm_verifications_customer" ON "crm_verifications" USING btree ("customer_id","contact_id");