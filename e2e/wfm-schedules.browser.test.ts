import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { dateIn } from '../contracts/local-dates';
import {
  addAgents,
  createForecast,
  httpSeedApi,
  nextMondayAfter,
  OFFICE_HOURS,
  seedHotline,
} from '../server/src/modules/wfm/test/wfm-fixture';
import { APP_IDS } from '../web/src/app/testids';
import { RUN_PHASES } from '../web/src/features/wfm/schedule-format';
import { SCHEDULE_IDS } from '../web/src/features/wfm/schedules-testids';
import { WFM_IDS } from '../web/src/features/wfm/testids';
import { browserFixture, screenshot, settled } from './fixtures/browser';

/**
 * 排班表 in a real browser (issue 17): four weeks of a small hotline's history imported through the
 * contact import and a forecast of next week; the planner makes a shift template in the 班次与规则
 * tab, gives one agent rules there (the other four through the API), runs a schedule from the
 * 排班表 tab with a 10-second limit while its progress shows, opens it (summary, coverage chart,
 * the agents' week) and publishes it — in Chinese, then reads it in English.
 */
const TZ = 'Asia/Shanghai';
const env = browserFixture({ name: 'kefu-wfm-schedules-', adminPassword: 'Sched-admin-1', env: { KEFU_TIMEZONE: TZ } });

const AGENTS = ['王芳', '李娜', '张伟', '刘洋', '陈静'];

let page: Page;
const agentIds: string[] = [];
let forecastName: string;

beforeAll(async () => {
  const seed = httpSeedApi(env);
  const today = dateIn(TZ, new Date());
  const queueId = await seedHotline(seed, {
    key: 'sched-hotline',
    name: '排班热线',
    today,
    idPrefix: 'S',
    day: OFFICE_HOURS,
  });
  const users = AGENTS.map((displayName, i) => ({
    username: `sched-a${i + 1}`,
    password: 'Sched-agent-1',
    displayName,
  }));
  agentIds.push(...(await addAgents(seed, 'sched-hotline', users)));
  forecastName = '下周话务预测';
  await createForecast(seed, { name: forecastName, queueIds: [queueId], startDate: nextMondayAfter(today) });
  page = await env.signedIn(env.admin, '/wfm?tab=setup');
}, 90_000);

const option = (text: string) => page.locator('.ant-select-item-option').filter({ hasText: text });
/**
 * Straight to the setup tab by its address: under load, a dialog's closing animation has kept the tab
 * from taking a click for longer than the click waits.
 */
async function openSetupTab(): Promise<void> {
  const url = new URL(page.url());
  url.search = '?tab=setup';
  await page.goto(url.toString());
}

/** Picks an option of the one dropdown open now (closed ones stay in the page, hidden). */
async function pickOpen(text: string): Promise<void> {
  await page.locator('.ant-select-item-option').filter({ hasText: text, visible: true }).click();
  await expect.poll(() => page.locator('.ant-select-dropdown').filter({ visible: true }).count()).toBe(0);
}

