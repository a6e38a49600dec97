import { sql } from 'drizzle-orm';
import type { Database } from '../../platform/db';

/** One queue's contacts in one quarter hour (UTC bucket), as workforce planning reads history. */
export type WorkloadQuarter = {
  /** Start of the quarter hour. */
  at: Date;
  queueId: string;
  /** Every visit of the queue (a transfer or an overflow into it counts: it is work arriving there). */
  offered: number;
  answered: number;
  abandoned: number;
  /** Visits whose handling (talk and after-call work) ended here. */
  handled: number;
  /** Talk, hold and after-call work of those visits, in milliseconds. */
  handleMs: number;
  /** Waiting to the answer of the answered ones, in milliseconds. */
  answerWaitMs: number;
};

/** What patience is estimated from: the abandons and the time everyone spent waiting (answered or not). */
export type WaitingTotals = { offered: number; abandoned: number; waitMs: number };

/** One agent's ACD state over [from, to) (clipped to the range asked; an open state ends at `now`). */
export type AgentStateSpan = {
  agentId: string;
  from: Date;
  to: Date;
  state: string;
  reason: string | null;
  /** The agent's current state (not ended yet). */
  open: boolean;
};

/** Agents logged in (any state but logged out) on average over a quarter hour, centre-wide. */
export type StaffedQuarter = { at: Date; loggedIn: number };

/**
 * The history workforce management forecasts from (issue 17): the read model's quarter-hour sums of
 * each queue (live and imported contacts alike), all channels of the queue together, and the waiting
 * totals caller patience is estimated from (abandons ÷ total waiting time, the maximum-likelihood
 * rate of exponential patience under censoring).
 */
export function createWorkload(deps: { db: Database }) {
  const { db } = deps;
  return {
    async history(q: { queueIds: readonly string[]; from: Date; to: Date }): Promise<WorkloadQuarter[]> {
      if (q.queueIds.length === 0) return [];
      const r = await db.execute<{
        at: Date;
        queue_id: string;
        offered: number;
        answered: number;
        abandoned: number;
        handled: number;
        handle_ms: string;
        answer_wait_ms: string;
      }>(sql`
        select bucket as at, queue_id, sum(entered)::int as offered, sum(answered)::int as answered,
               sum(abandoned)::int as abandoned, sum(handled)::int as handled,
               sum(talk + hold + wrap)::bigint as handle_ms, sum(answer_wait)::bigint as answer_wait_ms
          from reporting_contact_intervals
         where scope = 'queue' and queue_id = any(${sql.param([...q.queueIds])}::uuid[])
           and bucket >= ${q.from} and bucket < ${q.to}
         group by 1, 2
         order by 1, 2`);
      return r.rows.map((x) => ({
        at: new Date(x.at),
        queueId: x.queue_id,
        offered: x.offered,
        answered: x.answered,
        abandoned: x.abandoned,
        handled: x.handled,
        handleMs: Number(x.handle_ms),
        answerWaitMs: Number(x.answer_wait_ms),
      }));
    },

    async waiting(q: { queueId: string; from: Date; to: Date }): Promise<WaitingTotals> {
      const r = await db.execute<{ offered: number; abandoned: number; wait_ms: string }>(sql`
        select count(*)::int as offered, count(*) filter (where outcome = 'abandoned')::int as abandoned,
               coalesce(sum(wait_ms) filter (where outcome in ('answered', 'abandoned')), 0)::bigint as wait_ms
          from reporting_contacts
         where queue_id = ${q.queueId} and entered_at >= ${q.from} and entered_at < ${q.to}`);
      const row = r.rows[0];
      return { offered: row?.offered ?? 0, abandoned: row?.abandoned ?? 0, waitMs: Number(row?.wait_ms ?? 0) };
    },

    /**
     * Logged-in agents per quarter hour in [from, to) (quarter-aligned), the open states counted up
     * to `now` (the current quarter's average is over its part so far). Read from the state intervals themselves (the sums by quarter hour leave open ones
     * out); a state is looked for from a day before `from` (none lasts longer without a change).
     */
    async staffed(q: { from: Date; to: Date; now: Date }): Promise<StaffedQuarter[]> {
      const r = await db.execute<{ at: Date; agents: number }>(sql`
        select b as at,
               sum(extract(epoch from least(coalesce(s.ended_at, ${q.now}), b + interval '15 minutes')
                                      - greatest(s.started_at, b)))::float8
               / greatest(1, extract(epoch from least(b + interval '15 minutes', ${q.now}) - b)) as agents
          from generate_series(${q.from}::timestamptz, ${q.to}::timestamptz - interval '15 minutes', interval '15 minutes') b
          join reporting_agent_states s
            on s.state <> 'logged_out'
           and (s.started_at >= ${q.from}::timestamptz - interval '1 day' or s.ended_at is null)
           and s.started_at < b + interval '15 minutes'
           and coalesce(s.ended_at, ${q.now}) > b
         group by b
         order by b`);
      return r.rows.map((x) => ({ at: new Date(x.at), loggedIn: Math.max(0, Number(x.agents)) }));
    },

    /**
     * Each agent's state spans overlapping [from, to) in time order, clipped to it; the open state of
     * an agent runs to `now` (schedule adherence, live and reported).
     */
    async agentStates(q: { agentIds: readonly string[]; from: Date; to: Date; now: Date }): Promise<AgentStateSpan[]> {
      if (q.agentIds.length === 0) return [];
      const end = new Date(Math.min(q.now.getTime(), q.to.getTime()));
      const r = await db.execute<{
        agent_id: string;
        f: Date;
        t: Date;
        state: string;
        reason: string | null;
        open: boolean;
      }>(sql`
        select agent_id, greatest(started_at, ${q.from}::timestamptz) as f, ended_at is null as open,
               least(coalesce(ended_at, ${end}::timestamptz), ${end}::timestamptz) as t, state, reason
          from reporting_agent_states
         where agent_id = any(${sql.param([...q.agentIds])}::uuid[])
           and started_at <= ${end}::timestamptz
           and (ended_at is null or ended_at > ${q.from}::timestamptz)
         order by agent_id, started_at`);
      return (
        r.rows
          .map((x) => ({
            agentId: x.agent_id,
            from: new Date(x.f),
            to: new Date(x.t),
            state: x.state,
            reason: x.reason,
            open: x.open,
          }))
          // A state that began this very instant is still the agent's current one.
          .filter((x) => x.to > x.from || x.open)
      );
    },
  };
}
export type Workload = ReturnType<typeof createWorkload>;
