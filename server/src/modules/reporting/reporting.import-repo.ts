import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db';

/**
 * The import's bulk writes to reporting's tables (issue 14: a million rows well under two minutes).
 * Checked rows go, batch by batch while the file is still being read, into a temporary staging table
 * (no indexes, no WAL, gone at commit), each batch ONE statement of a few column arrays sent as array
 * literals. Then a handful of set-based statements place them: the customers' next contacts (FCR)
 * by a window over the staged rows and the customers' stored chains, the contacts and the survey
 * answers each by one INSERT … SELECT … ON CONFLICT, the stored chains whose next contact moved by
 * one UPDATE; the instants whose quarter-hour sums changed are collected on the way.
 */

/** A batch of checked rows, column by column (times in epoch milliseconds), as the staging table takes them. */
export type StagedRows = {
  id: string[];
  externalId: string[];
  channel: string[];
  queue: string[];
  agent: (string | null)[];
  customerId: (string | null)[];
  requestType: (string | null)[];
  disposition: (string | null)[];
  enteredAt: number[];
  answeredAt: (number | null)[];
  endedAt: number[];
  completedAt: (number | null)[];
  waitMs: number[];
  talkMs: number[];
  holdMs: number[];
  wrapMs: number[];
  csat: (number | null)[];
  nps: (number | null)[];
  ces: (number | null)[];
};

export const emptyStagedRows = (): StagedRows => ({
  id: [],
  externalId: [],
  channel: [],
  queue: [],
  agent: [],
  customerId: [],
  requestType: [],
  disposition: [],
  enteredAt: [],
  answeredAt: [],
  endedAt: [],
  completedAt: [],
  waitMs: [],
  talkMs: [],
  holdMs: [],
  wrapMs: [],
  csat: [],
  nps: [],
  ces: [],
});

/** Names (queue keys or names, agent usernames) as the file gives them, and the ids they stand for. */
export type NameIds = { names: string[]; ids: string[] };

export type MergeCounts = { created: number; updated: number };

const NEEDS_ESCAPE = /["\\]/g;
/** A PostgreSQL array literal of text (every element quoted; NULL for null). */
function textArray(xs: readonly (string | null)[]): string {
  let out = '{';
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    if (i > 0) out += ',';
    if (x === null || x === undefined) out += 'NULL';
    else out += `"${x.includes('"') || x.includes('\\') ? x.replace(NEEDS_ESCAPE, '\\$&') : x}"`;
  }
  return `${out}}`;
}
/** A PostgreSQL array literal of numbers or uuids (nothing to quote; NULL for null). */
function plainArray(xs: readonly (string | number | null)[]): string {
  let out = '{';
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    if (i > 0) out += ',';
    out += x === null || x === undefined ? 'NULL' : x;
  }
  return `${out}}`;
}
const ms = (col: string) => sql.raw(`timestamptz 'epoch' + ${col} * interval '1 millisecond'`);

