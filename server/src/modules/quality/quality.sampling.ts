import { createHash } from 'node:crypto';
import { and, count, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type {
  AssignTaskBody,
  DrawResult,
  ListTasksQuery,
  SampleReason,
  SamplingPlan,
  SamplingPlanBody,
  Task,
} from '../../../../contracts/quality';
import { SamplingPlanBody as PlanSchema } from '../../../../contracts/quality';
import { type Actor, type AuditLog, systemActor } from '../../platform/audit';
import type { EventBus } from '../../platform/bus';
import { addDays, localDateTimeText, startOfDay, weekdayOf, zonedInstant } from '../../platform/calendar';
import type { Clock } from '../../platform/clock';
import { type Database, isRetryable, isUniqueViolation } from '../../platform/db';
import { forbidden } from '../../platform/errors';
import type { IdGenerator } from '../../platform/ids';
import type { Logger } from '../../platform/logger';
import { createScanner } from '../../platform/scanner';
import type { UsersService } from '../auth';
import { agentRate, assignEvaluators, type SamplePick, seededUnit } from './domain/assign';
import type { ContactsReadModel } from './quality.contacts';
import {
  contactNotFound,
  noEvaluators,
  ownContact,
  periodNotEnded,
  periodNotMonday,
  planNameTaken,
  planNotFound,
} from './quality.errors';
import { qualityDraws, qualityPlans, qualityTasks } from './quality.schema';

type PlanRow = typeof qualityPlans.$inferSelect;
const DAY_MS = 86_400_000;
const DRAW_GRACE_MS = 2 * 3_600_000;

/**
 * The last complete period before `now`: yesterday, or last Monday–Sunday week — both by the
 * center's wall clock. The local date comes from the zone's calendar fields (not a locale's date
 * format), and the week from that date itself, so the weekday and the date cannot disagree.
 */
export function lastPeriod(frequency: 'daily' | 'weekly', tz: string, now: Date): string {
  const today = localDateTimeText(tz, now).slice(0, 10);
  if (frequency === 'daily') return addDays(today, -1);
  return addDays(today, -(weekdayOf(today) - 1) - 7);
}

/**
 * Sampling (抽样, docs/quality.md): plans drawn once per period — a seeded random share of each
 * agent's handled contacts (multiplied for new hires and low scorers) and every contact matching
 * a targeted rule (complaints, long calls, low CSAT, transfers, repeat callers, new hires' first
 * contacts), each with the reasons it was chosen; then handed to evaluators, balanced, never their
 * own. The draw is one set-based statement over quality_contacts (bench:quality: 1,000,000
 * contacts), ordered by md5(seed ‖ contact) so the same plan and period always draw the same.
 */
export function createSampling(deps: {
  db: Database;
  bus: EventBus;
  clock: Clock;
  ids: IdGenerator;
  audit: AuditLog;
  log: Logger;
  users: Pick<UsersService, 'profiles' | 'displayNames'>;
  contacts: ContactsReadModel;
  timezone: string;
}) {
  const { db, bus, clock, ids, audit } = deps;

  const toPlan = (r: PlanRow, lastDrawnPeriod: string | null): SamplingPlan => ({
    ...PlanSchema.parse({ ...r.config, name: r.name, enabled: r.enabled }),
    id: r.id,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    lastDrawnPeriod,
  });

  async function lastDrawn(planIds: string[]): Promise<Map<string, string>> {
    if (planIds.length === 0) return new Map();
    const rows = await db
      .select({ planId: qualityDraws.planId, period: sql<string>`max(${qualityDraws.periodStart})::text` })
      .from(qualityDraws)
      .where(inArray(qualityDraws.planId, planIds))
      .groupBy(qualityDraws.planId);
    return new Map(rows.map((r) => [r.planId, r.period]));
  }

  async function getPlan(id: string): Promise<SamplingPlan> {
    const [r] = await db.select().from(qualityPlans).where(eq(qualityPlans.id, id));
    if (!r) throw planNotFound(id);
    return toPlan(r, (await lastDrawn([id])).get(id) ?? null);
  }

  async function named<T>(name: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (isUniqueViolation(err)) throw planNameTaken(name);
      throw err;
    }
  }

  /** Per agent of the candidates: tenure (days since their account was made) and mean score of 90 days. */
  async function agentFacts(agentIds: string[], now: Date) {
    const profiles = await deps.users.profiles(db, agentIds);
    const hired = new Map(profiles.map((p) => [p.id, p.createdAt]));
    const scores = await db.execute<{ agent_id: string; mean: number }>(sql`
      select agent_id, avg(score)::float8 as mean from quality_evaluations
       where agent_id = any(${sql.param(agentIds)}::uuid[]) and submitted_at >= ${new Date(now.getTime() - 90 * DAY_MS)}
         and calibration_id is null and score is not null
       group by agent_id`);
    const mean = new Map(scores.rows.map((r) => [r.agent_id, Number(r.mean)]));
    return (id: string) => {
      const h = hired.get(id);
      return {
        tenureDays: h ? Math.floor((now.getTime() - h.getTime()) / DAY_MS) : null,
        meanScore: mean.get(id) ?? null,
      };
    };
  }

  /** The draw's statement: every candidate chosen with the reasons why (reasons sorted). */
  async function choose(
    plan: SamplingPlanBody,
    seed: string,
    from: Date,
    to: Date,
  ): Promise<{ candidates: number; picks: Array<SamplePick & { reasons: SampleReason[] }> }> {
    const queueFilter = plan.queueIds.length ? sql`and c.queue_id = any(${sql.param(plan.queueIds)}::uuid[])` : sql``;
    const channelFilter = plan.channels.length ? sql`and c.channel = any(${sql.param(plan.channels)}::text[])` : sql``;
    // Without JIT: a big day's row estimates trigger it, and compiling costs more than the scans.
    const noJit = <T extends Record<string, unknown>>(query: SQL) =>
      db.transaction(async (tx) => {
        await tx.execute(sql`set local jit = off`);
        return tx.execute<T>(query);
      });
    const agents = await noJit<{ agent_id: string; n: number }>(sql`
      select c.agent_id, count(*)::int as n from quality_contacts c
       where c.connected_at >= ${from} and c.connected_at < ${to} ${queueFilter} ${channelFilter}
       group by c.agent_id`);
    const candidates = agents.rows.reduce((s, r) => s + Number(r.n), 0);
    if (candidates === 0) return { candidates, picks: [] };
    const agentIds = agents.rows.map((r) => r.agent_id);
    const facts = await agentFacts(agentIds, to);
    const rates = agentIds.map((id) => agentRate(plan, facts(id)));
    // Whether each agent's fractional contact is taken: a seeded draw per agent and period.
    const draws = agentIds.map((id) => seededUnit(seed, `agent:${id}`));
    const newHire = agentIds.map((id) => {
      const t = facts(id).tenureDays;
      return plan.newHireDays !== null && plan.newHirePerAgent !== null && t !== null && t < plan.newHireDays;
    });
    const repeatHours = plan.repeatCallerHours;
    // The long-call limit first (one sort of the period's handle times), so the draw reads it as a number.
    const longMs =
      plan.longCallPercentile === null
        ? null
        : Number(
            (
              await noJit<{ ms: number | null }>(sql`
                select percentile_cont(${plan.longCallPercentile / 100}) within group (order by handle_ms) as ms
                  from quality_contacts c
                 where c.connected_at >= ${from} and c.connected_at < ${to} and c.handle_ms is not null
                       ${queueFilter} ${channelFilter}`)
            ).rows[0]?.ms ?? Number.POSITIVE_INFINITY,
          );
    const windowFrom = new Date(from.getTime() - (repeatHours ?? 0) * 3_600_000);
    // The seed as the hash's 64-bit key (hashtextextended: PostgreSQL's stable hash, as hash partitioning uses).
    const seedKey = BigInt.asIntN(
      64,
      BigInt(`0x${createHash('md5').update(seed).digest('hex').slice(0, 16)}`),
    ).toString();
    const nh = plan.newHirePerAgent ?? 0;
    const long = longMs ?? Number.POSITIVE_INFINITY;
    const lowCsat = plan.lowCsatMax ?? 0;
    // The targeted rules but the repeat caller's, as one condition (on the few picked contacts it is
    // evaluated again, rule by rule, for the reasons).
    const flaggedSql = sql`((${plan.complaints} and c.complaint) or c.handle_ms > ${long}::float8
      or c.csat <= ${lowCsat} or (${plan.transfers} and c.transferred))`;
    // Repeat callers in one sort of the period's contacts (and the hours before it) by customer and
    // time, not a lookup per contact: a contact is a repeat when the customer's latest contact
    // before it on ANOTHER call (a transfer's later leg is the same call) lies within the hours. That
    // contact is one of the three before it unless the call had more legs in a row: only then is it
    // looked up. (Two contacts of one customer at the very same instant count one before the other.)
    const within = (k: number) =>
      sql`when b.call_key is distinct from lag(b.call_key, ${sql.raw(String(k))}) over w
            then lag(b.connected_at, ${sql.raw(String(k))}) over w >= b.connected_at - make_interval(hours => ${repeatHours})`;
    const repeats =
      repeatHours === null
        ? sql`
      marked as (select b.*, false as repeat_caller from base b),`
        : sql`
      marked as (
        select b.contact_id, b.agent_id, b.in_scope, b.flagged,
               b.customer_id is not null and coalesce(case ${within(1)} ${within(2)} ${within(3)}
                 else exists (
                   select 1 from quality_contacts o
                    where o.customer_id = b.customer_id and o.contact_id <> b.contact_id
                      and o.connected_at < b.connected_at
                      and o.connected_at >= b.connected_at - make_interval(hours => ${repeatHours})
                      and coalesce(o.call_id, o.contact_id::text) <> b.call_key)
               end, false) as repeat_caller
          from base b
        window w as (partition by b.customer_id order by b.connected_at, b.contact_id)
      ),`;
    // Narrow rows through the sorts (a million of them): what each contact needs to be ranked.
    const query = sql`
      with base as (
        select c.contact_id, c.agent_id, c.connected_at, c.customer_id collate "C" as customer_id,
               coalesce(c.call_id, c.contact_id::text) as call_key,
               (c.connected_at >= ${from} ${queueFilter} ${channelFilter}) as in_scope,
               ${flaggedSql} as flagged
          from quality_contacts c
         where c.connected_at >= ${repeatHours === null ? from : windowFrom} and c.connected_at < ${to}
      ),
      ${repeats}
      cand as (
        select c.contact_id, c.agent_id, c.repeat_caller, c.flagged or c.repeat_caller as targeted,
               -- The seeded order: a stable 64-bit hash of the seed and the contact.
               hashtextextended(c.contact_id::text, ${seedKey}::bigint) as h
          from marked c
         where c.in_scope and not exists (select 1 from quality_tasks t where t.contact_id = c.contact_id)
      ),
      rates as (
        select unnest(${sql.param(agentIds)}::uuid[]) as agent_id, unnest(${sql.param(rates)}::float8[]) as rate,
               unnest(${sql.param(draws)}::float8[]) as draw, unnest(${sql.param(newHire)}::boolean[]) as new_hire
      ),
      -- One sort by agent in the seeded order serves the random share (rn), its size (n) and the cap
      -- of targeted contacts (k: the how-manieth targeted one this is).
      ranked as (
        select cand.contact_id, cand.agent_id, cand.repeat_caller, cand.targeted,
               row_number() over w as rn,
               count(*) over (partition by cand.agent_id) as n,
               count(*) filter (where cand.targeted) over w as k
          from cand
        window w as (partition by cand.agent_id order by cand.h rows between unbounded preceding and current row)
      ),
      -- Each agent's share: floor(n × rate) contacts, and one more with the probability of the
      -- fraction (seeded per agent), so the share is right on average however few contacts a day;
      -- a new hire's next contacts in the same seeded order; at most maxTargetedPerAgent targeted ones.
      quota as (
        select ranked.*, r.new_hire, floor(n * r.rate / 100.0)
               + case when r.draw < (n * r.rate / 100.0) - floor(n * r.rate / 100.0) then 1 else 0 end as quota
          from ranked join rates r using (agent_id)
      ),
      picked as (
        select q.contact_id, q.agent_id, q.repeat_caller,
               q.rn <= q.quota as random,
               q.new_hire and q.rn > q.quota and q.rn <= q.quota + ${nh} as new_hire,
               q.targeted and q.k <= ${plan.maxTargetedPerAgent} as targeted
          from quota q
         where q.rn <= q.quota + case when q.new_hire then ${nh} else 0 end
            or (q.targeted and q.k <= ${plan.maxTargetedPerAgent})
      )
      -- The reasons, in their sorted order, of the few contacts picked.
      select p.contact_id, p.agent_id, array_remove(array[
               case when p.targeted and ${plan.complaints} and c.complaint then 'complaint' end,
               case when p.targeted and c.handle_ms > ${long}::float8 then 'long_call' end,
               case when p.targeted and c.csat <= ${lowCsat} then 'low_csat' end,
               case when p.new_hire then 'new_hire' end,
               case when p.random then 'random' end,
               case when p.targeted and p.repeat_caller then 'repeat_caller' end,
               case when p.targeted and ${plan.transfers} and c.transferred then 'transfer' end
             ], null) as reasons
        from picked p
        cross join lateral (select * from quality_contacts c where c.contact_id = p.contact_id) c`;
    // Sorting a million rows (the seeded order, customers' contacts in time) in memory, not on disk.
    const rows = await db.transaction(async (tx) => {
      await tx.execute(sql`set local work_mem = '256MB'`);
      // No JIT: the row estimates of a big day trigger it, and compiling costs more than it saves.
      await tx.execute(sql`set local jit = off`);
      // The anti-join with the tasks is a hash (the planner would walk the contacts' whole primary-key
      // index in order for a merge join: seconds on a big day).
      await tx.execute(sql`set local enable_mergejoin = off`);
      return tx.execute<{ contact_id: string; agent_id: string; reasons: string[] }>(query);
    });
    return {
      candidates,
      picks: rows.rows.map((r) => ({
        contactId: r.contact_id,
        agentId: r.agent_id,
        reasons: r.reasons as SampleReason[],
      })),
    };
  }

  async function openLoad(evaluatorIds: string[]): Promise<Map<string, number>> {
    const rows = await db
      .select({ evaluatorId: qualityTasks.evaluatorId, n: count() })
      .from(qualityTasks)
      .where(
        and(inArray(qualityTasks.evaluatorId, evaluatorIds), inArray(qualityTasks.status, ['open', 'in_progress'])),
      )
      .groupBy(qualityTasks.evaluatorId);
    return new Map(rows.map((r) => [r.evaluatorId, r.n]));
  }

  async function summary(drawId: string) {
    const rows = await db.execute<{ reason: string; evaluator_id: string; n: number }>(sql`
      select unnest(reasons) as reason, evaluator_id, count(*)::int as n from quality_tasks
       where draw_id = ${drawId} group by 1, 2`);
    const byReason: Record<string, number> = {};
    const byEvaluator: Record<string, number> = {};
    const seen = await db.execute<{ evaluator_id: string; n: number }>(sql`
      select evaluator_id, count(*)::int as n from quality_tasks where draw_id = ${drawId} group by 1`);
    for (const r of rows.rows) byReason[r.reason] = (byReason[r.reason] ?? 0) + Number(r.n);
    for (const r of seen.rows) byEvaluator[r.evaluator_id] = Number(r.n);
    return { byReason, byEvaluator };
  }

  /** Draws a plan for one period (idempotent: a period drawn before answers what it made). */
  async function draw(planId: string, periodStart: string | undefined, actor: Actor, attempt = 0): Promise<DrawResult> {
    const plan = await getPlan(planId);
    // A weekly plan's periods are Monday–Sunday weeks: another start would draw a week overlapping
    // two of them (and the scheduler would draw its days again).
    if (periodStart !== undefined && plan.frequency === 'weekly' && weekdayOf(periodStart) !== 1) {
      throw periodNotMonday(periodStart);
    }
    const start = periodStart ?? lastPeriod(plan.frequency, deps.timezone, clock.now());
    const end = addDays(start, plan.frequency === 'daily' ? 1 : 7);
    // A period is drawn once it has ended (a manual draw of today would close it half full).
    if (zonedInstant(deps.timezone, end) > clock.now()) throw periodNotEnded(end);
    const seed = `${planId}:${start}`;
    const [existing] = await db
      .select()
      .from(qualityDraws)
      .where(and(eq(qualityDraws.planId, planId), eq(qualityDraws.periodStart, start)));
    if (existing) {
      return {
        drawId: existing.id,
        planId,
        periodStart: start,
        periodEnd: end,
        seed: existing.seed,
        candidates: existing.candidates,
        picked: existing.picked,
        existing: true,
        ...(await summary(existing.id)),
      };
    }
    const from = zonedInstant(deps.timezone, start);
    const to = zonedInstant(deps.timezone, end);
    const { candidates, picks } = await choose(plan, seed, from, to);
    // A period without contacts (yet: a backlog of events still arriving, a closed day) is not
    // recorded as drawn, so the scheduler draws it once its contacts are there.
    if (candidates === 0) {
      return {
        drawId: null,
        planId,
        periodStart: start,
        periodEnd: end,
        seed,
        candidates: 0,
        picked: 0,
        existing: false,
        byReason: {},
        byEvaluator: {},
      };
    }
    const { assigned } = assignEvaluators(picks, plan.evaluatorIds, await openLoad(plan.evaluatorIds), seed);
    if (picks.length > 0 && assigned.length === 0) throw noEvaluators();
    const reasons = new Map(picks.map((p) => [p.contactId, p.reasons]));
    const drawId = ids.next();
    const now = clock.now();
    const dueAt = new Date(startOfDay(deps.timezone, now).getTime() + (plan.dueDays + 1) * DAY_MS - 1000);
    let picked = assigned.length;
    try {
      await bus.transaction(async (tx) => {
        await tx.insert(qualityDraws).values({
          id: drawId,
          planId,
          periodStart: start,
          periodEnd: end,
          seed,
          candidates,
          picked: assigned.length,
          drawnAt: now,
          drawnBy: actor.userId,
        });
        // One statement over arrays (thousands of tasks in a big center's draw). A contact another
        // plan's draw took meanwhile (the draw's statement skipped those tasked before it) is
        // skipped here: quality_tasks_sampled_once holds "sampled once, whatever the plan".
        let taken: string[] = [];
        if (assigned.length) {
          const inserted = await tx.execute<{ evaluator_id: string }>(sql`
            insert into quality_tasks (id, draw_id, contact_id, agent_id, evaluator_id, reasons, due_at, status, created_at)
            select t.id, ${drawId}, t.contact_id, t.agent_id, t.evaluator_id, string_to_array(t.reasons, ','),
                   ${dueAt}, 'open', ${now}
              from unnest(${sql.param(assigned.map(() => ids.next()))}::uuid[],
                          ${sql.param(assigned.map((a) => a.contactId))}::uuid[],
                          ${sql.param(assigned.map((a) => a.agentId))}::uuid[],
                          ${sql.param(assigned.map((a) => a.evaluatorId))}::uuid[],
                          ${sql.param(assigned.map((a) => (reasons.get(a.contactId) ?? ['random']).join(',')))}::text[])
                   as t(id, contact_id, agent_id, evaluator_id, reasons)
             order by t.contact_id
            on conflict (contact_id) where draw_id is not null do nothing
            returning evaluator_id`);
          taken = inserted.rows.map((r) => r.evaluator_id);
        }
        picked = taken.length;
        if (picked !== assigned.length) {
          await tx.update(qualityDraws).set({ picked }).where(eq(qualityDraws.id, drawId));
        }
        await audit.append(tx, actor, {
          action: 'quality.plan.drawn',
          entityType: 'sampling_plan',
          entityId: planId,
          details: { periodStart: start, candidates, picked },
        });
        if (picked) {
          await bus.stage(tx, 'quality.tasks.assigned', {
            evaluatorIds: [...new Set(taken)],
            count: picked,
            at: now.toISOString(),
          });
        }
      });
    } catch (err) {
      // Drawn at the same moment by the scheduler and a person: the first one stands.
      if (isUniqueViolation(err)) return draw(planId, start, actor);
      // Two plans over one queue drawn at once insert the same contacts: in contact order (above) the
      // second waits for the first rather than deadlocking, and should the database still pick one
      // as a deadlock's victim, it draws again (skipping what the other took).
      if (isRetryable(err) && attempt < 3) return draw(planId, start, actor, attempt + 1);
      throw err;
    }
    return {
      drawId,
      planId,
      periodStart: start,
      periodEnd: end,
      seed,
      candidates,
      picked,
      existing: false,
      ...(await summary(drawId)),
    };
  }

  /** The scheduler's pass: every enabled plan's last complete period, drawn once. */
  async function drawDue(): Promise<number> {
    const plans = await db.select().from(qualityPlans).where(eq(qualityPlans.enabled, true));
    let n = 0;
    for (const p of plans) {
      const plan = toPlan(p, null);
      // Two hours after the period's end: contacts still talking at midnight, and events still in the
      // outbox, are in by then (the draw is final for its period).
      const start = lastPeriod(plan.frequency, deps.timezone, new Date(clock.now().getTime() - DRAW_GRACE_MS));
      const [done] = await db
        .select({ id: qualityDraws.id })
        .from(qualityDraws)
        .where(and(eq(qualityDraws.planId, p.id), eq(qualityDraws.periodStart, start)));
      if (done) continue;
      try {
        if ((await draw(p.id, start, systemActor)).drawId) n++;
      } catch (err) {
        deps.log.warn({ err, planId: p.id }, 'quality: a scheduled draw failed');
      }
    }
    return n;
  }
  const scheduler = createScanner({
    what: 'quality sampling',
    batchSize: Number.MAX_SAFE_INTEGER,
    // A minute: a due period is drawn soon after its contacts arrive; a pass is a query per plan.
    intervalMs: 60_000,
    batch: drawDue,
    log: deps.log,
  });

  async function toTasks(rows: Array<typeof qualityTasks.$inferSelect>): Promise<Task[]> {
    const names = await deps.users.displayNames(db, [...new Set(rows.flatMap((r) => [r.agentId, r.evaluatorId]))]);
    const contacts = new Map(
      (
        await deps.contacts.findMany(
          db,
          rows.map((r) => r.contactId),
        )
      ).map((c) => [c.contactId, c]),
    );
    const findings = rows.length
      ? await db.execute<{ contact_id: string; n: number }>(sql`
          select contact_id, count(*)::int as n from quality_findings
           where contact_id = any(${sql.param(rows.map((r) => r.contactId))}::uuid[]) group by 1`)
      : { rows: [] };
    const found = new Map(findings.rows.map((f) => [f.contact_id, Number(f.n)]));
    const now = clock.now();
    return rows.map((r) => {
      const c = contacts.get(r.contactId);
      return {
        id: r.id,
        drawId: r.drawId,
        contactId: r.contactId,
        agentId: r.agentId,
        agentName: names.get(r.agentId) ?? '',
        evaluatorId: r.evaluatorId,
        evaluatorName: names.get(r.evaluatorId) ?? '',
        reasons: r.reasons as SampleReason[],
        dueAt: r.dueAt.toISOString(),
        overdue: r.status !== 'done' && r.status !== 'cancelled' && r.dueAt < now,
        status: r.status as Task['status'],
        evaluationId: r.evaluationId,
        queueId: c?.queueId ?? null,
        channel: c?.channel ?? null,
        connectedAt: c?.connectedAt.toISOString() ?? null,
        handleMs: c?.handleMs ?? null,
        findings: found.get(r.contactId) ?? 0,
        createdAt: r.createdAt.toISOString(),
      };
    });
  }

  return {
    async listPlans(): Promise<SamplingPlan[]> {
      const rows = await db.select().from(qualityPlans).orderBy(qualityPlans.name);
      const last = await lastDrawn(rows.map((r) => r.id));
      return rows.map((r) => toPlan(r, last.get(r.id) ?? null));
    },
    getPlan,

    async createPlan(body: SamplingPlanBody, actor: Actor): Promise<SamplingPlan> {
      const id = ids.next();
      await named(body.name, () =>
        db.transaction(async (tx) => {
          const now = clock.now();
          const { name, enabled, ...config } = body;
          await tx.insert(qualityPlans).values({ id, name, enabled, config, createdAt: now, updatedAt: now });
          await audit.append(tx, actor, {
            action: 'quality.plan.created',
            entityType: 'sampling_plan',
            entityId: id,
            details: { name, randomPercent: body.randomPercent, frequency: body.frequency },
          });
        }),
      );
      return getPlan(id);
    },

    async updatePlan(id: string, body: SamplingPlanBody, actor: Actor): Promise<SamplingPlan> {
      await getPlan(id);
      await named(body.name, () =>
        db.transaction(async (tx) => {
          const { name, enabled, ...config } = body;
          await tx
            .update(qualityPlans)
            .set({ name, enabled, config, updatedAt: clock.now() })
            .where(eq(qualityPlans.id, id));
          await audit.append(tx, actor, {
            action: 'quality.plan.updated',
            entityType: 'sampling_plan',
            entityId: id,
            details: { name, enabled, randomPercent: body.randomPercent },
          });
        }),
      );
      return getPlan(id);
    },

    draw,

    /** One's work list (or, for QA leads, another evaluator's): open first, by due date. */
    async listTasks(q: ListTasksQuery, actor: Actor) {
      const evaluatorId = q.evaluatorId ?? actor.userId!;
      if (evaluatorId !== actor.userId && !actor.permissions?.has('qa.manage')) throw forbidden('qa.manage');
      const where = and(
        eq(qualityTasks.evaluatorId, evaluatorId),
        q.status === 'open'
          ? inArray(qualityTasks.status, ['open', 'in_progress'])
          : q.status === 'done'
            ? eq(qualityTasks.status, 'done')
            : undefined,
      );
      const [total] = await db.select({ n: count() }).from(qualityTasks).where(where);
      const rows = await db
        .select()
        .from(qualityTasks)
        .where(where)
        .orderBy(qualityTasks.dueAt, desc(qualityTasks.createdAt), qualityTasks.id)
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize);
      return { items: await toTasks(rows), total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
    },

    /** A QA lead puts one contact on an evaluator's list by hand (reason `manual`). */
    async assign(body: AssignTaskBody, actor: Actor): Promise<Task> {
      const contact = await deps.contacts.find(db, body.contactId);
      if (!contact) throw contactNotFound(body.contactId);
      if (contact.agentId === body.evaluatorId) throw ownContact();
      const now = clock.now();
      const [row] = await db
        .insert(qualityTasks)
        .values({
          id: ids.next(),
          drawId: null,
          contactId: contact.contactId,
          agentId: contact.agentId,
          evaluatorId: body.evaluatorId,
          reasons: ['manual'],
          dueAt: body.dueAt ? new Date(body.dueAt) : new Date(now.getTime() + 3 * DAY_MS),
          status: 'open',
          createdAt: now,
        })
        .returning();
      void actor;
      return (await toTasks([row!]))[0]!;
    },

    start: () => scheduler.start(),
    stop: () => scheduler.stop(),
    drawDue,
  };
}
export type Sampling = ReturnType<typeof createSampling>;
