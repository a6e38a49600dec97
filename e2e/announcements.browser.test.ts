import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { APP_IDS } from '../web/src/app/testids';
import { ANNOUNCEMENTS_IDS as IDS } from '../web/src/features/announcements/testids';
import { browserFixture, byTestId, DEMO_PASSWORD, screenshot, settled } from './fixtures/browser';
import { apiLogin } from './kefu-process';

/**
 * 公告板 and 交接班 on the demo center: a supervisor publishes a notice with a one-question quiz to
 * 话务一组 and follows who has not confirmed; an agent of that team answers wrong, then right; the
 * team lead publishes to the team they lead only; the lead writes a handover note its agent reads.
 */
const env = browserFixture({ name: 'kefu-announcements-', adminPassword: 'Announce-admin-1', demo: true });
const user = (username: string) => ({ username, password: DEMO_PASSWORD });

async function asUser<T>(username: string, method: string, url: string, body?: unknown): Promise<T> {
  const token = await apiLogin(env.kefu.baseUrl, username, DEMO_PASSWORD);
  const r = await fetch(`${env.kefu.baseUrl}/api/v1${url}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!r.ok) throw new Error(`${method} ${url}: ${r.status} ${await r.text()}`);
  return (r.status === 204 ? undefined : await r.json()) as T;
}

/** Picks `text` in the open antd Select dropdown. */
async function pickOption(page: Page, text: string): Promise<void> {
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().click();
}

async function english(page: Page): Promise<void> {
  await page.getByTestId(APP_IDS.langSwitch).click();
  await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en-US');
}

describe('announcements', () => {
  it('a supervisor publishes with a quiz to a team and sees who has not confirmed', { timeout: 180_000 }, async () => {
    const page = await env.signedIn(user('super01'), '/announcements');
    await page.getByTestId(IDS.create).click();
    await page.getByTestId(IDS.title).fill('新资费政策上线');
    await page.getByTestId(IDS.body).fill('自 12 月 10 日起，5G 套餐月费下调 10 元。\n老用户无需办理，次月自动生效。');
    await page.getByTestId(IDS.audience('teams')).click();
    await page.getByTestId(IDS.teams).click();
    await pickOption(page, '话务一组');
    await page.keyboard.press('Escape');
    await page.getByTestId(IDS.quizAdd).click();
    await page.getByTestId(IDS.quizQuestion(0)).fill('老用户需要办理什么手续？');
    await page.getByTestId(IDS.quizOption(0, 0)).fill('到营业厅办理');
    await page.getByTestId(IDS.quizOption(0, 1)).fill('无需办理，次月自动生效');
    // Without a right answer marked, nothing is sent.
    await page.getByTestId(IDS.submit).click();
    await page.getByText('请选出正确答案').waitFor();
    await page.getByTestId(IDS.quizCorrect(0, 1)).click();
    await settled(page);
    await screenshot(page, 'announcements-form-zh-CN', { fullPage: false });
    await page.getByTestId(IDS.submit).click();

    const row = page.locator(byTestId(IDS.row)).filter({ hasText: '新资费政策上线' });
    await row.waitFor();
    const id = await row.getAttribute('data-announcement-id');
    expect(id).toBeTruthy();
    await row.getByText('班组：话务一组').waitFor();
    await row.getByText(/已确认 0\/\d+/).waitFor();
    await settled(page);
    await screenshot(page, 'announcements-list-zh-CN');

    await row.click();
    const status = page.getByTestId(IDS.status);
    await page.locator(byTestId(IDS.status, { state: 'loaded' })).waitFor();
    const team = status.locator(byTestId(IDS.statusTeam));
    await expect.poll(() => team.count()).toBe(1);
    await team.getByRole('cell', { name: '话务一组', exact: true }).waitFor();
    const readers = Number((await team.locator('td').nth(1).textContent()) ?? '');
    expect(readers).toBeGreaterThan(1);
    await team.getByText(`0/${readers}`).waitFor();
    await settled(page);
    await screenshot(page, 'announcements-status-zh-CN');
    await page.keyboard.press('Escape');

    // agent01 (话务一组) answers wrong, then right.
    const wrong = await asUser<{ confirmed: boolean; wrong?: number[] }>(
      'agent01',
      'POST',
      `/announcements/${id}/confirm`,
      {
        answers: [0],
      },
    );
    expect(wrong).toEqual({ confirmed: false, wrong: [0] });
    const right = await asUser<{ confirmed: boolean }>('agent01', 'POST', `/announcements/${id}/confirm`, {
      answers: [1],
    });
    expect(right.confirmed).toBe(true);

    await page.reload();
    await row.getByText(`已确认 1/${readers}`).waitFor();
    await row.click();
    await page.locator(byTestId(IDS.status, { state: 'loaded' })).waitFor();
    await team.getByText(`1/${readers}`).waitFor();
    await settled(page);
    await screenshot(page, 'announcements-status-confirmed-zh-CN');
    await page.keyboard.press('Escape');

    await english(page);
    await row.getByText(`Confirmed 1/${readers}`).waitFor();
    await row.getByText('Teams: 话务一组').waitFor();
    await settled(page);
    await screenshot(page, 'announcements-list-en-US');
    await row.click();
    await page.locator(byTestId(IDS.status, { state: 'loaded' })).waitFor();
    await settled(page);
    await screenshot(page, 'announcements-status-en-US');
    expect(env.pageErrors).toEqual([]);
  });

  it('a team lead addresses only the teams they lead', { timeout: 120_000 }, async () => {
    const page = await env.signedIn(user('lead01'), '/announcements');
    await page.getByTestId(IDS.create).click();
    await page.getByTestId(IDS.title).waitFor();
    expect(await page.getByTestId(IDS.audience('everyone')).count()).toBe(0);
    expect(await page.getByTestId(IDS.audience('roles')).count()).toBe(0);
    await page.getByTestId(IDS.title).fill('今晚系统升级');
    await page.getByTestId(IDS.body).fill('22:00–23:00 工单系统只读，请提前处理好工单。');
    await page.getByTestId(IDS.teams).click();
    const options = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
    await expect.poll(() => options.allInnerTexts()).toEqual(['话务一组']);
    await page.keyboard.press('Escape');
    await settled(page);
    await screenshot(page, 'announcements-form-lead-zh-CN', { fullPage: false });
    await page.getByTestId(IDS.submit).click();
    const row = page.locator(byTestId(IDS.row)).filter({ hasText: '今晚系统升级' });
    await row.waitFor();
    // A lead lists what they sent, not the supervisor's notice.
    expect(await page.locator(byTestId(IDS.row)).count()).toBe(1);
    await row.click();
    await page.locator(byTestId(IDS.status, { state: 'loaded' })).waitFor();
    await settled(page);
    await screenshot(page, 'announcements-status-lead-zh-CN');
    await page.keyboard.press('Escape');
    await english(page);
    await page.getByTestId(IDS.create).click();
    await page.getByTestId(IDS.title).waitFor();
    await settled(page);
    await screenshot(page, 'announcements-form-lead-en-US', { fullPage: false });
    expect(env.pageErrors).toEqual([]);
  });

  it('a lead writes a handover note and an agent of the team reads it', { timeout: 120_000 }, async () => {
    const lead = await env.signedIn(user('lead01'), '/handover');
    await lead
      .getByTestId(IDS.handoverText)
      .fill('12 号客户王先生的投诉已升级，明早 9 点回访。\n计费系统 18:00 后偶有超时。');
    await lead.getByTestId(IDS.handoverSubmit).click();
    const note = lead.locator(byTestId(IDS.handoverNote)).filter({ hasText: '明早 9 点回访' });
    await note.waitFor();
    await settled(lead);
    await screenshot(lead, 'announcements-handover-lead-zh-CN');

    const agent = await env.signedIn(user('agent01'), '/handover');
    await agent.locator(byTestId(IDS.handoverNote)).filter({ hasText: '明早 9 点回访' }).waitFor();
    await agent.getByTestId(IDS.handoverText).fill('收到，回访已记入待办。');
    await agent.getByTestId(IDS.handoverSubmit).click();
    await agent.locator(byTestId(IDS.handoverNote)).first().filter({ hasText: '收到，回访已记入待办' }).waitFor();
    await settled(agent);
    await screenshot(agent, 'announcements-handover-agent-zh-CN');
    await english(agent);
    await agent.getByRole('button', { name: 'Write handover' }).waitFor();
    await settled(agent);
    await screenshot(agent, 'announcements-handover-agent-en-US');

    // A supervisor (no team of their own) picks the team.
    const supervisor = await env.signedIn(user('super01'), '/handover');
    await supervisor.getByTestId(IDS.handoverTeam).click();
    await pickOption(supervisor, '话务一组');
    await supervisor.locator(byTestId(IDS.handoverNote)).filter({ hasText: '明早 9 点回访' }).waitFor();
    await settled(supervisor);
    await screenshot(supervisor, 'announcements-handover-supervisor-zh-CN');

    // An agent of another team (agent02: 话务二组) is refused the team's notes.
    const probe = await asUser<{ me: { user: { teamId: string } } }>('lead01', 'GET', '/auth/session');
    const teamId = probe.me.user.teamId;
    const token = await apiLogin(env.kefu.baseUrl, 'agent02', DEMO_PASSWORD);
    const refused = await fetch(`${env.kefu.baseUrl}/api/v1/handover-notes?teamId=${teamId}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(refused.status).toBe(403);
    expect(env.pageErrors).toEqual([]);
  });
});
