import type { Sla, SlaState, TicketStatus } from '../../../../contracts/tickets';
import type { DbOrTx } from '../../platform/db';
import { ALWAYS_OPEN, type BusinessTimeLike } from './domain/business-time';
import { dueSteps, escalationPlan, type PlannedStep } from './domain/escalation';
import { type SlaClock, type StatusChange, slaClock } from './domain/sla';
import { calendarsUnavailable } from './tickets.errors';
import type { TicketCalendars } from './tickets.ports';
import type { PolicyRow, TicketRow, TicketsRepo } from './tickets.repo';

export type SlaView = {
  clock: SlaClock;
  policy: PolicyRow;
  bt: BusinessTimeLike;
  plan: PlannedStep[];
  due: PlannedStep[];
  /** What the row stores for lists and the scanner. */
  columns: Pick<TicketRow, 'responseDueAt' | 'resolveDueAt' | 'slaState' | 'breachedAt' | 'nextEscalationAt'>;
};

/** The SLA clock of a ticket as stored rows say now: policy, calendar, status history, fired steps. */
export function createSlaReader(deps: { repo: TicketsRepo; calendars: TicketCalendars }) {
  const { repo, calendars } = deps;

  async function businessTimeOf(policy: PolicyRow): Promise<BusinessTimeLike> {
    if (!policy.calendarId) return ALWAYS_OPEN;
    const r = await calendars.businessTime(policy.calendarId);
    if (r.status !== 'found') throw calendarsUnavailable(policy.calendarId);
    return r.time;
  }

  return {
    businessTimeOf,
    async read(db: DbOrTx, row: TicketRow, now: Date): Promise<SlaView | undefined> {
      if (!row.slaPolicyId) return undefined;
      const policy = await repo.policy(db, row.slaPolicyId);
      if (!policy) return undefined;
      const [bt, changes, fired] = await Promise.all([
        businessTimeOf(policy),
        repo.statusChanges(db, row.id),
        repo.firedSteps(db, row.id),
      ]);
      const clock = slaClock({
        bt,
        targets: policy,
        createdAt: row.createdAt,
        changes: changes.map(
          (c): StatusChange => ({ at: c.at, from: c.before as TicketStatus | null, to: c.after as TicketStatus }),
        ),
        respondedAt: row.respondedAt,
        stoppedAt: row.stoppedAt,
        now,
      });
      const plan = escalationPlan(clock, bt, policy.reescalateAfterMinutes);
      const { due, nextAt } = dueSteps(plan, fired, now);
      // Due but unfired steps keep the row due, so the scanner fires them at its next pass.
      const first = due.length ? new Date(Math.min(...due.map((s) => s.at.getTime()))) : nextAt;
      return {
        clock,
        policy,
        bt,
        plan,
        due,
        columns: {
          responseDueAt: clock.response.dueAt,
          resolveDueAt: clock.resolve.dueAt,
          slaState: clock.state,
          breachedAt: clock.breachedAt ?? null,
          nextEscalationAt: first,
        },
      };
    },
  };
}
export type SlaReader = ReturnType<typeof createSlaReader>;

/** The `sla` of a ticket reply, from the stored columns (lists) or a fresh clock (single reads). */
export function slaOf(c: {
  responseDueAt: Date | null;
  resolveDueAt: Date | null;
  slaState: string;
  breachedAt: Date | null;
}): Sla {
  return {
    responseDueAt: c.responseDueAt?.toISOString() ?? null,
    resolveDueAt: c.resolveDueAt?.toISOString() ?? null,
    state: c.slaState as SlaState,
    ...(c.breachedAt ? { breachedAt: c.breachedAt.toISOString() } : {}),
  };
}
