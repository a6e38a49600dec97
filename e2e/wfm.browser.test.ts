import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, dateIn, weekdayOf } from '../contracts/local-dates';
import { APP_IDS } from '../web/src/app/testids';
import { WFM_IDS } from '../web/src/features/wfm/testids';
import { browserFixture, screenshot, settled } from './fixtures/browser';

/**
 * 排班 in a real browser: six weeks of a hotline's history imported through the contact import; the
 * planner forecasts next week, reads the chart and the backtest error, adds +20 % on the Monday as
 * version 2, turns it into agents per interval and moves the volume what-if, then checks the
 * published Erlang C example in the calculator — in Chinese, then in English. Last, today's calls so
 * far arrive at a higher rate and the intraday tab re-forecasts the rest of today.
 */
const TZ = 'Asia/Shanghai';
const env = browserFixture({ name: 'kefu-wfm-', adminPassword: 'Wfm-admin-1', env: { KEFU_TIMEZONE: TZ } });

const HEADER = 'externalId,channel,queue,enteredQueueAt,answeredAt,endedAt,talkSeconds,wrapUpSeconds';
/** Calls per half hour from 08:00 to 20:00 by weekday (1 = Monday), shaped over the day; one an hour at night. */
const DAILY = [0, 10, 8, 8, 8, 9, 4, 2];
const shape = (slot: number) => 1 + Math.round(2 * Math.sin((Math.PI * slot) / 24));
/** Calls in half hour `h` (0 = 00:00) of a day. The night calls give the intraday tab demand at any hour. */
function callsIn(date: string, h: number): number {
  const slot = h - 16;
  return slot >= 0 && slot < 24 ? DAILY[weekdayOf(date)]! * shape(slot) : h % 2;
}

/**
 * The contacts of a day as import rows: every tenth abandoned after 60 s, the others answered after
 * 10 s and 180 s long; `rate` multiplies the usual volume; only those that ended before `endedBefore`.
 */
function dayRows(prefix: string, date: string, rate = 1, endedBefore = Number.POSITIVE_INFINITY): string[] {
  const lines: string[] = [];
  let n = 0;
  for (let h = 0; h < 48; h++) {
    const calls = Math.ceil(callsIn(date, h) * rate);
    for (let j = 0; j < calls; j++) {
      const minute = h * 30 + Math.floor((j * 30) / calls);
      const at = Date.parse(`${date}T00:00:00+08:00`) + minute * 60_000;
      const iso = (ms: number) => new Date(at + ms).toISOString();
      n++;
      if (at + 190_000 >= endedBefore) continue;
      if (n % 10 === 0) lines.push(`${prefix}-${date}-${n},voice,hotline,${iso(0)},,${iso(60_000)},,`);
      else lines.push(`${prefix}-${date}-${n},voice,hotline,${iso(0)},${iso(10_000)},${iso(190_000)},180,0`);
    }
  }
  return lines;
}

/** Imports contacts through the contact import and waits for its job. */
async function importContacts(lines: string[]): Promise<void> {
  const res = await fetch(`${env.kefu.baseUrl}/api/v1/contacts/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${env.adminToken}`, 'content-type': 'text/csv' },
    body: [HEADER, ...lines].join('\n'),
  });
  expect(res.status, await res.clone().text()).toBe(202);
  const { jobId } = (await res.json()) as { jobId: string };
  for (let i = 0; ; i++) {
    const job = await env.api<{ state: string; error?: unknown }>('GET', `/jobs/${jobId}`);
    if (job.state === 'done') break;
    if (job.state === 'failed' || i > 300) throw new Error(`the import did not finish: ${JSON.stringify(job)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

let page: Page;
let queueId: string;

beforeAll(async () => {
  queueId = (await env.api<{ id: string }>('POST', '/queues', { key: 'hotline', name: '服务热线' })).id;
  // Six weeks before today.
  const today = dateIn(TZ, new Date());
  const history: string[] = [];
  for (let d = 42; d >= 1; d--) history.push(...dayRows('W', addDays(today, -d)));
  await importContacts(history);
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

  it('re-forecasts the rest of today from its calls so far and says what to do in the next two hours', async () => {
    const now = Date.now();
    const today = dateIn(TZ, new Date(now));
    // Today so far at 1.5 times the usual rate: only contacts that have ended.
    await importContacts(dayRows('T', today, 1.5, now));
    await env.api('POST', '/wfm/forecasts', {
      name: '今日预测',
      queueIds: [queueId],
      startDate: today,
      days: 1,
      historyWeeks: 6,
      holdoutWeeks: 1,
    });
    await page.getByTestId(WFM_IDS.tab('intraday')).click();
    await page.getByTestId(WFM_IDS.intradayCalls).locator('canvas').waitFor({ timeout: 15_000 });
    await page.getByTestId(WFM_IDS.intradayAgents).locator('canvas').waitFor();
    expect(await page.getByTestId(WFM_IDS.intradayUpdatedAt).textContent()).toMatch(/^Updated at \d{1,2}:\d{2}/);

    const ratio = page.getByTestId(WFM_IDS.intradayRatio(queueId));
    // Before 02:00 the few night calls so far may say anything; later they are clearly above the forecast.
    const hoursPassed = (now - Date.parse(`${today}T00:00:00+08:00`)) / 3_600_000;
    expect(await ratio.textContent()).toMatch(
      hoursPassed >= 2
        ? /^服务热线: [\d,]+ calls so far against [\d,]+ forecast, \d+% above the forecast; the rest of the day is raised by \d+%\.$/
        : /^服务热线: .+; the rest of the day (is raised by|is lowered by|stays as forecast)/,
    );
    // Nobody is logged in: any demand in the next two hours is a shortfall.
    const first = page.getByTestId(WFM_IDS.intradaySuggestion(0));
    expect(['offer_overtime', 'cancel_activities']).toContain(await first.getAttribute('data-kind'));
    expect(await first.textContent()).toMatch(
      /\d{2}:\d{2}–\d{2}:\d{2} short of \d+ agents?: (offer overtime|cancel off-phone activities)/,
    );
    await settled(page);
    await screenshot(page, 'wfm-intraday-en-US', { fullPage: true });

    await page.getByTestId(APP_IDS.langSwitch).click();
    await page.getByText('接下来两小时的建议').waitFor();
    expect(await first.textContent()).toMatch(/\d{2}:\d{2}–\d{2}:\d{2} 缺 \d+ 名座席：(安排加班|取消培训)/);
    if (hoursPassed >= 2) expect(await ratio.textContent()).toMatch(/高于预测 \d+%；今天剩余时段的预测上调 \d+%。$/);
    await page.getByTestId(WFM_IDS.intradayRefresh).click();
    await settled(page);
    await screenshot(page, 'wfm-intraday-zh-CN', { fullPage: true });
    expect(await page.getByTestId(WFM_IDS.intraday).textContent()).not.toContain('坐席');
    expect(env.pageErrors).toEqual([]);
  }, 30_000);
});
