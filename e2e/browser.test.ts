import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { APP_IDS } from '../web/src/app/testids';
import { AUTH_IDS } from '../web/src/features/auth/testids';
import { TEAMS_IDS } from '../web/src/features/teams/testids';
import { USERS_IDS } from '../web/src/features/users/testids';
import { browserFixture, loginAs, screenshot } from './fixtures/browser';

const ADMIN_PASSWORD = 'Browser-admin-1';
const AGENT = { username: 'agent99', password: 'Agent-pass-99' };

const env = browserFixture({ name: 'kefu-browser-', adminPassword: ADMIN_PASSWORD });

const byTestId = (page: Page, id: string) => page.getByTestId(id);

async function pickOption(page: Page, selectTestId: string, optionText: string) {
  await byTestId(page, selectTestId).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: optionText }).first().click();
}

describe('the web app in headless Chromium', () => {
  it('admin signs in, creates a team and an agent in it, switches to English and back', {
    timeout: 120_000,
  }, async () => {
    const page = await env.newPage('admin', { viewport: { width: 1366, height: 860 } });

    await page.goto('/');
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await expect.poll(() => byTestId(page, AUTH_IDS.loginSubmit).textContent()).toMatch(/登\s*录/);
    await screenshot(page, 'login-zh-CN', { fullPage: false });

    await loginAs(page, env.admin);
    await byTestId(page, APP_IDS.navTeams).click();
    await byTestId(page, TEAMS_IDS.create).click();
    await byTestId(page, TEAMS_IDS.formName).fill('话务四组');
    await byTestId(page, TEAMS_IDS.formSubmit).click();
    await page.getByRole('cell', { name: '话务四组' }).waitFor();

    await byTestId(page, APP_IDS.navUsers).click();
    await byTestId(page, USERS_IDS.create).click();
    await byTestId(page, USERS_IDS.formUsername).fill(AGENT.username);
    await byTestId(page, USERS_IDS.formDisplayName).fill('测试座席');
    await byTestId(page, USERS_IDS.formPassword).fill(AGENT.password);
    // A new user starts as 座席 (agent), the role most users of a call center have.
    expect(await byTestId(page, USERS_IDS.formRoles).textContent()).toContain('座席');
    await pickOption(page, USERS_IDS.formTeam, '话务四组');
    await byTestId(page, USERS_IDS.formPhone).fill('13912345678');
    await byTestId(page, USERS_IDS.formSubmit).click();
    const row = page.getByRole('row', { name: /agent99/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('话务四组');
    expect(await row.textContent()).toContain('测试座席');
    await screenshot(page, 'users-zh-CN');

    // The agent really exists, in that team, as the API sees it.
    const users = await env.api<{ items: Array<{ username: string; teamId: string; roles: string[] }> }>(
      'GET',
      '/users?q=agent99',
    );
    const teams = await env.api<Array<{ id: string; name: string }>>('GET', '/teams');
    expect(users.items[0]).toMatchObject({ username: 'agent99', roles: ['agent'] });
    expect(users.items[0]?.teamId).toBe(teams.find((t) => t.name === '话务四组')?.id);

    await byTestId(page, APP_IDS.langSwitch).click();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en-US');
    await expect.poll(() => byTestId(page, APP_IDS.navUsers).textContent()).toMatch(/Users/);
    await screenshot(page, 'users-en-US');

    await byTestId(page, APP_IDS.langSwitch).click();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await expect.poll(() => byTestId(page, APP_IDS.navUsers).textContent()).toMatch(/用户/);
    await screenshot(page, 'users-zh-CN-again');

    // The choice survives a reload.
    await byTestId(page, APP_IDS.langSwitch).click();
    await page.reload();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en-US');
    await page.context().close();
    expect(env.pageErrors).toEqual([]);
  });

  it('the new agent sees the agent desktop, not the admin pages, and can sign out', { timeout: 60_000 }, async () => {
    // Playwright's default viewport, as this test always had.
    const page = await env.newPage(AGENT.username, { viewport: { width: 1280, height: 720 } });
    await loginAs(page, AGENT);
    await page.getByText('座席工作台').first().waitFor();
    // The page itself (lazy-loaded) says what the desktop will hold.
    await page
      .locator('main')
      .getByText(/接续|话后|弹屏/)
      .first()
      .waitFor();
    expect(await byTestId(page, APP_IDS.navUsers).count()).toBe(0);
    expect(await byTestId(page, APP_IDS.navAudit).count()).toBe(0);
    await screenshot(page, 'agent-desktop-zh-CN', { fullPage: false });

    await byTestId(page, APP_IDS.userMenu).click();
    await byTestId(page, APP_IDS.logout).click();
    await byTestId(page, AUTH_IDS.loginUsername).waitFor();
    const me = await page.evaluate(async () => (await fetch('/api/v1/users/me')).status);
    expect(me).toBe(401);
    await page.context().close();
    expect(env.pageErrors).toEqual([]);
  });
});
