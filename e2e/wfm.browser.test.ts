import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { APP_IDS } from '../web/src/app/testids';
import { addDays, dateIn, weekdayOf } from '../web/src/features/wfm/dates';
import { WFM_IDS } from '../web/src/features/wfm/testids';
import { browserFixture, screenshot, settled } from './fixtures/browser';

/**
 * 排班 in a real browser: six weeks of a hotline's history imported through the contact import; the
 * planner forecasts next week, reads the chart and the backtest error, adds +20 % on the Monday as
 * version 2, turns it into agents per interval and moves the volume what-if, then checks the
 * published Erlang C example in the calculator — in Chinese, then in English.
 */
const TZ = 'Asia/Shanghai';
const env = browserFixture({ name: 'kefu-wfm-', adminPassword: 'Wfm-admin-1', env: { KEFU_TIMEZONE: TZ } });

const HEADER = 'externalId,channel,queue,enteredQueueAt,answeredAt,endedAt,talkSeconds,wrapUpSeconds';
/** Calls per half hour from 08:00 to 20:00 by weekday (1 = Monday), shaped over the day. */
const DAILY = [0, 10, 8, 8, 8, 9, 4, 2];
const shape = (slot: number) => 1 + Math.round(2 * Math.sin((Math.PI * slot) / 24));

/** Six weeks before today: every tenth call abandoned after 60 s, the others answered after 10 s and 180 s long. */
function historyCsv(today: string): string {
  const lines = [HEADER];
  let n = 0;
  for (let d = 42; d >= 1; d--) {
    const date = addDays(today, -d);
    const perSlot = DAILY[weekdayOf(date)]!;
    for (let slot = 0; slot < 24; slot++) {
      const calls = perSlot * shape(slot);
      for (let j = 0; j < calls; j++) {
        const minute = 8 * 60 + slot * 30 + Math.floor((j * 30) / calls);
        const at = Date.parse(`${date}T00:00:00+08:00`) + minute * 60_000;
        const iso = (ms: number) => new Date(at + ms).toISOString();
        n++;
        if (n % 10 === 0) lines.push(`W-${n},voice,hotline,${iso(0)},,${iso(60_000)},,`);
        else lines.push(`W-${n},voice,hotline,${iso(0)},${iso(10_000)},${iso(190_000)},180,0`);
      }
    }
  }
  return lines.join('\n');
}

let page: Page;
let queueId: string;