export function createImportRepo() {
  return {
    /** The staging tables of this transaction (dropped at its end, whichever way it ends). */
    async createStage(db: DbOrTx): Promise<void> {
      // The window over the customers' chains and the sums' aggregation sort and hash in memory.
      await db.execute(sql`set local work_mem = '64MB'`);
      await db.execute(sql`
        create temp table import_stage (
          id uuid not null, external_id text not null, channel text not null, queue text not null, agent text,
          customer_id text, request_type text, disposition text, entered_at timestamptz not null,
          answered_at timestamptz, ended_at timestamptz not null, completed_at timestamptz, wait_ms int not null,
          talk_ms int not null, hold_ms int not null, wrap_ms int not null, csat smallint, nps smallint, ces smallint
        ) on commit drop`);
      await db.execute(sql`create temp table import_touched (at timestamptz not null) on commit drop`);
    },

    /** One batch of checked rows into the staging table. */
    async stage(db: DbOrTx, r: StagedRows): Promise<void> {
      if (r.id.length === 0) return;
      await db.execute(sql`
        insert into import_stage
        select u.id, u.external_id, u.channel, u.queue, u.agent, u.customer_id, u.request_type, u.disposition,
          ${ms('u.entered')}, ${ms('u.answered')}, ${ms('u.ended')}, ${ms('u.completed')}, u.wait_ms, u.talk_ms,
          u.hold_ms, u.wrap_ms, u.csat, u.nps, u.ces
        from unnest(
          ${plainArray(r.id)}::uuid[], ${textArray(r.externalId)}::text[], ${textArray(r.channel)}::text[],
          ${textArray(r.queue)}::text[], ${textArray(r.agent)}::text[], ${textArray(r.customerId)}::text[],
          ${textArray(r.requestType)}::text[], ${textArray(r.disposition)}::text[],
          ${plainArray(r.enteredAt)}::bigint[], ${plainArray(r.answeredAt)}::bigint[],
          ${plainArray(r.endedAt)}::bigint[], ${plainArray(r.completedAt)}::bigint[],
          ${plainArray(r.waitMs)}::int[], ${plainArray(r.talkMs)}::int[], ${plainArray(r.holdMs)}::int[],
          ${plainArray(r.wrapMs)}::int[], ${plainArray(r.csat)}::smallint[], ${plainArray(r.nps)}::smallint[],
          ${plainArray(r.ces)}::smallint[]
        ) as u(id, external_id, channel, queue, agent, customer_id, request_type, disposition, entered, answered,
          ended, completed, wait_ms, talk_ms, hold_ms, wrap_ms, csat, nps, ces)`);
    },

    /**
     * Each staged contact's and each affected stored chain's next contact by the same customer (FCR):
     * the following root entry in the order the read model's window uses (entry, then id), over the
     * staged rows and the stored roots of their customers (and of the customers staged rows had
     * before), a stored root being replaced by its staged version.
     */
    async placeNextContacts(db: DbOrTx): Promise<void> {
      await db.execute(sql`analyze import_stage`);
      await db.execute(sql`
        create temp table import_next on commit drop as
        with customers as (
          select customer_id from import_stage where customer_id is not null
          union
          select c.customer_id from reporting_contacts c join import_stage s on s.id = c.id
          where c.customer_id is not null
        ), roots as (
          select s.id, s.customer_id, s.entered_at as at, true as staged from import_stage s
          where s.customer_id is not null
          union all
          select c.id, c.customer_id, c.root_entered_at, false from reporting_contacts c
          where c.is_root and c.customer_id in (select customer_id from customers)
            and not exists (select from import_stage s where s.id = c.id)
        )
        select id, staged, lead(at) over (partition by customer_id order by at, id) as next from roots`);
      await db.execute(sql`analyze import_next`);
    },

    /**
     * The staged rows into the contacts, their own roots: new ones inserted, changed ones updated, a
     * row already as staged left untouched (a repeated import changes nothing). The instants of what
     * changed (entries before and after) are noted for the quarter-hour sums.
     */
    async mergeContacts(db: DbOrTx, queues: NameIds, agents: NameIds, now: Date): Promise<MergeCounts> {
      const r = await db.execute<{ created: number; updated: number }>(sql`
        with old as (
          select c.id, c.entered_at, c.root_entered_at from reporting_contacts c join import_stage s on s.id = c.id
        ), up as (
          insert into reporting_contacts as c (id, root_id, parent_id, is_root, source, external_id, channel, queue_id,
            agent_id, customer_id, call_id, ivr_flow_id, request_type, disposition, entered_at, root_entered_at,
            answered_at, ended_at, completed_at, wait_ms, outcome, handled, talk_ms, hold_ms, wrap_ms, rona,
            transferred, chain_outcome, chain_wait_ms, chain_request_type, next_contact_at, updated_at)
          select s.id, s.id, null, true, 'import', s.external_id, s.channel, q.id, a.id, s.customer_id, null, null,
            s.request_type, s.disposition, s.entered_at, s.entered_at, s.answered_at, s.ended_at, s.completed_at,
            s.wait_ms, o.outcome, s.answered_at is not null, s.talk_ms, s.hold_ms, s.wrap_ms, 0, false, o.outcome,
            s.wait_ms, s.request_type, n.next, ${now}
          from import_stage s
          join unnest(${textArray(queues.names)}::text[], ${plainArray(queues.ids)}::uuid[]) q(name, id)
            on q.name = s.queue
          left join unnest(${textArray(agents.names)}::text[], ${plainArray(agents.ids)}::uuid[]) a(name, id)
            on a.name = s.agent
          left join import_next n on n.id = s.id
          cross join lateral (select case when s.answered_at is null then 'abandoned' else 'answered' end as outcome) o
          on conflict (id) do update set
            root_id = excluded.root_id, parent_id = null, is_root = true, source = 'import',
            external_id = excluded.external_id, channel = excluded.channel, queue_id = excluded.queue_id,
            agent_id = excluded.agent_id, customer_id = excluded.customer_id, request_type = excluded.request_type,
            disposition = excluded.disposition, entered_at = excluded.entered_at,
            root_entered_at = excluded.root_entered_at, answered_at = excluded.answered_at,
            ended_at = excluded.ended_at, completed_at = excluded.completed_at, wait_ms = excluded.wait_ms,
            outcome = excluded.outcome, handled = excluded.handled, talk_ms = excluded.talk_ms,
            hold_ms = excluded.hold_ms, wrap_ms = excluded.wrap_ms, chain_outcome = excluded.chain_outcome,
            chain_wait_ms = excluded.chain_wait_ms, chain_request_type = excluded.chain_request_type,
            next_contact_at = excluded.next_contact_at, updated_at = excluded.updated_at
          where (c.root_id, c.parent_id, c.is_root, c.source, c.external_id, c.channel, c.queue_id, c.agent_id,
              c.customer_id, c.request_type, c.disposition, c.entered_at, c.root_entered_at, c.answered_at,
              c.ended_at, c.completed_at, c.wait_ms, c.outcome, c.handled, c.talk_ms, c.hold_ms, c.wrap_ms,
              c.chain_outcome, c.chain_wait_ms, c.chain_request_type, c.next_contact_at)
            is distinct from
            (excluded.root_id, null::uuid, true, 'import', excluded.external_id, excluded.channel, excluded.queue_id,
              excluded.agent_id, excluded.customer_id, excluded.request_type, excluded.disposition,
              excluded.entered_at, excluded.root_entered_at, excluded.answered_at, excluded.ended_at,
              excluded.completed_at, excluded.wait_ms, excluded.outcome, excluded.handled, excluded.talk_ms,
              excluded.hold_ms, excluded.wrap_ms, excluded.chain_outcome, excluded.chain_wait_ms,
              excluded.chain_request_type, excluded.next_contact_at)
          returning c.id, c.entered_at, (xmax = 0) as inserted
        ), touched as (
          insert into import_touched (at)
          select entered_at from up
          union all select o.entered_at from old o join up using (id)
          union all select o.root_entered_at from old o join up using (id)
        )
        select count(*) filter (where inserted)::int as created, count(*) filter (where not inserted)::int as updated
        from up`);
      const row = r.rows[0];
      return { created: Number(row?.created ?? 0), updated: Number(row?.updated ?? 0) };
    },

    /** Stored chains whose next contact moved (a staged contact came between, or left): on every leg. */
    async moveStoredNextContacts(db: DbOrTx): Promise<void> {
      await db.execute(sql`
        with moved as (
          update reporting_contacts c set next_contact_at = n.next
          from import_next n
          where not n.staged and c.root_id = n.id and c.next_contact_at is distinct from n.next
          returning c.entered_at, c.root_entered_at
        )
        insert into import_touched (at)
        select entered_at from moved union all select root_entered_at from moved`);
    },

    /** The survey scores of staged rows (`import:<externalId>`), counted in their contact's interval. */
    async mergeAnswers(db: DbOrTx, queues: NameIds, agents: NameIds): Promise<void> {
      await db.execute(sql`
        insert into reporting_survey_answers as a (id, contact_id, queue_id, agent_id, channel, request_type, at,
          answered_at, csat, nps, ces)
        select 'import:' || s.external_id, s.id, q.id, g.id, s.channel, s.request_type, s.entered_at,
          coalesce(s.completed_at, s.ended_at), s.csat, s.nps, s.ces
        from import_stage s
        join unnest(${textArray(queues.names)}::text[], ${plainArray(queues.ids)}::uuid[]) q(name, id)
          on q.name = s.queue
        left join unnest(${textArray(agents.names)}::text[], ${plainArray(agents.ids)}::uuid[]) g(name, id)
          on g.name = s.agent
        where s.csat is not null or s.nps is not null or s.ces is not null
        on conflict (id) do update set contact_id = excluded.contact_id, queue_id = excluded.queue_id,
          agent_id = excluded.agent_id, channel = excluded.channel, request_type = excluded.request_type,
          at = excluded.at, answered_at = excluded.answered_at, csat = excluded.csat, nps = excluded.nps,
          ces = excluded.ces
        where (a.contact_id, a.queue_id, a.agent_id, a.channel, a.request_type, a.at, a.answered_at, a.csat, a.nps,
            a.ces) is distinct from (excluded.contact_id, excluded.queue_id, excluded.agent_id, excluded.channel,
            excluded.request_type, excluded.at, excluded.answered_at, excluded.csat, excluded.nps, excluded.ces)`);
    },

    /** The quarter hours (UTC) whose contact sums the merge changed. */
    async touchedQuarterHours(db: DbOrTx): Promise<Date[]> {
      const r = await db.execute<{ b: Date | string }>(sql`
        select distinct date_bin(interval '15 minutes', at, timestamptz '2000-01-01 00:00:00+00') as b
        from import_touched`);
      return r.rows.map((x) => new Date(x.b));
    },
  };
}
export type ImportRepo = ReturnType<typeof createImportRepo>;
