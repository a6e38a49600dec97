import type { EventBus } from '../../platform/bus';
import type { Clock } from '../../platform/clock';
import type { Tx } from '../../platform/db';
import type { IdGenerator } from '../../platform/ids';
import type { Logger } from '../../platform/logger';
import { createScanner } from '../../platform/scanner';
import type { TeamsService } from '../teams';
import type { PlannedStep } from './domain/escalation';
import { snapshotOf } from './tickets.dto';
import type { TicketRow, TicketsRepo } from './tickets.repo';
import type { SlaReader } from './tickets.sla';

export type EscalationDeps = {
  repo: TicketsRepo;
  bus: EventBus;
  clock: Clock;
  ids: IdGenerator;
  log: Logger;
  sla: SlaReader;
  teams: Pick<TeamsService, 'get'>;
  /** How often the scanner looks for due steps (it also runs once on start). */
  intervalMs?: number;
};

const BATCH = 100;
/** The role a second breach goes to (DOMAIN.md: the supervisor answers for the floor). */
const SECOND_LEVEL_ROLE = 'supervisor';

/**
 * Durable escalation timers: each ticket stores its next due instant; the scanner locks due rows
 * (SKIP LOCKED: nodes and overlapping passes share nothing), fires every due step not yet recorded
 * and records it in the same transaction as its events. The unique (ticket, target, step) key, not
 * memory, decides what fired — so a restart or a clock jump either way neither loses nor repeats one.
 */
export function createEscalationScanner(deps: EscalationDeps) {
  const { repo, bus, clock, ids, log, sla } = deps;

  async function leadOf(teamId: string | null): Promise<string | null> {
    if (!teamId) return null;
    const team = await deps.teams.get(teamId).catch(() => undefined);
    return team?.leadUserId ?? null;
  }

  async function recipients(tx: Tx, r: TicketRow, step: PlannedStep['step']) {
    const groupLead = r.assigneeGroupId ? ((await repo.group(tx, r.assigneeGroupId))?.leadUserId ?? null) : null;
    let users: Array<string | null>;
    if (step === 'warning') users = [r.assigneeUserId, r.ownerUserId, r.assigneeUserId ? null : groupLead];
    else if (step === 'breach')
      users = [(await leadOf(r.assigneeTeamId)) ?? groupLead ?? (await leadOf(r.ownerTeamId))];
    else users = [];
    return {
      notifyUserIds: [...new Set(users.filter((u): u is string => !!u))],
      notifyRole: step === 'second_breach' ? SECOND_LEVEL_ROLE : null,
    };
  }

  async function fire(tx: Tx, r: TicketRow, s: PlannedStep, now: Date): Promise<void> {
    const to = await recipients(tx, r, s.step);
    const recorded = await repo.recordEscalation(tx, {
      id: ids.next(),
      ticketId: r.id,
      target: s.target,
      step: s.step,
      dueAt: s.at,
      firedAt: now,
      ...to,
    });
    if (!recorded) return;
    await repo.insertEvents(tx, [
      {
        id: ids.next(),
        ticketId: r.id,
        at: now,
        actorUserId: null,
        actorName: 'system',
        kind: 'escalated',
        field: `${s.target}:${s.step}`,
        before: null,
        after: { dueAt: s.at.toISOString(), ...to },
      },
    ]);
    const base = { ...snapshotOf(r), target: s.target, dueAt: s.at.toISOString(), notifyUserIds: to.notifyUserIds };
    if (s.step === 'warning') await bus.stage(tx, 'tickets.ticket.sla_warning', base);
    if (s.step === 'breach') await bus.stage(tx, 'tickets.ticket.sla_breached', base);
    if (s.step !== 'warning')
      await bus.stage(tx, 'tickets.ticket.escalated', {
        ...snapshotOf(r),
        target: s.target,
        step: s.step,
        level: s.step === 'breach' ? 1 : 2,
        notifyUserIds: to.notifyUserIds,
        notifyRole: to.notifyRole,
      });
  }

  async function batch(): Promise<number> {
    return bus.transaction(async (tx) => {
      const now = clock.now();
      const rows = await repo.lockDue(tx, now, BATCH);
      for (const r of rows) {
        try {
          const view = await sla.read(tx, r, now);
          if (!view) {
            await repo.update(tx, r.id, { nextEscalationAt: null });
            continue;
          }
          for (const s of view.due) await fire(tx, r, s, now);
          const after = await sla.read(tx, r, now);
          await repo.update(tx, r.id, after!.columns);
        } catch (err) {
          // An SLA that cannot be read now (its calendar unavailable) is tried again in a minute.
          log.warn({ err, ticketId: r.id }, 'ticket escalation postponed');
          await repo.update(tx, r.id, { nextEscalationAt: new Date(now.getTime() + 60_000) });
        }
      }
      return rows.length;
    });
  }

  const scanner = createScanner({
    what: 'ticket escalation',
    batchSize: BATCH,
    intervalMs: deps.intervalMs ?? 5_000,
    batch,
    log,
  });

  return {
    scan: scanner.scan,
    start: scanner.start,
    stop: scanner.stop,
  };
}
export type EscalationScanner = ReturnType<typeof createEscalationScanner>;
