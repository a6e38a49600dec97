import { type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db';
import { chainOf, type Leg } from './domain/legs';
import { centerAggregates, queueAggregates, queueThresholds, SUM_COLUMNS } from './reporting.query';
import {
  reportingAgentStates,
  reportingAgents,
  reportingCalls,
  reportingContacts,
  reportingHolds,
  reportingQualityScores,
  reportingQueues,
  reportingSurveyAnswers,
} from './reporting.schema';

export type QueueDim = typeof reportingQueues.$inferSelect;
export type AgentDim = typeof reportingAgents.$inferSelect;
export type SurveyAnswerRow = typeof reportingSurveyAnswers.$inferInsert;
export type QualityScoreRow = typeof reportingQualityScores.$inferInsert;

/** A leg to write: the leg, where its chain starts, and how it was recorded. */
export type LegWrite = {
  leg: Leg;
  rootId: string;
  rootEnteredAt: Date;
  source: 'acd' | 'import' | 'ivr';
  externalId?: string | null;
  ivrFlowId?: string | null;
};

const uuids = (ids: readonly string[]) =>
  sql`(${sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  )})`;
const texts = (ids: readonly string[]) =>
  sql`(${sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  )})`;

/**
 * Adds the closed intervals of `source` (rows `x` of started_at, ended_at, state, reason) to the agent
 * time by 15-minute bucket: each interval split at the bucket edges, in exact microseconds. The same
 * statement as the change (a data-modifying CTE) or transaction, so the sums never miss one.
 */
const addAgentTime = (source: SQL): SQL => sql`
  insert into reporting_agent_intervals (bucket, state, reason, us)
  select b, x.state, coalesce(x.reason, ''),
    sum(extract(epoch from least(x.ended_at, b + interval '15 minutes') - greatest(x.started_at, b)) * 1000000)::bigint
  from ${source}
  cross join lateral generate_series(
    date_bin(interval '15 minutes', x.started_at, timestamptz '2000-01-01 00:00:00+00'), x.ended_at, interval '15 minutes') b
  where x.state <> 'logged_out' and x.ended_at is not null and b < x.ended_at
  group by 1, 2, 3
  on conflict (bucket, state, reason) do update set us = reporting_agent_intervals.us + excluded.us`;

/** Any two refreshes of one quarter hour take turns (pg_advisory_xact_lock's class key, plus a stripe). */
const LOCK_STRIPES = 64;
// Clear of tickets.admin's 7314200013/14 (a shared key would only make them take turns, needlessly).
const CONTACT_SUMS_LOCK = 7_314_201_000;
/**
 * The read model's writers and its rebuild: every live write holds it shared, the rebuild alone —
 * so a rebuild run while Kefu serves waits for the writes in flight, and they wait for it, instead
 * of the two deadlocking on each other's rows.
 */
const READ_MODEL_LOCK = 7_314_200_900;
const quarter = (col: SQL) => sql`date_bin(interval '15 minutes', ${col}, timestamptz '2000-01-01 00:00:00+00')`;
const instants = (rows: ReadonlyArray<Record<string, unknown>>): Date[] =>
  rows.flatMap((r) => Object.values(r).map((v) => new Date(v as string | Date)));

/** The only file touching reporting's tables (the KPI queries are in reporting.query.ts). */
export function createReportingRepo() {
  return {
    /** First statement of a transaction writing the read model (`rebuild`: the rebuild's). */
    async lockReadModel(tx: DbOrTx, mode: 'write' | 'rebuild'): Promise<void> {
      await tx.execute(
        mode === 'rebuild'
          ? sql`select pg_advisory_xact_lock(${READ_MODEL_LOCK}::bigint)`
          : sql`select pg_advisory_xact_lock_shared(${READ_MODEL_LOCK}::bigint)`,
      );
    },
    async holdsOf(db: DbOrTx, ids: readonly string[]): Promise<Map<string, number>> {
      if (ids.length === 0) return new Map();
      const r = await db.execute<{ contact_id: string; ms: string }>(
        sql`select contact_id, sum(held_ms)::bigint as ms from reporting_holds where contact_id in ${uuids(ids)} group by 1`,
      );
      return new Map(r.rows.map((x) => [x.contact_id, Number(x.ms)]));
    },
    async addHold(db: DbOrTx, contactId: string, resumedAt: Date, heldMs: number): Promise<boolean> {
      const r = await db
        .insert(reportingHolds)
        .values({ contactId, resumedAt, heldMs })
        .onConflictDoNothing()
        .returning({ id: reportingHolds.contactId });
      return r.length > 0;
    },

    /** Where each known leg's chain starts. */
    async rootsOf(db: DbOrTx, ids: readonly string[]): Promise<Map<string, { rootId: string; rootEnteredAt: Date }>> {
      if (ids.length === 0) return new Map();
      const r = await db.execute<{ id: string; root_id: string; root_entered_at: Date }>(
        sql`select id, root_id, root_entered_at from reporting_contacts where id in ${uuids(ids)}`,
      );
      return new Map(r.rows.map((x) => [x.id, { rootId: x.root_id, rootEnteredAt: new Date(x.root_entered_at) }]));
    },

    async callFlows(db: DbOrTx, callIds: readonly string[]): Promise<Map<string, string | null>> {
      if (callIds.length === 0) return new Map();
      const r = await db.execute<{ call_id: string; flow_id: string | null }>(
        sql`select call_id, flow_id from reporting_calls where call_id in ${uuids(callIds)}`,
      );
      return new Map(r.rows.map((x) => [x.call_id, x.flow_id]));
    },

    /**
     * Writes legs (replacing earlier versions); chain columns are settled by `settleChains`. Returns
     * the instants whose quarter hours' sums changed (entries before and after), for
     * `refreshContactSums` in the same transaction.
     */
    async upsertLegs(db: DbOrTx, writes: readonly LegWrite[], now: Date): Promise<Date[]> {
      if (writes.length === 0) return [];
      const before = await db.execute<{ e: Date; r: Date }>(
        sql`select entered_at as e, root_entered_at as r from reporting_contacts where id in ${uuids(writes.map((w) => w.leg.id))}`,
      );
      const touched = [...instants(before.rows), ...writes.flatMap((w) => [w.leg.enteredAt, w.rootEnteredAt])];
      const values = writes.map(({ leg, rootId, rootEnteredAt, source, externalId, ivrFlowId }) => ({
        id: leg.id,
        rootId,
        parentId: leg.parentId,
        isRoot: rootId === leg.id,
        source,
        externalId: externalId ?? null,
        channel: leg.channel,
        queueId: leg.queueId,
        agentId: leg.agentId,
        customerId: leg.customerId,
        callId: leg.callId,
        ivrFlowId: ivrFlowId ?? null,
        requestType: leg.requestType,
        disposition: leg.disposition,
        enteredAt: leg.enteredAt,
        rootEnteredAt,
        answeredAt: leg.answeredAt,
        endedAt: leg.endedAt,
        completedAt: leg.completedAt,
        waitMs: leg.waitMs,
        outcome: leg.outcome,
        handled: leg.handled,
        talkMs: leg.talkMs,
        holdMs: leg.holdMs,
        wrapMs: leg.wrapMs,
        rona: leg.rona,
        ronaAgentIds: leg.ronaAgentIds,
        transferred: leg.transferred,
        updatedAt: now,
      }));
      await db
        .insert(reportingContacts)
        .values(values)
        .onConflictDoUpdate({
          target: reportingContacts.id,
          set: Object.fromEntries(
            Object.keys(values[0]!)
              .filter((k) => k !== 'id')
              .map((k) => {
                const col = reportingContacts[k as keyof typeof reportingContacts.$inferSelect];
                return [k, sql.raw(`excluded."${col.name}"`)];
              }),
          ),
        });
      return touched;
    },

    /** Recomputes each chain's outcome on its root, from all its legs (returns the roots' entries). */
    async settleChains(db: DbOrTx, rootIds: readonly string[]): Promise<Date[]> {
      if (rootIds.length === 0) return [];
      const r = await db.execute<{
        id: string;
        root_id: string;
        root_entered_at: Date;
        entered_at: Date;
        answered_at: Date | null;
        ended_at: Date | null;
        completed_at: Date | null;
        outcome: string;
        request_type: string | null;
      }>(
        sql`select id, root_id, root_entered_at, entered_at, answered_at, ended_at, completed_at, outcome, request_type
            from reporting_contacts where root_id in ${uuids(rootIds)} and outcome <> 'self_service'`,
      );
      const byRoot = new Map<string, typeof r.rows>();
      for (const row of r.rows) byRoot.set(row.root_id, [...(byRoot.get(row.root_id) ?? []), row]);
      const updates: Array<{ id: string; outcome: string; waitMs: number; requestType: string | null }> = [];
      for (const [rootId, rows] of byRoot) {
        const chain = chainOf(
          new Date(rows[0]!.root_entered_at),
          rows.map((x) => ({
            id: x.id,
            enteredAt: new Date(x.entered_at),
            answeredAt: x.answered_at ? new Date(x.answered_at) : null,
            endedAt: x.ended_at ? new Date(x.ended_at) : null,
            completedAt: x.completed_at ? new Date(x.completed_at) : null,
            outcome: x.outcome as Leg['outcome'],
            requestType: x.request_type,
          })),
        );
        if (chain)
          updates.push({ id: rootId, outcome: chain.outcome, waitMs: chain.waitMs, requestType: chain.requestType });
      }
      if (updates.length === 0) return [];
      const r2 = await db.execute<{ e: Date; r: Date }>(sql`
        update reporting_contacts c set chain_outcome = u.outcome, chain_wait_ms = u.wait_ms, chain_request_type = u.request_type
        from (values ${sql.join(
          updates.map((u) => sql`(${u.id}::uuid, ${u.outcome}, ${u.waitMs}::int, ${u.requestType}::text)`),
          sql`, `,
        )}) as u(id, outcome, wait_ms, request_type)
        where c.id = u.id
        returning c.entered_at as e, c.root_entered_at as r`);
      return instants(r2.rows);
    },

    /**
     * Each chain's next contact by the same customer (FCR): the entry of the customer's following
     * chain, copied onto every leg of the chain.
     */
    async settleNextContacts(db: DbOrTx, customerIds: readonly string[]): Promise<Date[]> {
      if (customerIds.length === 0) return [];
      const r = await db.execute<{ e: Date; r: Date }>(sql`
        with roots as (
          select id, lead(root_entered_at) over (partition by customer_id order by root_entered_at, id) as next
          from reporting_contacts where is_root and customer_id in ${texts(customerIds)}
        )
        update reporting_contacts c set next_contact_at = roots.next
        from roots where c.root_id = roots.id and c.next_contact_at is distinct from roots.next
        returning c.entered_at as e, c.root_entered_at as r`);
      return instants(r.rows);
    },

    /**
     * Recomputes the contact sums of the quarter hours of these instants (or all of them) from the
     * legs, with the queues' own thresholds. Call it in the transaction that changed the legs: the
     * advisory locks make two refreshes of one quarter hour take turns, the later one (a statement
     * begun after the earlier commit) seeing both changes.
     */
    async refreshContactSums(db: DbOrTx, at: readonly Date[] | 'all'): Promise<void> {
      const list = at === 'all' ? [] : [...new Set(at.map((d) => Math.floor(d.getTime() / 900_000) * 900_000))].sort();
      if (at !== 'all' && list.length === 0) return;
      const cols = sql.raw(['bucket', 'scope', 'queue_id', 'channel', ...SUM_COLUMNS].join(', '));
      const run = async (tx: DbOrTx) => {
        // The legs of each quarter hour: of the listed ones (an index range each), or of all.
        let legs: (col: string) => SQL;
        if (at === 'all') {
          await tx.execute(sql`lock table reporting_contact_intervals in share row exclusive mode`);
          await tx.execute(sql`delete from reporting_contact_intervals`);
          legs = (col) => sql`reporting_contacts c cross join lateral (select ${quarter(sql.raw(`c.${col}`))} as b) b`;
        } else {
          const arr = `{${list.map((ms) => new Date(ms).toISOString()).join(',')}}`;
          // Striped: a quarter hour always takes its stripe's lock, and a refresh of a year of quarter
          // hours takes at most LOCK_STRIPES locks (one lock per quarter hour ran out of lock memory).
          await tx.execute(sql`
            select pg_advisory_xact_lock(${CONTACT_SUMS_LOCK}::bigint + x.s)
            from (select distinct ((extract(epoch from b) / 900)::bigint % ${LOCK_STRIPES}) as s
                  from unnest(${arr}::timestamptz[]) b) x
            order by x.s`);
          await tx.execute(sql`delete from reporting_contact_intervals where bucket = any(${arr}::timestamptz[])`);
          legs = (col) => sql`unnest(${arr}::timestamptz[]) b(b)
            join reporting_contacts c on c.${sql.raw(col)} >= b.b and c.${sql.raw(col)} < b.b + interval '15 minutes'`;
        }
        await tx.execute(sql`
          with ${queueThresholds}
          insert into reporting_contact_intervals (${cols})
          select b.b, 'queue', c.queue_id, c.channel, ${queueAggregates}
          from ${legs('entered_at')} join q on q.id = c.queue_id
          group by 1, 2, 3, 4`);
        await tx.execute(sql`
          with ${queueThresholds}
          insert into reporting_contact_intervals (${cols})
          select b.b, 'center', c.queue_id, c.channel, ${centerAggregates}
          from ${legs('root_entered_at')} left join q on q.id = c.queue_id
          group by 1, 2, 3, 4`);
      };
      await db.transaction(run);
    },

    /**
     * Survey answers take their contact's queue, agent, channel and entry time once it is known. The
     * contact's agent wins over the one the answer names (a hand-sent invitation could name anyone);
     * the answer's stays only for a contact no agent took.
     */
    /** Survey answers and quality scores of these contacts take their queue, channel and time. */
    async attachAnswers(db: DbOrTx, contactIds: readonly string[]): Promise<void> {
      if (contactIds.length === 0) return;
      for (const table of ['reporting_survey_answers', 'reporting_quality_scores'])
        await db.execute(sql`
          update ${sql.identifier(table)} a
          set queue_id = c.queue_id, agent_id = coalesce(c.agent_id, a.agent_id), channel = c.channel,
              request_type = c.request_type, at = c.entered_at
          from reporting_contacts c where a.contact_id = c.id and a.contact_id in ${uuids(contactIds)}`);
    },
    /** An evaluation's score as of its latest event (a redelivered older one changes nothing). */
    async upsertQualityScores(db: DbOrTx, rows: readonly QualityScoreRow[]): Promise<void> {
      if (rows.length === 0) return;
      await db
        .insert(reportingQualityScores)
        .values([...rows])
        .onConflictDoUpdate({
          target: reportingQualityScores.evaluationId,
          set: { score: sql`excluded.score`, evaluatedAt: sql`excluded.evaluated_at` },
          setWhere: sql`${reportingQualityScores.evaluatedAt} <= excluded.evaluated_at`,
        });
    },
    async upsertAnswers(db: DbOrTx, rows: readonly SurveyAnswerRow[]): Promise<void> {
      if (rows.length === 0) return;
      await db
        .insert(reportingSurveyAnswers)
        .values([...rows])
        .onConflictDoUpdate({
          target: reportingSurveyAnswers.id,
          set: {
            csat: sql`excluded.csat`,
            nps: sql`excluded.nps`,
            ces: sql`excluded.ces`,
            contactId: sql`excluded.contact_id`,
            answeredAt: sql`excluded.answered_at`,
          },
        });
    },

    async setIvrFlow(db: DbOrTx, callId: string, flowId: string | null): Promise<void> {
      await db.execute(sql`update reporting_contacts set ivr_flow_id = ${flowId} where call_id = ${callId}::uuid`);
    },
    async upsertCalls(db: DbOrTx, rows: ReadonlyArray<typeof reportingCalls.$inferInsert>): Promise<void> {
      if (rows.length === 0) return;
      await db
        .insert(reportingCalls)
        .values([...rows])
        .onConflictDoUpdate({
          target: reportingCalls.callId,
          set: {
            flowId: sql`excluded.flow_id`,
            startedAt: sql`excluded.started_at`,
            selfService: sql`excluded.self_service`,
          },
        });
    },

    /**
     * An agent entered a state at `at`: the open interval ends there and a new one starts. A second
     * change at the same instant replaces the open one (it lasted no time; the rebuild keeps the last
     * of one instant too), while an interval already closed is never rewritten (a redelivered event).
     * "Changed" as routing records it: another state, or not ready for another reason; an event of
     * the same state (a presence or wrap-up deadline change) keeps the interval as it began.
     */
    async agentState(db: DbOrTx, agentId: string, at: Date, state: string, reason: string | null): Promise<void> {
      await db.execute(sql`
        with closed as (
          update reporting_agent_states set ended_at = ${at}
          where agent_id = ${agentId}::uuid and ended_at is null and started_at < ${at}
          returning started_at, ended_at, state, reason)
        ${addAgentTime(sql`closed x`)}`);
      await db
        .insert(reportingAgentStates)
        .values({ agentId, startedAt: at, state, reason })
        .onConflictDoUpdate({
          target: [reportingAgentStates.agentId, reportingAgentStates.startedAt],
          set: { state: sql`excluded.state`, reason: sql`excluded.reason` },
          setWhere: sql`reporting_agent_states.ended_at is null and (reporting_agent_states.state <> excluded.state
            or (excluded.state = 'not_ready' and reporting_agent_states.reason is distinct from excluded.reason))`,
        });
    },
    /** State changes of several agents in recording order (the rebuild): per agent, each ends the one before. */
    async agentStates(
      db: DbOrTx,
      changes: ReadonlyArray<{ agentId: string; at: Date; state: string; reason: string | null }>,
    ): Promise<void> {
      const byAgent = new Map<string, Array<{ at: Date; state: string; reason: string | null }>>();
      for (const c of changes) byAgent.set(c.agentId, [...(byAgent.get(c.agentId) ?? []), c]);
      const rows: Array<typeof reportingAgentStates.$inferInsert> = [];
      for (const [agentId, all] of byAgent) {
        // Of several changes at one instant the last is the state (the others lasted no time).
        const list = all.filter((c, i) => all[i + 1]?.at.getTime() !== c.at.getTime());
        await db.execute(sql`
          with closed as (
            update reporting_agent_states set ended_at = ${list[0]!.at}
            where agent_id = ${agentId}::uuid and ended_at is null and started_at < ${list[0]!.at}
            returning started_at, ended_at, state, reason)
          ${addAgentTime(sql`closed x`)}`);
        for (const [i, c] of list.entries()) {
          rows.push({ agentId, startedAt: c.at, endedAt: list[i + 1]?.at ?? null, state: c.state, reason: c.reason });
        }
      }
      for (let i = 0; i < rows.length; i += 5000) {
        // Only the rows actually written count: a state already recorded is left as it is, but an
        // open one at the same instant is replaced (as the live path does).
        const written = await db
          .insert(reportingAgentStates)
          .values(rows.slice(i, i + 5000))
          .onConflictDoUpdate({
            target: [reportingAgentStates.agentId, reportingAgentStates.startedAt],
            // An open one at the same instant takes the new state; the same state keeps its reason
            // (a "not ready after this contact" during wrap-up is no change), as the live path does.
            set: {
              endedAt: sql`excluded.ended_at`,
              state: sql`excluded.state`,
              reason: sql`case when excluded.state <> ${reportingAgentStates.state}
                or (excluded.state = 'not_ready' and excluded.reason is distinct from ${reportingAgentStates.reason})
                then excluded.reason else ${reportingAgentStates.reason} end`,
            },
            setWhere: sql`${reportingAgentStates.endedAt} is null`,
          })
          .returning({
            started_at: reportingAgentStates.startedAt,
            ended_at: reportingAgentStates.endedAt,
            state: reportingAgentStates.state,
            reason: reportingAgentStates.reason,
          });
        const closed = written.filter((w) => w.ended_at !== null);
        if (closed.length === 0) continue;
        await db.execute(
          addAgentTime(sql`json_to_recordset(${JSON.stringify(closed)}::json)
            as x(started_at timestamptz, ended_at timestamptz, state text, reason text)`),
        );
      }
    },

    /** Rows for the calls that ended in the IVR (self-service), from the calls ledger. */
    /** (With `callIds`, the live path, their quarter hours' sums are refreshed; the rebuild refreshes all.) */
    async restoreSelfService(db: DbOrTx, callIds?: readonly string[]): Promise<number> {
      const only = callIds ? sql` and call_id in ${uuids(callIds)}` : sql``;
      const r = await db.execute(sql`
        insert into reporting_contacts (id, root_id, parent_id, is_root, source, channel, call_id, ivr_flow_id,
          entered_at, root_entered_at, wait_ms, outcome, handled, talk_ms, hold_ms, wrap_ms, rona, transferred, updated_at)
        select call_id, call_id, null, true, 'ivr', 'voice', call_id, flow_id,
          started_at, started_at, 0, 'self_service', false, 0, 0, 0, 0, false, now()
        from reporting_calls where self_service${only}
        on conflict (id) do update set ivr_flow_id = excluded.ivr_flow_id
        returning entered_at as e`);
      if (callIds) await this.refreshContactSums(db, instants(r.rows));
      return r.rowCount ?? 0;
    },

    async upsertQueues(
      db: DbOrTx,
      rows: ReadonlyArray<Omit<QueueDim, 'fcrWindowHours'> & { fcrWindowHours?: number }>,
    ) {
      if (rows.length === 0) return;
      await db.transaction(async (tx) => {
        const before = new Map((await tx.select().from(reportingQueues)).map((q) => [q.id, q]));
        await tx
          .insert(reportingQueues)
          .values(rows.map((r) => ({ ...r, fcrWindowHours: r.fcrWindowHours ?? 168 })))
          .onConflictDoUpdate({
            target: reportingQueues.id,
            set: {
              key: sql`excluded.key`,
              name: sql`excluded.name`,
              serviceLevelSeconds: sql`excluded.service_level_seconds`,
              shortAbandonSeconds: sql`excluded.short_abandon_seconds`,
              active: sql`excluded.active`,
            },
          });
        const changed = rows.filter((r) => {
          const was = before.get(r.id);
          return (
            !was ||
            was.serviceLevelSeconds !== r.serviceLevelSeconds ||
            was.shortAbandonSeconds !== r.shortAbandonSeconds
          );
        });
        // Their sums by quarter hour were kept with the old thresholds.
        await this.refreshQueueSums(
          tx,
          changed.map((r) => r.id),
        );
      });
    },
    async setFcrWindow(db: DbOrTx, queueId: string, hours: number): Promise<boolean> {
      return db.transaction(async (tx) => {
        const r = await tx.execute(
          sql`update reporting_queues set fcr_window_hours = ${hours} where id = ${queueId}::uuid`,
        );
        await this.refreshQueueSums(tx, [queueId]);
        return (r.rowCount ?? 0) > 0;
      });
    },
    /** A queue's thresholds changed (or it became known): the sums of the quarter hours of its legs. */
    async refreshQueueSums(db: DbOrTx, queueIds: readonly string[]): Promise<void> {
      if (queueIds.length === 0) return;
      const r = await db.execute<{ b: Date }>(sql`
        select distinct ${quarter(sql`entered_at`)} as b from reporting_contacts where queue_id in ${uuids(queueIds)}
        union select distinct ${quarter(sql`root_entered_at`)} from reporting_contacts where queue_id in ${uuids(queueIds)}`);
      await this.refreshContactSums(db, instants(r.rows));
    },
    async queues(db: DbOrTx): Promise<QueueDim[]> {
      return db.select().from(reportingQueues);
    },
    async upsertAgents(db: DbOrTx, rows: readonly AgentDim[]) {
      if (rows.length === 0) return;
      await db
        .insert(reportingAgents)
        .values([...rows])
        .onConflictDoUpdate({
          target: reportingAgents.id,
          set: {
            username: sql`excluded.username`,
            displayName: sql`excluded.display_name`,
            teamId: sql`excluded.team_id`,
            active: sql`excluded.active`,
          },
        });
    },
    async agents(db: DbOrTx): Promise<AgentDim[]> {
      return db.select().from(reportingAgents);
    },

    /** Merged customers are one customer: their chains join one FCR history. */
    async mergeCustomers(db: DbOrTx, into: string, from: readonly string[]): Promise<void> {
      if (from.length === 0) return;
      await db.transaction(async (tx) => {
        const r = await tx.execute<{ e: Date; r: Date }>(
          sql`update reporting_contacts set customer_id = ${into} where customer_id in ${texts(from)}
              returning entered_at as e, root_entered_at as r`,
        );
        const next = await this.settleNextContacts(tx, [into]);
        await this.refreshContactSums(tx, [...instants(r.rows), ...next]);
      });
    },

    /** The agent time by bucket recomputed from every closed interval (after a bulk load). */
    async recomputeAgentTime(db: DbOrTx): Promise<void> {
      await db.execute(sql`delete from reporting_agent_intervals`);
      await db.execute(addAgentTime(sql`reporting_agent_states x`));
    },

    /** The rebuild starts from nothing but its own ledgers (holds, calls). */
    async clearDerived(db: DbOrTx, answers: boolean): Promise<void> {
      await db.execute(sql`delete from reporting_contacts where source in ('acd', 'ivr')`);
      await db.execute(sql`delete from reporting_agent_states`);
      await db.execute(sql`delete from reporting_agent_intervals`);
      if (answers) await db.execute(sql`delete from reporting_survey_answers where id not like 'import:%'`);
    },
  };
}
export type ReportingRepo = ReturnType<typeof createReportingRepo>;
