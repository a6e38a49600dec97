import {
  type AgentRouting,
  type CreateQueueBody,
  type CreateSkillBody,
  NO_ANSWER_REASON,
  type PutAgentRoutingBody,
  QUEUE_DEFAULTS,
  type Queue,
  type ReasonCode,
  type Skill,
  type UpdateQueueBody,
} from '../../../../contracts/routing';
import type { Actor } from '../../platform/audit';
import { isUniqueViolation } from '../../platform/db';
import type { RoutingContext } from './routing.context';
import {
  keyTaken,
  overflowLoop,
  queueNotFound,
  reasonNotFound,
  skillNotFound,
  unknownCalendar,
  unknownQueueField,
  unknownReason,
  unknownSkill,
  userNotFound,
} from './routing.errors';
import type { ReasonCodeRow, SkillRow } from './routing.repo';
import type { AgentCfg, Batch, QueueRec, QueueSettings } from './routing.runtime';

const DEFAULT_REASONS = [
  { code: 'break', labelZh: '小休', labelEn: 'Break', sortOrder: 10 },
  { code: 'meal', labelZh: '就餐', labelEn: 'Meal', sortOrder: 20 },
  { code: 'training', labelZh: '培训', labelEn: 'Training', sortOrder: 30 },
  { code: 'meeting', labelZh: '会议', labelEn: 'Meeting', sortOrder: 40 },
  { code: 'coaching', labelZh: '辅导', labelEn: 'Coaching', sortOrder: 50 },
  { code: NO_ANSWER_REASON, labelZh: '未应答', labelEn: 'No answer', sortOrder: 90, system: true },
];

const toSkill = (r: SkillRow): Skill => ({ id: r.id, key: r.key, name: r.name, createdAt: r.createdAt.toISOString() });
const toQueue = (q: Readonly<QueueRec>): Queue => ({
  id: q.id,
  key: q.key,
  name: q.name,
  ...q.settings,
  calendarId: q.settings.calendarId ?? null, // queues saved before calendars have none
  vipPriorityBoost: q.settings.vipPriorityBoost ?? 0, // nor those saved before the VIP boost
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

async function guardKey<T>(what: string, key: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isUniqueViolation(err)) throw keyTaken(what, key);
    throw err;
  }
}

/**
 * The ACD's configuration: skills, queues, not-ready reason codes and each agent's routing (skills,
 * memberships, capacity). Every change is a runtime command, audited, announced as
 * `routing.config.changed`, and kept in memory for the engine and the checks below.
 */
