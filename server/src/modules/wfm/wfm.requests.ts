import type { z } from 'zod';
import type {
  CoverageEffect,
  CreateShiftRequestBody,
  RequestState,
  ShiftRequest,
  ShiftRequestDetail,
} from '../../../../contracts/wfm-schedules';
import type { Actor, AuditLog } from '../../platform/audit';
import type { EventBus } from '../../platform/bus';
import type { Clock } from '../../platform/clock';
import type { Database, DbOrTx, Tx } from '../../platform/db';
import { AppError, forbidden } from '../../platform/errors';
import type { IdGenerator } from '../../platform/ids';
import type { UsersService } from '../auth';
import type { TeamsService } from '../teams';
import { rosterPresence } from './domain/schedule-presence';
import { type RosterViolation, validateRoster } from './domain/schedule-rules';
import { requestNotFound, requestState, shiftNotFound } from './wfm.errors';
import { rosterShiftOf, type Schedules } from './wfm.schedules';
import type { RequestRow, ScheduleRow, SchedulesRepo, ShiftRow } from './wfm.schedules.repo';
import { createApproverScope } from './wfm.scope';

export type CreateShiftRequestValues = z.output<typeof CreateShiftRequestBody>;

/**
 * `wfm.request.changed`: a request was made or moved on (the people concerned and approvers refresh;
 * the notifications inbox tells `notifyUserIds`, the ones who now have something to do or to know).
 */
export type ShiftRequestChanged = {
  requestId: string;
  kind: string;
  state: string;
  requesterId: string;
  requesterName: string;
  peerId: string | null;
  /** The requester's shift's day (YYYY-MM-DD in the centre's zone). */
  date: string;
  actorUserId: string | null;
  actorName: string | null;
  notifyUserIds: string[];
  at: string;
};

declare module '../../platform/bus' {
  interface EventMap {
    'wfm.request.changed': ShiftRequestChanged;
  }
}

/**
 * Rules a swap may not break, whatever the two agents agreed: rest between shifts, consecutive days,
 * one shift a day, the contract's maximum. Others (a template or availability outside the agent's
 * rules, the weekly minimum) are shown to the team lead, who decides.
 */
const BLOCKING = new Set<RosterViolation['code']>([
  'REST_TOO_SHORT',
  'TOO_MANY_CONSECUTIVE_DAYS',
  'MORE_THAN_ONE_SHIFT_A_DAY',
  'WEEKLY_MINUTES_ABOVE_CONTRACT',
]);
const OPEN: RequestState[] = ['pending_peer', 'pending'];
const LIST_LIMIT = 200;

export type RequestsDeps = {
  db: Database;
  repo: SchedulesRepo;
  bus: EventBus;
  audit: AuditLog;
  clock: Clock;
  ids: IdGenerator;
  schedules: Pick<Schedules, 'shiftViews'>;
  users: Pick<UsersService, 'profiles'>;
  teams: Pick<TeamsService, 'list'>;
};

/**
 * Leave (请假) and swap (换班) requests on published shifts: a swap waits for the colleague's consent,
 * then a team lead approves or rejects seeing what it does to coverage and to the labour rules.
 */
