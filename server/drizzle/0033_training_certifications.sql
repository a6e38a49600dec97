CREATE TABLE "training_awards" (
	"id" uuid PRIMARY KEY NOT NULL,
	"certification_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"awarded_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"lapsed_at" timestamp with time zone,
	"verification_code" text NOT NULL,
	CONSTRAINT "training_awards_verification_code_unique" UNIQUE("verification_code")
);
--> statement-breakpoint
CREATE TABLE "training_certifications" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"level" text NOT NULL,
	"skill" text NOT NULL,
	"skill_level" integer NOT NULL,
	"criteria" jsonb NOT NULL,
	"validity_days" integer,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "training_awards" ADD CONSTRAINT "training_awards_certification_id_training_certifications_id_fk" FOREIGN KEY ("certification_id") REFERENCES "public"."training_certifications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "training_awards_user_idx" ON "training_awards" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "training_awards_expiry_idx" ON "training_awards" USING btree ("expires_at");