describe('排班表', () => {
  it('makes a shift template and gives agents their rules', async () => {
    await page.getByTestId(SCHEDULE_IDS.templates).getByText('还没有班次模板').waitFor();
    await page.getByTestId(SCHEDULE_IDS.agents).getByText('王芳').waitFor();
    expect(await page.getByTestId(SCHEDULE_IDS.agents).getByText('未设置').count()).toBe(AGENTS.length);

    await page.getByTestId(SCHEDULE_IDS.templateCreate).click();
    await page.getByTestId(SCHEDULE_IDS.templateName).fill('白班');
    // A time that is none is refused on the field, before anything is sent.
    await page.getByTestId(SCHEDULE_IDS.windowEarliest(0)).fill('8:75');
    await page.getByTestId(SCHEDULE_IDS.templateSubmit).click();
    await page.getByText('请输入时间，如 08:30').waitFor();
    await page.getByTestId(SCHEDULE_IDS.windowEarliest(0)).fill('08:00');
    await page.getByTestId(SCHEDULE_IDS.windowLatest(0)).fill('10:00');
    await page.getByTestId(SCHEDULE_IDS.breakAdd).click();
    await settled(page);
    await screenshot(page, 'wfm-template-form-zh-CN');
    await page.getByTestId(SCHEDULE_IDS.templateSubmit).click();
    await page.getByText('班次模板「白班」已保存').waitFor();
    const templates = page.getByTestId(SCHEDULE_IDS.templates);
    await templates.getByText('08:00–10:00（每 30 分钟）').waitFor();
    expect(await templates.textContent()).toContain('9 小时');
    expect(await templates.textContent()).toContain('用餐 60 分钟');

    // A template with the same name: the server's refusal lands on the name.
    await page.getByTestId(SCHEDULE_IDS.templateCreate).click();
    await page.getByTestId(SCHEDULE_IDS.templateName).fill('白班');
    await page.getByTestId(SCHEDULE_IDS.templateSubmit).click();
    await page.locator('.ant-form-item-explain-error').filter({ hasText: '已有同名的班次模板' }).waitFor();
    await page.keyboard.press('Escape');

    // Nobody has rules yet: the run is refused before it starts, and the form says where to fix it.
    await page.getByTestId(WFM_IDS.tab('schedules')).click();
    await page.getByTestId(SCHEDULE_IDS.create).click();
    await page.getByTestId(SCHEDULE_IDS.name).fill('没人可排');
    await page.getByTestId(SCHEDULE_IDS.forecast).click();
    await option(forecastName).click();
    await page.getByTestId(SCHEDULE_IDS.submit).click();
    await page.getByRole('alert').getByText('还没有员工设置排班规则').waitFor();
    await page.keyboard.press('Escape');
    await openSetupTab();

    // One agent through the screen, the others through the API.
    await page.getByTestId(SCHEDULE_IDS.agentEdit(agentIds[0]!)).click();
    await page.getByTestId(SCHEDULE_IDS.agentTemplates).click();
    await option('白班').click();
    await page.keyboard.press('Escape');
    await page.getByTestId(SCHEDULE_IDS.agentMinHours).fill('24');
    await page.getByTestId(SCHEDULE_IDS.agentMaxHours).fill('40');
    // Availability: never on Sundays; Saturdays only within a window, whose end must come after its start.
    await page.getByTestId(SCHEDULE_IDS.agentAvailabilityMode(7)).click();
    await pickOpen('不可排');
    await page.getByTestId(SCHEDULE_IDS.agentAvailabilityMode(6)).click();
    await pickOpen('指定时段');
    const saturday = page.getByTestId(SCHEDULE_IDS.agentAvailability);
    await saturday.getByPlaceholder('09:00').fill('18:00');
    await saturday.getByPlaceholder('18:00').fill('09:00');
    await page.getByTestId(SCHEDULE_IDS.agentSubmit).click();
    await page.getByText('结束时间须晚于开始时间').waitFor();
    await saturday.getByPlaceholder('09:00').fill('08:00');
    await saturday.getByPlaceholder('18:00').fill('20:00');
    await settled(page);
    await screenshot(page, 'wfm-agent-rules-zh-CN');
    await page.getByTestId(SCHEDULE_IDS.agentSubmit).click();
    await page.getByText('已保存 王芳 的排班规则').waitFor();
    const saved = await env.api<{ items: { userId: string; rules: { availability: unknown } | null }[] }>(
      'GET',
      '/wfm/agents',
    );
    expect(saved.items.find((a) => a.userId === agentIds[0])?.rules?.availability).toEqual({
      '6': { from: 480, to: 1200 },
      '7': 'off',
    });
    await page.getByTestId(SCHEDULE_IDS.agents).getByText('每周 24–40 小时').waitFor();

    const { items } = await env.api<{ items: { id: string }[] }>('GET', '/wfm/shift-templates');
    for (const id of agentIds.slice(1))
      await env.api('PUT', `/wfm/agents/${id}/rules`, {
        templateIds: [items[0]!.id],
        minWeeklyMinutes: 24 * 60,
        maxWeeklyMinutes: 40 * 60,
      });
    await page.reload();
    await page.getByTestId(SCHEDULE_IDS.agents).getByText('王芳').waitFor();
    expect(await page.getByTestId(SCHEDULE_IDS.agents).getByText('每周 24–40 小时').count()).toBe(AGENTS.length);
    expect(await page.getByTestId(SCHEDULE_IDS.agents).getByText('未设置').count()).toBe(0);
    await settled(page);
    await screenshot(page, 'wfm-setup-zh-CN');
    expect(await page.getByTestId(SCHEDULE_IDS.setup).textContent()).not.toContain('坐席');
  }, 60_000);

  it('runs a schedule, shows its progress, opens it and publishes it', async () => {
    await page.getByTestId(WFM_IDS.tab('schedules')).click();
    await page.getByTestId(SCHEDULE_IDS.schedules).getByText('还没有排班表').waitFor();
    await page.getByTestId(SCHEDULE_IDS.create).click();
    await page.getByTestId(SCHEDULE_IDS.name).fill('下周排班');
    await page.getByTestId(SCHEDULE_IDS.forecast).click();
    await option(forecastName).click();
    await page.getByTestId(SCHEDULE_IDS.timeLimit).fill('10');
    await settled(page);
    await screenshot(page, 'wfm-schedule-form-zh-CN');
    await page.getByTestId(SCHEDULE_IDS.submit).click();

    // The progress names each phase the job reports, until the schedule opens.
    const progress = page.getByTestId(SCHEDULE_IDS.progress);
    const detail = page.getByTestId(SCHEDULE_IDS.detail);
    await progress.waitFor();
    const phases = new Set<string>();
    for (let i = 0; i < 600 && !(await detail.isVisible()); i++) {
      const phase = await progress.getAttribute('data-phase', { timeout: 1000 }).catch(() => null);
      if (phase && phase !== 'starting' && !phases.has(phase)) {
        phases.add(phase);
        if (phases.size === 1) {
          expect(await progress.textContent()).toMatch(
            /进行中 · (计算覆盖需求|安排每位员工的一周|调整员工班次|整体优化排班|安排休息|局部改进|保存中)/,
          );
          await screenshot(page, 'wfm-schedule-progress-zh-CN');
        }
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(
      [...phases].every((p) => (RUN_PHASES as readonly string[]).includes(p)),
      [...phases].join(),
    ).toBe(true);
    expect(phases.size).toBeGreaterThan(0);

    await detail.waitFor({ timeout: 60_000 });
    expect(await detail.getAttribute('data-state')).toBe('draft');
    const gap = Number(await page.getByTestId(SCHEDULE_IDS.gap).getAttribute('data-gap'));
    expect(gap).toBeGreaterThanOrEqual(0);
    expect(await page.getByTestId(SCHEDULE_IDS.stages).textContent()).toMatch(/覆盖下界（LP） [\d.]+ 秒/);
    await page.getByTestId(SCHEDULE_IDS.coverageChart).locator('canvas').waitFor();

    const grid = page.getByTestId(SCHEDULE_IDS.grid);
    expect(await grid.locator('tbody tr.ant-table-row').count()).toBe(AGENTS.length);
    const shifts = grid.locator('[data-testid^="wfm-shift-"]');
    // Everyone works at least 24 hours: three 8-hour shifts or more each.
    expect(await shifts.count()).toBeGreaterThanOrEqual(3 * AGENTS.length);
    // 9-hour shifts starting 08:00–10:00 in the centre's time.
    expect(await shifts.first().textContent()).toMatch(/^(08:[03]0|09:[03]0|10:00)–(17:[03]0|18:[03]0|19:00)$/);
    expect(await grid.getByText('休息').count()).toBeGreaterThan(0);
    await shifts.first().hover();
    await page
      .locator('.ant-tooltip')
      .getByText(/^\d{2}:\d{2}–\d{2}:\d{2} 用餐（用餐，不计薪）$/)
      .waitFor();
    await settled(page);
    await screenshot(page, 'wfm-schedule-zh-CN');

    await page.getByTestId(SCHEDULE_IDS.publish).click();
    await page.getByText('发布后，员工即可看到自己的班次').waitFor();
    await page
      .locator('.ant-modal-confirm')
      .getByRole('button', { name: /^发\s?布$/ })
      .click();
    await page.getByText('排班表「下周排班」已发布').waitFor();
    await expect.poll(() => detail.getAttribute('data-state')).toBe('published');
    expect(await page.getByTestId(SCHEDULE_IDS.publish).count()).toBe(0);
    expect(await detail.textContent()).not.toContain('坐席');

    // The agents see it: their own shifts through the API as published.
    await page.getByTestId(SCHEDULE_IDS.back).click();
    const list = page.getByTestId(SCHEDULE_IDS.schedules);
    await list.getByText('已发布').waitFor();
    await settled(page);
    await screenshot(page, 'wfm-schedules-zh-CN');
    expect(env.pageErrors).toEqual([]);
  }, 120_000);

  it('reads the schedule and the setup in English', async () => {
    await page.getByTestId(APP_IDS.langSwitch).click();
    const list = page.getByTestId(SCHEDULE_IDS.schedules);
    await list.getByText('Published').waitFor();
    await settled(page);
    await screenshot(page, 'wfm-schedules-en-US');
    await list.getByRole('button', { name: '下周排班' }).click();
    const grid = page.getByTestId(SCHEDULE_IDS.grid);
    await grid.getByText('Off').first().waitFor();
    await page.getByTestId(SCHEDULE_IDS.coverageChart).locator('canvas').waitFor();
    expect(await page.getByTestId(SCHEDULE_IDS.stages).textContent()).toMatch(/Coverage bound \(LP\) [\d.]+ s/);
    await page.getByTestId(SCHEDULE_IDS.coverageDay).click();
    await page.locator('.ant-select-item-option').nth(2).click();
    await settled(page);
    await screenshot(page, 'wfm-schedule-en-US');

    // A contract no template can fill (45 hours, five 8-hour shifts at most): the run says who and why.
    await env.api('PUT', `/wfm/agents/${agentIds[4]}/rules`, {
      templateIds: [(await env.api<{ items: { id: string }[] }>('GET', '/wfm/shift-templates')).items[0]!.id],
      minWeeklyMinutes: 45 * 60,
      maxWeeklyMinutes: 48 * 60,
    });
    await page.getByTestId(SCHEDULE_IDS.back).click();
    await page.getByTestId(SCHEDULE_IDS.create).click();
    await page.getByTestId(SCHEDULE_IDS.name).fill('Too many hours');
    await page.getByTestId(SCHEDULE_IDS.forecast).click();
    await option(forecastName).click();
    await page.getByTestId(SCHEDULE_IDS.timeLimit).fill('5');
    await settled(page);
    await screenshot(page, 'wfm-schedule-form-en-US');
    await page.getByTestId(SCHEDULE_IDS.submit).click();
    const problem = page.getByTestId(SCHEDULE_IDS.runProblem);
    await problem.waitFor({ timeout: 30_000 });
    expect(await problem.textContent()).toMatch(
      /陈静: at most [\d.]+ h can be scheduled, the contract’s minimum is 45 h/,
    );
    await settled(page);
    await screenshot(page, 'wfm-schedule-infeasible-en-US');
    await openSetupTab();
    await page.getByTestId(SCHEDULE_IDS.agents).getByText('45–48 h a week').waitFor();
    await page.getByTestId(SCHEDULE_IDS.templates).getByRole('button', { name: '白班' }).click();
    await page.getByText('Edit shift template “白班”').waitFor();
    await settled(page);
    await screenshot(page, 'wfm-template-form-en-US');
    await page.keyboard.press('Escape');
    await settled(page);
    await screenshot(page, 'wfm-setup-en-US');
    expect(env.pageErrors).toEqual([]);
  }, 60_000);
});
