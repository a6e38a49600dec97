import { type SQL, sql } from 'drizzle-orm';
import type { DrillFigure, EntityDimension, TimeDimension } from '../../../../contracts/reports';
import { offsetMs } from '../../platform/calendar';
import type { DbOrTx } from '../../platform/db';
import { emptySums, type KpiSums } from './domain/kpi';

/** A KPI question with every name resolved to ids and every time to an instant. */
export type KpiSpec = {
  from: Date;
  to: Date;
  tz: string;
  entity?: EntityDimension;
  time?: TimeDimension;
  intervalMinutes: 15 | 30;
  queueIds?: string[];
  agentIds?: string[];
  channel?: string;
  requestType?: string;
  serviceLevelSeconds?: number;
  shortAbandonSeconds?: number;
  fcrWindowHours?: number;
  /** Open agent states end now. */
  now: Date;
  /** Only the rows whose entity dimension has this value (a drill-down into one row). */
  key?: string | null;
};

/** Sums per (entity key, time bucket); the bucket is its start as local wall-clock text. */
export type SumsRow = { key: string | null; bucket: string | null; sums: KpiSums };

/**
 * Counting per queue visit (a contact moved between queues counts in each) or centre-wide (once per
 * contact, from its root): per queue whenever the question names queues or agents.
 */
export function scopeOf(spec: Pick<KpiSpec, 'entity' | 'queueIds' | 'agentIds'>): 'queue' | 'center' {
  if (spec.queueIds || spec.agentIds) return 'queue';
  return spec.entity === 'queue' || spec.entity === 'agent' || spec.entity === 'team' ? 'queue' : 'center';
}

const step = (spec: KpiSpec): SQL => {
  switch (spec.time) {
    case 'interval':
      return sql.raw(`interval '${spec.intervalMinutes} minutes'`);
    case 'hour':
      return sql.raw(`interval '1 hour'`);
    case 'week':
      return sql.raw(`interval '1 week'`);
    case 'month':
      return sql.raw(`interval '1 month'`);
    default:
      return sql.raw(`interval '1 day'`);
  }
};

/** The local bucket start of a timestamptz expression. */
function bucketOf(spec: KpiSpec, col: SQL): SQL {
  const local = sql`(${col} at time zone ${spec.tz})`;
  switch (spec.time) {
    case undefined:
      return sql`null::timestamp`;
    case 'interval':
      return sql`date_bin(${step(spec)}, ${local}, timestamp '2000-01-01')`;
    default:
      return sql`date_trunc(${spec.time}, ${local})`;
  }
}

const bucketText = (b: SQL): SQL => sql`to_char(${b}, 'YYYY-MM-DD"T"HH24:MI:SS')`;

const ids = (list: readonly string[]): SQL =>
  sql`(${sql.join(
    list.map((id) => sql`${id}::uuid`),
    sql`, `,
  )})`;

/** A leg's request type; centre-wide a chain's is its root's (the last one given in the chain). */
const requestTypeOf = (scope: 'queue' | 'center'): SQL =>
  scope === 'center' ? sql`case when c.is_root then c.chain_request_type else c.request_type end` : sql`c.request_type`;

function contactEntity(spec: KpiSpec, scope: 'queue' | 'center'): SQL {
  switch (spec.entity) {
    case 'queue':
      return sql`c.queue_id::text`;
    case 'agent':
    case 'team':
      return sql`c.agent_id::text`;
    case 'channel':
      return sql`c.channel`;
    case 'requestType':
      return requestTypeOf(scope);
    case 'ivrFlow':
      return sql`c.ivr_flow_id::text`;
    default:
      return sql`null::text`;
  }
}

const thresholds = (spec: Pick<KpiSpec, 'serviceLevelSeconds' | 'shortAbandonSeconds' | 'fcrWindowHours'>): SQL => sql`
  q as (
    select id,
      coalesce(${spec.serviceLevelSeconds ?? null}::int, service_level_seconds) * 1000 as sl,
      coalesce(${spec.shortAbandonSeconds ?? null}::int, short_abandon_seconds) * 1000 as sh,
      coalesce(${spec.fcrWindowHours ?? null}::int, fcr_window_hours) as fcr
    from reporting_queues)`;

/**
 * Which rows each count counts — the one definition, used by the sums and by the drill-down (the
 * contacts behind a figure are exactly the ones it counted). Needs `c` (reporting_contacts) and `q`
 * (the thresholds in ms).
 */
