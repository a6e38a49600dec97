import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, dateIn, weekdayOf } from '../contracts/local-dates';
import { APP_IDS } from '../web/src/app/testids';
import { ADHERENCE_IDS } from '../web/src/features/wfm/adherence-testids';
import { browserFixture, byTestId, DEMO_PASSWORD, screenshot, settled } from './fixtures/browser';
import { apiLogin } from './kefu-process';

/**
 * 遵从度 in a real browser, on the demo: its published schedule is next week's, so nobody is scheduled
 * today. An agent of lead01's team goes ready anyway — working while not scheduled — and lead01's live
 * view lists them under 未排班, out of adherence, flagged once the grace period is 0; next week's
 * report has the scheduled hours and nothing adhered yet. In Chinese, then in English.
 */
const TZ = 'Asia/Shanghai';
const env = browserFixture({
  name: 'kefu-adherence-',
  adminPassword: 'Adherence-admin-1',
  demo: true,
  // The demo's forecast and next week's schedule are learnt from its history.
  demoHistory: true,
  env: { KEFU_TIMEZONE: TZ },
});

type UserRow = { id: string; username: string; displayName: string; teamId: string | null; roles: string[] };

let page: Page;
let agent: UserRow;

beforeAll(async () => {
  const users = await env.api<{ items: UserRow[] }>('GET', '/users?page=1&pageSize=100');
  const teams = await env.api<{ id: string; leadUserId: string | null }[]>('GET', '/teams');
  const lead = users.items.find((u) => u.username === 'lead01');
  const team = teams.find((t) => t.leadUserId === lead?.id);
  const member = users.items
    .filter((u) => u.teamId === team?.id && u.username.startsWith('agent'))
    .sort((a, b) => a.username.localeCompare(b.username))[0];
  if (!member) throw new Error('no agent in lead01’s team');
  agent = member;
  const token = await apiLogin(env.kefu.baseUrl, agent.username, DEMO_PASSWORD);
  const r = await fetch(`${env.kefu.baseUrl}/api/v1/agents/me/state`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ state: 'ready' }),
  });
  expect(r.status, await r.clone().text()).toBe(200);
  page = await env.signedIn({ username: 'lead01', password: DEMO_PASSWORD }, '/adherence');
}, 60_000);

const adherenceOf = () => page.locator(byTestId(ADHERENCE_IDS.liveAdherence(agent.id)));
const cell = (table: string, row: number, col: number) =>
  page
    .locator(`${byTestId(table)} tbody tr.ant-table-row`)
    .nth(row)
    .locator('td')
    .nth(col);

/** Types a range into the report's picker: from, to, as YYYY-MM-DD. */
async function pickRange(from: string, to: string): Promise<void> {
  const inputs = page.locator(`${byTestId(ADHERENCE_IDS.page)} .ant-picker-range input`);
  await inputs.nth(0).click();
  await inputs.nth(0).fill(from);
  await inputs.nth(0).press('Enter');
  await inputs.nth(1).click();
  await inputs.nth(1).fill(to);
  await inputs.nth(1).press('Enter');
}

describe('遵从度', () => {
  it('lists the agent who went ready off schedule as out of adherence, flagged with no grace', async () => {
    // The live view reads the reports' agent states, which first take in the demo's history.
    type Live = { agents: { agentId: string; state: string }[] };
    await expect
      .poll(
        async () => {
          const live = await env.api<Live>('GET', '/wfm/adherence/live');
          return live.agents.find((a) => a.agentId === agent.id)?.state ?? JSON.stringify(live.agents.slice(0, 3));
        },
        { timeout: 90_000, interval: 1000 },
      )
      .toBe('ready');
    await adherenceOf().waitFor({ timeout: 20_000 });
    expect(await adherenceOf().getAttribute('data-in')).toBe('false');
    expect(await page.locator(byTestId(ADHERENCE_IDS.liveActivity(agent.id))).getAttribute('data-activity')).toBe(
      'off',
    );
    const row = page.locator(`${byTestId(ADHERENCE_IDS.liveTable)} tr`, { has: adherenceOf() });
    expect(await row.textContent()).toContain(agent.displayName);
    expect(await row.textContent()).toContain('未排班');
    expect(await row.textContent()).toContain('示闲');
    expect(await adherenceOf().textContent()).toContain('不遵从');
    // Nobody of the demo is scheduled today (its schedule is next week's).
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
  }, 130_000);

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
          await pickRange(monday, sunday);
          return [await inputs.nth(0).inputValue(), await inputs.nth(1).inputValue()];
        },
        { timeout: 25_000, interval: 500 },
      )
      .toEqual([monday, sunday]);
    // lead01's agents with next week's shifts are listed, with nothing counted before the time comes.
    const agents = page.locator(`${byTestId(ADHERENCE_IDS.agentsTable)} tbody tr.ant-table-row`);
    await expect.poll(() => agents.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    const rows = await agents.count();
    for (let i = 0; i < rows; i++) {
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
