/**
 * Reporting at scale (issue 14): 10,000,000 contacts — a year of a 300-seat centre — in the reports'
 * read model, then the three questions of the issue through the KPI engine (`report()`, what
 * GET /api/v1/reports/kpis runs), centre-wide and per queue:
 *   a month by day (queue × day)         < 1 s
 *   a day by 15-minute interval          < 300 ms
 *   a year by month                      < 2 s
 * Each figure is the median of ROUNDS runs after one warm-up. `npm run bench:reporting`
 * → bench/results/reporting.json
 *
 * The data is what the projector would have written, generated with SQL straight into the read-model
 * tables of a dedicated database (`kefu_bench_reporting`, migrated like a real one): 20 queues, 300
 * agents, a daily and weekly volume shape, 3 % self-service, 10 % abandoned (a third of them short),
 * 5 % of contacts transferred (a chain of two legs), skewed waits of 0–300 s, repeat customers (FCR),
 * survey answers for ~30 % of handled contacts, and each agent's states as the ACD records them
 * (ready → reserved → busy → wrap-up per contact, breaks, logged out): ~440 intervals per agent-day.
 * Generating takes minutes, so the database is kept (a marker row says what it holds) and reused;
 * `--regenerate` forces a new one. BENCH_CONTACTS scales it down for a quick try, BENCH_ROUNDS sets
 * the runs, BENCH_OUT writes the results elsewhere.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { KpiQuery } from '../contracts/reports';
import { createKpiEngine } from '../server/src/modules/reporting/reporting.kpis';
import { createReportingRepo } from '../server/src/modules/reporting/reporting.repo';
import { openDatabase } from '../server/src/platform/db';
import { ensureDatabaseExists, runMigrations } from '../server/src/platform/migrate';

const SERVER = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB = process.env.BENCH_DB ?? 'kefu_bench_reporting';
const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 10_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const OUT = process.env.BENCH_OUT ?? 'bench/results/reporting.json';
const REGENERATE = process.argv.includes('--regenerate');
/** Only make sure the data is there (generating it if needed). */
const GENERATE_ONLY = process.argv.includes('--generate-only');
/** Bumped when the generated data changes shape: an older database is generated again. */
const DATA_VERSION = 1;
const TZ = 'Asia/Shanghai';
const YEAR = 2025;
const QUEUES = 20;
const AGENTS = 300;
const TRANSFER_SHARE = 0.05;
const SELF_SERVICE = 0.03;
const ABANDONED = 0.1;

/** The read model's contact columns but the FCR one (written last, from all chains). */
const COLS = `id, root_id, parent_id, is_root, source, external_id, channel, queue_id, agent_id, customer_id, call_id,
  ivr_flow_id, request_type, disposition, entered_at, root_entered_at, answered_at, ended_at, completed_at, wait_ms,
  outcome, handled, talk_ms, hold_ms, wrap_ms, rona, transferred, chain_outcome, chain_wait_ms, chain_request_type,
  updated_at`.replace(/\s+/g, ' ');

const dbUrl = (() => {
  const u = new URL(SERVER);
  u.pathname = `/${DB}`;
  return u.toString();
})();

const round1 = (x: number) => Math.round(x * 10) / 10;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const log = (...a: unknown[]) => console.log(new Date().toISOString().slice(11, 19), ...a);

/** Deterministic uuids for queues and agents: `…-<kind><index>` so runs name the same ones. */
const dimId = (kind: 'a' | 'b', i: number) => `00000000-0000-4000-8000-${kind}${String(i).padStart(11, '0')}`;