export function figurePredicates(scope: 'queue' | 'center'): Record<DrillFigure | 'entered' | 'fcrEligible', SQL> {
  const surveyed = sql`exists (select 1 from reporting_survey_answers a where a.contact_id = c.id)`;
  const evaluated = sql`exists (select 1 from reporting_quality_scores e where e.contact_id = c.id)`;
  if (scope === 'queue') {
    const answered = sql`c.outcome = 'answered'`;
    const fcrEligible = sql`c.handled and c.customer_id is not null`;
    const resolved = sql`(c.next_contact_at is null or c.next_contact_at > c.root_entered_at + q.fcr * interval '1 hour')`;
    return {
      entered: sql`c.queue_id is not null`,
      offered: sql`c.queue_id is not null and not (c.outcome = 'abandoned' and c.wait_ms < q.sh)`,
      waiting: sql`c.outcome = 'waiting'`,
      shortAbandoned: sql`c.outcome = 'abandoned' and c.wait_ms < q.sh`,
      abandoned: sql`c.outcome = 'abandoned' and c.wait_ms >= q.sh`,
      answered,
      answeredWithinThreshold: sql`${answered} and c.wait_ms <= q.sl`,
      answeredLate: sql`${answered} and c.wait_ms > q.sl`,
      selfService: sql`false`,
      handled: sql`c.handled`,
      transferred: sql`c.transferred`,
      rona: sql`c.rona > 0`,
      fcrEligible,
      fcrResolved: sql`${fcrEligible} and ${resolved}`,
      fcrUnresolved: sql`${fcrEligible} and not ${resolved}`,
      surveyed,
      evaluated,
    };
  }
  const root = sql`c.is_root and c.outcome <> 'self_service'`;
  const answered = sql`${root} and c.chain_outcome = 'answered'`;
  // Handled: its handling has ended (a contact still being talked to is not judged yet); for a
  // transferred chain, once its first agent handed it over.
  const fcrEligible = sql`${answered} and c.handled and c.customer_id is not null`;
  const resolved = sql`(c.next_contact_at is null or c.next_contact_at > c.root_entered_at + q.fcr * interval '1 hour')`;
  return {
    entered: root,
    offered: sql`${root} and not (c.chain_outcome = 'abandoned' and c.chain_wait_ms < q.sh)`,
    waiting: sql`${root} and c.chain_outcome = 'waiting'`,
    shortAbandoned: sql`${root} and c.chain_outcome = 'abandoned' and c.chain_wait_ms < q.sh`,
    abandoned: sql`${root} and c.chain_outcome = 'abandoned' and c.chain_wait_ms >= q.sh`,
    answered,
    answeredWithinThreshold: sql`${answered} and c.chain_wait_ms <= q.sl`,
    answeredLate: sql`${answered} and c.chain_wait_ms > q.sl`,
    selfService: sql`c.outcome = 'self_service'`,
    // The chain's last handler counts it handled (a transfer hands it on).
    handled: sql`c.handled and not c.transferred`,
    transferred: sql`c.transferred`,
    rona: sql`c.rona > 0`,
    fcrEligible,
    fcrResolved: sql`${fcrEligible} and ${resolved}`,
    fcrUnresolved: sql`${fcrEligible} and not ${resolved}`,
    surveyed,
    evaluated,
  };
}

type ContactAgg = {
  k: string | null;
  b: string | null;
  entered: number;
  waiting: number;
  short: number;
  abandoned: number;
  answered: number;
  within: number;
  answer_wait: string;
  self_service: number;
  handled: number;
  talk: string;
  hold: string;
  wrap: string;
  rona: number;
  transfers: number;
  fcr_eligible: number;
  fcr_resolved: number;
};

/**
 * The contact sums of a group of legs `c` joined to their thresholds `q`: one list, from the figures'
 * predicates, for the report and for the sums kept by quarter hour, so all count alike. Per queue:
 * every leg. Centre-wide: counts from each chain's root (its outcome and its wait from the first
 * queue's entry, with that queue's thresholds; `q` may be null); handling from every leg. An agent's
 * question counts the RONA of their own phone instead (ronaSums).
 */
