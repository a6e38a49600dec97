import {
  COMPLAINT_STEPS,
  type Complaint,
  type ComplaintStep,
  type ComplaintStepBody,
  type ComplaintStepKey,
  type Ticket,
} from '../../../../contracts/tickets';
import type { EventBus } from '../../platform/bus';
import type { Clock } from '../../platform/clock';
import type { DbOrTx, Tx } from '../../platform/db';
import { validationFailed } from '../../platform/errors';
import type { IdGenerator } from '../../platform/ids';
import type { Logger } from '../../platform/logger';
import { createScanner } from '../../platform/scanner';
import type { TeamsService } from '../teams';
import { ALWAYS_OPEN, type BusinessTimeLike } from './domain/business-time';
import { completeStep, STEP_MINUTES } from './domain/complaint-flow';
import type { WorkAccess } from './tickets.access';
import { snapshotOf } from './tickets.dto';
import { notAComplaint, stepNotCurrent, stepOutcome, unknownGroup } from './tickets.errors';
import type { FlowsRepo, StepRow } from './tickets.flows.repo';
import type { TicketRow, TicketsRepo } from './tickets.repo';
import type { TicketHooks, Worker } from './tickets.service';
import type { SlaReader } from './tickets.sla';

export type ComplaintsDeps = {
  repo: TicketsRepo;
  flows: FlowsRepo;
  bus: EventBus;
  clock: Clock;
  ids: IdGenerator;
  log: Logger;
  sla: SlaReader;
  access: WorkAccess;
  teams: Pick<TeamsService, 'get'>;
  getTicket(id: string): Promise<Ticket>;
  intervalMs?: number;
};

const BATCH = 100;
/** Without an SLA response target the manuals' standard applies: respond within 24 h. */
const RESPOND_FALLBACK_MINUTES = 24 * 60;

function toStep(s: StepRow): ComplaintStep {
  return {
    key: s.key as ComplaintStepKey,
    status: s.status as ComplaintStep['status'],
    dueAt: s.dueAt?.toISOString() ?? null,
    doneAt: s.doneAt?.toISOString() ?? null,
    by: s.doneBy,
    note: s.note,
    outcome: s.outcome as ComplaintStep['outcome'],
    round: s.round,
    overdue: !!s.overdueAt,
  };
}

/**
 * The complaint flow (投诉处理) as guided steps on complaint orders, each with its own deadline in the
 * business time of the order's SLA policy, and a durable overdue escalation that fires once per step
 * and round (recorded in tickets_escalations like the SLA steps, so restarts and peers agree).
 */
