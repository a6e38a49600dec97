CREATE TABLE "training_attempts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"exam_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"deadline" timestamp with time zone NOT NULL,
	"question_ids" jsonb NOT NULL,
	"option_orders" jsonb NOT NULL,
	"answers" jsonb NOT NULL,
	"submitted_at" timestamp with time zone,
	"graded" jsonb,
	"points" real,
	"max_points" real,
	"percent" real,
	"pending" integer,
	"passed" boolean
);
--> statement-breakpoint
CREATE TABLE "training_exams" (
	"id" uuid PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"rules" jsonb NOT NULL,
	"limit_minutes" integer NOT NULL,
	"pass_percent" real NOT NULL,
	"max_attempts" integer NOT NULL,
	"opens_at" timestamp with time zone,
	"closes_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "training_questions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"text" text NOT NULL,
	"options" jsonb NOT NULL,
	"correct" jsonb NOT NULL,
	"accepted" jsonb NOT NULL,
	"rubric" text,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"difficulty" integer NOT NULL,
	"points" integer NOT NULL,
	"retired" boolean DEFAULT false NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "training_attempts" ADD CONSTRAINT "training_attempts_exam_id_training_exams_id_fk" FOREIGN KEY ("exam_id") REFERENCES "public"."training_exams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "training_attempts_exam_idx" ON "training_attempts" USING btree ("exam_id","user_id");--> statement-breakpoint
CREATE INDEX "training_questions_tags_idx" ON "training_questions" USING gin ("tags");