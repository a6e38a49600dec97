import { maskPii } from '../../../../contracts/pii';
import {
  AGENT_STATES,
  type AgentDay,
  type AgentMe,
  type AgentRouting,
  type AgentState,
  type AgentStatus,
  type Contact,
  type ContactState,
  type CreateContactBody,
  type CreateQueueBody,
  type CreateSkillBody,
  NO_ANSWER_REASON,
  type PutAgentRoutingBody,
  QUEUE_DEFAULTS,
  type Queue,
  type QueueStats,
  type ReasonCode,
  type RoutingLogEntry,
  type SetStateBody,
  type Skill,
  type TransferBody,
  type UpdateContactBody,
  type UpdateQueueBody,
  type Wallboard,
  type WrapUp,
} from '../../../../contracts/routing';
import { type Actor, systemActor } from '../../platform/audit';
import { isOpen } from '../../platform/calendar';
import { isUniqueViolation } from '../../platform/db';
import type { Explanation } from './domain/model';
import {
  contactNotFound,
  keyTaken,
  noWrapUpDue,
  overflowLoop,
  queueNotFound,
  reasonNotFound,
  skillNotFound,
  unknownAgent,
  unknownQueueField,
  unknownReason,
  unknownSkill,
  userNotFound,
  wrongContactState,
} from './routing.errors';
import type { ContactRow, ReasonCodeRow, SkillRow } from './routing.repo';
import {
  type AgentCfg,
  createRoutingRuntime,
  type QueueRec,
  type QueueSettings,
  type RuntimeDeps,
  type UserDirectory,
} from './routing.runtime';

export type RoutingDeps = RuntimeDeps & { users: UserDirectory };

/** Who is asking: the acting user and what they may see. */
export type Viewer = { userId: string; permissions: ReadonlySet<string> };
/** Kefu itself reading a contact (telephony): nothing masked. */
const SYSTEM_VIEWER: Viewer = { userId: '', permissions: new Set(['pii.view']) };

const DEFAULT_REASONS = [
  { code: 'break', labelZh: '小休', labelEn: 'Break', sortOrder: 10 },
  { code: 'meal', labelZh: '就餐', labelEn: 'Meal', sortOrder: 20 },
  { code: 'training', labelZh: '培训', labelEn: 'Training', sortOrder: 30 },
  { code: 'meeting', labelZh: '会议', labelEn: 'Meeting', sortOrder: 40 },
  { code: 'coaching', labelZh: '辅导', labelEn: 'Coaching', sortOrder: 50 },
  { code: NO_ANSWER_REASON, labelZh: '未应答', labelEn: 'No answer', sortOrder: 90, system: true },
];

/**
 * The ACD's use cases behind the HTTP API: configuration (skills, queues, reason codes, agent
 * routing), agent states, contacts and the wallboard. Every change goes through the runtime's
 * one-at-a-time `command`.
 */
