ALTER TABLE "telephony_numbers" ADD COLUMN "overload_action" text DEFAULT 'reject' NOT NULL;--> statement-breakpoint
ALTER TABLE "telephony_numbers" ADD COLUMN "spike_enabled" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "telephony_numbers" ADD COLUMN "spike_prompt_key" text;--> statement-breakpoint
ALTER TABLE "telephony_numbers" ADD COLUMN "spike_after_message" text DEFAULT 'continue' NOT NULL;--> statement-breakpoint
ALTER TABLE "telephony_numbers" ADD CONSTRAINT "telephony_numbers_overload_action_check" CHECK ("telephony_numbers"."overload_action" in ('reject', 'busy_prompt'));--> statement-breakpoint
ALTER TABLE "telephony_numbers" ADD CONSTRAINT "telephony_numbers_spike_after_message_check" CHECK ("telephony_numbers"."spike_after_message" in ('continue', 'hang_up'));--> statement-breakpoint
ALTER TABLE "telephony_numbers" ADD CONSTRAINT "telephony_numbers_spike_prompt_check" CHECK (not "telephony_numbers"."spike_enabled" or "telephony_numbers"."spike_prompt_key" is not null);