export function aggregates(scope: 'queue' | 'center', opts: { agentSide?: boolean } = {}): SQL {
  const P = figurePredicates(scope);
  return sql`
    count(*) filter (where ${P.entered})::int as entered,
    count(*) filter (where ${P.waiting})::int as waiting,
    count(*) filter (where ${P.shortAbandoned})::int as short,
    count(*) filter (where ${P.abandoned})::int as abandoned,
    count(*) filter (where ${P.answered})::int as answered,
    count(*) filter (where ${P.answeredWithinThreshold})::int as within,
    coalesce(sum(${scope === 'queue' ? sql`c.wait_ms` : sql`c.chain_wait_ms`}) filter (where ${P.answered}), 0)::bigint as answer_wait,
    count(*) filter (where ${P.selfService})::int as self_service,
    count(*) filter (where ${P.handled})::int as handled,
    coalesce(sum(c.talk_ms), 0)::bigint as talk,
    coalesce(sum(c.hold_ms), 0)::bigint as hold,
    coalesce(sum(c.wrap_ms), 0)::bigint as wrap,
    ${opts.agentSide ? sql`0` : sql`coalesce(sum(c.rona), 0)::int`} as rona,
    count(*) filter (where ${P.transferred})::int as transfers,
    count(*) filter (where ${P.fcrEligible})::int as fcr_eligible,
    count(*) filter (where ${P.fcrResolved})::int as fcr_resolved`;
}
export const queueAggregates = aggregates('queue');
export const centerAggregates = aggregates('center');

/** The queues' own thresholds (what the sums by quarter hour are kept with). */
export const queueThresholds = thresholds({});

/** The columns of the sums, in the order of the lists above. */
export const SUM_COLUMNS = [
  'entered',
  'waiting',
  'short',
  'abandoned',
  'answered',
  'within',
  'answer_wait',
  'self_service',
  'handled',
  'talk',
  'hold',
  'wrap',
  'rona',
  'transfers',
  'fcr_eligible',
  'fcr_resolved',
] as const;
const BIG = new Set(['answer_wait', 'talk', 'hold', 'wrap']);

/**
 * Whether the sums kept by quarter hour answer this question exactly: the queues' own thresholds,
 * queues and channels only, whole quarter hours.
 */
export function summable(spec: KpiSpec): boolean {
  return (
    spec.serviceLevelSeconds === undefined &&
    spec.shortAbandonSeconds === undefined &&
    spec.fcrWindowHours === undefined &&
    !spec.agentIds &&
    !spec.requestType &&
    (spec.entity === undefined || spec.entity === 'queue' || spec.entity === 'channel') &&
    onQuarterHours(spec)
  );
}

/** The question's filters on legs `c`. */
function contactFilters(spec: KpiSpec, scope: 'queue' | 'center'): SQL {
  const filters: SQL[] = [];
  if (spec.queueIds) filters.push(sql`c.queue_id in ${ids(spec.queueIds)}`);
  if (spec.agentIds) filters.push(sql`c.agent_id in ${ids(spec.agentIds)}`);
  if (spec.entity === 'agent' || spec.entity === 'team') filters.push(sql`c.agent_id is not null`);
  if (spec.channel) filters.push(sql`c.channel = ${spec.channel}`);
  if (spec.requestType) filters.push(sql`${requestTypeOf(scope)} = ${spec.requestType}`);
  if (spec.key !== undefined) {
    const k = contactEntity(spec, scope);
    filters.push(spec.key === null ? sql`${k} is null` : sql`${k} = ${spec.key}`);
  }
  return filters.length > 0 ? sql` and ${sql.join(filters, sql` and `)}` : sql``;
}

/** Contact sums: per queue visit, or centre-wide from each chain's root. */
export async function contactSums(db: DbOrTx, spec: KpiSpec, opts: { raw?: boolean } = {}): Promise<SumsRow[]> {
  const scope = scopeOf(spec);
  if (!opts.raw && spec.key === undefined && summable(spec)) {
    return rowsOf(await db.execute<ContactAgg>(summedQuery(spec, scope)));
  }
  const k = contactEntity(spec, scope);
  const time = scope === 'queue' ? sql`c.entered_at` : sql`c.root_entered_at`;
  const b = bucketOf(spec, time);
  const query = sql`
    with ${thresholds(spec)}
    select ${k} as k, ${bucketText(b)} as b, ${aggregates(scope, { agentSide: agentSide(spec) })}
    from reporting_contacts c ${scope === 'queue' ? sql`join` : sql`left join`} q on q.id = c.queue_id
    where ${time} >= ${spec.from} and ${time} < ${spec.to}${contactFilters(spec, scope)}
    group by 1, 2`;
  return rowsOf(await db.execute<ContactAgg>(query));
}

