import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { dateIn } from '../contracts/local-dates';
import {
  addAgents,
  createForecast,
  giveDayShifts,
  httpSeedApi,
  nextMondayAfter,
  OFFICE_HOURS,
  seedHotline,
  waitForJob,
} from '../server/src/modules/wfm/test/wfm-fixture';
import { APP_IDS } from '../web/src/app/testids';
import { SIMULATION_IDS } from '../web/src/features/wfm/simulation-testids';
import { browserFixture, screenshot, settled } from './fixtures/browser';

/**
 * 模拟 in a real browser (issue 17): four weeks of a small hotline's history imported through the
 * contact import and a forecast of next week; the planner simulates Monday with a fixed number of
 * agents (a few replications), follows the run's progress, and reads the totals with their 95 %
 * intervals, the chart per interval and the table; then Monday from a published schedule (made
 * through the API) — in Chinese, then the page in English.
 */
const TZ = 'Asia/Shanghai';
const env = browserFixture({ name: 'kefu-wfm-simulation-', adminPassword: 'Sim-admin-1', env: { KEFU_TIMEZONE: TZ } });

let page: Page;
const forecastName = '下周话务预测';
const scheduleName = '下周排班';

beforeAll(async () => {
  const seed = httpSeedApi(env);
  const today = dateIn(TZ, new Date());
  const queueId = await seedHotline(seed, {
    key: 'sim-hotline',
    name: '模拟热线',
    today,
    idPrefix: 'M',
    day: OFFICE_HOURS,
  });
  const forecastId = await createForecast(seed, {
    name: forecastName,
    queueIds: [queueId],
    startDate: nextMondayAfter(today),
  });
  // A published schedule of three agents for Monday to Wednesday (solved in a few seconds).
  const users = ['王芳', '李娜', '张伟'].map((displayName, i) => ({
    username: `sim-a${i + 1}`,
    password: 'Sim-agent-1',
    displayName,
  }));
  const agentIds = await addAgents(seed, 'sim-hotline', users);
  await giveDayShifts(seed, '白班', agentIds, { minWeeklyMinutes: 0, maxWeeklyMinutes: 2400 });
  const run = await env.api<{ jobId: string }>('POST', '/wfm/schedules', {
    name: scheduleName,
    requirement: { forecastId },
    days: 3,
    agentIds,
    timeLimitSeconds: 5,
  });
  const job = await waitForJob<{ scheduleId?: string } | null>(seed, run.jobId);
  if (job.state !== 'done' || !job.result?.scheduleId)
    throw new Error(`the schedule was not made: ${JSON.stringify(job)}`);
  await env.api('POST', `/wfm/schedules/${job.result.scheduleId}/publish`);
  page = await env.signedIn(env.admin, '/wfm?tab=simulation');
}, 90_000);