async function generate(pool: pg.Pool): Promise<Record<string, number>> {
  const seconds: Record<string, number> = {};
  const timed = async (label: string, sql: string) => {
    const t0 = performance.now();
    const r = await pool.query(sql);
    seconds[label] = round1((seconds[label] ?? 0) + (performance.now() - t0) / 1000);
    return r;
  };
  await pool.query('drop table if exists bench_marker, bench_stage, bench_next');
  await pool.query(
    'truncate reporting_contacts, reporting_survey_answers, reporting_agent_states, reporting_queues, reporting_agents',
  );
  // Indexes are dropped while loading and built again after (much faster than maintaining them).
  const idx = await pool.query<{ name: string; def: string; constraint: string | null; table: string }>(`
    select i.indexname as name, i.indexdef as def, i.tablename as table, con.conname as constraint
    from pg_indexes i left join pg_constraint con on con.conname = i.indexname and con.contype = 'p'
    where i.schemaname = 'public' and i.tablename in ('reporting_contacts', 'reporting_survey_answers', 'reporting_agent_states')`);
  for (const x of idx.rows) {
    await pool.query(x.constraint ? `alter table ${x.table} drop constraint ${x.constraint}` : `drop index ${x.name}`);
  }

  const queueRows = Array.from({ length: QUEUES }, (_, i) => {
    // Most queues keep the defaults (20 s, 5 s, 168 h); a few have their own thresholds.
    const sl = i % 7 === 3 ? 30 : i % 7 === 5 ? 15 : 20;
    const sh = i % 9 === 4 ? 10 : 5;
    const fcr = i % 8 === 6 ? 72 : 168;
    return `('${dimId('b', i)}', 'q${i}', '队列 ${i}', ${sl}, ${sh}, ${fcr}, true)`;
  });
  await pool.query(
    `insert into reporting_queues (id, key, name, service_level_seconds, short_abandon_seconds, fcr_window_hours, active) values ${queueRows.join(', ')}`,
  );
  const agentRows = Array.from(
    { length: AGENTS },
    (_, i) => `('${dimId('a', i)}', 'agent${i}', '座席 ${i}', null, true)`,
  );
  await pool.query(
    `insert into reporting_agents (id, username, display_name, team_id, active) values ${agentRows.join(', ')}`,
  );

  // Chains per weekday, so that roots plus transferred second legs make CONTACTS rows in the year.
  const roots = CONTACTS / (1 + TRANSFER_SHARE);
  const weekdayChains = Math.round(roots / 365 / ((5 + 0.7 + 0.6) / 7));
  await pool.query(`create unlogged table bench_stage (like reporting_contacts)`);
  await pool.query('alter table bench_stage drop column next_contact_at');
  // A time-ordered (v7-like) uuid of an instant, as Kefu's ids are.
  await pool.query(`
    create or replace function bench_uuid(at timestamptz) returns uuid language sql volatile as $$
      select (lpad(to_hex((extract(epoch from at) * 1000)::bigint), 12, '0') || '7'
        || substr(md5(random()::text), 1, 3) || '8' || substr(md5(random()::text), 1, 15))::uuid $$`);
  const qid = (expr: string) => `('00000000-0000-4000-8000-b' || lpad((${expr})::text, 11, '0'))::uuid`;
  const aid = (expr: string) => `('00000000-0000-4000-8000-a' || lpad((${expr})::text, 11, '0'))::uuid`;
  for (let m = 1; m <= 12; m++) {
    const start = `${YEAR}-${String(m).padStart(2, '0')}-01`;
    // Roots: the day's volume by weekday, each entry peaking mid-afternoon (local time).
    const t0 = performance.now();
    const client = await pool.connect();
    try {
      // random() in the inner select list is drawn per row (a volatile target list is not flattened).
      await client.query(`
        insert into bench_stage (id, root_id, parent_id, is_root, source, external_id, channel, queue_id, agent_id,
          customer_id, call_id, ivr_flow_id, request_type, disposition, entered_at, root_entered_at, answered_at, ended_at,
          completed_at, wait_ms, outcome, handled, talk_ms, hold_ms, wrap_ms, rona, transferred, chain_outcome,
          chain_wait_ms, chain_request_type, updated_at)
        select id, id, null, true, case when ss then 'ivr' else 'acd' end, null, channel,
          case when ss then null else ${qid('qi')} end,
          case when outcome = 'answered' then ${aid('ai')} end,
          case when ss then null else customer end,
          case when channel = 'voice' then id end, null,
          case when ss then null else 'type' || rt end,
          case when outcome = 'answered' then case when rt < 6 then 'resolved' else 'follow_up' end end,
          entered_at, entered_at,
          case when outcome = 'answered' then entered_at + wait_ms * interval '1 millisecond' end,
          case when outcome = 'answered' then entered_at + (wait_ms + talk_ms + hold_ms) * interval '1 millisecond'
               when outcome = 'abandoned' then entered_at + wait_ms * interval '1 millisecond' end,
          case when outcome = 'answered' then entered_at + (wait_ms + talk_ms + hold_ms + wrap_ms) * interval '1 millisecond' end,
          wait_ms, outcome, outcome = 'answered',
          case when outcome = 'answered' then talk_ms else 0 end,
          case when outcome = 'answered' then hold_ms else 0 end,
          case when outcome = 'answered' then wrap_ms else 0 end,
          rona, transferred,
          case when not ss then outcome end, case when not ss then wait_ms end, case when not ss then 'type' || rt end,
          entered_at
        from (
          select *, bench_uuid(entered_at) as id,
            case when ss then 'self_service' when ab then 'abandoned' else 'answered' end as outcome,
            case when ss then 0
                 when ab then case when r5 < 0.3 then floor(r6 * 5000) else 5000 + floor(295000 * r6 * r6) end
                 else floor(300000 * r5 ^ 10) end::int as wait_ms,
            not ss and not ab and r12 < ${TRANSFER_SHARE / (1 - SELF_SERVICE - ABANDONED)} as transferred,
            case when ss then 'voice' when qi < 14 then 'voice' when qi < 18 then 'chat' else 'email' end as channel
          from (
            select *, r4 < ${SELF_SERVICE} as ss, r4 >= ${SELF_SERVICE} and r4 < ${SELF_SERVICE + ABANDONED} as ab,
              floor(${QUEUES} * r3 ^ 1.6)::int as qi
            from (
              select ((d + (8 * 3600 + 14 * 3600 * (random() + random()) / 2) * interval '1 second') at time zone '${TZ}') as entered_at,
                random() as r3, random() as r4, random() as r5, random() as r6, random() as r12,
                floor(${AGENTS} * random())::int as ai,
                (30000 + floor(870000 * random() ^ 2))::int as talk_ms,
                case when random() < 0.2 then floor(120000 * random()) else 0 end::int as hold_ms,
                (5000 + floor(115000 * random() ^ 2))::int as wrap_ms,
                case when random() < 0.02 then 1 else 0 end::smallint as rona,
                case when random() < 0.05 then null else 'cust-' || floor(2500000 * random() ^ 1.5)::int end as customer,
                floor(8 * random())::int as rt
              from generate_series(timestamp '${start}', timestamp '${start}' + interval '1 month' - interval '1 day', interval '1 day') d
              cross join lateral generate_series(1, (${weekdayChains} * case extract(isodow from d) when 6 then 0.7 when 7 then 0.6 else 1 end)::int) i
              offset 0
            ) a offset 0
          ) b offset 0
        ) c
        order by entered_at`);
      // The second leg of a transferred chain: another queue of the channel, entered at the hand-over.
      await client.query(`
        insert into bench_stage (id, root_id, parent_id, is_root, source, external_id, channel, queue_id, agent_id,
          customer_id, call_id, ivr_flow_id, request_type, disposition, entered_at, root_entered_at, answered_at, ended_at,
          completed_at, wait_ms, outcome, handled, talk_ms, hold_ms, wrap_ms, rona, transferred, chain_outcome,
          chain_wait_ms, chain_request_type, updated_at)
        select bench_uuid(x.entered_at), x.root_id, x.root_id, false, 'acd', null, x.channel, x.queue_id,
          ${aid(`floor(${AGENTS} * random())::int`)},
          x.customer_id, x.call_id, null, x.request_type, 'resolved', x.entered_at, x.root_entered_at,
          x.entered_at + x.wait_ms * interval '1 millisecond',
          x.entered_at + (x.wait_ms + x.talk_ms) * interval '1 millisecond',
          x.entered_at + (x.wait_ms + x.talk_ms + 30000) * interval '1 millisecond',
          x.wait_ms, 'answered', true, x.talk_ms, 0, 30000, 0, false, null, null, null, x.entered_at
        from (
          select s.id as root_id, s.ended_at as entered_at, s.root_entered_at, s.channel, s.customer_id, s.call_id,
            s.request_type,
            ${qid(`case s.channel when 'voice' then (substr(s.queue_id::text, 26)::int + 1) % 14
                              when 'chat' then 14 + (substr(s.queue_id::text, 26)::int - 13) % 4
                              else 18 + (substr(s.queue_id::text, 26)::int - 17) % 2 end`)} as queue_id,
            floor(30000 * random() ^ 3)::int as wait_ms, (30000 + floor(600000 * random() ^ 2))::int as talk_ms
          from bench_stage s
          where s.transferred and s.entered_at >= (timestamp '${start}' at time zone '${TZ}')
            and s.entered_at < ((timestamp '${start}' + interval '1 month') at time zone '${TZ}')
          offset 0
        ) x`);
    } finally {
      client.release();
    }
    seconds.contacts = round1((seconds.contacts ?? 0) + (performance.now() - t0) / 1000);
    log(`contacts: ${start} staged`);
  }
  // FCR: each chain's next contact by the same customer, copied onto every leg of the chain.
  await timed('next contact', `set work_mem = '1GB'`);
  await timed(
    'next contact',
    `create unlogged table bench_next as
     select id, lead(root_entered_at) over (partition by customer_id order by root_entered_at, id) as next
     from bench_stage where is_root and customer_id is not null`,
  );
  await timed(
    'contacts',
    `insert into reporting_contacts (${COLS}, next_contact_at)
     select ${COLS.split(', ')
       .map((c) => `s.${c}`)
       .join(', ')}, n.next from bench_stage s left join bench_next n on n.id = s.root_id`,
  );
  await pool.query('drop table bench_stage, bench_next');
  await pool.query('drop function bench_uuid');
  log('contacts written');

  await timed(
    'survey answers',
    `insert into reporting_survey_answers (id, contact_id, queue_id, agent_id, channel, request_type, at, answered_at, csat, nps, ces)
     select 'bench:' || id, id, queue_id, agent_id, channel, request_type, entered_at, completed_at + interval '2 minutes',
       case when r1 < 0.9 then least(5, 1 + floor(5 * sqrt(r2)))::smallint end,
       case when r1 < 0.7 then least(10, floor(11 * r3 ^ 0.4))::smallint end,
       case when r1 < 0.4 then (1 + floor(7 * random() ^ 1.5))::smallint end
     from (select *, random() as r0, random() as r1, random() as r2, random() as r3
           from reporting_contacts where handled and not transferred offset 0) c
     where r0 < 0.3`,
  );
  log('survey answers written');

  // Agent states: each agent works five days a week, a 9-hour shift in one of six starts, in ~110
  // contact slots (ready, reserved, busy, wrap-up); every 25th slot a break (not ready, by reason),
  // then logged out. Written month by month to stay within a statement's reasonable time.
  for (let m = 1; m <= 12; m++) {
    const start = `${YEAR}-${String(m).padStart(2, '0')}-01`;
    const slots = 110;
    const slotSeconds = (9 * 3600) / slots;
    await timed(
      'agent states',
      `insert into reporting_agent_states (agent_id, started_at, ended_at, state, reason)
       select agent_id, st, en, state, reason from (
         select a.agent_id, x.state, x.reason,
           ((a.shift + (k * ${slotSeconds} + x.off) * interval '1 second') at time zone '${TZ}') as st,
           ((a.shift + (k * ${slotSeconds} + x.off + x.len) * interval '1 second') at time zone '${TZ}') as en
         from (
           select ${aid('ag')} as agent_id, d + (7 + (ag % 6) * 2) * interval '1 hour' as shift
           from generate_series(timestamp '${start}', timestamp '${start}' + interval '1 month' - interval '1 day', interval '1 day') d
           cross join generate_series(0, ${AGENTS - 1}) ag
           where (ag + extract(doy from d)::int) % 7 not in (0, 1)
         ) a
         cross join generate_series(0, ${slots - 1}) k
         cross join lateral (
           select 1 + r1 * ${slotSeconds} * 0.5 as ready_len, r1, r2 from (select random() + 0 * k as r1, random() as r2) r
         ) r
         cross join lateral (values
           (0, 0.0, r.ready_len, case when k % 25 = 24 then 'not_ready' else 'ready' end,
              case when k % 25 = 24 then (array['break', 'lunch', 'training', 'meeting'])[1 + (k / 25) % 4] end),
           (1, r.ready_len, 8.0, 'reserved', null),
           (2, r.ready_len + 8, (${slotSeconds} - r.ready_len - 8) * (0.6 + 0.3 * r.r2), 'busy', null),
           (3, r.ready_len + 8 + (${slotSeconds} - r.ready_len - 8) * (0.6 + 0.3 * r.r2),
              (${slotSeconds} - r.ready_len - 8) * (0.4 - 0.3 * r.r2), 'wrap_up', null)
         ) x(n, off, len, state, reason)
         union all
         select ${aid('ag')}, 'logged_out', null,
           ((d + (7 + (ag % 6) * 2 + 9) * interval '1 hour') at time zone '${TZ}'),
           ((d + (7 + (ag % 6) * 2 + 24) * interval '1 hour') at time zone '${TZ}')
         from generate_series(timestamp '${start}', timestamp '${start}' + interval '1 month' - interval '1 day', interval '1 day') d
         cross join generate_series(0, ${AGENTS - 1}) ag
         where (ag + extract(doy from d)::int) % 7 not in (0, 1)
       ) s order by st`,
    );
    log(`agent states: ${start}`);
  }

  for (const x of idx.rows) {
    const t0 = performance.now();
    await pool.query(x.def);
    if (x.constraint) {
      await pool.query(`alter table ${x.table} add constraint ${x.constraint} primary key using index ${x.name}`);
    }
    seconds[`index ${x.name}`] = round1((performance.now() - t0) / 1000);
  }
  log('indexes built');
  await timed('vacuum analyze', 'vacuum analyze reporting_contacts, reporting_survey_answers, reporting_agent_states');
  return seconds;
}