/** The question answered from the sums kept by quarter hour (reporting_contact_intervals). */
function summedQuery(spec: KpiSpec, scope: 'queue' | 'center'): SQL {
  const k =
    spec.entity === 'queue' ? sql`i.queue_id::text` : spec.entity === 'channel' ? sql`i.channel` : sql`null::text`;
  const filters: SQL[] = [sql`i.scope = ${scope}`];
  if (spec.queueIds) filters.push(sql`i.queue_id in ${ids(spec.queueIds)}`);
  if (spec.channel) filters.push(sql`i.channel = ${spec.channel}`);
  const sums = (from: string) =>
    sql.join(
      SUM_COLUMNS.map((col) =>
        sql.raw(`coalesce(sum(${from}.${col}), 0)::${BIG.has(col) ? 'bigint' : 'int'} as ${col}`),
      ),
      sql`, `,
    );
  // Each quarter hour's local bucket found once (a zone conversion each), not once per stored row.
  return sql`
    with m as (${quarterBuckets(spec)})
    select ${k} as k, m.b, ${sums('i')}
    from reporting_contact_intervals i join m on m.q = i.bucket
    where i.bucket >= ${spec.from} and i.bucket < ${spec.to} and ${sql.join(filters, sql` and `)}
    group by 1, 2`;
}

/** The quarter hours (UTC) of the range, from the one `from` falls in, each with its local bucket's text. */
function quarterBuckets(spec: KpiSpec): SQL {
  return sql`select t as q, ${bucketText(bucketOf(spec, sql`t`))} as b
    from generate_series(${floorQ(spec.from)}::timestamptz, ${spec.to}::timestamptz - interval '1 microsecond', interval '15 minutes') t`;
}

function rowsOf(r: { rows: ContactAgg[] }): SumsRow[] {
  return r.rows.map((x) => {
    const s = emptySums();
    s.hasContacts = true;
    s.entered = x.entered;
    s.waiting = x.waiting;
    s.shortAbandoned = x.short;
    s.abandoned = x.abandoned;
    s.answered = x.answered;
    s.answeredWithinThreshold = x.within;
    s.answerWaitMs = Number(x.answer_wait);
    s.selfService = Number(x.self_service);
    s.handled = x.handled;
    s.talkMs = Number(x.talk);
    s.holdMs = Number(x.hold);
    s.wrapMs = Number(x.wrap);
    s.rona = x.rona;
    s.transfers = x.transfers;
    s.fcrEligible = x.fcr_eligible;
    s.fcrResolved = x.fcr_resolved;
    return { key: x.k, bucket: x.b, sums: s };
  });
}

/** An agent's or a team's question: counts what the agents did (their RONA, not the queue's). */
const agentSide = (spec: KpiSpec) => spec.entity === 'agent' || spec.entity === 'team' || !!spec.agentIds;

/** Offers that rang out on each agent (RONA), in the interval their contact entered the queue. */
export async function ronaSums(db: DbOrTx, spec: KpiSpec): Promise<SumsRow[]> {
  if (!agentSide(spec)) return [];
  const k = spec.entity === 'agent' || spec.entity === 'team' ? sql`r.agent_id::text` : sql`null::text`;
  const filters: SQL[] = [];
  if (spec.queueIds) filters.push(sql`c.queue_id in ${ids(spec.queueIds)}`);
  if (spec.agentIds) filters.push(sql`r.agent_id in ${ids(spec.agentIds)}`);
  if (spec.channel) filters.push(sql`c.channel = ${spec.channel}`);
  if (spec.requestType) filters.push(sql`c.request_type = ${spec.requestType}`);
  if (spec.key !== undefined) filters.push(spec.key === null ? sql`false` : sql`r.agent_id::text = ${spec.key}`);
  const extra = filters.length > 0 ? sql` and ${sql.join(filters, sql` and `)}` : sql``;
  const r = await db.execute<{ k: string | null; b: string | null; n: number }>(sql`
    select ${k} as k, ${bucketText(bucketOf(spec, sql`c.entered_at`))} as b, count(*)::int as n
    from reporting_contacts c cross join lateral unnest(c.rona_agent_ids) as r(agent_id)
    where c.entered_at >= ${spec.from} and c.entered_at < ${spec.to} and c.rona > 0${extra}
    group by 1, 2`);
  return r.rows.map((x) => {
    const s = emptySums();
    s.hasContacts = true;
    s.rona = x.n;
    return { key: x.k, bucket: x.b, sums: s };
  });
}

