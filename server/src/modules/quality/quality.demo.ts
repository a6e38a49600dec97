import { count, eq, sql } from 'drizzle-orm';
import { DEFAULT_ROLE_PERMISSIONS, type Role } from '../../../../contracts/permissions';
import { type Answers, SamplingPlanBody } from '../../../../contracts/quality';
import type { Actor } from '../../platform/audit';
import type { Database } from '../../platform/db';
import type { DemoContext, DemoHistory } from '../../platform/module';
import type { UsersService } from '../auth';
import type { RoutingService } from '../routing';
import { seededUnit } from './domain/assign';
import type { ContactsReadModel } from './quality.contacts';
import type { Evaluations } from './quality.evaluations';
import type { Sampling } from './quality.sampling';
import { qualityEvaluations } from './quality.schema';

const PLAN = '每日抽样（演示）';

/**
 * The demo's quality set-up (docs/demo.md): a daily sampling plan for qa01 — 5 % of each agent's
 * calls plus complaints, long calls, low CSAT and repeat callers — drawn by the scheduler once
 * yesterday's contacts of the demo history have arrived; the default scorecard and rules come with
 * every installation.
 */
export async function seedDemoQuality(sampling: Sampling, demo: DemoContext): Promise<number> {
  const qa = demo.users.get('qa01');
  if (!qa) return 0;
  if ((await sampling.listPlans()).some((p) => p.name === PLAN)) return 0;
  await sampling.createPlan(SamplingPlanBody.parse({ name: PLAN, evaluatorIds: [qa], randomPercent: 5 }), demo.actor);
  return 1;
}

/** Evaluations per demo agent, and how often an item is missed. */
const PER_AGENT = 2;
const MISS_RATE = 0.12;

/**
 * The demo history's quality work (docs/demo.md): qa01 has evaluated two handled calls of each agent
 * from the last 14 days through the evaluation service (start, answer, submit), so the results, the
 * reports and gap analysis, and the agent performance report's 质检得分 have data; agent01 appealed
 * one, which super01 changed, and agent02's appeal is open for a reviewer. Answers are seeded by the
 * contact (the same demo every time); a second run adds nothing (qa01 has evaluations already).
 */
export async function seedDemoEvaluations(
  deps: {
    db: Database;
    evaluations: Evaluations;
    contacts: Pick<ContactsReadModel, 'project'>;
    routing: Pick<RoutingService, 'contactRecordsPage'>;
    users: Pick<UsersService, 'displayNames'>;
  },
  history: DemoHistory,
): Promise<void> {
  /** A demo user as an actor with their built-in role's permissions (the services check them). */
  const actorOf = async (userId: string, role: Role): Promise<Actor> => ({
    userId,
    name: (await deps.users.displayNames(deps.db, [userId])).get(userId) ?? null,
    ip: null,
    requestId: null,
    permissions: new Set(DEFAULT_ROLE_PERMISSIONS[role]),
  });
  const qa = history.users.get('qa01');
  const reviewer = history.users.get('super01');
  if (!qa || !reviewer) return;
  // The history's contacts would reach the read model through the outbox after the start; the
  // evaluations need them now, so they are projected from routing's records here, as the events
  // will project them again (an upsert: the same rows).
  for (let after: { queuedAt: string; id: string } | null = null; ; ) {
    const page = await deps.routing.contactRecordsPage(after, 1000);
    if (page.length === 0) break;
    await deps.contacts.project(deps.db, page);
    const last = page[page.length - 1]!;
    after = { queuedAt: last.queuedAt, id: last.id };
  }
  const [done] = await deps.db
    .select({ n: count() })
    .from(qualityEvaluations)
    .where(eq(qualityEvaluations.evaluatorId, qa));
  if ((done?.n ?? 0) > 0) return;
  const since = new Date(history.until.getTime() - history.days * 86_400_000);
  const picked = await deps.db.execute<{ contact_id: string; agent_id: string }>(sql`
    select contact_id, agent_id from (
      select contact_id, agent_id, row_number() over (partition by agent_id order by md5(contact_id::text)) as n
      from quality_contacts
      where ended_at is not null and connected_at >= ${since} and agent_id <> ${qa}::uuid
    ) x
    where n <= ${PER_AGENT}
    order by agent_id, contact_id`);
  const evaluator = await actorOf(qa, 'qa');
  const byAgent = new Map<string, string[]>();
  for (const { contact_id: contactId, agent_id: agentId } of picked.rows) {
    const draft = await deps.evaluations.start({ contactId }, evaluator);
    const answers: Answers = {};
    for (const item of draft.scorecard.content.sections.flatMap((s) => s.items)) {
      const chance = seededUnit(contactId, item.key);
      // Now and then a bonus is earned, and another item (never a fatal one) missed.
      const good = item.kind === 'bonus' ? chance < MISS_RATE : item.kind === 'fatal' || chance >= MISS_RATE;
      if (item.answerType === 'scale') answers[item.key] = good ? item.scaleMax : 2;
      // Points are earned (required, bonus) or taken off (deduction).
      else if (item.answerType === 'points') answers[item.key] = good === (item.kind !== 'deduction') ? item.weight : 0;
      else answers[item.key] = good ? 'pass' : 'fail';
    }
    await deps.evaluations.save(draft.id, { answers }, evaluator);
    await deps.evaluations.submit(draft.id, evaluator);
    byAgent.set(agentId, [...(byAgent.get(agentId) ?? []), draft.id]);
  }
  const appeal = async (username: string, reason: string) => {
    const agent = history.users.get(username);
    const id = agent ? byAgent.get(agent)?.[0] : undefined;
    if (!agent || !id) return undefined;
    return deps.evaluations.appeal(id, { reason, items: [] }, await actorOf(agent, 'agent'));
  };
  const appealed = await appeal('agent01', '当时客户情绪激动，已按流程安抚，请复核');
  const open = appealed?.appeals.find((a) => a.status === 'open');
  if (appealed && open) {
    // The reviewer hears the call again and gives the missed items back.
    const restored = Object.fromEntries(
      appealed.scorecard.content.sections
        .flatMap((s) => s.items)
        .filter((i) => i.kind === 'required' && i.answerType === 'pass_fail')
        .map((i) => [i.key, 'pass' as const]),
    );
    await deps.evaluations.decide(
      open.id,
      { outcome: 'changed', note: '复听确认服务用语规范，改为达标', answers: restored },
      await actorOf(reviewer, 'supervisor'),
    );
  }
  await appeal('agent02', '客户要求的业务不在我的权限内，已按规定转接');
  history.counts.quality = { ...history.counts.quality, evaluations: picked.rows.length };
}
