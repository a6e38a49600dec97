import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, dateIn, weekdayOf } from '../contracts/local-dates';
import type { Schedule, Shift } from '../contracts/wfm-schedules';
import {
  addAgents,
  addTeam,
  createForecast,
  giveDayShifts,
  httpSeedApi,
  nextMondayAfter,
  OFFICE_HOURS,
  seedHotline,
  waitForJob,
} from '../server/src/modules/wfm/test/wfm-fixture';
import { APP_IDS } from '../web/src/app/testids';
import { NOTIFICATIONS_IDS } from '../web/src/features/notifications/testids';
import { ADHERENCE_IDS } from '../web/src/features/wfm/adherence-testids';
import { dayLabel } from '../web/src/features/wfm/dates';
import { SELF_IDS } from '../web/src/features/wfm/my-schedule-testids';
import { browserFixture, byTestId, screenshot, settled, type User } from './fixtures/browser';
import { apiLogin } from './kefu-process';

/**
 * 我的班表 and 排班审批 in a real browser (issue 17). Seeded through the API as
 * server/src/modules/wfm/test/schedules.int.test.ts does: a hotline's four weeks of history, a team
 * with its lead, six agents with routing and rules, a 09:00–17:00 template, next week's forecast, a
 * schedule run solved as a job, published. An agent sees their shifts and asks for leave; the team
 * lead opens the request, sees its coverage chart and approves; the agent's shift is then on leave.
 * In English: a swap onto a day the agent already works is refused with the rule named; a second
 * leave request is shown to the team lead with its chart and rejected with a note.
 *
 * 遵从度 on the same centre (it shares the seeding: one Kefu, no demo history to wait for): the
 * published schedule is next week's, so nobody is scheduled today. An agent of the lead's team goes
 * ready anyway — working while not scheduled — and the lead's live view lists them under 未排班, out
 * of adherence, flagged once the grace period is 0; next week's report counts nothing yet. In Chinese,
 * then in English.
 */
const TZ = 'Asia/Shanghai';
const env = browserFixture({ name: 'kefu-wfm-req-', adminPassword: 'Wfm-req-admin-1', env: { KEFU_TIMEZONE: TZ } });
const PASSWORD = 'Passw0rd!';
const LEAD: User = { username: 'sched-lead', password: PASSWORD };
const NAMES = ['张晓', '李明', '王芳', '赵磊', '陈静', '刘洋'];
const seed = httpSeedApi(env);
const job = <T>(jobId: string) => waitForJob<T>(seed, jobId, 200);

const agents: { id: string; user: User; name: string }[] = [];
let schedule: Schedule;
let agentPage: Page;
let leadPage: Page;
let leaveShift: Shift;
let requestId: string;
let secondId: string;
let secondShift: Shift;

beforeAll(async () => {
  const today = dateIn(TZ, new Date());
  const nextMonday = nextMondayAfter(today);
  const queueId = await seedHotline(seed, {
    key: 'sched-hotline',
    name: '排班热线',
    today,
    idPrefix: 'S',
    day: OFFICE_HOURS,
  });
  const { teamId } = await addTeam(seed, '排班一组', { ...LEAD, displayName: '周组长' });
  const users = NAMES.map((name, i) => ({ username: `sched-a${i + 1}`, password: PASSWORD, displayName: name }));
  const ids = await addAgents(seed, 'sched-hotline', users, teamId);
  for (const [i, u] of users.entries())
    agents.push({ id: ids[i]!, user: { username: u.username, password: u.password }, name: u.displayName });
  await giveDayShifts(
    seed,
    '白班',
    agents.map((a) => a.id),
    { minWeeklyMinutes: 4 * 420, maxWeeklyMinutes: 5 * 420 },
  );
  const forecastId = await createForecast(seed, {
    name: '排班用预测',
    queueIds: [queueId],
    startDate: nextMonday,
  });
  const run = await env.api<{ jobId: string }>('POST', '/wfm/schedules', {
    name: '下周排班',
    requirement: { forecastId, targetServiceLevel: 0.8, targetAnswerSeconds: 20 },
    agentIds: agents.map((a) => a.id),
    timeLimitSeconds: 8,
  });
  const done = await job<{ status: string; scheduleId: string }>(run.jobId);
  expect(done.state, JSON.stringify(done.error)).toBe('done');
  expect(done.result.status).toBe('scheduled');
  await env.api('POST', `/wfm/schedules/${done.result.scheduleId}/publish`);
  schedule = await env.api<Schedule>('GET', `/wfm/schedules/${done.result.scheduleId}`);
}, 120_000);