/**
 * Sums of rows that belong to a contact but are not its legs — survey answers, quality scores —
 * counted in the interval their contact entered the queue (`at`), by the report's entity. `cols` are
 * the inner aggregates (`count(a.csat) as csat_n` …): each is summed again per bucket and handed to
 * `fill` by name.
 */
async function contactRowSums(
  db: DbOrTx,
  spec: KpiSpec,
  table: 'reporting_survey_answers' | 'reporting_quality_scores',
  cols: Record<string, SQL>,
  fill: (s: KpiSums, x: Record<string, number>) => void,
  opts: { raw?: boolean },
): Promise<SumsRow[]> {
  const b = bucketOf(spec, sql`a.at`);
  // Summed by quarter hour (UTC) first when each lies in one local bucket: the zone conversion is
  // then made once per quarter hour, not once per row. The same sums either way.
  const quarterly = !opts.raw && onQuarterHours({ tz: spec.tz, from: floorQ(spec.from), to: floorQ(spec.to) });
  const k = (() => {
    switch (spec.entity) {
      case 'queue':
        return sql`a.queue_id::text`;
      case 'agent':
      case 'team':
        return sql`a.agent_id::text`;
      case 'channel':
        return sql`a.channel`;
      case 'requestType':
        return sql`a.request_type`;
      case 'ivrFlow':
        return sql`(select c.ivr_flow_id::text from reporting_contacts c where c.id = a.contact_id)`;
      default:
        return sql`null::text`;
    }
  })();
  const filters: SQL[] = [];
  if (spec.queueIds) filters.push(sql`a.queue_id in ${ids(spec.queueIds)}`);
  if (spec.agentIds) filters.push(sql`a.agent_id in ${ids(spec.agentIds)}`);
  if (spec.entity === 'agent' || spec.entity === 'team') filters.push(sql`a.agent_id is not null`);
  if (spec.entity === 'queue') filters.push(sql`a.queue_id is not null`);
  if (spec.channel) filters.push(sql`a.channel = ${spec.channel}`);
  if (spec.requestType) filters.push(sql`a.request_type = ${spec.requestType}`);
  const extra = filters.length > 0 ? sql` and ${sql.join(filters, sql` and `)}` : sql``;
  const names = Object.keys(cols);
  const inner = sql.join(
    names.map((n) => sql`${cols[n]} as ${sql.identifier(n)}`),
    sql`, `,
  );
  const outer = sql.join(
    names.map((n) => sql`sum(x.${sql.identifier(n)})::float8 as ${sql.identifier(n)}`),
    sql`, `,
  );
  const r = await db.execute<Record<string, number> & { k: string | null; b: string | null }>(sql`
    select x.k, ${bucketText(quarterly ? bucketOf(spec, sql`x.q`) : sql`x.q`)} as b, ${outer}
    from (
      select ${k} as k, ${quarterly ? sql`date_bin(interval '15 minutes', a.at, timestamptz '2000-01-01 00:00:00+00')` : b} as q,
        ${inner}
      from ${sql.identifier(table)} a
      where a.at >= ${spec.from} and a.at < ${spec.to}${extra}
      group by 1, 2
    ) x
    group by 1, 2`);
  return r.rows.map((x) => {
    const s = emptySums();
    fill(s, x);
    return { key: x.k, bucket: x.b, sums: s };
  });
}

/** Survey sums, counted in the interval their contact entered the queue. */
export function answerSums(db: DbOrTx, spec: KpiSpec, opts: { raw?: boolean } = {}): Promise<SumsRow[]> {
  return contactRowSums(
    db,
    spec,
    'reporting_survey_answers',
    {
      csat_n: sql`count(a.csat)`,
      csat_ok: sql`count(*) filter (where a.csat >= 4)`,
      csat_sum: sql`coalesce(sum(a.csat), 0)`,
      nps_n: sql`count(a.nps)`,
      pro: sql`count(*) filter (where a.nps >= 9)`,
      det: sql`count(*) filter (where a.nps <= 6)`,
      ces_n: sql`count(a.ces)`,
      ces_sum: sql`coalesce(sum(a.ces), 0)`,
    },
    (s, x) => {
      s.csatAnswers = x.csat_n!;
      s.csatSatisfied = x.csat_ok!;
      s.csatSum = x.csat_sum!;
      s.npsAnswers = x.nps_n!;
      s.promoters = x.pro!;
      s.detractors = x.det!;
      s.cesAnswers = x.ces_n!;
      s.cesSum = x.ces_sum!;
    },
    opts,
  );
}