export function createRoutingService(deps: RoutingDeps) {
  const { db, repo, clock, ids, users } = deps;
  const rt = createRoutingRuntime(deps);
  const reasons = new Map<string, ReasonCodeRow>();
  let unsubscribe: (() => void) | undefined;

  async function logOutIfDisabled(userId: string): Promise<void> {
    const p = await profileOf(userId);
    if (!p?.disabled || rt.recorded.get(userId)?.presence === 'logged_out' || !rt.recorded.has(userId)) return;
    await rt.command(systemActor, (b) => {
      const before = rt.engine().agent(userId, b.now.getTime())?.offer ?? null;
      rt.applyOffers(
        b,
        rt.drive(b, (e, t) => e.setPresence(userId, 'logged_out', t)),
      );
      rt.withdrawn(b, before, `offer withdrawn: ${userId} was disabled`);
      b.agents.add(userId);
      b.audits.push({
        action: 'routing.agent.state_set',
        entityType: 'user',
        entityId: userId,
        details: { state: 'logged_out', why: 'user disabled' },
      });
    });
  }

  // ---- lookups -------------------------------------------------------------------------------

  function queueByRef(ref: string): QueueRec | undefined {
    return rt.queues.get(ref) ?? rt.queues.get(rt.queueKeys.get(ref) ?? '');
  }
  function queueOrField(ref: string, path: string): QueueRec {
    const q = queueByRef(ref);
    if (!q) throw unknownQueueField(path, ref);
    return q;
  }
  function checkSkills(list: Array<{ skill: string }>, path: string): void {
    list.forEach((s, i) => {
      if (!rt.skillKeys.has(s.skill)) throw unknownSkill(`${path}.${i}.skill`, s.skill);
    });
  }
  function checkQueueSettings(key: string, s: Partial<QueueSettings>): void {
    if (s.skills) checkSkills(s.skills, 'skills');
    for (const [i, step] of (s.relaxation ?? []).entries()) {
      for (const [j, k] of (step.overflowQueues ?? []).entries()) {
        if (!rt.queueKeys.has(k) && k !== key) throw unknownQueueField(`relaxation.${i}.overflowQueues.${j}`, k);
      }
    }
    if (s.overflowQueue) {
      if (s.overflowQueue === key) throw overflowLoop(key);
      if (!rt.queueKeys.has(s.overflowQueue)) throw unknownQueueField('overflowQueue', s.overflowQueue);
    }
  }
  async function profileOf(userId: string) {
    const [p] = await users.profiles(db, [userId]);
    return p;
  }
  function resolveReason(reason: string | undefined): string | null {
    if (!reason) return null;
    for (const r of reasons.values()) {
      if (!r.active || r.system) continue;
      if (r.code === reason || r.labelZh === reason || r.labelEn.toLowerCase() === reason.toLowerCase()) return r.code;
    }
    throw unknownReason(reason);
  }

  // ---- mapping -------------------------------------------------------------------------------

  const toSkill = (r: SkillRow): Skill => ({
    id: r.id,
    key: r.key,
    name: r.name,
    createdAt: r.createdAt.toISOString(),
  });
  const toQueue = (q: QueueRec): Queue => ({
    id: q.id,
    key: q.key,
    name: q.name,
    ...q.settings,
    createdAt: q.createdAt.toISOString(),
    updatedAt: q.updatedAt.toISOString(),
  });
  const toReason = (r: ReasonCodeRow): ReasonCode => ({
    id: r.id,
    code: r.code,
    labelZh: r.labelZh,
    labelEn: r.labelEn,
    active: r.active,
    sortOrder: r.sortOrder,
    system: r.system,
  });

  function routingOf(userId: string): AgentRouting {
    const cfg = rt.agentCfg.get(userId) ?? { skills: {}, capacity: {}, memberships: [] };
    return {
      userId,
      skills: Object.entries(cfg.skills).map(([skill, level]) => ({ skill, level })),
      memberships: cfg.memberships.map((m) => ({
        queueId: m.queueId,
        queueKey: rt.queues.get(m.queueId)?.key ?? '',
        priority: m.priority,
        delaySeconds: m.delaySeconds,
      })),
      capacity: cfg.capacity,
    };
  }

  function statusOf(
    userId: string,
    profile: { username: string; displayName: string; teamId: string | null },
  ): AgentStatus {
    const s = rt.statusOf(userId, clock.now().getTime());
    if (!s) {
      return {
        userId,
        ...profile,
        state: 'logged_out',
        reason: null,
        since: new Date(0).toISOString(),
        offer: null,
        contacts: [],
        wrapUpUntil: null,
        presence: 'logged_out',
      };
    }
    return { ...s, username: profile.username, displayName: profile.displayName, teamId: profile.teamId };
  }

  function contactOut(row: ContactRow, viewer: Viewer): Contact {
    return rt.contactToApi(row, viewer.permissions.has('pii.view'), (kind, v) => maskPii(kind, v));
  }

  /** Reads what is committed: memory may hold a command's changes before its transaction ends. */
  async function findContact(id: string): Promise<ContactRow> {
    const row = await repo.findContact(db, id);
    if (!row) throw contactNotFound(id);
    return row;
  }

  /** Creates the agent's routing record on first use (logged out, no skills, no queues). */
  function ensureAgent(b: Parameters<Parameters<typeof rt.command>[1]>[0], userId: string): void {
    if (rt.recorded.has(userId)) return;
    const cfg: AgentCfg = { skills: {}, capacity: {}, memberships: [] };
    rt.agentCfg.set(userId, cfg);
    const row = {
      userId,
      skills: {},
      capacity: {},
      presence: 'logged_out',
      reason: null,
      state: 'logged_out',
      stateSince: b.now,
      wrapUpUntil: null,
      idleSince: b.now,
      updatedAt: b.now,
    };
    rt.recorded.set(userId, { ...row });
    b.writes.push((tx) => repo.upsertAgent(tx, row));
    rt.applyOffers(
      b,
      rt.drive(b, (e, t) => e.upsertAgent(rt.engineAgent(userId, cfg), t)),
    );
  }

  function configChanged(
    b: Parameters<Parameters<typeof rt.command>[1]>[0],
    what: 'queue' | 'skill' | 'reason_code' | 'agent',
    id: string,
  ) {
    b.writes.push((tx) => deps.bus.stage(tx, 'routing.config.changed', { what, id }));
  }

  async function guardKey<T>(what: string, key: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (isUniqueViolation(err)) throw keyTaken(what, key);
      throw err;
    }
  }

  // ---- day figures ---------------------------------------------------------------------------

  async function queueStats(list: QueueRec[]): Promise<QueueStats[]> {
    const now = clock.now();
    const day = rt.dayStart(now);
    const rows = new Map((await repo.queueDay(db, day, list.map(rt.dayQuery))).map((r) => [r.queueId, r]));
    const e = rt.engine();
    const t = now.getTime();
    return list.map((q) => {
      const r = rows.get(q.id);
      const waiting = e.waiting(q.id);
      const byState = Object.fromEntries(AGENT_STATES.map((s) => [s, 0])) as Record<AgentState, number>;
      for (const [id, cfg] of rt.agentCfg) {
        if (!cfg.memberships.some((m) => m.queueId === q.id)) continue;
        const s = e.agent(id, t);
        if (s) byState[s.state]++;
      }
      const denominator = r ? r.outcomes : 0;
      return {
        queueId: q.id,
        key: q.key,
        name: q.name,
        open: isOpen(deps.timezone, now, q.settings.businessHours),
        waiting: waiting.length,
        longestWaitSeconds: waiting.reduce((m, c) => Math.max(m, Math.floor((t - c.enqueuedAt) / 1000)), 0),
        offeredToday: r?.entered ?? 0,
        answeredToday: r?.answered ?? 0,
        answeredInThresholdToday: r?.answeredInThreshold ?? 0,
        abandonedToday: r?.abandoned ?? 0,
        shortAbandonedToday: r?.shortAbandoned ?? 0,
        serviceLevelToday: denominator > 0 ? r!.answeredInThreshold / denominator : null,
        abandonRateToday: denominator > 0 ? r!.abandoned / denominator : null,
        ahtSeconds: r && r.handled > 0 ? Math.round(r.handleSeconds / r.handled) : null,
        estimatedWaitSeconds: rt.estimatedWait(q, waiting.length + 1),
        agentsByState: byState,
        serviceLevelPercent: q.settings.serviceLevelPercent,
        serviceLevelSeconds: q.settings.serviceLevelSeconds,
        thresholds: q.settings.thresholds,
      };
    });
  }

  async function agentDay(userId: string): Promise<AgentDay> {
    const now = clock.now();
    const day = rt.dayStart(now);
    const handled = (await repo.handledSince(db, day, userId)).get(userId);
    const events = await repo.agentEventsSince(db, userId, day);
    let ready = 0;
    let notReady = 0;
    events.forEach((ev, i) => {
      const from = Math.max(ev.at.getTime(), day.getTime());
      const to = (events[i + 1]?.at ?? now).getTime();
      if (to <= from) return;
      if (ev.state === 'ready') ready += to - from;
      if (ev.state === 'not_ready') notReady += to - from;
    });
    return {
      handled: handled?.handled ?? 0,
      ahtSeconds: handled && handled.handled > 0 ? Math.round(handled.seconds / handled.handled) : null,
      readySeconds: Math.round(ready / 1000),
      notReadySeconds: Math.round(notReady / 1000),
    };
  }

  return {
    runtime: rt,

    async start(): Promise<void> {
      const now = clock.now();
      for (const r of DEFAULT_REASONS) {
        await repo.insertReasonCode(db, { id: ids.next(), active: true, system: false, createdAt: now, ...r });
      }
      for (const r of await repo.reasonCodes(db)) reasons.set(r.id, r);
      await rt.start();
      // A disabled user leaves the ACD at once: nothing may be offered to an account that cannot sign in.
      unsubscribe = deps.bus.subscribe('auth.user.updated', (e) => {
        if (!e.payload.fields.includes('disabled')) return;
        void logOutIfDisabled(e.payload.userId).catch((err) =>
          deps.log.error({ err, userId: e.payload.userId }, 'routing: logging out a disabled user failed'),
        );
      });
    },
    async stop() {
      unsubscribe?.();
      await rt.stop();
    },

    // ---- skills -------------------------------------------------------------------------------
    async listSkills(): Promise<Skill[]> {
      return (await repo.skills(db)).map(toSkill);
    },
    async createSkill(body: CreateSkillBody, actor: Actor): Promise<Skill> {
      return guardKey('skill', body.key, () =>
        rt.command(actor, async (b) => {
          const row = { id: ids.next(), key: body.key, name: body.name, createdAt: b.now, updatedAt: b.now };
          b.writes.push(async (tx) => {
            await repo.insertSkill(tx, row);
          });
          b.audits.push({ action: 'routing.skill.created', entityType: 'skill', entityId: row.id, details: body });
          configChanged(b, 'skill', row.id);
          b.writes.push(async () => void rt.skillKeys.add(row.key));
          return toSkill(row);
        }),
      );
    },
    async updateSkill(id: string, body: { name: string }, actor: Actor): Promise<Skill> {
      const existing = (await repo.skills(db)).find((s) => s.id === id || s.key === id);
      if (!existing) throw skillNotFound(id);
      return rt.command(actor, async (b) => {
        const row = { ...existing, name: body.name, updatedAt: b.now };
        b.writes.push((tx) =>
          repo.updateSkill(tx, existing.id, { name: body.name, updatedAt: b.now }).then(() => undefined),
        );
        b.audits.push({ action: 'routing.skill.updated', entityType: 'skill', entityId: existing.id, details: body });
        configChanged(b, 'skill', existing.id);
        return toSkill(row);
      });
    },

    // ---- queues -------------------------------------------------------------------------------
    listQueues(): Queue[] {
      return [...rt.queues.values()].sort((x, y) => x.key.localeCompare(y.key)).map(toQueue);
    },
    getQueue(ref: string): Queue {
      const q = queueByRef(ref);
      if (!q) throw queueNotFound(ref);
      return toQueue(q);
    },
    async createQueue(body: CreateQueueBody, actor: Actor): Promise<Queue> {
      const { key, name, ...rest } = body;
      const settings = { ...QUEUE_DEFAULTS, ...rest } as QueueSettings;
      return guardKey('queue', key, () =>
        rt.command(actor, async (b) => {
          if (rt.queueKeys.has(key)) throw keyTaken('queue', key);
          checkQueueSettings(key, settings);
          const rec: QueueRec = { id: ids.next(), key, name, settings, createdAt: b.now, updatedAt: b.now };
          b.writes.push((tx) => repo.insertQueue(tx, { ...rec }).then(() => undefined));
          rt.putQueue(rec);
          rt.applyOffers(
            b,
            rt.drive(b, (e, t) => e.upsertQueue(rt.engineQueue(rec), t)),
          );
          b.audits.push({
            action: 'routing.queue.created',
            entityType: 'queue',
            entityId: rec.id,
            details: { key, name },
          });
          configChanged(b, 'queue', rec.id);
          return toQueue(rec);
        }),
      );
    },
    async updateQueue(ref: string, body: UpdateQueueBody, actor: Actor): Promise<Queue> {
      return rt.command(actor, async (b) => {
        const q = queueByRef(ref);
        if (!q) throw queueNotFound(ref);
        const { name, ...rest } = body;
        checkQueueSettings(q.key, rest);
        const rec: QueueRec = { ...q, name: name ?? q.name, settings: { ...q.settings, ...rest }, updatedAt: b.now };
        b.writes.push((tx) =>
          repo
            .updateQueue(tx, q.id, { name: rec.name, settings: rec.settings, updatedAt: b.now })
            .then(() => undefined),
        );
        rt.putQueue(rec);
        rt.applyOffers(
          b,
          rt.drive(b, (e, t) => e.upsertQueue(rt.engineQueue(rec), t)),
        );
        b.audits.push({
          action: 'routing.queue.updated',
          entityType: 'queue',
          entityId: q.id,
          details: { changed: body },
        });
        configChanged(b, 'queue', q.id);
        return toQueue(rec);
      });
    },
    async stats(ref: string): Promise<QueueStats> {
      const q = queueByRef(ref);
      if (!q) throw queueNotFound(ref);
      return (await queueStats([q]))[0]!;
    },

    // ---- reason codes -------------------------------------------------------------------------
    listReasonCodes(): ReasonCode[] {
      return [...reasons.values()]
        .sort((x, y) => x.sortOrder - y.sortOrder || x.code.localeCompare(y.code))
        .map(toReason);
    },
    async createReasonCode(
      body: { code: string; labelZh: string; labelEn: string; active?: boolean; sortOrder?: number },
      actor: Actor,
    ): Promise<ReasonCode> {
      return rt.command(actor, async (b) => {
        if ([...reasons.values()].some((r) => r.code === body.code)) throw keyTaken('reason code', body.code);
        const row: ReasonCodeRow = {
          id: ids.next(),
          code: body.code,
          labelZh: body.labelZh,
          labelEn: body.labelEn,
          active: body.active ?? true,
          sortOrder: body.sortOrder ?? 100,
          system: false,
          createdAt: b.now,
        };
        b.writes.push(async (tx) => {
          await repo.insertReasonCode(tx, row);
          reasons.set(row.id, row);
        });
        b.audits.push({
          action: 'routing.reason_code.created',
          entityType: 'reason_code',
          entityId: row.id,
          details: body,
        });
        configChanged(b, 'reason_code', row.id);
        return toReason(row);
      });
    },
    async updateReasonCode(
      id: string,
      body: { labelZh?: string; labelEn?: string; active?: boolean; sortOrder?: number },
      actor: Actor,
    ): Promise<ReasonCode> {
      return rt.command(actor, async (b) => {
        const existing = reasons.get(id) ?? [...reasons.values()].find((r) => r.code === id);
        if (!existing) throw reasonNotFound(id);
        const row = { ...existing, ...body };
        b.writes.push(async (tx) => {
          await repo.updateReasonCode(tx, existing.id, body);
          reasons.set(row.id, row);
        });
        b.audits.push({
          action: 'routing.reason_code.updated',
          entityType: 'reason_code',
          entityId: existing.id,
          details: body,
        });
        configChanged(b, 'reason_code', existing.id);
        return toReason(row);
      });
    },

    // ---- agents -------------------------------------------------------------------------------
    async listAgentRouting(): Promise<
      Array<AgentRouting & { username: string; displayName: string; teamId: string | null }>
    > {
      const profiles = await users.profiles(db);
      return profiles
        .filter((p) => rt.agentCfg.has(p.id))
        .map((p) => ({ ...routingOf(p.id), username: p.username, displayName: p.displayName, teamId: p.teamId }));
    },
    /** Has this user been given skills or queues (or used the desktop) yet? */
    hasRouting(userId: string): boolean {
      return rt.agentCfg.has(userId);
    },
    async getAgentRouting(userId: string): Promise<AgentRouting> {
      if (!(await profileOf(userId))) throw userNotFound(userId);
      return routingOf(userId);
    },
    async putAgentRouting(userId: string, body: PutAgentRoutingBody, actor: Actor): Promise<AgentRouting> {
      if (!(await profileOf(userId))) throw userNotFound(userId);
      return rt.command(actor, (b) => {
        checkSkills(body.skills, 'skills');
        const seen = new Set<string>();
        const memberships = body.memberships.map((m, i) => {
          const q = queueOrField(m.queue, `memberships.${i}.queue`);
          if (seen.has(q.id)) throw unknownQueueField(`memberships.${i}.queue`, `${m.queue} (listed twice)`);
          seen.add(q.id);
          return { userId, queueId: q.id, priority: m.priority, delaySeconds: m.delaySeconds };
        });
        ensureAgent(b, userId);
        const cfg: AgentCfg = {
          skills: Object.fromEntries(body.skills.map((s) => [s.skill, s.level])),
          capacity: body.capacity
            ? (Object.fromEntries(Object.entries(body.capacity).filter(([, v]) => v !== undefined)) as Record<
                string,
                number
              >)
            : (rt.agentCfg.get(userId)?.capacity ?? {}),
          memberships,
        };
        rt.agentCfg.set(userId, cfg);
        const rec = rt.recorded.get(userId)!;
        rec.skills = cfg.skills;
        rec.capacity = cfg.capacity;
        b.writes.push(async (tx) => {
          await repo.updateAgent(tx, userId, { skills: cfg.skills, capacity: cfg.capacity, updatedAt: b.now });
          await repo.replaceMemberships(tx, userId, memberships);
        });
        rt.applyOffers(
          b,
          rt.drive(b, (e, t) => e.upsertAgent(rt.engineAgent(userId, cfg), t)),
        );
        b.agents.add(userId);
        b.audits.push({
          action: 'routing.agent.routing_set',
          entityType: 'user',
          entityId: userId,
          details: { ...body },
        });
        configChanged(b, 'agent', userId);
        return routingOf(userId);
      });
    },

    async me(userId: string): Promise<AgentMe> {
      const p = await profileOf(userId);
      if (!p) throw userNotFound(userId);
      return { ...statusOf(userId, p), routing: routingOf(userId), today: await agentDay(userId) };
    },

    /** The agent's own choice, or a supervisor's (`by` differs from `userId`: audited). */
    async setState(userId: string, body: SetStateBody, actor: Actor): Promise<AgentStatus> {
      const p = await profileOf(userId);
      if (!p) throw userNotFound(userId);
      const reason = body.state === 'not_ready' ? resolveReason(body.reason) : null;
      await rt.command(actor, (b) => {
        ensureAgent(b, userId);
        const before = rt.engine().agent(userId, b.now.getTime())?.offer ?? null;
        rt.applyOffers(
          b,
          rt.drive(b, (e, t) => e.setPresence(userId, body.state, t, reason)),
        );
        rt.withdrawn(b, before, `offer withdrawn: ${userId} is ${body.state}`);
        b.agents.add(userId);
        if (actor.userId !== userId) {
          b.audits.push({
            action: 'routing.agent.state_set',
            entityType: 'user',
            entityId: userId,
            details: { ...body },
          });
        }
      });
      return statusOf(userId, p);
    },

    async wallboard(): Promise<Wallboard> {
      const list = [...rt.queues.values()].sort((x, y) => x.key.localeCompare(y.key));
      const profiles = await users.profiles(db, [...rt.agentCfg.keys()]);
      return {
        at: clock.now().toISOString(),
        queues: await queueStats(list),
        agents: profiles.filter((p) => !p.disabled).map((p) => statusOf(p.id, p)),
      };
    },

    // ---- contacts -----------------------------------------------------------------------------
    async createContact(body: CreateContactBody, actor: Actor, viewer: Viewer): Promise<Contact> {
      // preferred_agent: without an explicit agent, the one who last served this customer.
      const preferred =
        body.preferredAgentId ??
        (body.customer?.id && queueByRef(body.queue)?.settings.strategy === 'preferred_agent'
          ? await repo.lastAgentOf(db, body.customer.id)
          : undefined);
      const row = await rt.command(actor, (b) => {
        const q = queueOrField(body.queue, 'queue');
        if (body.skills) checkSkills(body.skills, 'skills');
        const r = rt.newRow(b, {
          channel: body.channel,
          direction: body.direction,
          queueId: q.id,
          priority: body.priority,
          skills: body.skills ?? null,
          attributes: body.attributes,
          customer: body.customer ?? null,
          subject: body.subject ?? null,
          preferredAgentId: preferred ?? null,
        });
        rt.enter(b, r, null, 0);
        return r;
      });
      return contactOut(row, viewer);
    },

    /**
     * Telephony only (the HTTP contract refuses these channels): a `voice` contact for a caller the
     * IVR queued, or a `callback` contact that keeps the caller's place (`queuedAt` of the call).
     */
    async createChannelContact(
      body: Omit<CreateContactBody, 'channel' | 'direction' | 'preferredAgentId'> & {
        channel: 'voice' | 'callback';
        queuedAt?: Date;
        parentId?: string;
      },
      actor: Actor | null,
    ): Promise<Contact> {
      const row = await rt.command(actor, (b) => {
        const q = queueOrField(body.queue, 'queue');
        if (body.skills) checkSkills(body.skills, 'skills');
        const r = rt.newRow(b, {
          channel: body.channel,
          direction: 'inbound',
          queueId: q.id,
          priority: body.priority,
          skills: body.skills ?? null,
          attributes: body.attributes,
          customer: body.customer ?? null,
          subject: body.subject ?? null,
          parentId: body.parentId ?? null,
          ...(body.queuedAt ? { queuedAt: body.queuedAt } : {}),
        });
        rt.enter(b, r, null, 0);
        return r;
      });
      return contactOut(row, SYSTEM_VIEWER);
    },

    /**
     * Telephony: the agent's phone did not take the offer. `rejected` (busy, declined): the next
     * agent; `timeout` (no answer, no phone registered): RONA, the agent goes 未应答.
     */
    async declineOffer(id: string, agentId: string, why: 'rejected' | 'timeout'): Promise<void> {
      await rt.command(null, (b) => {
        const r = rt.open.get(id);
        if (!r || r.state !== 'offered' || r.agentId !== agentId) return;
        rt.declined(b, r, why);
      });
    },

    /**
     * Telephony: the caller pressed 1 for a callback. The voice contact leaves the queue as
     * `transferred` (not abandoned: the caller is still served) and a `callback` contact takes its
     * place, with the caller's original arrival time so it keeps its position.
     */
    async convertToCallback(id: string, attributes: Record<string, string>): Promise<Contact | undefined> {
      const child = await rt.command(null, (b) => {
        const r = rt.open.get(id);
        if (!r || (r.state !== 'queued' && r.state !== 'offered')) return undefined;
        const offers = rt.drive(b, (e, t) => e.abandon(id, t));
        rt.transition(b, r, 'transferred', { endedAt: b.now, completedAt: b.now }, { note: 'callback requested' });
        rt.applyOffers(b, offers);
        const c = rt.newRow(b, {
          ...rt.copyForChild(r),
          channel: 'callback',
          parentId: r.id,
          queuedAt: r.queuedAt,
          attributes: { ...r.attributes, ...attributes },
        });
        rt.enter(b, c, 'callback requested in queue', 0);
        return c;
      });
      return child ? contactOut(child, SYSTEM_VIEWER) : undefined;
    },

    /** Telephony: where a contact stands now (undefined once it is closed and gone from memory). */
    liveContact(id: string): { state: ContactState; agentId: string | null; queueId: string } | undefined {
      const row = rt.open.get(id) ?? rt.wrapping.get(id)?.row;
      return row ? { state: row.state as ContactState, agentId: row.agentId, queueId: row.queueId } : undefined;
    },

    /** Telephony: the queue's id for a key or id (call-record filters). */
    queueId(ref: string): string | undefined {
      return queueByRef(ref)?.id;
    },

    async getContact(id: string, viewer: Viewer): Promise<Contact> {
      const row = await findContact(id);
      const mayRead =
        viewer.permissions.has('supervisor.monitor') ||
        viewer.permissions.has('contacts.create') ||
        row.agentId === viewer.userId ||
        row.targetAgentId === viewer.userId;
      if (!mayRead) throw contactNotFound(id);
      return contactOut(row, viewer);
    },

    async listContacts(
      q: { state?: ContactState | ContactState[]; queue?: string; agentId?: string; limit: number },
      viewer: Viewer,
    ): Promise<Contact[]> {
      const queue = q.queue ? queueByRef(q.queue) : undefined;
      if (q.queue && !queue) throw queueNotFound(q.queue);
      const rows = await repo.listContacts(db, {
        states: q.state ? (Array.isArray(q.state) ? q.state : [q.state]) : undefined,
        queueId: queue?.id,
        agentId: q.agentId,
        limit: q.limit,
      });
      return rows.map((r) => contactOut(r, viewer));
    },

    /**
     * The caller's own open contacts, for the agent desktop: offered, connected and in wrap-up, plus
     * transferred ones whose wrap-up is still due. Oldest first.
     */
    myContacts(viewer: Viewer): Contact[] {
      const rows = new Map<string, ContactRow>();
      for (const row of rt.open.values()) {
        if (row.agentId !== viewer.userId) continue;
        if (row.state === 'offered' || row.state === 'connected' || row.state === 'wrap_up') rows.set(row.id, row);
      }
      for (const w of rt.wrapping.values()) if (w.agentId === viewer.userId) rows.set(w.row.id, w.row);
      return [...rows.values()]
        .sort((x, y) => x.createdAt.getTime() - y.createdAt.getTime())
        .map((row) => contactOut(row, viewer));
    },

    async routingLog(id: string): Promise<RoutingLogEntry[]> {
      await findContact(id);
      return (await repo.contactEvents(db, id)).map((e) => {
        const d = e.decision as Explanation | null;
        return {
          at: e.at.toISOString(),
          fromState: e.fromState as ContactState | null,
          toState: e.toState as ContactState,
          queueId: e.queueId,
          agentId: e.agentId,
          actorId: e.actorId,
          note: e.note,
          rule: d?.rule ?? null,
          step: d?.step ?? null,
          considered: d?.considered ?? null,
          unavailable: d?.unavailable ?? null,
        };
      });
    },

    async accept(id: string, actor: Actor, viewer: Viewer): Promise<Contact> {
      const row = await rt.command(actor, (b) => {
        const r = rt.ownOpen(id, actor, ['offered']);
        const offers = rt.drive(b, (e, t) => e.accept(id, t));
        rt.transition(b, r, 'connected', { connectedAt: b.now });
        rt.applyOffers(b, offers);
        return r;
      });
      return contactOut(row, viewer);
    },

    async reject(id: string, actor: Actor, viewer: Viewer): Promise<Contact> {
      const row = await rt.command(actor, (b) => {
        const r = rt.ownOpen(id, actor, ['offered']);
        rt.declined(b, r, 'rejected');
        return r;
      });
      return contactOut(row, viewer);
    },

    /** The conversation ended: wrap-up for the queue's time, or completed at once with the form. */
    async complete(id: string, body: { wrapUp?: WrapUp }, actor: Actor, viewer: Viewer): Promise<Contact> {
      const row = await rt.command(actor, (b) => {
        const r = rt.ownOpen(id, actor, ['connected']);
        const q = rt.queues.get(r.queueId)!;
        const seconds = body.wrapUp ? 0 : q.settings.wrapUpSeconds;
        const agentId = r.agentId!;
        const offers = rt.drive(b, (e, t) => e.end(id, t, seconds));
        if (seconds === 0) {
          rt.transition(b, r, 'completed', { endedAt: b.now, completedAt: b.now, wrapUp: body.wrapUp ?? null });
        } else {
          rt.transition(b, r, 'wrap_up', { endedAt: b.now });
          rt.wrapping.set(id, { agentId, until: b.now.getTime() + seconds * 1000, row: r });
        }
        b.agents.add(agentId);
        rt.applyOffers(b, offers);
        return r;
      });
      return contactOut(row, viewer);
    },

    /** The wrap-up form (处理结果, request type, notes): the contact completes; the agent is free when no other wrap-up is due. */
    async wrapUp(id: string, body: WrapUp, actor: Actor, viewer: Viewer): Promise<Contact> {
      const row = await rt.command(actor, (b) => {
        const w = rt.wrapping.get(id);
        if (!w) {
          const open = rt.open.get(id);
          if (open && open.agentId !== actor.userId) throw rt.ownOpen(id, actor, ['wrap_up']);
          throw noWrapUpDue(id);
        }
        if (w.agentId !== actor.userId) rt.ownOpen(id, actor, ['wrap_up', 'transferred']);
        rt.wrapping.delete(id);
        if (w.row.state === 'wrap_up') rt.transition(b, w.row, 'completed', { completedAt: b.now, wrapUp: body });
        else rt.finishTransferred(b, w.row, body);
        if (![...rt.wrapping.values()].some((x) => x.agentId === w.agentId)) {
          rt.applyOffers(
            b,
            rt.drive(b, (e, t) => e.finishWrapUp(w.agentId, t)),
          );
        }
        b.agents.add(w.agentId);
        return w.row;
      });
      return contactOut(row, viewer);
    },

    /** More time for the notes: the wrap-up ends `seconds` later than it would have (at most an hour from now). */
    async extendWrapUp(
      id: string,
      seconds: number,
      actor: Actor,
      viewer: Viewer,
    ): Promise<Contact & { wrapUpUntil: string }> {
      const out = await rt.command(actor, (b) => {
        const w = rt.wrapping.get(id);
        if (!w) throw noWrapUpDue(id);
        if (w.agentId !== actor.userId) rt.ownOpen(id, actor, ['wrap_up', 'transferred']);
        w.until = Math.min(w.until + seconds * 1000, b.now.getTime() + 3_600_000);
        const until = Math.max(...[...rt.wrapping.values()].filter((x) => x.agentId === w.agentId).map((x) => x.until));
        rt.drive(b, (e, t) => e.extendWrapUp(w.agentId, until, t));
        b.agents.add(w.agentId);
        return { row: w.row, until: w.until };
      });
      return { ...contactOut(out.row, viewer), wrapUpUntil: new Date(out.until).toISOString() };
    },

    /** Hands a connected contact to a queue or a named agent; the new contact continues it. */
    async transfer(id: string, body: TransferBody, actor: Actor, viewer: Viewer): Promise<Contact> {
      if (body.agentId && !(await profileOf(body.agentId))) throw unknownAgent('agentId', body.agentId);
      const child = await rt.command(actor, (b) => {
        const r = rt.ownOpen(id, actor, ['connected']);
        const from = rt.queues.get(r.queueId)!;
        const target = body.queue ? queueOrField(body.queue, 'queue') : from;
        if (body.agentId) ensureAgent(b, body.agentId);
        const seconds = from.settings.wrapUpSeconds;
        const agentId = r.agentId!;
        const offers = rt.drive(b, (e, t) => e.end(id, t, seconds));
        const note = body.agentId ? `to agent ${body.agentId}` : `to queue ${target.key}`;
        rt.transition(
          b,
          r,
          'transferred',
          { endedAt: b.now, ...(seconds === 0 ? { completedAt: b.now } : {}) },
          { note: body.note ? `${note}: ${body.note}` : note },
        );
        if (seconds > 0) rt.wrapping.set(id, { agentId, until: b.now.getTime() + seconds * 1000, row: r });
        b.agents.add(agentId);
        rt.applyOffers(b, offers);
        const c = rt.newRow(b, {
          ...rt.copyForChild(r),
          queueId: target.id,
          parentId: r.id,
          targetAgentId: body.agentId ?? null,
          attributes: body.note ? { ...r.attributes, transferNote: body.note } : r.attributes,
        });
        rt.enter(b, c, `transfer from ${agentId}`, 0);
        return c;
      });
      return contactOut(child, viewer);
    },

    /** The customer left (chat closed, caller hung up) before an agent took the contact. */
    async abandon(id: string, actor: Actor, viewer: Viewer): Promise<Contact> {
      const row = await rt.command(actor, (b) => {
        const r = rt.open.get(id);
        if (!r) throw contactNotFound(id);
        if (r.state !== 'queued' && r.state !== 'offered') throw wrongState(r, 'queued or offered');
        const offers = rt.drive(b, (e, t) => e.abandon(id, t));
        rt.transition(b, r, 'abandoned', { endedAt: b.now });
        rt.applyOffers(b, offers);
        return r;
      });
      return contactOut(row, viewer);
    },

    /** Supervisor: another queue, a higher priority, a named agent — audited. */
    async updateContact(id: string, body: UpdateContactBody, actor: Actor, viewer: Viewer): Promise<Contact> {
      if (body.assignTo && !(await profileOf(body.assignTo))) throw unknownAgent('assignTo', body.assignTo);
      const row = await rt.command(actor, (b) => {
        const r = rt.open.get(id);
        if (!r) throw contactNotFound(id);
        if (r.state !== 'queued' && r.state !== 'offered') throw wrongState(r, 'queued or offered');
        const q = body.queue ? queueOrField(body.queue, 'queue') : undefined;
        if (body.assignTo) ensureAgent(b, body.assignTo);
        const before = { queueId: r.queueId, priority: r.priority, targetAgentId: r.targetAgentId };
        const offers = rt.drive(b, (e, t) =>
          e.requeue(id, { queueId: q?.id, priority: body.priority, targetAgentId: body.assignTo }, t),
        );
        rt.transition(
          b,
          r,
          'queued',
          {
            queueId: q?.id ?? r.queueId,
            priority: body.priority ?? r.priority,
            targetAgentId: body.assignTo === undefined ? r.targetAgentId : body.assignTo,
            agentId: null,
            offeredAt: null,
          },
          { note: `changed by supervisor: ${JSON.stringify(body)}`, eventName: 'routing.contact.updated' },
        );
        rt.applyOffers(b, offers);
        b.audits.push({
          action: 'routing.contact.updated',
          entityType: 'contact',
          entityId: id,
          details: { before, after: body },
        });
        return r;
      });
      return contactOut(row, viewer);
    },
  };
}
export type RoutingService = ReturnType<typeof createRoutingService>;

const wrongState = (r: ContactRow, wanted: string) => wrongContactState(r.id, r.state, wanted);
