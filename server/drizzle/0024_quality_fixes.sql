CREATE TABLE "quality_complaints" (
	"ticket_id" text PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quality_csat" (
	"contact_id" uuid PRIMARY KEY NOT NULL,
	"csat" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "quality_contacts" ADD COLUMN "auto_check_seq" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "quality_contacts" ADD COLUMN "auto_check_claimed_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "quality_contacts" ADD COLUMN "auto_check_rules" text[];--> statement-breakpoint
CREATE INDEX "quality_complaints_customer" ON "quality_complaints" USING btree ("customer_id","created_at");--> statement-breakpoint
-- Hand-written (data, before the new unique indexes; everything else in this file is generated).
-- Sampled once, whatever the plan: a contact two plans' draws took at the same moment before this
-- release keeps the task that went furthest (done, then in progress, then open; the first made);
-- the others leave their draw (they stay on their evaluators' lists as tasks put there by hand),
-- and those nobody started are cancelled.
WITH ranked AS (
  SELECT id, row_number() OVER (
           PARTITION BY contact_id
           ORDER BY CASE status WHEN 'done' THEN 0 WHEN 'in_progress' THEN 1 WHEN 'open' THEN 2 ELSE 3 END,
                    created_at, id) AS rn
    FROM quality_tasks WHERE draw_id IS NOT NULL
)
UPDATE quality_tasks t
   SET draw_id = NULL, status = CASE WHEN t.status = 'open' THEN 'cancelled' ELSE t.status END
  FROM ranked r
 WHERE r.id = t.id AND r.rn > 1;--> statement-breakpoint
-- One score per evaluator and contact in a calibration session: of the copies a double click made,
-- the submitted one (else the latest draft) stays; calibration scores are practice (no appeals,
-- tasks or reports point at them), so the others go with their comments and history.
WITH extras AS (
  SELECT id FROM (
    SELECT id, row_number() OVER (
             PARTITION BY calibration_id, contact_id, evaluator_id
             ORDER BY (submitted_at IS NULL), submitted_at, updated_at DESC, id) AS rn
      FROM quality_evaluations WHERE calibration_id IS NOT NULL
  ) x WHERE rn > 1
), comments AS (
  DELETE FROM quality_comments WHERE evaluation_id IN (SELECT id FROM extras)
), history AS (
  DELETE FROM quality_evaluation_history WHERE evaluation_id IN (SELECT id FROM extras)
)
DELETE FROM quality_evaluations WHERE id IN (SELECT id FROM extras);--> statement-breakpoint
CREATE UNIQUE INDEX "quality_evaluations_one_per_calibration" ON "quality_evaluations" USING btree ("calibration_id","contact_id","evaluator_id") WHERE "quality_evaluations"."calibration_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "quality_tasks_sampled_once" ON "quality_tasks" USING btree ("contact_id") WHERE "quality_tasks"."draw_id" is not null;