/**
 * Quality scores (the quality module's submitted evaluations, their appeal outcome counted), in the
 * interval their contact entered the queue: the agent performance report's 质检得分.
 */
export function qualitySums(db: DbOrTx, spec: KpiSpec, opts: { raw?: boolean } = {}): Promise<SumsRow[]> {
  return contactRowSums(
    db,
    spec,
    'reporting_quality_scores',
    { n: sql`count(*)`, score_sum: sql`coalesce(sum(a.score), 0)` },
    (s, x) => {
      s.qualityEvaluations = x.n!;
      s.qualityScoreSum = x.score_sum!;
    },
    opts,
  );
}

/** The time buckets of the range, in order: local start text and the instant it begins. */
export async function bucketsOf(db: DbOrTx, spec: KpiSpec): Promise<Array<{ bucket: string; start: Date }>> {
  if (!spec.time) return [];
  const first = bucketOf(spec, sql`${spec.from}::timestamptz`);
  const r = await db.execute<{ b: string; at: Date }>(sql`
    select ${bucketText(sql`t`)} as b, (t at time zone ${spec.tz}) as at
    from generate_series(${first}, (${spec.to}::timestamptz at time zone ${spec.tz}) - interval '1 microsecond', ${step(spec)}) t`);
  return r.rows.map((x) => ({ bucket: x.b, start: new Date(x.at) }));
}

const QUARTER_HOUR = 15 * 60_000;
const floorQ = (d: Date) => new Date(Math.floor(d.getTime() / QUARTER_HOUR) * QUARTER_HOUR);

/**
 * The range starts and ends on 15-minute (UTC) edges and each 15 minutes lies in one local bucket:
 * true of every zone's offsets since 1980 (whole quarter hours; Kathmandu +5:45 included).
 */
export function onQuarterHours(spec: Pick<KpiSpec, 'from' | 'to' | 'tz'>): boolean {
  if (spec.from.getTime() % QUARTER_HOUR !== 0 || spec.to.getTime() % QUARTER_HOUR !== 0) return false;
  if (spec.from.getTime() < Date.UTC(1980, 0, 1)) return false;
  return [spec.from, spec.to].every((d) => offsetMs(spec.tz, d) % QUARTER_HOUR === 0);
}

/**
 * Agent time by state, clipped to the range and to each bucket: occupancy, utilization and
 * not-ready time by reason. Only for the agent-side dimensions (agents, teams, time, everything).
 */
