import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestKefu, createTestApp, type TestApp } from '../../../../../test/app';
import { createTestDatabase } from '../../../../../test/db';
import { openDatabase } from '../../../platform/db';
import { INTERRUPTED } from '../../../platform/jobs';
import { createReportingRepo } from '../reporting.repo';

let t: TestApp;
let admin: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.adminToken();
});
afterAll(() => t.close());

const HEADER =
  'externalId,channel,queue,customerId,customerPhone,enteredQueueAt,answeredAt,endedAt,agent,talkSeconds,holdSeconds,wrapUpSeconds,requestType,disposition,csat,nps,ces';

/** Six good rows in queue 旧热线 (unknown: created inactive) on 2024-03-01 (Shanghai), by agents old.wang and old.li. */
const GOOD = [
  // answered after 10 s, talk 120 s (given), hold 30, wrap 20; csat 5, nps 10, ces 2
  'H-1,voice,旧热线,C-1,,2024-03-01T09:00:00+08:00,2024-03-01T09:00:10+08:00,2024-03-01T09:02:40+08:00,old.wang,120,30,20,billing,resolved,5,10,2',
  // answered after 30 s (outside 20 s), talk derived: 60 s; csat 3
  'H-2,voice,旧热线,,138 0013 8000,2024-03-01T10:00:00+08:00,2024-03-01T10:00:30+08:00,2024-03-01T10:01:30+08:00,old.li,,,,billing,,3,,',
  // abandoned after 40 s
  'H-3,voice,旧热线,C-3,,2024-03-01T11:00:00+08:00,,2024-03-01T11:00:40+08:00,,,,,,,,,',
  // short abandon (3 s)
  'H-4,chat,旧热线,C-4,,2024-03-01T12:00:00+08:00,,2024-03-01T12:00:03+08:00,,,,,,,,,',
  // the same customer as H-2 (by phone) calls again the next day: H-2 is not first-contact resolved
  'H-5,voice,旧热线,,+8613800138000,2024-03-02T10:00:00+08:00,2024-03-02T10:00:05+08:00,2024-03-02T10:03:05+08:00,old.li,180,0,0,,,4,,',
  // UTC offset: 01:00Z is 09:00 in Shanghai
  'H-6,email,旧热线,C-6,,2024-03-01T01:00:00Z,2024-03-01T01:00:05Z,2024-03-01T01:05:05Z,old.wang,300,,,,,,,',
];
const BAD = [
  'H-7,fax,旧热线,,,2024-03-01T09:00:00+08:00,,2024-03-01T09:01:00+08:00,,,,,,,,,',
  'H-8,voice,旧热线,,,2024-03-01 09:00:00,,2024-03-01T09:01:00+08:00,,,,,,,,,',
  'H-9,voice,旧热线,,,2024-03-01T09:00:00+08:00,2024-03-01T08:59:00+08:00,2024-03-01T09:01:00+08:00,x,,,,,,6,11,0',
  'H-1,voice,旧热线,,,2024-03-01T09:00:00+08:00,,2024-03-01T09:01:00+08:00,,,,,,,,,',
];
const csv = (rows: string[]) => [HEADER, ...rows].join('\n');

const upload = (body: string, query = '', contentType = 'text/csv', token = admin) =>
  t.kefu.app.inject({
    method: 'POST',
    url: `/api/v1/contacts/import${query}`,
    headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
    payload: body,
  });

