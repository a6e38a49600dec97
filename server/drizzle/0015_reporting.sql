CREATE TABLE "reporting_agent_states" (
	"agent_id" uuid NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"state" text NOT NULL,
	"reason" text,
	CONSTRAINT "reporting_agent_states_agent_id_started_at_pk" PRIMARY KEY("agent_id","started_at")
);
--> statement-breakpoint
CREATE TABLE "reporting_agents" (
	"id" uuid PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"team_id" uuid,
	"active" boolean NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reporting_calls" (
	"call_id" uuid PRIMARY KEY NOT NULL,
	"flow_id" uuid,
	"started_at" timestamp with time zone NOT NULL,
	"self_service" boolean NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reporting_contacts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"root_id" uuid NOT NULL,
	"parent_id" uuid,
	"is_root" boolean NOT NULL,
	"source" text NOT NULL,
	"external_id" text,
	"channel" text NOT NULL,
	"queue_id" uuid,
	"agent_id" uuid,
	"customer_id" text,
	"call_id" uuid,
	"ivr_flow_id" uuid,
	"request_type" text,
	"disposition" text,
	"entered_at" timestamp with time zone NOT NULL,
	"root_entered_at" timestamp with time zone NOT NULL,
	"answered_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"wait_ms" integer NOT NULL,
	"outcome" text NOT NULL,
	"handled" boolean NOT NULL,
	"talk_ms" integer NOT NULL,
	"hold_ms" integer NOT NULL,
	"wrap_ms" integer NOT NULL,
	"rona" smallint NOT NULL,
	"rona_agent_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"transferred" boolean NOT NULL,
	"chain_outcome" text,
	"chain_wait_ms" integer,
	"chain_request_type" text,
	"next_contact_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reporting_holds" (
	"contact_id" uuid NOT NULL,
	"resumed_at" timestamp with time zone NOT NULL,
	"held_ms" integer NOT NULL,
	CONSTRAINT "reporting_holds_contact_id_resumed_at_pk" PRIMARY KEY("contact_id","resumed_at")
);
--> statement-breakpoint
CREATE TABLE "reporting_queues" (
	"id" uuid PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"service_level_seconds" integer NOT NULL,
	"short_abandon_seconds" integer NOT NULL,
	"fcr_window_hours" integer NOT NULL,
	"active" boolean NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reporting_survey_answers" (
	"id" text PRIMARY KEY NOT NULL,
	"contact_id" uuid,
	"queue_id" uuid,
	"agent_id" uuid,
	"channel" text,
	"request_type" text,
	"at" timestamp with time zone NOT NULL,
	"answered_at" timestamp with time zone NOT NULL,
	"csat" smallint,
	"nps" smallint,
	"ces" smallint
);
--> statement-breakpoint
CREATE INDEX "reporting_agent_states_started" ON "reporting_agent_states" USING btree ("started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "reporting_contacts_external" ON "reporting_contacts" USING btree ("external_id");--> statement-breakpoint
CREATE INDEX "reporting_contacts_entered" ON "reporting_contacts" USING btree ("entered_at");--> statement-breakpoint
CREATE INDEX "reporting_contacts_root_entered" ON "reporting_contacts" USING btree ("root_entered_at");--> statement-breakpoint
CREATE INDEX "reporting_contacts_queue" ON "reporting_contacts" USING btree ("queue_id","entered_at");--> statement-breakpoint
CREATE INDEX "reporting_contacts_agent" ON "reporting_contacts" USING btree ("agent_id","entered_at");--> statement-breakpoint
CREATE INDEX "reporting_contacts_root" ON "reporting_contacts" USING btree ("root_id");--> statement-breakpoint
CREATE INDEX "reporting_contacts_call" ON "reporting_contacts" USING btree ("call_id");--> statement-breakpoint
CREATE INDEX "reporting_contacts_customer" ON "reporting_contacts" USING btree ("customer_id","root_entered_at") WHERE is_root and customer_id is not null;--> statement-breakpoint
CREATE INDEX "reporting_survey_answers_at" ON "reporting_survey_answers" USING btree ("at");--> statement-breakpoint
CREATE INDEX "reporting_survey_answers_contact" ON "reporting_survey_answers" USING btree ("contact_id");