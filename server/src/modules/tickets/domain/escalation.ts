import type { BusinessTimeLike } from './business-time';
import type { SlaClock } from './sla';

export const ESCALATION_TARGETS = ['response', 'resolve'] as const;
export type EscalationTarget = (typeof ESCALATION_TARGETS)[number];
export const ESCALATION_STEPS = ['warning', 'breach', 'second_breach'] as const;
export type EscalationStep = (typeof ESCALATION_STEPS)[number];

export type PlannedStep = { target: EscalationTarget; step: EscalationStep; at: Date };

/**
 * When warning, breach and second breach fall for each target still running, from the current
 * clock. A paused or finished target plans nothing: its instants are not known until it runs again
 * (the plan is recomputed on every change, so a pause moves them). The second breach comes
 * `reescalateAfterMinutes` business minutes after the breach.
 */
export function escalationPlan(clock: SlaClock, bt: BusinessTimeLike, reescalateAfterMinutes: number): PlannedStep[] {
  const steps: PlannedStep[] = [];
  for (const target of ESCALATION_TARGETS) {
    const c = clock[target];
    if (c.state === 'met' || c.state === 'missed') continue;
    if (clock.paused && c.state !== 'breached') continue;
    steps.push({ target, step: 'warning', at: c.warnAt });
    steps.push({ target, step: 'breach', at: c.dueAt });
    // After a breach a pause still holds the re-escalation back: it is counted in business time too.
    if (!clock.paused)
      steps.push({ target, step: 'second_breach', at: bt.addMinutes(c.dueAt, reescalateAfterMinutes, clock.pauses) });
  }
  return steps;
}

export const stepKey = (s: { target: EscalationTarget; step: EscalationStep }) => `${s.target}:${s.step}`;

/** The steps due at `now` not yet fired, and the next instant anything is due (null: nothing planned). */
export function dueSteps(plan: readonly PlannedStep[], fired: ReadonlySet<string>, now: Date) {
  const pending = plan.filter((s) => !fired.has(stepKey(s)));
  const due = pending.filter((s) => s.at <= now);
  const later = pending.filter((s) => s.at > now).map((s) => s.at.getTime());
  return { due, nextAt: later.length ? new Date(Math.min(...later)) : null };
}