const shiftsOf = (agentId: string) =>
  schedule.shifts.filter((s) => s.agentId === agentId).sort((a, b) => a.date.localeCompare(b.date));

describe('排班：请假与审批', () => {
  it('an agent sees their next 14 days: shifts with the lunch break, the other days off', async () => {
    const me = agents[0]!;
    agentPage = await env.signedIn(me.user, '/my-schedule');
    const mine = shiftsOf(me.id);
    expect(mine.length).toBeGreaterThanOrEqual(4);
    leaveShift = mine[0]!;
    const row = agentPage.getByTestId(SELF_IDS.day(leaveShift.date));
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 15_000 }).toBe('active');
    expect(await row.textContent()).toContain('09:00–17:00');
    expect(await row.textContent()).toContain('午餐');
    expect(await row.textContent()).toContain(dayLabel(leaveShift.date, 'zh-CN'));
    // A day of next week without a shift is 休息.
    const workDays = new Set(mine.map((s) => s.date));
    const off = [0, 1, 2, 3, 4, 5, 6].map((i) => addDays(schedule.startDate, i)).find((d) => !workDays.has(d));
    expect(off).toBeDefined();
    const offRow = agentPage.getByTestId(SELF_IDS.day(off!));
    expect(await offRow.getAttribute('data-state')).toBe('off');
    expect(await offRow.textContent()).toContain('休息');
    await settled(agentPage);
    await screenshot(agentPage, 'wfm-my-schedule-zh-CN');
  }, 60_000);

  it('asks for leave: a reason is required; the request then waits for the team lead', async () => {
    await agentPage.getByTestId(SELF_IDS.leave(leaveShift.id)).click();
    await agentPage.getByTestId(SELF_IDS.send).click();
    await agentPage.getByText('请填写请假原因').waitFor();
    await agentPage.getByTestId(SELF_IDS.reason).fill('家中有事');
    await settled(agentPage);
    await screenshot(agentPage, 'wfm-my-schedule-leave-zh-CN');
    await agentPage.getByTestId(SELF_IDS.send).click();
    await agentPage.getByText('申请已提交').waitFor();
    const requests = agentPage.getByTestId(SELF_IDS.myRequests);
    const row = requests.locator('tr[data-state="pending"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('待审批');
    expect(await row.textContent()).toContain('家中有事');
    requestId = (await row.getAttribute('data-testid'))!.replace(SELF_IDS.requestRow(''), '');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    // No second request on the same shift.
    await expect.poll(() => agentPage.getByTestId(SELF_IDS.leave(leaveShift.id)).count()).toBe(0);
  }, 30_000);

  it('the team lead sees the coverage drop in the request and approves it', async () => {
    // The bell tells the team lead; its item opens the request on 排班审批.
    leadPage = await env.signedIn(LEAD, '/');
    await leadPage.getByTestId(NOTIFICATIONS_IDS.bell).click();
    const item = leadPage
      .getByTestId(NOTIFICATIONS_IDS.item)
      .filter({ hasText: `${agents[0]!.name}的请假申请待你审批（${dayLabel(leaveShift.date, 'zh-CN')}）` });
    await item.waitFor({ timeout: 15_000 });
    await settled(leadPage);
    await screenshot(leadPage, 'wfm-request-bell-zh-CN');
    await item.click();
    await leadPage.waitForURL(/\/schedule-requests\?id=/);
    const drawer = leadPage.getByTestId(SELF_IDS.drawer);
    await expect.poll(() => drawer.getAttribute('data-state')).toBe('pending');
    await leadPage.getByTestId(SELF_IDS.effectChart(leaveShift.date)).locator('canvas').waitFor();
    const under = leadPage.getByTestId(SELF_IDS.effectUnder(leaveShift.date));
    const before = Number(await under.getAttribute('data-before'));
    const after = Number(await under.getAttribute('data-after'));
    expect(after).toBeGreaterThanOrEqual(before);
    expect(await under.textContent()).toMatch(/人员缺口 .+ → .+ 人·小时/);
    expect(await drawer.textContent()).toContain('家中有事');
    await leadPage.getByTestId(SELF_IDS.note).fill('同意，注意交接');
    await settled(leadPage);
    await screenshot(leadPage, 'wfm-schedule-request-zh-CN');
    await leadPage.getByTestId(SELF_IDS.approve).click();
    await leadPage.getByText('已批准').first().waitFor();
    // Pending only: the decided request leaves the inbox.
    await expect.poll(() => leadPage.getByTestId(SELF_IDS.open(requestId)).count()).toBe(0);
  }, 40_000);

  it('the agent sees the shift on leave and the decision, without reloading', async () => {
    const row = agentPage.getByTestId(SELF_IDS.day(leaveShift.date));
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 15_000 }).toBe('leave');
    expect(await row.textContent()).toContain('请假');
    const request = agentPage.getByTestId(SELF_IDS.requestRow(requestId));
    await expect.poll(() => request.getAttribute('data-state')).toBe('approved');
    expect(await request.textContent()).toContain('同意，注意交接');
    await agentPage.getByTestId(NOTIFICATIONS_IDS.bell).click();
    await agentPage
      .getByTestId(NOTIFICATIONS_IDS.item)
      .filter({ hasText: `周组长批准了${agents[0]!.name}的请假申请` })
      .waitFor();
    await agentPage.keyboard.press('Escape');
    await settled(agentPage);
    await screenshot(agentPage, 'wfm-my-schedule-on-leave-zh-CN');
  }, 30_000);

  it('in English: a swap onto a day the agent already works is refused with the rule named', async () => {
    const me = agents[0]!;
    const mine = shiftsOf(me.id).filter((s) => s.id !== leaveShift.id);
    const workDays = new Set(mine.map((s) => s.date));
    // A colleague's shift on another of my working days: taking it gives me two shifts that day.
    let pick: { own: Shift; peer: Shift } | undefined;
    for (const own of mine) {
      const peer = schedule.shifts.find(
        (s) => s.agentId !== me.id && s.date !== own.date && workDays.has(s.date) && s.date !== leaveShift.date,
      );
      if (peer) {
        pick = { own, peer };
        break;
      }
    }
    expect(pick).toBeDefined();
    const { own, peer } = pick!;
    await agentPage.getByTestId(APP_IDS.langSwitch).click();
    await agentPage.getByText('My schedule').first().waitFor();
    const offRow = agentPage.getByTestId(SELF_IDS.day(leaveShift.date));
    expect(await offRow.textContent()).toContain('On leave');
    await settled(agentPage);
    await screenshot(agentPage, 'wfm-my-schedule-en-US');

    await agentPage.getByTestId(SELF_IDS.swap(own.id)).click();
    const select = agentPage.getByTestId(SELF_IDS.peerShift);
    await select.click();
    const label = `${peer.agentName} · ${dayLabel(peer.date, 'en-US')}`;
    await agentPage.keyboard.type(label);
    await agentPage.locator('.ant-select-item-option').filter({ hasText: label }).first().click();
    await agentPage.getByTestId(SELF_IDS.reason).fill('Family visit');
    await agentPage.getByTestId(SELF_IDS.send).click();
    const alert = agentPage.getByRole('alert').filter({ hasText: 'This change would break' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Two shifts on one day');
    await settled(agentPage);
    await screenshot(agentPage, 'wfm-my-schedule-swap-refused-en-US');
    await agentPage.getByRole('button', { name: 'Cancel' }).click();
    // Leave on that shift instead, asked in English: the team lead will reject it.
    await agentPage.getByTestId(SELF_IDS.leave(own.id)).click();
    await agentPage.getByTestId(SELF_IDS.reason).fill('Doctor’s appointment');
    await agentPage.getByTestId(SELF_IDS.send).click();
    await agentPage.getByText('Request sent').waitFor();
    const row = agentPage.getByTestId(SELF_IDS.myRequests).locator('tr[data-state="pending"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('Pending approval');
    secondId = (await row.getAttribute('data-testid'))!.replace(SELF_IDS.requestRow(''), '');
    secondShift = own;
  }, 40_000);

  it('in English: the team lead sees the second request’s chart and rejects it with a note', async () => {
    try {
      await leadInEnglish();
    } catch (e) {
      await screenshot(leadPage, 'wfm-schedule-request-failed');
      throw e;
    }
  }, 30_000);
});

async function leadInEnglish() {
  await leadPage.getByTestId(APP_IDS.langSwitch).click({ timeout: 5_000 });
  await leadPage.getByText('Schedule requests').first().waitFor({ timeout: 5_000 });
  await leadPage.getByTestId(NOTIFICATIONS_IDS.bell).click();
  await leadPage
    .getByTestId(NOTIFICATIONS_IDS.item)
    .filter({ hasText: `leave request awaits your approval (${dayLabel(secondShift.date, 'en-US')})` })
    .waitFor({ timeout: 10_000 });
  await settled(leadPage);
  await screenshot(leadPage, 'wfm-request-bell-en-US');
  await leadPage.keyboard.press('Escape');
  await leadPage.getByTestId(SELF_IDS.open(secondId)).click({ timeout: 10_000 });
  const drawer = leadPage.getByTestId(SELF_IDS.drawer);
  await expect.poll(() => drawer.getAttribute('data-state'), { timeout: 5_000 }).toBe('pending');
  await leadPage.getByTestId(SELF_IDS.effectChart(secondShift.date)).locator('canvas').waitFor({ timeout: 5_000 });
  expect(await leadPage.getByTestId(SELF_IDS.effectUnder(secondShift.date)).textContent()).toMatch(
    /under-coverage .+ → .+ agent-hours/,
  );
  expect(await drawer.textContent()).toContain('Doctor’s appointment');
  await leadPage.getByTestId(SELF_IDS.note).fill('Busy day, please swap instead');
  await settled(leadPage);
  await screenshot(leadPage, 'wfm-schedule-request-en-US');
  await leadPage.getByTestId(SELF_IDS.reject).click();
  await leadPage.getByText('Rejected').first().waitFor({ timeout: 5_000 });
  // The agent's request is rejected with the note; the shift stays.
  const request = agentPage.getByTestId(SELF_IDS.requestRow(secondId));
  await expect.poll(() => request.getAttribute('data-state'), { timeout: 10_000 }).toBe('rejected');
  expect(await request.textContent()).toContain('Busy day, please swap instead');
  expect(await agentPage.getByTestId(SELF_IDS.day(secondShift.date)).getAttribute('data-state')).toBe('active');
  expect(env.pageErrors).toEqual([]);
}

describe('遵从度', () => {
  let page: Page;
  /** An agent of the lead's team untouched by the requests above. */
  const agent = () => agents[5]!;
  const adherenceOf = () => page.locator(byTestId(ADHERENCE_IDS.liveAdherence(agent().id)));
  const cell = (table: string, row: number, col: number) =>
    page
      .locator(`${byTestId(table)} tbody tr.ant-table-row`)
      .nth(row)
      .locator('td')
      .nth(col);

  beforeAll(async () => {
    const token = await apiLogin(env.kefu.baseUrl, agent().user.username, PASSWORD);
    const r = await fetch(`${env.kefu.baseUrl}/api/v1/agents/me/state`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ state: 'ready' }),
    });
    expect(r.status, await r.clone().text()).toBe(200);
    page = await env.signedIn(LEAD, '/adherence');
  }, 60_000);

  it('lists the agent who went ready off schedule as out of adherence, flagged with no grace', async () => {
    // The live view reads the reports' agent states, fed by the ACD's events.
    type Live = { agents: { agentId: string; state: string }[] };
    await expect
      .poll(
        async () =>
          (await env.api<Live>('GET', '/wfm/adherence/live')).agents.find((a) => a.agentId === agent().id)?.state,
        { timeout: 30_000, interval: 500 },
      )
      .toBe('ready');
    await adherenceOf().waitFor({ timeout: 20_000 });
    expect(await adherenceOf().getAttribute('data-in')).toBe('false');
    expect(await page.locator(byTestId(ADHERENCE_IDS.liveActivity(agent().id))).getAttribute('data-activity')).toBe(
      'off',
    );
    const row = page.locator(`${byTestId(ADHERENCE_IDS.liveTable)} tr`, { has: adherenceOf() });
    expect(await row.textContent()).toContain(agent().name);
    expect(await row.textContent()).toContain('未排班');
    expect(await row.textContent()).toContain('示闲');
    expect(await adherenceOf().textContent()).toContain('不遵从');
    // Nobody is scheduled today (the schedule is next week's).
    expect(await page.getByTestId(ADHERENCE_IDS.summaryScheduled).locator('.ant-statistic-content').textContent()).toBe(
      '0',
    );
    expect(await adherenceOf().getAttribute('data-flagged')).toBe('false');

    await page.getByTestId(ADHERENCE_IDS.grace).fill('0');
    await expect.poll(() => adherenceOf().getAttribute('data-flagged'), { timeout: 10_000 }).toBe('true');
    await expect
      .poll(() => page.getByTestId(ADHERENCE_IDS.summaryFlagged).locator('.ant-statistic-content').textContent())
      .toBe('1');
    await settled(page);
    await screenshot(page, 'wfm-adherence-live-zh-CN');
  }, 60_000);

  it("reports next week's days as zero: the published schedule has not begun", async () => {
    await page.getByTestId(ADHERENCE_IDS.tab('report')).click();
    await page
      .getByTestId(ADHERENCE_IDS.explanation)
      .getByText(/遵从度 = /)
      .waitFor();
    const today = dateIn(TZ, new Date());
    const monday = addDays(today, 8 - weekdayOf(today));
    const sunday = addDays(monday, 6);
    const inputs = page.locator(`${byTestId(ADHERENCE_IDS.page)} .ant-picker-range input`);
    // Typing into the range picker can be lost while the page re-renders (a loaded machine): retried.
    await expect
      .poll(
        async () => {
          for (const [i, value] of [monday, sunday].entries()) {
            await inputs.nth(i).click();
            await inputs.nth(i).fill(value);
            await inputs.nth(i).press('Enter');
          }
          return [await inputs.nth(0).inputValue(), await inputs.nth(1).inputValue()];
        },
        { timeout: 25_000, interval: 500 },
      )
      .toEqual([monday, sunday]);
    // The lead's agents with next week's shifts are listed, with nothing counted before the time comes.
    const rows = page.locator(`${byTestId(ADHERENCE_IDS.agentsTable)} tbody tr.ant-table-row`);
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    const n = await rows.count();
    for (let i = 0; i < n; i++) {
      for (const col of [2, 3, 4, 5]) expect(await cell(ADHERENCE_IDS.agentsTable, i, col).textContent()).toBe('0.0');
      expect(await cell(ADHERENCE_IDS.agentsTable, i, 6).textContent()).toBe('—');
      expect(await cell(ADHERENCE_IDS.agentsTable, i, 7).textContent()).toBe('—');
    }
    expect(await page.locator(`${byTestId(ADHERENCE_IDS.teamsTable)} tbody tr.ant-table-row`).count()).toBe(1);
    await settled(page);
    await screenshot(page, 'wfm-adherence-report-zh-CN');
  }, 40_000);

  it('shows the same in English', async () => {
    await page.getByTestId(APP_IDS.langSwitch).click();
    await page.getByTestId(ADHERENCE_IDS.tab('live')).click();
    await adherenceOf().waitFor({ timeout: 20_000 });
    expect(await adherenceOf().textContent()).toContain('Out of adherence');
    const row = page.locator(`${byTestId(ADHERENCE_IDS.liveTable)} tr`, { has: adherenceOf() });
    expect(await row.textContent()).toContain('Off');
    await settled(page);
    await screenshot(page, 'wfm-adherence-live-en-US');
    await page.getByTestId(ADHERENCE_IDS.tab('report')).click();
    await page
      .getByTestId(ADHERENCE_IDS.explanation)
      .getByText(/Adherence = /)
      .waitFor();
    await settled(page);
    await screenshot(page, 'wfm-adherence-report-en-US');
    expect(env.pageErrors).toEqual([]);
  }, 40_000);
});
