import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { startSmsPeer } from '../test/mail-peers';
import { APP_IDS } from '../web/src/app/testids';
import { DESKTOP_IDS } from '../web/src/features/desktop/testids';
import { REPORTS_IDS } from '../web/src/features/reports/testids';
import { SURVEYS_IDS } from '../web/src/features/surveys/testids';
import { browserFixture, byTestId, DEMO_PASSWORD, screenshot, settled } from './fixtures/browser';
import { apiLogin } from './kefu-process';

/**
 * Issue 14's browser proof: contacts go through the ACD of the demo center today (three answered by
 * agent01, two abandoned after the 5 s short-abandon time, one short abandon) on 话费查询; the
 * supervisor super01 opens 报表 → 队列, clicks the abandoned figure, finds exactly those two contacts
 * in the drawer and exports them as XLSX (the download parsed with exceljs); the customer of one
 * answered contact gets the survey link by SMS (a real HTTP SMS provider on loopback), answers it on a
 * phone without signing in; agent01's CSAT in 报表 → 座席 shows it. The key screens again in English.
 * Screenshots `reports-*` in e2e/artifacts/.
 */
const sms = await startSmsPeer();
const env = browserFixture({
  name: 'kefu-reports-',
  adminPassword: 'Reports-admin-1',
  demo: true,
  env: { KEFU_SMS_URL: sms.settings.url },
});
afterAll(() => sms.close());

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const SHORT_ABANDON_SECONDS = 5;

type Contact = { id: string; state: string };

/** Calls /api/v1 with a user's token; throws on a non-2xx answer. */
async function as<T>(token: string, method: string, url: string, body?: unknown): Promise<T> {
  const r = await fetch(`${env.kefu.baseUrl}/api/v1${url}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!r.ok) throw new Error(`${method} ${url}: ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
}

const newContact = (phone: string) =>
  env.api<Contact>('POST', '/contacts', { channel: 'chat', queue: 'billing', customer: { phone } });

async function stateOf(id: string): Promise<string> {
  return (await env.api<Contact>('GET', `/contacts/${id}`)).state;
}

/** The figure cell of a row (its key) in the KPI table, once the table shows it. */
const figure = (page: Page, column: string, row: string) => page.locator(byTestId(REPORTS_IDS.figure(column, row)));

/** The rows of a parsed sheet below its header, as arrays of cell values. */
async function sheetRows(buffer: Buffer): Promise<{ header: unknown[]; rows: unknown[][] }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const all: unknown[][] = [];
  ws.eachRow((row) => {
    all.push((row.values as unknown[]).slice(1));
  });
  return { header: all[0] ?? [], rows: all.slice(1) };
}

async function closeDrawer(page: Page): Promise<void> {
  await page.getByTestId(REPORTS_IDS.drawer).locator('.ant-drawer-close').click();
  await page.getByTestId(REPORTS_IDS.drawer).waitFor({ state: 'hidden' });
}

async function loaded(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.waitForFunction(
    () => document.querySelectorAll('.ant-spin-spinning, .ant-spin-blur').length === 0,
    undefined,
    {
      timeout: 20_000,
    },
  );
  await settled(page);
}

