import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/db';
import { launchChromium } from './chromium';
import { apiLogin, type KefuProcess, ROOT, startKefu, stopKefu, tempDataDir } from './kefu-process';

/** Screenshots land here; CI keeps the folder as the run's artifacts. */
const ARTIFACTS = path.join(ROOT, 'e2e/artifacts');
const ADMIN_PASSWORD = 'Browser-admin-1';

let db: TestDatabase;
let kefu: KefuProcess;
let browser: Browser;
const pageErrors: string[] = [];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  db = await createTestDatabase();
  kefu = await startKefu({
    DATABASE_URL: db.url,
    KEFU_DATA_DIR: tempDataDir('kefu-browser-'),
    KEFU_ADMIN_PASSWORD: ADMIN_PASSWORD,
  });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (kefu) await stopKefu(kefu);
  await db?.drop();
});

const byTestId = (page: Page, id: string) => page.getByTestId(id);

async function pickOption(page: Page, selectTestId: string, optionText: string) {
  await byTestId(page, selectTestId).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: optionText }).first().click();
}

async function signIn(page: Page, username: string, password: string) {
  await page.goto(kefu.baseUrl);
  await byTestId(page, 'login-username').fill(username);
  await byTestId(page, 'login-password').fill(password);
  await byTestId(page, 'login-submit').click();
}

describe('the web app in headless Chromium', () => {
  it('admin signs in, creates a team and an agent in it, switches to English and back', {
    timeout: 120_000,
  }, async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 860 } });
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));

    await page.goto(kefu.baseUrl);
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await expect.poll(() => byTestId(page, 'login-submit').textContent()).toMatch(/登\s*录/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'login-zh-CN.png') });

    await signIn(page, 'admin', ADMIN_PASSWORD);
    await byTestId(page, 'nav-teams').click();
    await byTestId(page, 'teams-create').click();
    await byTestId(page, 'team-form-name').fill('话务四组');
    await byTestId(page, 'team-form-submit').click();
    await page.getByRole('cell', { name: '话务四组' }).waitFor();

    await byTestId(page, 'nav-users').click();
    await byTestId(page, 'users-create').click();
    await byTestId(page, 'user-form-username').fill('agent99');
    await byTestId(page, 'user-form-displayName').fill('测试座席');
    await byTestId(page, 'user-form-password').fill('Agent-pass-99');
    // A new user starts as 座席 (agent), the role most users of a call center have.
    expect(await byTestId(page, 'user-form-roles').textContent()).toContain('座席');
    await pickOption(page, 'user-form-team', '话务四组');
    await byTestId(page, 'user-form-phone').fill('13912345678');
    await byTestId(page, 'user-form-submit').click();
    const row = page.getByRole('row', { name: /agent99/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('话务四组');
    expect(await row.textContent()).toContain('测试座席');
    await page.screenshot({ path: path.join(ARTIFACTS, 'users-zh-CN.png'), fullPage: true });

    // The agent really exists, in that team, as the API sees it.
    const token = await apiLogin(kefu.baseUrl, 'admin', ADMIN_PASSWORD);
    const auth = { authorization: `Bearer ${token}` };
    const users = (await (await fetch(`${kefu.baseUrl}/api/v1/users?q=agent99`, { headers: auth })).json()) as {
      items: Array<{ username: string; teamId: string; roles: string[] }>;
    };
    const teams = (await (await fetch(`${kefu.baseUrl}/api/v1/teams`, { headers: auth })).json()) as Array<{
      id: string;
      name: string;
    }>;
    expect(users.items[0]).toMatchObject({ username: 'agent99', roles: ['agent'] });
    expect(users.items[0]?.teamId).toBe(teams.find((t) => t.name === '话务四组')?.id);

    await byTestId(page, 'lang-switch').click();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en-US');
    await expect.poll(() => byTestId(page, 'nav-users').textContent()).toMatch(/Users/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'users-en-US.png'), fullPage: true });

    await byTestId(page, 'lang-switch').click();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await expect.poll(() => byTestId(page, 'nav-users').textContent()).toMatch(/用户/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'users-zh-CN-again.png'), fullPage: true });

    // The choice survives a reload.
    await byTestId(page, 'lang-switch').click();
    await page.reload();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en-US');
    await context.close();
    expect(pageErrors).toEqual([]);
  });

  it('the new agent sees the agent desktop, not the admin pages, and can sign out', { timeout: 60_000 }, async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await signIn(page, 'agent99', 'Agent-pass-99');
    await page.getByText('座席工作台').first().waitFor();
    // The page itself (lazy-loaded) says what the desktop will hold.
    await page
      .locator('main')
      .getByText(/接续|话后|弹屏/)
      .first()
      .waitFor();
    expect(await byTestId(page, 'nav-users').count()).toBe(0);
    expect(await byTestId(page, 'nav-audit').count()).toBe(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'agent-desktop-zh-CN.png') });

    await byTestId(page, 'user-menu').click();
    await byTestId(page, 'logout').click();
    await byTestId(page, 'login-username').waitFor();
    const me = await page.evaluate(async () => (await fetch('/api/v1/users/me')).status);
    expect(me).toBe(401);
    await context.close();
    expect(pageErrors).toEqual([]);
  });
});