type Question = { name: string; scope: 'center' | 'queue'; targetMs: number; query: Record<string, string> };

const QUESTIONS: Question[] = [
  {
    name: 'month by day',
    scope: 'center',
    targetMs: 1000,
    query: { from: '2025-06-01', to: '2025-07-01', groupBy: 'day' },
  },
  {
    name: 'month by queue × day',
    scope: 'queue',
    targetMs: 1000,
    query: { from: '2025-06-01', to: '2025-07-01', groupBy: 'queue,day' },
  },
  {
    name: 'day by 15-minute interval',
    scope: 'center',
    targetMs: 300,
    query: { from: '2025-06-17', to: '2025-06-18', groupBy: 'interval', intervalMinutes: '15' },
  },
  {
    name: 'day by queue × 15-minute interval',
    scope: 'queue',
    targetMs: 300,
    query: { from: '2025-06-17', to: '2025-06-18', groupBy: 'queue,interval', intervalMinutes: '15' },
  },
  {
    name: 'year by month',
    scope: 'center',
    targetMs: 2000,
    query: { from: '2025-01-01', to: '2026-01-01', groupBy: 'month' },
  },
  {
    name: 'year by queue × month',
    scope: 'queue',
    targetMs: 2000,
    query: { from: '2025-01-01', to: '2026-01-01', groupBy: 'queue,month' },
  },
];