export function createComplaints(deps: ComplaintsDeps) {
  const { repo, flows, bus, clock, ids, log, sla, access } = deps;

  async function businessTime(db: DbOrTx, r: TicketRow): Promise<BusinessTimeLike> {
    const policy = r.slaPolicyId ? await repo.policy(db, r.slaPolicyId) : undefined;
    return policy ? sla.businessTimeOf(policy) : ALWAYS_OPEN;
  }

  /** When a step that starts at `start` is due: the SLA's response target for `respond`. */
  async function dueOf(db: DbOrTx, r: TicketRow, key: ComplaintStepKey, start: Date): Promise<Date> {
    if (key === 'respond' && r.responseDueAt) return r.responseDueAt;
    return (await businessTime(db, r)).addMinutes(start, STEP_MINUTES[key] || RESPOND_FALLBACK_MINUTES);
  }

  async function ensureSteps(tx: Tx, r: TicketRow): Promise<StepRow[]> {
    const have = await flows.steps(tx, r.id);
    if (have.length) return have;
    await flows.insertSteps(
      tx,
      await Promise.all(
        COMPLAINT_STEPS.map(async (key, position) => ({
          ticketId: r.id,
          key,
          position,
          status: position === 0 ? 'current' : 'pending',
          ...(position === 0 ? { startedAt: r.createdAt, dueAt: await dueOf(tx, r, key, r.createdAt) } : {}),
        })),
      ),
    );
    return flows.steps(tx, r.id);
  }

  const hooks: TicketHooks = {
    async created(tx, r) {
      if (r.type === 'complaint') await ensureSteps(tx, r);
    },
    async extras(db, r): Promise<Partial<Ticket>> {
      if (r.type !== 'complaint') return {};
      const complaint: Complaint = { steps: (await flows.steps(db, r.id)).map(toStep) };
      return { complaint };
    },
  };

  async function recipients(tx: Tx, r: TicketRow): Promise<string[]> {
    const groupLead = r.assigneeGroupId ? ((await repo.group(tx, r.assigneeGroupId))?.leadUserId ?? null) : null;
    const teamLead = r.assigneeTeamId
      ? ((await deps.teams.get(r.assigneeTeamId).catch(() => undefined))?.leadUserId ?? null)
      : null;
    return [...new Set([r.assigneeUserId, r.ownerUserId, groupLead, teamLead].filter((u): u is string => !!u))];
  }

  async function batch(): Promise<number> {
    return bus.transaction(async (tx) => {
      const now = clock.now();
      const rows = await flows.lockOverdueSteps(tx, now, BATCH);
      for (const s of rows) {
        const r = await repo.find(tx, s.ticketId);
        await flows.updateStep(tx, s.ticketId, s.key, { overdueAt: now });
        if (!r || !s.dueAt) continue;
        const notifyUserIds = await recipients(tx, r);
        const recorded = await repo.recordEscalation(tx, {
          id: ids.next(),
          ticketId: r.id,
          target: `complaint.${s.key}`,
          step: `overdue.${s.round}`,
          dueAt: s.dueAt,
          firedAt: now,
          notifyUserIds,
          notifyRole: null,
        });
        if (!recorded) continue;
        await repo.insertEvents(tx, [
          {
            id: ids.next(),
            ticketId: r.id,
            at: now,
            actorUserId: null,
            actorName: 'system',
            kind: 'escalated',
            field: `complaint.${s.key}`,
            before: null,
            after: { dueAt: s.dueAt.toISOString(), round: s.round, notifyUserIds },
          },
        ]);
        await bus.stage(tx, 'tickets.complaint.step_overdue', {
          ...snapshotOf(r),
          step: s.key,
          round: s.round,
          dueAt: s.dueAt.toISOString(),
          notifyUserIds,
        });
      }
      return rows.length;
    });
  }

  const scanner = createScanner({
    what: 'complaint step',
    batchSize: BATCH,
    intervalMs: deps.intervalMs ?? 5_000,
    batch,
    log,
  });

  /** Completes a step inside the caller's transaction (the follow-up visit completes its step too). */
  async function complete(tx: Tx, r: TicketRow, key: ComplaintStepKey, body: ComplaintStepBody, w: Worker) {
    if (r.type !== 'complaint') throw notAComplaint(r.id);
    if (body.groupId && key !== 'analyze')
      throw validationFailed([
        { location: 'body', path: 'groupId', message: 'only the analysis escalates to a group' },
      ]);
    const steps = await ensureSteps(tx, r);
    const verdict = completeStep(
      steps.map((s) => ({ key: s.key as ComplaintStepKey, status: s.status as ComplaintStep['status'] })),
      key,
      body.outcome,
    );
    if (!verdict.ok && verdict.reason === 'not_current') throw stepNotCurrent(key, verdict.current);
    if (!verdict.ok) throw stepOutcome(verdict.message);
    const now = clock.now();
    const before = steps.find((s) => s.key === key)!;
    const events = [];
    const event = (field: string, b: unknown, a: unknown) => ({
      id: ids.next(),
      ticketId: r.id,
      at: now,
      actorUserId: w.actor.userId,
      actorName: w.actor.name,
      kind: 'updated',
      field,
      before: b ?? null,
      after: a ?? null,
    });
    await flows.updateStep(tx, r.id, key, {
      status: verdict.finished.status,
      doneAt: now,
      doneBy: w.userId,
      note: body.note,
      outcome: body.outcome ?? null,
    });
    events.push(
      event(`complaint.${key}`, before.status, {
        status: verdict.finished.status,
        note: body.note,
        outcome: body.outcome ?? null,
        round: before.round,
      }),
    );
    for (const k of verdict.reset)
      await flows.updateStep(tx, r.id, k, { status: 'pending', doneAt: null, doneBy: null, overdueAt: null });
    let patch: Partial<TicketRow> = {};
    if (body.groupId) {
      if (!(await repo.group(tx, body.groupId))) throw unknownGroup('groupId', body.groupId);
      patch = { assigneeGroupId: body.groupId, ...(r.status === 'new' ? { status: 'assigned' } : {}) };
      events.push(event('assigneeGroupId', r.assigneeGroupId, body.groupId));
      if (r.status === 'new') events.push({ ...event('status', 'new', 'assigned'), kind: 'transitioned' });
    }
    // Completing the initial response is the order's first response (响应) for its SLA.
    if (key === 'respond' && !r.respondedAt) patch.respondedAt = now;
    let row = await repo.update(tx, r.id, { ...patch, updatedAt: now });
    if (verdict.next) {
      const n = steps.find((s) => s.key === verdict.next)!;
      await flows.updateStep(tx, r.id, n.key, {
        status: 'current',
        startedAt: now,
        dueAt: await dueOf(tx, row, n.key as ComplaintStepKey, now),
        doneAt: null,
        doneBy: null,
        overdueAt: null,
        // A step current again (renegotiation) is a new round with its own deadline and escalation.
        round: n.startedAt ? n.round + 1 : n.round,
      });
    }
    await repo.insertEvents(tx, events);
    const view = await sla.read(tx, row, now);
    if (view) row = await repo.update(tx, r.id, view.columns);
    await bus.stage(tx, 'tickets.ticket.updated', { ...snapshotOf(row), fields: events.map((e) => e.field) });
  }

  return {
    hooks,
    complete,
    scan: scanner.scan,
    /** POST /tickets/:id/complaint/steps/:key */
    async completeStep(id: string, key: ComplaintStepKey, body: ComplaintStepBody, w: Worker): Promise<Ticket> {
      await bus.transaction(async (tx) => complete(tx, await access.workable(tx, id, w), key, body, w));
      return deps.getTicket(id);
    },
    start: scanner.start,
    stop: scanner.stop,
  };
}
export type Complaints = ReturnType<typeof createComplaints>;