beforeAll(async () => {
  queueId = (await env.api<{ id: string }>('POST', '/queues', { key: 'hotline', name: '服务热线' })).id;
  const res = await fetch(`${env.kefu.baseUrl}/api/v1/contacts/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${env.adminToken}`, 'content-type': 'text/csv' },
    body: historyCsv(dateIn(TZ, new Date())),
  });
  expect(res.status, await res.clone().text()).toBe(202);
  const { jobId } = (await res.json()) as { jobId: string };
  for (let i = 0; ; i++) {
    const job = await env.api<{ state: string; error?: unknown }>('GET', `/jobs/${jobId}`);
    if (job.state === 'done') break;
    if (job.state === 'failed' || i > 300) throw new Error(`the import did not finish: ${JSON.stringify(job)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  page = await env.signedIn(env.admin, '/wfm');
}, 60_000);

const peakAgents = async () => Number(await page.getByTestId(WFM_IDS.reqPeak).getAttribute('data-agents'));
const figure = (name: string) => page.getByTestId(WFM_IDS.calcFigure(name)).locator('.ant-statistic-content');

describe('排班', () => {
  it('forecasts next week from the history: the chart, the backtest error and why this method', async () => {
    await page.getByTestId(WFM_IDS.forecasts).getByText('还没有预测').waitFor();
    await page.getByTestId(WFM_IDS.forecastCreate).click();
    await page.getByTestId(WFM_IDS.forecastName).fill('下周预测');
    await page.getByTestId(WFM_IDS.forecastQueues).click();
    await page.locator('.ant-select-item-option').filter({ hasText: '服务热线' }).click();
    await page.keyboard.press('Escape');
    await page.getByTestId(WFM_IDS.forecastHistoryWeeks).fill('6');
    await settled(page);
    await screenshot(page, 'wfm-forecast-form-zh-CN');
    await page.getByTestId(WFM_IDS.forecastSubmit).click();

    const detail = page.getByTestId(WFM_IDS.detail);
    await detail.waitFor({ timeout: 20_000 });
    expect(await detail.getAttribute('data-version')).toBe('1');
    await page.getByTestId(WFM_IDS.chart(queueId)).locator('canvas').waitFor();
    const methods = page.getByTestId(WFM_IDS.methods(queueId));
    await expect.poll(() => methods.textContent()).toMatch(/\d+\.\d%/);
    expect(await methods.textContent()).toContain('已选用');
    await page.getByText(/^选用 .+：(回测误差较低，自动选用|由排班师指定|历史数据只够使用这一种方法)。$/).waitFor();
    await settled(page);
    await screenshot(page, 'wfm-forecast-zh-CN');
  }, 40_000);

  it('saves a +20 % adjustment as version 2', async () => {
    const total = page.getByTestId(WFM_IDS.queueTotal(queueId));
    const calls = async () => Number((await total.textContent())?.replace(/\D/g, ''));
    const before = await calls();
    await page.getByTestId(WFM_IDS.adjustAdd).click();
    expect(await page.getByTestId(WFM_IDS.adjustPercent(0)).inputValue()).toBe('+20');
    await page.getByTestId(WFM_IDS.adjustNote).fill('账单日 +20%');
    await page.getByTestId(WFM_IDS.adjustSave).click();
    await page.getByText('已保存为第 2 版').waitFor();
    await expect.poll(() => page.getByTestId(WFM_IDS.detail).getAttribute('data-version')).toBe('2');
    await page
      .getByTestId(WFM_IDS.versionPicker)
      .getByText(/第 2 版/)
      .waitFor();
    // +20 % on the Monday: the week's total grows by a fifth of Monday's calls.
    await expect.poll(calls).toBeGreaterThan(before);
    await settled(page);
    await screenshot(page, 'wfm-forecast-adjusted-zh-CN');
  }, 30_000);

  it('turns the forecast into agents per interval; more volume in the what-if raises the peak', async () => {
    await page.getByTestId(WFM_IDS.tab('requirements')).click();
    const peak = page.getByTestId(WFM_IDS.reqPeak);
    await peak.waitFor({ timeout: 15_000 });
    const before = await peakAgents();
    expect(before).toBeGreaterThan(0);
    await page.getByTestId(WFM_IDS.reqChart).locator('canvas').waitFor();
    expect(await page.getByTestId(WFM_IDS.reqTable).locator('tbody tr').count()).toBe(7);
    const volume = page.getByTestId(WFM_IDS.reqVolume);
    await volume.fill('50');
    await volume.press('Enter');
    await expect.poll(peakAgents, { timeout: 10_000 }).toBeGreaterThan(before);
    await settled(page);
    await screenshot(page, 'wfm-requirements-zh-CN');
  }, 30_000);

  it('staffs the published example in the calculator: 14 agents, 20 scheduled; too few agents are refused in words', async () => {
    await page.getByTestId(WFM_IDS.tab('calculator')).click();
    await page.getByTestId(WFM_IDS.calcField('callsPerInterval')).fill('100');
    await page.getByTestId(WFM_IDS.calcField('shrinkage')).fill('30');
    await page.getByTestId(WFM_IDS.calcSubmit).click();
    await expect.poll(() => figure('agents').textContent()).toBe('14');
    expect(await figure('scheduledAgents').textContent()).toBe('20');
    expect(await figure('serviceLevel').textContent()).toBe('88.8%');
    await page.getByTestId(WFM_IDS.calcEvaluateAgents).fill('10');
    await page.getByTestId(WFM_IDS.calcEvaluate).click();
    await page.getByTestId(WFM_IDS.calcError).waitFor();
    expect(await page.getByTestId(WFM_IDS.calcError).textContent()).not.toContain('Agents must exceed');
    await settled(page);
    await screenshot(page, 'wfm-calculator-zh-CN');

    await page.getByTestId(APP_IDS.langSwitch).click();
    await page.getByText('Agents needed').first().waitFor();
    await page.getByTestId(WFM_IDS.calcEvaluateAgents).fill('15');
    await page.getByTestId(WFM_IDS.calcEvaluate).click();
    await page.getByText('Meets the targets').waitFor();
    await settled(page);
    await screenshot(page, 'wfm-calculator-en-US');
    await page.getByTestId(WFM_IDS.tab('requirements')).click();
    await page.getByTestId(WFM_IDS.reqPeak).waitFor({ timeout: 15_000 });
    await settled(page);
    await screenshot(page, 'wfm-requirements-en-US');
    await page.getByTestId(WFM_IDS.tab('forecasts')).click();
    await page.getByTestId(WFM_IDS.forecasts).getByRole('button', { name: '下周预测' }).click();
    await page.getByTestId(WFM_IDS.chart(queueId)).locator('canvas').waitFor();
    await page.getByText('WAPE per interval').first().waitFor();
    await settled(page);
    await screenshot(page, 'wfm-forecast-en-US');
    expect(env.pageErrors).toEqual([]);
  }, 40_000);
});
