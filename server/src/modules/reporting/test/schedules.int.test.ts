import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok } from '../../../../../test/acd';
import { buildTestKefu, createTestApp, type TestApp } from '../../../../../test/app';
import { mailHeader, startSmtpPeer } from '../../../../../test/mail-peers';
import { fixedClock } from '../../../platform/clock';
import { CREATOR_NO_ACCESS, MAX_RETRIES } from '../reporting.schedules';

/**
 * Scheduled reports through a real SMTP server on loopback: the due run mails the XLSX once, the
 * next run is set, a failing server is retried a few times, a run missed while down is sent once.
 */
const clock = fixedClock('2026-12-06T07:00:00+08:00');
let smtp: Awaited<ReturnType<typeof startSmtpPeer>>;
let t: TestApp;
let admin: string;
const QUEUE = randomUUID();

/** The XLSX attachment of a received mail, decoded from its base64 MIME part. */
function attachmentOf(data: string): { headers: string; bytes: Buffer } {
  const at = data.indexOf('spreadsheetml.sheet');
  if (at < 0) throw new Error('no XLSX part in the mail');
  const bodyAt = data.indexOf('\r\n\r\n', at);
  const headers = data.slice(at, bodyAt);
  const body = data.slice(bodyAt + 4, data.indexOf('\r\n--', bodyAt));
  return { headers, bytes: Buffer.from(body.replace(/\s/g, ''), 'base64') };
}

async function sheetOf(bytes: Buffer): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const rows: unknown[][] = [];
  wb.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

/** A contact in reporting's read model (imported history: the rebuild keeps it). */
async function contact(enteredAt: string, outcome: 'answered' | 'abandoned', waitS: number): Promise<void> {
  const id = randomUUID();
  await t.handle.pool.query(
    `insert into reporting_contacts (id, root_id, is_root, source, external_id, channel, queue_id, entered_at, root_entered_at,
       answered_at, ended_at, wait_ms, outcome, handled, talk_ms, hold_ms, wrap_ms, rona, transferred, chain_outcome,
       chain_wait_ms, updated_at)
     values ($1, $1, true, 'import', $10, 'voice', $2, $3, $3, $4, $5, $6, $7, $8, $9, 0, 0, 0, false, $7, $6, now())`,
    [
      id,
      QUEUE,
      enteredAt,
      outcome === 'answered' ? new Date(new Date(enteredAt).getTime() + waitS * 1000) : null,
      new Date(new Date(enteredAt).getTime() + (waitS + 120) * 1000),
      waitS * 1000,
      outcome,
      outcome === 'answered',
      outcome === 'answered' ? 120_000 : 0,
      `fixture-${id}`,
    ],
  );
}

const schedule = {
  name: '每日服务水平',
  recipients: ['lead@kefu.test', 'supervisor@kefu.test'],
  language: 'zh-CN',
  period: 'yesterday',
  cadence: { kind: 'daily', time: '08:00' },
  query: { groupBy: 'queue' },
};