/** Follows the job through GET /api/v1/jobs/:id to its end. */
async function finished(jobId: string, token = admin) {
  for (let i = 0; i < 400; i++) {
    const res = await t.request('GET', `/api/v1/jobs/${jobId}`, { token });
    expect(res.statusCode, res.body).toBe(200);
    const job = res.json();
    if (job.state === 'done' || job.state === 'failed') return job;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('the job did not finish');
}
async function imported(body: string, query = '') {
  const res = await upload(body, query);
  expect(res.statusCode, res.body).toBe(202);
  return finished(res.json().jobId);
}
const count = async (table: string, where = "source = 'import'") =>
  (await t.handle.pool.query(`select count(*)::int as n from ${table} where ${where}`)).rows[0].n as number;

describe('importing contact history', () => {
  it('a file with bad rows writes nothing and reports each problem by row and column', async () => {
    const job = await imported(csv([...GOOD, ...BAD]));
    expect(job.state).toBe('done');
    expect(job.result).toMatchObject({ rows: 10, applied: 0, rejected: 4, createdQueues: [], createdAgents: [] });
    expect(job.progress).toMatchObject({ percent: 100, errors: job.result.issueCount });
    const where = (row: number) => job.result.issues.filter((i: { row: number }) => i.row === row);
    expect(where(8)).toEqual([expect.objectContaining({ column: 'channel' })]);
    expect(where(9)).toEqual([expect.objectContaining({ column: 'enteredQueueAt' })]);
    expect(
      where(10)
        .map((i: { column: string }) => i.column)
        .sort(),
    ).toEqual(['answeredAt', 'ces', 'csat', 'nps']);
    expect(where(11)).toEqual([{ row: 11, column: 'externalId', message: 'the same externalId as row 2' }]);
    expect(job.result.issueCount).toBe(7);
    expect(await count('reporting_contacts')).toBe(0);
    expect(await count('reporting_queues', 'not active')).toBe(0);
  });

  it('partial=true writes the good rows, creates the unknown queue and agents inactive and lists them', async () => {
    const job = await imported(csv([...GOOD, ...BAD]), '?partial=true');
    expect(job.result).toMatchObject({
      rows: 10,
      applied: 6,
      created: 6,
      updated: 0,
      rejected: 4,
      createdQueues: ['旧热线'],
      createdAgents: ['old.li', 'old.wang'],
    });
    expect(await count('reporting_contacts')).toBe(6);
    const q = await t.handle.pool.query(`select * from reporting_queues where key = '旧热线'`);
    expect(q.rows[0]).toMatchObject({
      active: false,
      service_level_seconds: 20,
      short_abandon_seconds: 5,
      fcr_window_hours: 168,
    });
    const a = await t.handle.pool.query(`select username, active from reporting_agents where not active order by 1`);
    expect(a.rows).toEqual([
      { username: 'old.li', active: false },
      { username: 'old.wang', active: false },
    ]);
    const phoneCustomer = await t.handle.pool.query(
      `select customer_id, next_contact_at from reporting_contacts where external_id in ('H-2', 'H-5') order by external_id`,
    );
    expect(phoneCustomer.rows.map((r) => r.customer_id)).toEqual(['phone:+8613800138000', 'phone:+8613800138000']);
    expect(phoneCustomer.rows[0].next_contact_at.toISOString()).toBe('2024-03-02T02:00:00.000Z');
    expect(phoneCustomer.rows[1].next_contact_at).toBeNull();
  });

  it('the KPIs of the imported day count the imported contacts', async () => {
    const res = await t.request(
      'GET',
      '/api/v1/reports/kpis?groupBy=queue&from=2024-03-01T00:00:00%2B08:00&to=2024-03-02T00:00:00%2B08:00&tz=Asia/Shanghai',
      { token: admin },
    );
    expect(res.statusCode, res.body).toBe(200);
    const row = res.json().rows.find((r: { name: string }) => r.name === '旧热线');
    // H-1, H-2, H-3, H-6 offered (H-4 is a short abandon); answered H-1, H-2, H-6; within 20 s: H-1, H-6.
    expect(row).toMatchObject({
      offered: 4,
      answered: 3,
      abandoned: 1,
      shortAbandoned: 1,
      answeredWithinThreshold: 2,
      handled: 3,
      surveyAnswers: 2,
      csat: 0.5,
      csatMean: 4,
      nps: 100,
      ces: 2,
    });
    expect(row.asaSeconds).toBeCloseTo((10 + 30 + 5) / 3, 1);
    // AHT: (120+30+20) + (60) + (300) over 3 handled.
    expect(row.ahtSeconds).toBeCloseTo((170 + 60 + 300) / 3, 1); // seconds to one decimal
    // FCR: H-1 (C-1), H-6 (C-6) resolved; H-2 called again within 168 h.
    expect(row.fcr).toBeCloseTo(2 / 3, 3);
  });

  it('importing the same file again changes nothing', async () => {
    const before = (await t.handle.pool.query(`select * from reporting_contacts where source = 'import' order by id`))
      .rows;
    const answers = (await t.handle.pool.query(`select * from reporting_survey_answers order by id`)).rows;
    const job = await imported(csv([...GOOD, ...BAD]), '?partial=true');
    expect(job.result).toMatchObject({
      applied: 6,
      created: 0,
      updated: 0,
      unchanged: 6,
      createdQueues: [],
      createdAgents: [],
    });
    expect(
      (await t.handle.pool.query(`select * from reporting_contacts where source = 'import' order by id`)).rows,
    ).toEqual(before);
    expect((await t.handle.pool.query(`select * from reporting_survey_answers order by id`)).rows).toEqual(answers);
  });

  it('a changed row updates its contact rather than adding one; JSON lines are read too', async () => {
    const line = {
      externalId: 'H-3',
      channel: 'voice',
      queue: '旧热线',
      customerId: 'C-3',
      enteredQueueAt: '2024-03-01T11:00:00+08:00',
      answeredAt: '2024-03-01T11:00:15+08:00',
      endedAt: '2024-03-01T11:01:15+08:00',
      agent: 'old.li',
      csat: 4,
    };
    // A new contact of the phone customer between H-2 and H-5: H-2's next contact moves to it.
    const between = {
      externalId: 'H-10',
      channel: 'sms',
      queue: '旧热线',
      customerPhone: '13800138000',
      enteredQueueAt: '2024-03-01T12:00:00+08:00',
      endedAt: '2024-03-01T12:00:30+08:00',
    };
    const res = await upload(`${JSON.stringify(line)}\n\n${JSON.stringify(between)}\n`, '', 'application/x-ndjson');
    expect(res.statusCode, res.body).toBe(202);
    const job = await finished(res.json().jobId);
    expect(job.result).toMatchObject({ rows: 2, applied: 2, created: 1, updated: 1 });
    const next = await t.handle.pool.query(
      `select external_id, next_contact_at from reporting_contacts where external_id in ('H-2', 'H-10') order by 1`,
    );
    expect(next.rows.map((r) => [r.external_id, r.next_contact_at.toISOString()])).toEqual([
      ['H-10', '2024-03-02T02:00:00.000Z'],
      ['H-2', '2024-03-01T04:00:00.000Z'],
    ]);
    const r = await t.handle.pool.query(
      `select outcome, wait_ms, chain_outcome from reporting_contacts where external_id = 'H-3'`,
    );
    expect(r.rows).toEqual([{ outcome: 'answered', wait_ms: 15_000, chain_outcome: 'answered' }]);
    expect(await count('reporting_contacts')).toBe(7);
  });

  it('a contact moved to another day leaves its old quarter hour: the sums equal a full rebuild; quoted cells', async () => {
    const sums = async () =>
      (
        await t.handle.pool.query(
          `select bucket, scope, queue_id, channel, entered, answered, handled, fcr_eligible, fcr_resolved
           from reporting_contact_intervals order by 1, 2, 3, 4`,
        )
      ).rows;
    const row = (day: string) =>
      `H-20,chat,旧热线,C-20,,2024-04-${day}T09:00:00+08:00,2024-04-${day}T09:00:04+08:00,2024-04-${day}T09:03:00+08:00,old.li,,,,"账单, ""退款""",,,,`;
    expect((await imported(csv([row('01')]))).result).toMatchObject({ applied: 1, created: 1 });
    const moved = await imported(csv([row('02')]));
    expect(moved.result).toMatchObject({ applied: 1, created: 0, updated: 1 });
    const c = await t.handle.pool.query(
      `select request_type, entered_at from reporting_contacts where external_id = 'H-20'`,
    );
    expect(c.rows).toEqual([{ request_type: '账单, "退款"', entered_at: new Date('2024-04-02T01:00:00Z') }]);
    const old = await t.handle.pool.query(
      `select coalesce(sum(entered), 0)::int as n from reporting_contact_intervals where bucket = '2024-04-01T01:00:00Z'`,
    );
    expect(old.rows[0].n).toBe(0);
    const incremental = await sums();
    await createReportingRepo().refreshContactSums(t.handle.db, 'all');
    expect(incremental).toEqual(await sums());
  });

  it('a file we cannot read is refused at once; the import needs reports.import', async () => {
    const unknown = await upload('externalId,channel,queue,enteredQueueAt,endedAt,colour\n');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.code).toBe('REPORTING.IMPORT_UNREADABLE');
    expect(unknown.json().error.message).toContain('colour');
    const missing = await upload('externalId,channel\nX,voice\n');
    expect(missing.json().error.code).toBe('REPORTING.IMPORT_UNREADABLE');
    await t.addUser('lead1', ['team_lead']);
    const lead = await t.login('lead1', 'Passw0rd!');
    expect((await upload(csv(GOOD), '', 'text/csv', lead)).statusCode).toBe(403);
  });
});