async function main() {
  await ensureDatabaseExists(dbUrl);
  await runMigrations(dbUrl);
  const handle = openDatabase(dbUrl, { applicationName: 'kefu-bench-reporting' });
  const { pool, db } = handle;
  try {
    await pool.query(
      'create table if not exists bench_marker (version int not null, contacts int not null, at timestamptz not null)',
    );
    const marker = (
      await pool.query<{ version: number; contacts: number }>('select version, contacts from bench_marker')
    ).rows[0];
    let generateSeconds: Record<string, number> | null = null;
    if (REGENERATE || !marker || marker.version !== DATA_VERSION || marker.contacts !== CONTACTS) {
      log(`generating ${CONTACTS} contacts in ${DB}`);
      const t0 = performance.now();
      generateSeconds = await generate(pool);
      generateSeconds.total = round1((performance.now() - t0) / 1000);
      await pool.query(
        'create table if not exists bench_marker (version int not null, contacts int not null, at timestamptz not null)',
      );
      await pool.query('insert into bench_marker values ($1, $2, now())', [DATA_VERSION, CONTACTS]);
    } else log(`reusing ${DB} (${marker.contacts} contacts)`);
    const repo = createReportingRepo();
    // The sums the repo keeps on the way (agent time by quarter hour), computed once after a bulk load.
    const contactSums = await pool.query('select 1 from reporting_contact_intervals limit 1');
    if (contactSums.rowCount === 0) {
      const t0 = performance.now();
      await repo.refreshContactSums(db, 'all');
      await pool.query('vacuum analyze reporting_contact_intervals');
      log(`contact sums by quarter hour: ${round1((performance.now() - t0) / 1000)} s`);
      if (generateSeconds) generateSeconds['contact sums by quarter hour'] = round1((performance.now() - t0) / 1000);
    }
    const summed = await pool.query('select 1 from reporting_agent_intervals limit 1');
    if (summed.rowCount === 0) {
      const t0 = performance.now();
      await repo.recomputeAgentTime(db);
      await pool.query('vacuum analyze reporting_agent_intervals');
      log(`agent time by quarter hour: ${round1((performance.now() - t0) / 1000)} s`);
      if (generateSeconds) generateSeconds['agent time by quarter hour'] = round1((performance.now() - t0) / 1000);
    }

    const counts = (
      await pool.query<Record<string, number>>(`select
        (select count(*) from reporting_contacts)::int as legs,
        (select count(*) from reporting_contacts where is_root)::int as chains,
        (select count(*) from reporting_survey_answers)::int as "surveyAnswers",
        (select count(*) from reporting_agent_states)::int as "agentStates"`)
    ).rows[0]!;
    const sizes = (
      await pool.query<{ table: string; mb: number }>(`
        select relname as table, round(pg_total_relation_size(oid) / 1048576.0)::int as mb from pg_class
        where relname in ('reporting_contacts', 'reporting_survey_answers', 'reporting_agent_states', 'reporting_contact_intervals', 'reporting_agent_intervals')
        order by relname`)
    ).rows;
    log('data', counts);

    if (GENERATE_ONLY) return;
    // The last instant of the data: open states (none here) would end there.
    const clock = { now: () => new Date(`${YEAR + 1}-01-01T00:00:00+08:00`) };
    const kpis = createKpiEngine({ db, repo, clock, timezone: TZ, teams: { list: async () => [] } });
    const results = [];
    for (const q of QUESTIONS) {
      const query = KpiQuery.parse(q.query);
      const first = await kpis.report(query); // warm-up
      const runs: number[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        const t0 = performance.now();
        await kpis.report(query);
        runs.push(performance.now() - t0);
      }
      const ms = round1(median(runs));
      const row = {
        question: q.name,
        scope: first.scope,
        query: q.query,
        rows: first.rows.length,
        offered: first.total.offered,
        serviceLevel: first.total.serviceLevel,
        medianMs: ms,
        runsMs: runs.map(round1),
        targetMs: q.targetMs,
        met: ms < q.targetMs,
      };
      log(`${q.name} (${row.scope}): ${ms} ms (target ${q.targetMs}) ${row.met ? 'met' : 'MISSED'}`);
      results.push(row);
    }
    const version = (await pool.query<{ v: string }>('show server_version')).rows[0]!.v;
    const result = {
      bench: 'reporting',
      at: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        loadAverage: os.loadavg().map(round1),
        node: process.version,
        postgres: version,
      },
      scenario: { contacts: CONTACTS, ...counts, queues: QUEUES, agents: AGENTS, year: YEAR, tz: TZ, rounds: ROUNDS },
      measured:
        'createKpiEngine(...).report(query) — what GET /api/v1/reports/kpis runs; median of rounds after one warm-up',
      generateSeconds,
      sizesMb: sizes,
      results,
      met: results.every((r) => r.met),
    };
    mkdirSync(path.dirname(OUT), { recursive: true });
    writeFileSync(OUT, `${JSON.stringify(result, null, 2)}\n`);
    log(`written ${OUT}`);
  } finally {
    await handle.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