beforeAll(async () => {
  smtp = await startSmtpPeer();
  t = await createTestApp({ clock, smtp: smtp.settings, sessionSeconds: 90 * 86_400, idleLockSeconds: 90 * 86_400 });
  admin = await t.adminToken();
  await t.handle.pool.query(
    `insert into reporting_queues (id, key, name, service_level_seconds, short_abandon_seconds, fcr_window_hours, active)
     values ($1, 'hotline', '热线', 20, 5, 168, true)`,
    [QUEUE],
  );
  // Yesterday (2026-12-05 in Shanghai): three offered, two answered (one within 20 s); today one more.
  await contact('2026-12-05T09:00:00+08:00', 'answered', 10);
  await contact('2026-12-05T10:00:00+08:00', 'answered', 30);
  await contact('2026-12-05T23:59:00+08:00', 'abandoned', 60);
  await contact('2026-12-06T00:01:00+08:00', 'answered', 5);
  // Written around the read model's writers: the rebuild brings its sums by quarter hour up to date.
  await t.kefu.services.reporting.rebuild();
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

// Through t.kefu: the last test restarts the app.
const req = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown, token = admin) =>
  t.kefu.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${token}` },
    ...(body !== undefined ? { payload: body as object } : {}),
  });
const scan = () => t.kefu.services.reportSchedules.scan();

describe('scheduled reports', () => {
  let id: string;

  it('refuses bad recipients, cadence and query with field details', async () => {
    const bad = await req('POST', '/api/v1/reports/schedules', {
      ...schedule,
      recipients: ['not-an-address'],
      cadence: { kind: 'weekly', weekday: 8, time: '25:00' },
      query: { groupBy: 'planet' },
    });
    expect(bad.statusCode).toBe(400);
    const paths = bad.json().error.details.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['recipients.0', 'cadence.weekday', 'cadence.time', 'query.groupBy']));
    const none = await req('POST', '/api/v1/reports/schedules', { ...schedule, recipients: [] });
    expect(none.statusCode).toBe(400);
    const many = await req('POST', '/api/v1/reports/schedules', {
      ...schedule,
      recipients: Array.from({ length: 21 }, (_, i) => `a${i}@kefu.test`),
    });
    expect(many.statusCode).toBe(400);
  });

  it('a new daily schedule is due at its next local time', async () => {
    const s = ok(await req('POST', '/api/v1/reports/schedules', schedule), 201);
    id = s.id;
    expect(s).toMatchObject({ tz: 'Asia/Shanghai', enabled: true, lastStatus: null });
    expect(s.nextRunAt).toBe(new Date('2026-12-06T08:00:00+08:00').toISOString());
    expect(await scan()).toBe(0);
    expect(smtp.mails).toHaveLength(0);
  });

  it('when due, sends one mail to every recipient with yesterday as XLSX, and sets tomorrow as the next run', async () => {
    clock.set('2026-12-06T08:00:30+08:00');
    expect(await scan()).toBe(1);
    expect(await scan()).toBe(0);
    expect(smtp.mails).toHaveLength(1);
    const mail = smtp.mails[0]!;
    expect(mail.to.sort()).toEqual(['lead@kefu.test', 'supervisor@kefu.test']);
    expect(mailHeader(mail.data, 'Subject')?.replace(/\s+/g, ' ')).toBe('客服中心日报 2026-12-05');
    const { headers, bytes } = attachmentOf(mail.data);
    expect(headers).toMatch(/Content-Disposition: attachment;[\s\S]*\.xlsx/);
    const rows = await sheetOf(bytes);
    const head = rows[0]!;
    const total = rows.at(-1)!;
    expect(total[0]).toBe('合计');
    // Yesterday only: the contact after midnight is not in it.
    expect(total[head.indexOf('呼入量')]).toBe(3);
    expect(total[head.indexOf('接通量')]).toBe(2);
    expect(total[head.indexOf('服务水平')]).toBeCloseTo(1 / 3, 3);
    expect(rows[1]![0]).toBe('热线');

    const s = ok(await req('GET', `/api/v1/reports/schedules/${id}`));
    expect(s).toMatchObject({ lastStatus: 'sent', lastError: null, lastRunAt: clock.now().toISOString() });
    expect(s.nextRunAt).toBe(new Date('2026-12-07T08:00:00+08:00').toISOString());
  });

  it('others see only their own schedules; a user who may not report cannot schedule', async () => {
    await t.addUser('analyst.li', ['analyst']);
    await t.addUser('agent.wu', ['agent']);
    const analyst = await t.login('analyst.li', 'Passw0rd!');
    const agent = await t.login('agent.wu', 'Passw0rd!');
    expect(ok(await req('GET', '/api/v1/reports/schedules', undefined, analyst)).items).toEqual([]);
    expect((await req('GET', `/api/v1/reports/schedules/${id}`, undefined, analyst)).statusCode).toBe(404);
    expect((await req('POST', `/api/v1/reports/schedules/${id}/run`, undefined, analyst)).statusCode).toBe(404);
    expect((await req('POST', '/api/v1/reports/schedules', schedule, agent)).statusCode).toBe(403);
    const own = ok(await req('POST', '/api/v1/reports/schedules', { ...schedule, enabled: false }, analyst), 201);
    expect(own.nextRunAt).toBeNull();
    expect(
      ok(await req('GET', '/api/v1/reports/schedules', undefined, analyst)).items.map((x: { id: string }) => x.id),
    ).toEqual([own.id]);
    // The admin (routing.manage) sees both.
    expect(ok(await req('GET', '/api/v1/reports/schedules')).items).toHaveLength(2);
    expect((await req('DELETE', `/api/v1/reports/schedules/${own.id}`, undefined, analyst)).statusCode).toBe(204);
  });

  it('send now mails at once and leaves the timing alone', async () => {
    const run = ok(await req('POST', `/api/v1/reports/schedules/${id}/run`));
    expect(run).toMatchObject({ status: 'sent', from: '2026-12-05', to: '2026-12-06', error: null });
    expect(smtp.mails).toHaveLength(2);
    expect(ok(await req('GET', `/api/v1/reports/schedules/${id}`)).nextRunAt).toBe(
      new Date('2026-12-07T08:00:00+08:00').toISOString(),
    );
  });

  it('a failing SMTP server: failed with the error, retried each minute at most a few times, then the next day', async () => {
    smtp.refuse(true);
    clock.set('2026-12-07T08:00:10+08:00');
    expect(await scan()).toBe(1);
    let s = ok(await req('GET', `/api/v1/reports/schedules/${id}`));
    expect(s.lastStatus).toBe('failed');
    expect(s.lastError).toMatch(/550|Mailbox unavailable/);
    expect(s.nextRunAt).toBe(new Date('2026-12-07T08:01:10+08:00').toISOString());
    for (let i = 1; i <= MAX_RETRIES; i++) {
      expect(await scan()).toBe(0); // not yet due
      clock.advance(60_000);
      expect(await scan()).toBe(1);
    }
    s = ok(await req('GET', `/api/v1/reports/schedules/${id}`));
    expect(s.lastStatus).toBe('failed');
    expect(s.nextRunAt).toBe(new Date('2026-12-08T08:00:00+08:00').toISOString());
    clock.advance(60_000);
    expect(await scan()).toBe(0);
    expect(smtp.mails).toHaveLength(2);
    smtp.refuse(false);
  });

  it('a creator disabled or no longer allowed reports: their schedule stops at its next run, saying why', async () => {
    const moved = await t.addUser('analyst.moved', ['analyst']);
    const left = await t.addUser('analyst.left', ['analyst']);
    const stays = await t.addUser('analyst.stays', ['analyst']);
    const own: Record<string, string> = {};
    for (const [name, userId] of Object.entries({ moved, left, stays })) {
      const token = await t.login(`analyst.${name}`, 'Passw0rd!');
      const mine = { ...schedule, name: `${name} 日报`, recipients: [`${name}@kefu.test`] };
      own[userId] = ok(await req('POST', '/api/v1/reports/schedules', mine, token), 201).id;
    }
    // One becomes an agent (no reports.view), one leaves (disabled); the third keeps the role.
    ok(await req('PATCH', `/api/v1/users/${moved}`, { roles: ['agent'] }));
    ok(await req('PATCH', `/api/v1/users/${left}`, { disabled: true }));

    const before = smtp.mails.length;
    clock.set('2026-12-08T08:00:30+08:00');
    expect(await scan()).toBe(4); // the admin's, and the three analysts'
    const sentTo = smtp.mails.slice(before).flatMap((m) => m.to);
    expect(sentTo.sort()).toEqual(['lead@kefu.test', 'stays@kefu.test', 'supervisor@kefu.test']);
    for (const userId of [moved, left]) {
      const s = ok(await req('GET', `/api/v1/reports/schedules/${own[userId]}`));
      expect(s).toMatchObject({ enabled: false, nextRunAt: null, lastStatus: 'failed', lastError: CREATOR_NO_ACCESS });
    }
    expect(ok(await req('GET', `/api/v1/reports/schedules/${own[stays]}`))).toMatchObject({
      enabled: true,
      lastStatus: 'sent',
      lastError: null,
      nextRunAt: new Date('2026-12-09T08:00:00+08:00').toISOString(),
    });
    // Switched off, not retried: a day later only the two with access get their mail.
    clock.set('2026-12-09T08:00:30+08:00');
    expect(await scan()).toBe(2);
    expect(smtp.mails.length).toBe(before + 4);
    expect((await req('DELETE', `/api/v1/reports/schedules/${own[stays]}`)).statusCode).toBe(204);
  });

  it('runs missed while the app was down are sent once at start-up, for the day before the restart', async () => {
    const before = smtp.mails.length;
    // A new app on the same database, two missed runs later.
    await t.kefu.app.close();
    clock.set('2026-12-10T09:30:00+08:00');
    t.kefu = await buildTestKefu(t.handle, {
      clock,
      smtp: smtp.settings,
      sessionSeconds: 90 * 86_400,
      idleLockSeconds: 90 * 86_400,
    });
    await t.kefu.app.ready();
    expect(await scan()).toBe(0); // waits for the start-up pass, which sent it
    expect(smtp.mails).toHaveLength(before + 1);
    // One mail, for the latest run missed (the 10th's): yesterday is the 9th.
    expect(mailHeader(smtp.mails.at(-1)!.data, 'Subject')?.replace(/\s+/g, ' ')).toBe('客服中心日报 2026-12-09');
    const s = ok(await req('GET', `/api/v1/reports/schedules/${id}`));
    expect(s.lastStatus).toBe('sent');
    expect(s.nextRunAt).toBe(new Date('2026-12-11T08:00:00+08:00').toISOString());
  });
});