describe('jobs', () => {
  it("only the creator (or system.view) sees a job; others get 404; GET /jobs lists one's own", async () => {
    const res = await upload(csv(GOOD.slice(0, 1)));
    const jobId = res.json().jobId;
    await finished(jobId);
    await t.addUser('sup1', ['supervisor']);
    const sup = await t.login('sup1', 'Passw0rd!');
    const other = await t.request('GET', `/api/v1/jobs/${jobId}`, { token: sup });
    expect(other.statusCode).toBe(404);
    expect(other.json().error.code).toBe('JOBS.NOT_FOUND');
    const mine = (await t.request('GET', '/api/v1/jobs?kind=contacts.import', { token: admin })).json();
    expect(mine.items[0]).toMatchObject({ id: jobId, kind: 'contacts.import', state: 'done' });
    expect((await t.request('GET', '/api/v1/jobs', { token: sup })).json().items).toEqual([]);
  });

  it('a job left running by a previous process is failed at start, never resumed', async () => {
    const db = await createTestDatabase();
    const handle = openDatabase(db.url, { max: 3 });
    try {
      await handle.pool.query(
        `insert into jobs (id, kind, state, progress, created_at, started_at)
         values ('0190a000-0000-7000-8000-000000000001', 'contacts.import', 'running',
                 '{"percent": 42, "rowsDone": 420, "errors": 0}', now(), now())`,
      );
      const kefu = await buildTestKefu(handle);
      await kefu.app.ready();
      const { rows } = await handle.pool.query(`select state, error, finished_at, progress from jobs`);
      expect(rows).toEqual([
        expect.objectContaining({
          state: 'failed',
          error: INTERRUPTED,
          progress: { percent: 42, rowsDone: 420, errors: 0 },
        }),
      ]);
      expect(rows[0].finished_at).toBeInstanceOf(Date);
      await kefu.app.close();
    } finally {
      await handle.close();
      await db.drop();
    }
  });
});