export function createShiftRequests(deps: RequestsDeps) {
  const { db, repo, bus, audit, clock, ids } = deps;

  const approverScope = createApproverScope({ db, users: deps.users, teams: deps.teams });
  const inScope = (scope: 'all' | Set<string>, r: RequestRow) =>
    scope === 'all' || scope.has(r.requesterId) || (r.peerId !== null && scope.has(r.peerId));

  async function publishedActive(
    tx: DbOrTx,
    id: string,
    path?: string,
  ): Promise<{ shift: ShiftRow; schedule: ScheduleRow }> {
    const shift = await repo.shift(tx, id, true);
    const schedule = shift && (await repo.schedule(tx, shift.scheduleId));
    if (!shift || !schedule || schedule.state !== 'published') throw shiftNotFound(id, path);
    return { shift, schedule };
  }

  /** Coverage before and after on the days the request touches, and the rules it would newly break. */
  async function consequences(tx: DbOrTx, r: Pick<RequestRow, 'kind' | 'shiftId' | 'peerShiftId'>) {
    const shift = await repo.shift(tx, r.shiftId);
    const peer = r.peerShiftId ? await repo.shift(tx, r.peerShiftId) : undefined;
    const schedule = shift && (await repo.schedule(tx, shift.scheduleId));
    if (!shift || !schedule) return { effect: [], violations: [] };
    const all = (await repo.shiftsOf(tx, schedule.id)).filter((s) => s.state === 'active');
    const after = all.flatMap((s): ShiftRow[] => {
      if (r.kind === 'leave') return s.id === shift.id ? [] : [s];
      if (s.id === shift.id && peer) return [{ ...s, agentId: peer.agentId }];
      if (peer && s.id === peer.id) return [{ ...s, agentId: shift.agentId }];
      return [s];
    });
    const dates = schedule.coverage.map((d) => d.date);
    const before = rosterPresence(dates, schedule.intervalMinutes, all.map(rosterShiftOf));
    const then = rosterPresence(dates, schedule.intervalMinutes, after.map(rosterShiftOf));
    const touched = new Set([shift.date, ...(peer ? [peer.date] : [])]);
    const hours = schedule.intervalMinutes / 60;
    const under = (req: number[], have: number[]) =>
      Math.round(req.reduce((s, v, i) => s + Math.max(0, v - have[i]!) * hours, 0) * 100) / 100;
    const effect: CoverageEffect[] = schedule.coverage.flatMap((d, i) =>
      touched.has(d.date)
        ? [
            {
              date: d.date,
              intervalMinutes: schedule.intervalMinutes,
              required: d.required,
              before: before[i]!,
              after: then[i]!,
              underBefore: under(d.required, before[i]!),
              underAfter: under(d.required, then[i]!),
            },
          ]
        : [],
    );
    if (r.kind === 'leave' || !peer) return { effect, violations: [] };
    // The rules the roster was made under, for the two agents only; what is new after the swap.
    const agents = new Set([shift.agentId, peer.agentId]);
    const input = { ...schedule.input, agents: schedule.input.agents.filter((a) => agents.has(a.id)) };
    const check = (rows: ShiftRow[]) =>
      validateRoster(input, { shifts: rows.filter((s) => agents.has(s.agentId)).map(rosterShiftOf) }).filter(
        (v) => v.code !== 'UNKNOWN_AGENT',
      );
    const key = (v: RosterViolation) => `${v.agentId}|${v.code}|${v.date ?? ''}`;
    const known = new Set(check(all).map(key));
    const violations = check(after)
      .filter((v) => !known.has(key(v)))
      .map((v) => ({ agentId: v.agentId, code: v.code, date: v.date ?? null, blocking: BLOCKING.has(v.code) }));
    return { effect, violations };
  }

  function breaksRules(violations: { code: string; blocking: boolean }[]): void {
    const blocking = violations.filter((v) => v.blocking);
    if (blocking.length) {
      throw new AppError('WFM.REQUEST_BREAKS_RULES', `The swap breaks ${blocking.map((v) => v.code).join(', ')}`, {
        violations: blocking,
      });
    }
  }

  async function views(tx: DbOrTx, rows: RequestRow[]): Promise<ShiftRequest[]> {
    const shiftIds = [...new Set(rows.flatMap((r) => [r.shiftId, ...(r.peerShiftId ? [r.peerShiftId] : [])]))];
    const shiftRows = await repo.shiftsByIds(tx, shiftIds);
    const shifts = new Map((await deps.schedules.shiftViews(shiftRows)).map((s) => [s.id, s]));
    const people = new Map(
      (
        await deps.users.profiles(tx, [
          ...new Set(rows.flatMap((r) => [r.requesterId, r.peerId, r.decidedBy].filter((x): x is string => !!x))),
        ])
      ).map((p) => [p.id, p.displayName]),
    );
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind as ShiftRequest['kind'],
      state: r.state as RequestState,
      requesterId: r.requesterId,
      requesterName: people.get(r.requesterId) ?? '',
      shift: shifts.get(r.shiftId)!,
      peerId: r.peerId,
      peerName: r.peerId ? (people.get(r.peerId) ?? '') : null,
      peerShift: r.peerShiftId ? (shifts.get(r.peerShiftId) ?? null) : null,
      reason: r.reason,
      createdAt: r.createdAt.toISOString(),
      decidedBy: r.decidedBy,
      decidedByName: r.decidedBy ? (people.get(r.decidedBy) ?? '') : null,
      decidedAt: r.decidedAt?.toISOString() ?? null,
      note: r.note,
    }));
  }

  /**
   * Who hears of a step in the inbox: the colleague asked to swap; the team leads of the teams of the
   * two agents when it waits for approval (planners and supervisors, who may approve everyone's, see
   * it in their 排班审批 list rather than in everyone's bell); the two agents when it is decided, the
   * requester when the colleague declines, the colleague when the requester withdraws. Never the actor.
   */
  async function notified(tx: DbOrTx, r: RequestRow, actor: Actor): Promise<string[]> {
    const users = new Set<string>();
    if (r.state === 'pending_peer' && r.peerId) users.add(r.peerId);
    else if (r.state === 'pending') {
      const agents = [r.requesterId, ...(r.peerId ? [r.peerId] : [])];
      const teamIds = new Set((await deps.users.profiles(tx, agents)).map((u) => u.teamId).filter((t) => !!t));
      for (const t of await deps.teams.list()) if (teamIds.has(t.id) && t.leadUserId) users.add(t.leadUserId);
      if (r.peerId) users.add(r.requesterId); // the colleague agreed
    } else if (r.state === 'approved' || r.state === 'rejected') {
      users.add(r.requesterId);
      if (r.peerId) users.add(r.peerId);
    } else if (r.state === 'declined') users.add(r.requesterId);
    else if (r.state === 'cancelled' && r.peerId) users.add(r.peerId);
    if (actor.userId) users.delete(actor.userId);
    return [...users];
  }

  async function changed(tx: Tx, r: RequestRow, actor: Actor, details: Record<string, unknown>) {
    const [shift] = await repo.shiftsByIds(tx, [r.shiftId]);
    // Names as people read them (the actor's display name, not their username).
    const people = new Map(
      (await deps.users.profiles(tx, [r.requesterId, ...(actor.userId ? [actor.userId] : [])])).map((p) => [
        p.id,
        p.displayName,
      ]),
    );
    await bus.stage(tx, 'wfm.request.changed', {
      requestId: r.id,
      kind: r.kind,
      state: r.state,
      requesterId: r.requesterId,
      requesterName: people.get(r.requesterId) ?? '',
      peerId: r.peerId,
      date: shift?.date ?? '',
      actorUserId: actor.userId,
      actorName: (actor.userId && people.get(actor.userId)) || actor.name,
      notifyUserIds: await notified(tx, r, actor),
      at: clock.now().toISOString(),
    });
    await audit.append(tx, actor, {
      action: details.created ? 'wfm.request.created' : 'wfm.request.decided',
      entityType: 'shift_request',
      entityId: r.id,
      details: { kind: r.kind, state: r.state, ...details, created: undefined },
    });
  }

  /** Moves an open request on, after the checks of the step; returns its detail. */
  async function step(
    id: string,
    actor: Actor,
    check: (r: RequestRow, tx: DbOrTx) => Promise<{ state: RequestState; apply?: () => Promise<void> }>,
    note = '',
  ): Promise<ShiftRequestDetail> {
    await bus.transaction(async (tx) => {
      const r = await repo.request(tx, id, true);
      if (!r) throw requestNotFound(id);
      const next = await check(r, tx);
      await next.apply?.();
      const decided = next.state === 'approved' || next.state === 'rejected';
      const set: Partial<RequestRow> = {
        state: next.state,
        ...(decided ? { decidedBy: actor.userId, decidedAt: clock.now(), note } : {}),
      };
      await repo.setRequest(tx, id, set);
      await changed(tx, { ...r, ...set }, actor, note ? { note } : {});
    });
    return detailOf(id);
  }

  async function detailOf(id: string): Promise<ShiftRequestDetail> {
    const r = await repo.request(db, id);
    if (!r) throw requestNotFound(id);
    const [view] = await views(db, [r]);
    const open = OPEN.includes(r.state as RequestState);
    const c = open ? await consequences(db, r) : { effect: [], violations: [] };
    return { ...view!, effect: c.effect, violations: c.violations };
  }

  return {
    async create(body: CreateShiftRequestValues, actor: Actor): Promise<ShiftRequestDetail> {
      const userId = actor.userId;
      if (!userId) throw forbidden('wfm.own');
      const id = ids.next();
      await bus.transaction(async (tx) => {
        const { shift } = await publishedActive(tx, body.shiftId, 'shiftId');
        if (shift.agentId !== userId) throw shiftNotFound(body.shiftId, 'shiftId');
        if (shift.state !== 'active' || shift.startAt <= clock.now()) throw requestState(`shift ${shift.state}`);
        let peerId: string | null = null;
        if (body.kind === 'swap' && body.peerShiftId) {
          const peer = await publishedActive(tx, body.peerShiftId, 'peerShiftId');
          if (
            peer.shift.agentId === userId ||
            peer.shift.scheduleId !== shift.scheduleId ||
            peer.shift.state !== 'active' ||
            peer.shift.startAt <= clock.now()
          ) {
            throw new AppError('VALIDATION.FAILED', 'Swap with a colleague’s future shift of the same schedule', {
              fields: [
                { location: 'body', path: 'peerShiftId', message: 'a colleague’s future shift of this schedule' },
              ],
            });
          }
          peerId = peer.shift.agentId;
        }
        const busy = await repo.openRequestsOn(tx, [body.shiftId, ...(body.peerShiftId ? [body.peerShiftId] : [])]);
        if (busy.length) throw requestState('already requested');
        const row: RequestRow = {
          id,
          kind: body.kind,
          state: body.kind === 'swap' ? 'pending_peer' : 'pending',
          requesterId: userId,
          shiftId: body.shiftId,
          peerId,
          peerShiftId: body.kind === 'swap' ? (body.peerShiftId ?? null) : null,
          reason: body.reason,
          note: '',
          createdAt: clock.now(),
          decidedBy: null,
          decidedAt: null,
        };
        if (body.kind === 'swap') breaksRules((await consequences(tx, row)).violations);
        await repo.insertRequest(tx, row);
        await changed(tx, row, actor, { created: true });
      });
      return detailOf(id);
    },

    /** One's own requests and the swaps waiting for one's consent. */
    async mine(q: { state?: RequestState }, actor: Actor): Promise<ShiftRequest[]> {
      if (!actor.userId) throw forbidden('wfm.own');
      return views(db, await repo.requests(db, { userIds: [actor.userId], limit: LIST_LIMIT, ...q }));
    },

    /** What an approver decides: their teams' requests (everyone's for planners), not swaps still waiting for the colleague. */
    async inbox(q: { state?: RequestState }, actor: Actor): Promise<ShiftRequest[]> {
      const scope = await approverScope(actor);
      const rows = await repo.requests(db, {
        ...(scope === 'all' ? {} : { userIds: [...scope] }),
        ...(q.state ? { state: q.state } : {}),
        limit: LIST_LIMIT,
      });
      return views(
        db,
        rows.filter((r) => r.state !== 'pending_peer'),
      );
    },

    async get(id: string, actor: Actor): Promise<ShiftRequestDetail> {
      const r = await repo.request(db, id);
      if (!r) throw requestNotFound(id);
      const own = r.requesterId === actor.userId || r.peerId === actor.userId;
      if (!own) {
        const scope = actor.permissions?.has('wfm.approve') ? await approverScope(actor) : undefined;
        if (!scope || !inScope(scope, r)) throw requestNotFound(id);
      }
      return detailOf(id);
    },

    /** The colleague's answer to a swap. */
    answer(id: string, accept: boolean, actor: Actor): Promise<ShiftRequestDetail> {
      return step(id, actor, async (r) => {
        if (r.peerId !== actor.userId) throw requestNotFound(id);
        if (r.state !== 'pending_peer') throw requestState(r.state);
        return { state: accept ? 'pending' : 'declined' };
      });
    },

    cancel(id: string, actor: Actor): Promise<ShiftRequestDetail> {
      return step(id, actor, async (r) => {
        if (r.requesterId !== actor.userId) throw requestNotFound(id);
        if (!OPEN.includes(r.state as RequestState)) throw requestState(r.state);
        return { state: 'cancelled' };
      });
    },

    /** A team lead's decision; approving applies it (the shift goes on leave, or changes hands). */
    decide(id: string, approve: boolean, note: string, actor: Actor): Promise<ShiftRequestDetail> {
      return step(
        id,
        actor,
        async (r, tx) => {
          const scope = await approverScope(actor);
          if (!inScope(scope, r)) throw requestNotFound(id);
          if (r.state !== 'pending') throw requestState(r.state);
          if (!approve) return { state: 'rejected' };
          const { shift } = await publishedActive(tx, r.shiftId);
          const peer = r.peerShiftId ? (await publishedActive(tx, r.peerShiftId)).shift : undefined;
          // The shifts must still be as they were asked about.
          if (shift.state !== 'active' || shift.agentId !== r.requesterId) throw requestState(`shift ${shift.state}`);
          if (peer && (peer.state !== 'active' || peer.agentId !== r.peerId)) throw requestState(`shift ${peer.state}`);
          if (r.kind === 'swap') breaksRules((await consequences(tx, r)).violations);
          return {
            state: 'approved',
            apply: async () => {
              if (r.kind === 'leave') await repo.setShift(tx, shift.id, { state: 'leave' });
              else if (peer) {
                await repo.setShift(tx, shift.id, { agentId: peer.agentId });
                await repo.setShift(tx, peer.id, { agentId: shift.agentId });
              }
            },
          };
        },
        note,
      );
    },
  };
}
export type ShiftRequests = ReturnType<typeof createShiftRequests>;