export async function agentTimeSums(db: DbOrTx, spec: KpiSpec): Promise<SumsRow[]> {
  const byAgent = spec.entity === 'agent' || spec.entity === 'team';
  const k = byAgent ? sql`s.agent_id::text` : sql`null::text`;
  const filter = spec.agentIds ? sql` and s.agent_id in ${ids(spec.agentIds)}` : sql``;
  const series = spec.time
    ? sql`select t as b, t at time zone ${spec.tz} as s, (t + ${step(spec)}) at time zone ${spec.tz} as e
          from generate_series(${bucketOf(spec, sql`${spec.from}::timestamptz`)},
            (${spec.to}::timestamptz at time zone ${spec.tz}) - interval '1 microsecond', ${step(spec)}) t`
    : sql`select null::timestamp as b, ${spec.from}::timestamptz as s, ${spec.to}::timestamptz as e`;
  // Centre-wide on whole 15-minute buckets: the closed intervals' time comes from their sums by
  // bucket, the open ones' from the intervals; both summed before rounding, as one scan would.
  const summed = !byAgent && !spec.agentIds && onQuarterHours(spec);
  const rawMs = sql`extract(epoch from (
        least(coalesce(s.ended_at, ${spec.now}::timestamptz), bk.e, ${spec.to}::timestamptz)
        - greatest(s.started_at, bk.s, ${spec.from}::timestamptz))) * 1000`;
  const raw = (onlyOpen: boolean) => sql`
    select ${k} as k, ${bucketText(sql`bk.b`)} as b, s.state, coalesce(s.reason, '') as reason, ${rawMs} as ms
    from reporting_agent_states s
    join bk on s.started_at < bk.e and coalesce(s.ended_at, ${spec.now}::timestamptz) > bk.s
    where s.state <> 'logged_out' and s.started_at < ${spec.to}
      and coalesce(s.ended_at, ${spec.now}::timestamptz) > ${spec.from}${filter}${onlyOpen ? sql` and s.ended_at is null` : sql``}`;
  const rows = summed
    ? sql`
      select null::text as k, ${bucketText(bucketOf(spec, sql`i.bucket`))} as b, i.state, i.reason, i.us / 1000.0 as ms
      from reporting_agent_intervals i
      where i.bucket >= ${spec.from} and i.bucket < ${spec.to}
      union all ${raw(true)}`
    : raw(false);
  const r = await db.execute<{ k: string | null; b: string | null; state: string; reason: string; ms: string }>(sql`
    with bk as (${series})
    select k, b, state, reason, sum(ms)::bigint as ms from (${rows}) x
    group by 1, 2, 3, 4`);
  const out = new Map<string, SumsRow>();
  for (const x of r.rows) {
    const id = `${x.k}|${x.b}`;
    let row = out.get(id);
    if (!row) {
      row = { key: x.k, bucket: x.b, sums: emptySums() };
      row.sums.hasAgentTime = true;
      out.set(id, row);
    }
    const ms = Math.max(0, Number(x.ms));
    const s = row.sums;
    s.loggedInMs += ms;
    if (x.state === 'busy') s.busyMs += ms;
    else if (x.state === 'wrap_up') s.wrapStateMs += ms;
    else if (x.state === 'ready') s.readyMs += ms;
    else if (x.state === 'reserved') s.reservedMs += ms;
    else if (x.state === 'not_ready') s.notReadyMs[x.reason] = (s.notReadyMs[x.reason] ?? 0) + ms;
  }
  return [...out.values()];
}

type ContactListRow = {
  id: string;
  root_id: string;
  source: string;
  external_id: string | null;
  channel: string;
  queue_id: string | null;
  queue_name: string | null;
  agent_id: string | null;
  agent_name: string | null;
  customer_id: string | null;
  call_id: string | null;
  entered_at: Date;
  answered_at: Date | null;
  ended_at: Date | null;
  wait_ms: number;
  talk_ms: number;
  hold_ms: number;
  wrap_ms: number;
  outcome: string;
  request_type: string | null;
  disposition: string | null;
  csat: number | null;
  nps: number | null;
  ces: number | null;
  transferred: boolean;
  rona: number;
  total: string;
};

/** The rows behind one figure (same predicates and filters as its count), newest first, one page. */
export async function contactList(
  db: DbOrTx,
  spec: KpiSpec,
  figure: DrillFigure,
  page: { limit: number; offset: number },
): Promise<{ rows: ContactListRow[]; total: number }> {
  const scope = scopeOf(spec);
  const P = figurePredicates(scope);
  const time = scope === 'queue' ? sql`c.entered_at` : sql`c.root_entered_at`;
  const wait = scope === 'queue' ? sql`c.wait_ms` : sql`coalesce(c.chain_wait_ms, c.wait_ms)`;
  const r = await db.execute<ContactListRow>(sql`
    with ${thresholds(spec)}
    select c.id, c.root_id, c.source, c.external_id, c.channel, c.queue_id, rq.name as queue_name,
      c.agent_id, ra.display_name as agent_name, c.customer_id, c.call_id, c.entered_at, c.answered_at,
      c.ended_at, ${wait} as wait_ms, c.talk_ms, c.hold_ms, c.wrap_ms, c.outcome, c.request_type,
      c.disposition, sa.csat, sa.nps, sa.ces, c.transferred, c.rona, count(*) over () as total
    from reporting_contacts c ${scope === 'queue' ? sql`join` : sql`left join`} q on q.id = c.queue_id
      left join reporting_queues rq on rq.id = c.queue_id
      left join reporting_agents ra on ra.id = c.agent_id
      left join lateral (select a.csat, a.nps, a.ces from reporting_survey_answers a
        where a.contact_id = c.id order by a.answered_at desc, a.id desc limit 1) sa on true
    where ${time} >= ${spec.from} and ${time} < ${spec.to}${contactFilters(spec, scope)} and ${P[figure]}
    order by ${time} desc, c.id
    limit ${page.limit} offset ${page.offset}`);
  return { rows: r.rows, total: r.rows.length > 0 ? Number(r.rows[0]!.total) : 0 };
}
