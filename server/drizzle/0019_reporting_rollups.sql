CREATE TABLE "reporting_agent_intervals" (
	"bucket" timestamp with time zone NOT NULL,
	"state" text NOT NULL,
	"reason" text NOT NULL,
	"us" bigint NOT NULL,
	CONSTRAINT "reporting_agent_intervals_bucket_state_reason_pk" PRIMARY KEY("bucket","state","reason")
);
--> statement-breakpoint
CREATE TABLE "reporting_contact_intervals" (
	"bucket" timestamp with time zone NOT NULL,
	"scope" text NOT NULL,
	"queue_id" uuid,
	"channel" text NOT NULL,
	"entered" integer NOT NULL,
	"waiting" integer NOT NULL,
	"short" integer NOT NULL,
	"abandoned" integer NOT NULL,
	"answered" integer NOT NULL,
	"within" integer NOT NULL,
	"answer_wait" bigint NOT NULL,
	"self_service" integer NOT NULL,
	"handled" integer NOT NULL,
	"talk" bigint NOT NULL,
	"hold" bigint NOT NULL,
	"wrap" bigint NOT NULL,
	"rona" integer NOT NULL,
	"transfers" integer NOT NULL,
	"fcr_eligible" integer NOT NULL,
	"fcr_resolved" integer NOT NULL,
	CONSTRAINT "reporting_contact_intervals_key" UNIQUE NULLS NOT DISTINCT("bucket","scope","queue_id","channel")
);
--> statement-breakpoint
CREATE INDEX "reporting_agent_states_open" ON "reporting_agent_states" USING btree ("agent_id") WHERE ended_at is null;