describe('模拟', () => {
  it('simulates a day with a fixed number of agents: progress, then totals, chart and table', async () => {
    const tab = page.getByTestId(SIMULATION_IDS.simulation);
    await tab.getByText('还没有模拟').waitFor();
    // The first forecast and its first day are chosen already.
    await tab.getByText(forecastName).waitFor();
    await page.getByTestId(SIMULATION_IDS.agents).fill('2');
    await page.getByTestId(SIMULATION_IDS.replications).fill('8');
    await settled(page);
    await screenshot(page, 'wfm-simulation-form-zh-CN');
    await page.getByTestId(SIMULATION_IDS.submit).click();

    const progress = page.getByTestId(SIMULATION_IDS.progress);
    const result = page.getByTestId(SIMULATION_IDS.result);
    await progress.or(result).first().waitFor();
    let sawProgress = false;
    for (let i = 0; i < 300 && !(await result.isVisible()); i++) {
      const total = await progress.getAttribute('data-total', { timeout: 500 }).catch(() => null);
      if (total === '8' && !sawProgress) {
        sawProgress = true;
        expect(await progress.textContent()).toMatch(/第 \d+ \/ 8 次重复|已完成/);
        await screenshot(page, 'wfm-simulation-progress-zh-CN');
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    await result.waitFor({ timeout: 30_000 });

    // Each total is "mean (low–high)", read against the one-line explanation of the interval.
    const sl = await page.getByTestId(SIMULATION_IDS.total('serviceLevel')).textContent();
    expect(sl).toMatch(/服务水平[\d.]+% \([\d.]+–[\d.]+%\)/);
    expect(await page.getByTestId(SIMULATION_IDS.total('asaSeconds')).textContent()).toMatch(/[\d.]+ s/);
    expect(await result.textContent()).toContain('95% 置信区间');
    expect(await result.textContent()).toContain('8 次重复');
    await page.getByTestId(SIMULATION_IDS.chart).locator('canvas').waitFor();
    // The table's intervals are the centre's 09:00–18:00 (and what spills over).
    const table = page.getByTestId(SIMULATION_IDS.table);
    await table.getByText('09:00', { exact: true }).waitFor();
    await settled(page);
    await screenshot(page, 'wfm-simulation-result-zh-CN');
    await page.getByTestId(SIMULATION_IDS.metric).getByText('占用率').click();
    await settled(page);
    await screenshot(page, 'wfm-simulation-occupancy-zh-CN', { fullPage: false });
    expect(await result.textContent()).not.toContain('坐席');

    // The run is listed, and opens again from the list.
    await page.getByTestId(SIMULATION_IDS.back).click();
    const runs = page.getByTestId(SIMULATION_IDS.runs);
    await runs.getByText('固定人数').waitFor();
    expect(env.pageErrors).toEqual([]);
  }, 60_000);

  it('simulates the day from the published schedule: its agents by their shifts', async () => {
    await page.getByTestId(SIMULATION_IDS.source('schedule')).click();
    await page.getByTestId(SIMULATION_IDS.schedule).click();
    await page.locator('.ant-select-item-option').filter({ hasText: scheduleName }).click();
    await page.getByTestId(SIMULATION_IDS.replications).fill('4');
    await page.getByTestId(SIMULATION_IDS.submit).click();
    const result = page.getByTestId(SIMULATION_IDS.result);
    await result.waitFor({ timeout: 30_000 });
    expect(await result.textContent()).toContain('排班表');
    // Three agents from 09:00; none at night.
    const table = page.getByTestId(SIMULATION_IDS.table);
    const row = (time: string) => table.locator('tr').filter({ has: page.getByText(time, { exact: true }) });
    expect(await row('09:30').locator('td').nth(1).textContent()).toBe('3');
    await page.getByTestId(SIMULATION_IDS.chart).locator('canvas').waitFor();
    await settled(page);
    await screenshot(page, 'wfm-simulation-schedule-zh-CN');
    await page.getByTestId(SIMULATION_IDS.back).click();
    await page.getByTestId(SIMULATION_IDS.runs).getByText('排班表').waitFor();
    expect(env.pageErrors).toEqual([]);
  }, 40_000);

  it('reads the page in English', async () => {
    await page.getByTestId(APP_IDS.langSwitch).click();
    const runs = page.getByTestId(SIMULATION_IDS.runs);
    await runs.getByText('Fixed number').waitFor();
    await page.getByText('Simulate a day').waitFor();
    await settled(page);
    await screenshot(page, 'wfm-simulation-en-US');
    await runs.getByRole('button', { name: forecastName }).last().click();
    await page.getByTestId(SIMULATION_IDS.result).getByText('95 % confidence interval').first().waitFor();
    expect(await page.getByTestId(SIMULATION_IDS.total('serviceLevel')).textContent()).toMatch(
      /Service level[\d.]+% \([\d.]+–[\d.]+%\)/,
    );
    await page.getByTestId(SIMULATION_IDS.chart).locator('canvas').waitFor();
    await settled(page);
    await screenshot(page, 'wfm-simulation-result-en-US');
    expect(env.pageErrors).toEqual([]);
  }, 30_000);
});
