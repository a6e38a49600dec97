import { COMPLAINT_STEPS, type ComplaintOutcome, type ComplaintStepKey } from '../../../../../contracts/tickets';

/**
 * Business minutes each step may take once it is current. `respond` has none of its own: the initial
 * response is due when the order's SLA says (its response target), so the stepper and the SLA agree.
 */
export const STEP_MINUTES: Readonly<Record<ComplaintStepKey, number>> = {
  record: 30,
  respond: 0,
  analyze: 8 * 60,
  solution: 16 * 60,
  agreement: 8 * 60,
  follow_up: 24 * 60,
  summary: 24 * 60,
  education: 8 * 60,
};

/** Outcomes a step takes: required where listed, refused on the other steps. */
export const STEP_OUTCOMES: Partial<Record<ComplaintStepKey, readonly ComplaintOutcome[]>> = {
  agreement: ['agreed', 'disagreed'],
  education: ['educated', 'not_needed'],
};

export type StepState = { key: ComplaintStepKey; status: 'pending' | 'current' | 'done' | 'skipped' };

export type Completion =
  | { ok: false; reason: 'not_current'; current: ComplaintStepKey | null }
  | { ok: false; reason: 'outcome'; message: string }
  | {
      ok: true;
      /** The step answered: done, or skipped (education not needed). */
      finished: { key: ComplaintStepKey; status: 'done' | 'skipped' };
      /** Steps sent back to pending (a renegotiation reopens the agreement). */
      reset: ComplaintStepKey[];
      /** The step that becomes current (null: the flow is complete). */
      next: ComplaintStepKey | null;
    };

/**
 * What completing `key` does to the flow: only the current step may be completed; `agreement`
 * answered `disagreed` sends the flow back to `solution` (a new round), anything else moves on.
 */
export function completeStep(
  steps: readonly StepState[],
  key: ComplaintStepKey,
  outcome: ComplaintOutcome | undefined,
): Completion {
  const current = steps.find((s) => s.status === 'current')?.key ?? null;
  if (current !== key) return { ok: false, reason: 'not_current', current };
  const allowed = STEP_OUTCOMES[key];
  if (allowed && (!outcome || !allowed.includes(outcome)))
    return { ok: false, reason: 'outcome', message: `one of ${allowed.join(', ')}` };
  if (!allowed && outcome) return { ok: false, reason: 'outcome', message: 'this step takes no outcome' };
  if (key === 'agreement' && outcome === 'disagreed')
    return { ok: true, finished: { key, status: 'done' }, reset: ['agreement'], next: 'solution' };
  const i = COMPLAINT_STEPS.indexOf(key);
  return {
    ok: true,
    finished: { key, status: outcome === 'not_needed' ? 'skipped' : 'done' },
    reset: [],
    next: COMPLAINT_STEPS[i + 1] ?? null,
  };
}