export function createRoutingConfig(ctx: RoutingContext) {
  const { deps, rt, profileOf } = ctx;
  const { db, repo, ids } = deps;
  /** Reason codes, by id: read on every not-ready, changed rarely. */
  const reasons = new Map<string, ReasonCodeRow>();

  function queueOrField(ref: string, path: string): Readonly<QueueRec> {
    const q = rt.queueByRef(ref);
    if (!q) throw unknownQueueField(path, ref);
    return q;
  }
  function checkSkills(list: Array<{ skill: string }>, path: string): void {
    list.forEach((s, i) => {
      if (!rt.hasSkill(s.skill)) throw unknownSkill(`${path}.${i}.skill`, s.skill);
    });
  }
  async function assertCalendar(id: string | null | undefined): Promise<void> {
    if (id && deps.calendars && !(await deps.calendars.exists(id))) throw unknownCalendar(id);
  }
  function checkQueueSettings(key: string, s: Partial<QueueSettings>): void {
    if (s.skills) checkSkills(s.skills, 'skills');
    for (const [i, step] of (s.relaxation ?? []).entries()) {
      for (const [j, k] of (step.overflowQueues ?? []).entries()) {
        if (!rt.hasQueueKey(k) && k !== key) throw unknownQueueField(`relaxation.${i}.overflowQueues.${j}`, k);
      }
    }
    if (s.overflowQueue) {
      if (s.overflowQueue === key) throw overflowLoop(key);
      if (!rt.hasQueueKey(s.overflowQueue)) throw unknownQueueField('overflowQueue', s.overflowQueue);
    }
  }
  /** A not-ready reason as the agent gave it (code or label), or null; an unknown one is refused. */
  function resolveReason(reason: string | undefined): string | null {
    if (!reason) return null;
    for (const r of reasons.values()) {
      if (!r.active || r.system) continue;
      if (r.code === reason || r.labelZh === reason || r.labelEn.toLowerCase() === reason.toLowerCase()) return r.code;
    }
    throw unknownReason(reason);
  }
  function routingOf(userId: string): AgentRouting {
    const cfg = rt.agentConfig(userId) ?? { skills: {}, capacity: {}, memberships: [] };
    return {
      userId,
      skills: Object.entries(cfg.skills).map(([skill, level]) => ({ skill, level })),
      memberships: cfg.memberships.map((m) => ({
        queueId: m.queueId,
        queueKey: rt.queue(m.queueId)?.key ?? '',
        priority: m.priority,
        delaySeconds: m.delaySeconds,
      })),
      capacity: { ...cfg.capacity },
    };
  }
  function configChanged(b: Batch, what: 'queue' | 'skill' | 'reason_code' | 'agent', id: string) {
    b.writes.push((tx) => deps.bus.stage(tx, 'routing.config.changed', { what, id }));
  }

  const service = {
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
          b.writes.push(async () => rt.addSkill(row.key));
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
      return rt.queueList().map(toQueue);
    },
    getQueue(ref: string): Queue {
      const q = rt.queueByRef(ref);
      if (!q) throw queueNotFound(ref);
      return toQueue(q);
    },
    async createQueue(body: CreateQueueBody, actor: Actor): Promise<Queue> {
      const { key, name, ...rest } = body;
      await assertCalendar(rest.calendarId);
      const settings = { ...QUEUE_DEFAULTS, ...rest } as QueueSettings;
      return guardKey('queue', key, () =>
        rt.command(actor, async (b) => {
          if (rt.hasQueueKey(key)) throw keyTaken('queue', key);
          checkQueueSettings(key, settings);
          const rec: QueueRec = { id: ids.next(), key, name, settings, createdAt: b.now, updatedAt: b.now };
          b.writes.push((tx) => repo.insertQueue(tx, { ...rec }).then(() => undefined));
          rt.moves.upsertQueue(b, rec);
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
      await assertCalendar(body.calendarId);
      return rt.command(actor, async (b) => {
        const q = rt.queueByRef(ref);
        if (!q) throw queueNotFound(ref);
        const { name, ...rest } = body;
        checkQueueSettings(q.key, rest);
        const rec: QueueRec = { ...q, name: name ?? q.name, settings: { ...q.settings, ...rest }, updatedAt: b.now };
        b.writes.push((tx) =>
          repo
            .updateQueue(tx, q.id, { name: rec.name, settings: rec.settings, updatedAt: b.now })
            .then(() => undefined),
        );
        rt.moves.upsertQueue(b, rec);
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

    // ---- agents' routing ----------------------------------------------------------------------
    async listAgentRouting(): Promise<
      Array<AgentRouting & { username: string; displayName: string; teamId: string | null }>
    > {
      const profiles = await deps.users.profiles(db);
      return profiles
        .filter((p) => rt.agentConfig(p.id))
        .map((p) => ({ ...routingOf(p.id), username: p.username, displayName: p.displayName, teamId: p.teamId }));
    },
    /** Has this user been given skills or queues (or used the desktop) yet? */
    hasRouting(userId: string): boolean {
      return rt.agentConfig(userId) !== undefined;
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
        rt.moves.ensureAgent(b, userId);
        const cfg: AgentCfg = {
          skills: Object.fromEntries(body.skills.map((s) => [s.skill, s.level])),
          capacity: body.capacity
            ? (Object.fromEntries(Object.entries(body.capacity).filter(([, v]) => v !== undefined)) as Record<
                string,
                number
              >)
            : { ...(rt.agentConfig(userId)?.capacity ?? {}) },
          memberships,
        };
        b.writes.push(async (tx) => {
          await repo.updateAgent(tx, userId, { skills: cfg.skills, capacity: cfg.capacity, updatedAt: b.now });
          await repo.replaceMemberships(tx, userId, memberships);
        });
        rt.moves.setAgentRouting(b, userId, cfg);
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
  };

  return {
    service,
    queueOrField,
    checkSkills,
    resolveReason,
    routingOf,
    /** The default reason codes exist (inserted once), then all of them are cached. */
    async loadReasons(): Promise<void> {
      const now = deps.clock.now();
      for (const r of DEFAULT_REASONS) {
        await repo.insertReasonCode(db, { id: ids.next(), active: true, system: false, createdAt: now, ...r });
      }
      for (const r of await repo.reasonCodes(db)) reasons.set(r.id, r);
    },
  };
}
export type RoutingConfig = ReturnType<typeof createRoutingConfig>;