describe('reports and surveys in the browser', () => {
  it('queue report → abandoned contacts → XLSX; an SMS survey answered; the agent CSAT updates', {
    timeout: 150_000,
  }, async () => {
    const queues = await env.api<Array<{ id: string; key: string }>>('GET', '/queues');
    const billing = queues.find((q) => q.key === 'billing')!.id;
    const users = await env.api<{ items: Array<{ id: string; username: string }> }>('GET', '/users?pageSize=200');
    const agent01 = users.items.find((u) => u.username === 'agent01')!.id;

    // 1. Two customers wait past the short-abandon time and leave; a third leaves at once. Nobody is
    //    ready yet, so they stay queued.
    const [late1, late2] = [await newContact('13800000011'), await newContact('13800000012')];
    const short = await newContact('13800000013');
    expect(await stateOf(late1.id)).toBe('queued');
    await env.api('POST', `/contacts/${short.id}/abandon`);
    // The threshold is time in the queue, on the server's clock: nothing to await but the time itself.
    await new Promise((r) => setTimeout(r, (SHORT_ABANDON_SECONDS + 1) * 1000));
    await env.api('POST', `/contacts/${late1.id}/abandon`);
    await env.api('POST', `/contacts/${late2.id}/abandon`);

    // 2. agent01 is ready and answers three, one after the other.
    const agentToken = await apiLogin(env.kefu.baseUrl, 'agent01', DEMO_PASSWORD);
    await as(agentToken, 'PUT', '/agents/me/state', { state: 'ready' });
    const answered: string[] = [];
    for (const phone of ['13800000021', '13800000022', '13800000023']) {
      const c = await newContact(phone);
      await expect.poll(() => stateOf(c.id)).toBe('offered');
      await as(agentToken, 'POST', `/contacts/${c.id}/accept`);
      await as(agentToken, 'POST', `/contacts/${c.id}/complete`, {
        wrapUp: { disposition: 'resolved', requestType: 'query' },
      });
      answered.push(c.id);
    }

    // 3. The supervisor opens 报表 → 队列: 话费查询 has 2 abandoned, 3 answered, 1 short abandon.
    const page = await env.signedIn({ username: 'super01', password: DEMO_PASSWORD }, '/reports');
    await page.getByTestId(REPORTS_IDS.page).waitFor();
    await page.getByRole('tab', { name: '队列报表' }).click();
    await page.waitForURL('**/reports/queues');
    await expect.poll(() => figure(page, 'abandoned', billing).textContent()).toBe('2');
    expect(await figure(page, 'answered', billing).textContent()).toBe('3');
    expect(await figure(page, 'shortAbandoned', billing).textContent()).toBe('1');
    expect(await figure(page, 'offered', billing).textContent()).toBe('5');
    await loaded(page);
    await screenshot(page, 'reports-queues-zh-CN');

    // Drill down: the drawer lists exactly the two who waited and left.
    await figure(page, 'abandoned', billing).click();
    const drawer = page.getByTestId(REPORTS_IDS.drawer);
    await drawer.getByText('接触明细：放弃量').waitFor();
    const rows = page.getByTestId(REPORTS_IDS.drawerTable).locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.first().textContent()).toContain('话费查询');
    // The contacts read on the report's day in the center's zone, not the browser's (UTC here).
    const { timezone } = await env.api<{ timezone: string }>('GET', '/reports/queues');
    const day = new Intl.DateTimeFormat('zh-CN', { timeZone: timezone, dateStyle: 'long' }).format(new Date());
    expect(await rows.first().textContent()).toContain(day);
    await loaded(page);
    await screenshot(page, 'reports-drawer-zh-CN', { fullPage: false });

    // Export: the XLSX holds the same two contacts, headed in Chinese.
    await page.getByTestId(REPORTS_IDS.drawerExport).hover();
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('menuitem', { name: '导出 Excel' }).click(),
    ]);
    expect(file.suggestedFilename()).toBe('接触明细.xlsx');
    const stream = await file.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const sheet = await sheetRows(Buffer.concat(chunks));
    expect(sheet.header.slice(0, 4)).toEqual(['接触编号', '渠道', '队列', '座席']);
    expect(sheet.rows.map((r) => r[0]).sort()).toEqual([late1.id, late2.id].sort());
    const outcome = sheet.header.indexOf('结果');
    const wait = sheet.header.indexOf('等待(秒)');
    for (const r of sheet.rows) {
      // Words, not codes: the channel and the outcome as the screen names them.
      expect(r[1]).toBe('在线');
      expect(r[outcome]).toBe('放弃');
      expect(Number(r[wait])).toBeGreaterThanOrEqual(SHORT_ABANDON_SECONDS);
    }
    await closeDrawer(page);

    // 4. The customer of agent01's first contact gets the survey link by SMS and answers it on a phone.
    const before = sms.received.length;
    const inv = await env.api<{ sent: boolean }>('POST', '/surveys/invitations', {
      channel: 'sms',
      to: '13800000021',
      language: 'zh-CN',
      contactId: answered[0],
      agentId: agent01,
      queueId: billing,
    });
    expect(inv.sent).toBe(true);
    const text = sms.received[before]?.text ?? '';
    expect(sms.received[before]?.to).toBe('13800000021');
    const path = /\/s\/[A-Za-z0-9_-]{20,}/.exec(text)?.[0];
    expect(path, text).toBeDefined();
    const phone = await env.newPage('customer', PHONE);
    await phone.goto(path!);
    await phone.getByTestId(SURVEYS_IDS.score('csat', 5)).click();
    await settled(phone);
    await screenshot(phone, 'reports-survey-phone-zh-CN');
    await phone.getByTestId(SURVEYS_IDS.submit).click();
    await phone.getByTestId(SURVEYS_IDS.thanks).waitFor();
    await screenshot(phone, 'reports-survey-thanks-zh-CN');

    // 5. 报表 → 座席: agent01's CSAT is the answer (100 % satisfied, mean 5.00, one answer).
    await page.getByRole('tab', { name: '座席报表' }).click();
    await page.waitForURL('**/reports/agents');
    await expect
      .poll(
        async () => {
          await page.getByRole('button', { name: '刷新' }).click();
          return figure(page, 'surveyAnswers', agent01)
            .textContent({ timeout: 2_000 })
            .catch(() => null);
        },
        { timeout: 20_000, interval: 1_000 },
      )
      .toBe('1');
    expect(await figure(page, 'csat', agent01).textContent()).toBe('100.0%');
    expect(await figure(page, 'csatMean', agent01).textContent()).toBe('5.00');
    expect(await figure(page, 'handled', agent01).textContent()).toBe('3');
    await loaded(page);
    await screenshot(page, 'reports-agents-zh-CN');
    // Its drill-down names the contact the answer belongs to.
    await figure(page, 'csatMean', agent01).click();
    const surveyed = page.getByTestId(REPORTS_IDS.drawerTable).locator('tbody tr.ant-table-row');
    await expect.poll(() => surveyed.count()).toBe(1);
    const answeredRow = (await surveyed.first().textContent()) ?? '';
    for (const word of ['接通', '查询', '已解决', '在线']) expect(answeredRow).toContain(word);
    expect(answeredRow).not.toMatch(/answered|query|resolved|chat/);
    await closeDrawer(page);

    // The other tabs a team lead would look at, for the screen review.
    for (const [tab, name] of [
      ['dashboard', '概览'],
      ['teams', '班组报表'],
      ['ivr', 'IVR 报表'],
      ['abandoned', '放弃呼叫'],
    ] as const) {
      await page.getByRole('tab', { name }).click();
      await loaded(page);
      if (tab === 'ivr') {
        await page.getByText('（未经 IVR）').waitFor();
        // No call went through a flow here (the demo without its history): the runs say so in words.
        await page.getByTestId(REPORTS_IDS.ivrEmpty).waitFor();
      }
      await screenshot(page, `reports-${tab}-zh-CN`);
    }
    for (const [to, name] of [
      ['/reports/schedules', 'schedules'],
      ['/reports/import', 'import'],
    ] as const) {
      await page.goto(to);
      await loaded(page);
      await screenshot(page, `reports-${name}-zh-CN`);
    }
    await page.goto('/reports/abandoned');
    await loaded(page);

    // 6. The same in English: the header's language switch, then the queue report, drawer, agents.
    await page.getByTestId(APP_IDS.langSwitch).click();
    await page.getByRole('tab', { name: 'Queues' }).click();
    await expect.poll(() => figure(page, 'abandoned', billing).textContent()).toBe('2');
    await page.getByRole('columnheader', { name: 'Abandoned' }).first().waitFor();
    await loaded(page);
    await screenshot(page, 'reports-queues-en-US');
    await figure(page, 'abandoned', billing).click();
    await expect.poll(() => rows.count()).toBe(2);
    await loaded(page);
    await screenshot(page, 'reports-drawer-en-US', { fullPage: false });
    await closeDrawer(page);
    await page.getByRole('tab', { name: 'Agents' }).click();
    await expect.poll(() => figure(page, 'csatMean', agent01).textContent()).toBe('5.00');
    await loaded(page);
    await screenshot(page, 'reports-agents-en-US');

    // agent01's own card on the desktop shows the same satisfaction.
    const desk = await env.signedIn({ username: 'agent01', password: DEMO_PASSWORD }, '/desktop');
    const mine = desk.locator(byTestId(DESKTOP_IDS.myFigures));
    await mine.waitFor();
    await expect.poll(() => mine.textContent()).toContain('100.0%');

    expect(env.pageErrors).toEqual([]);
  });
});
