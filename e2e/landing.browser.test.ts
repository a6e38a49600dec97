import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { APP_IDS } from '../web/src/app/testids';
import { AUTH_IDS } from '../web/src/features/auth/testids';
import { DESKTOP_IDS } from '../web/src/features/desktop/testids';
import { QUALITY_IDS } from '../web/src/features/quality/testids';
import { SUPERVISOR_IDS } from '../web/src/features/supervisor/testids';
import { SYSTEM_IDS } from '../web/src/features/system/testids';
import { browserFixture, DEMO_PASSWORD, loginAs, screenshot, settled, type User } from './fixtures/browser';
import { apiLogin } from './kefu-process';

/**
 * The first screen per role (web/src/app/home.ts), on the demo center: each demo user signs in and
 * lands where their work starts; the 403 page leads back there; the sign-in page loads without a
 * console error; the admin's system overview shows the demo's phones, trunk and queues; and the
 * wallboard's tiles show whole labels in both languages.
 */
const env = browserFixture({ name: 'kefu-landing-', adminPassword: 'Landing-admin-1', demo: true });
const demo = (username: string): User => ({ username, password: DEMO_PASSWORD });

/** Console errors of a page (a failed request is one: Chromium logs every 4xx/5xx). */
function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`${m.text()} ${m.location().url}`);
  });
  return errors;
}

/** Where each user lands, and what shows that the screen is there (not only its URL). */
const LANDINGS: Array<{ user: () => User; path: string; shown: string; english?: boolean }> = [
  { user: () => env.admin, path: '/admin/overview', shown: SYSTEM_IDS.trunk('demo-loopback'), english: true },
  { user: () => demo('agent01'), path: '/desktop', shown: DESKTOP_IDS.state },
  { user: () => demo('super01'), path: '/supervisor', shown: SUPERVISOR_IDS.queueTile('general'), english: true },
  { user: () => demo('lead01'), path: '/supervisor', shown: SUPERVISOR_IDS.queueTile('general') },
  { user: () => demo('qa01'), path: '/quality', shown: QUALITY_IDS.worklist },
];

describe('the first screen per role', () => {
  it('/login loads without a console error (the anonymous check answers 200)', { timeout: 60_000 }, async () => {
    const page = await env.newPage('anonymous');
    const errors = consoleErrors(page);
    await page.goto('/');
    await page.waitForURL((url) => url.pathname === '/login');
    await page.getByTestId(AUTH_IDS.loginSubmit).waitFor();
    await page.reload();
    await page.getByTestId(AUTH_IDS.loginSubmit).waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  });

  for (const landing of LANDINGS) {
    it(`${landing.user().username} lands on ${landing.path}`, { timeout: 90_000 }, async () => {
      const user = landing.user();
      const page = await env.newPage(user.username, { viewport: { width: 1440, height: 900 } });
      const errors = consoleErrors(page);
      await page.goto('/login');
      await page.getByTestId(AUTH_IDS.loginSubmit).waitFor();
      expect(errors, 'the sign-in page').toEqual([]);
      await loginAs(page, user);
      await page.waitForURL((url) => url.pathname === landing.path);
      await page.getByTestId(landing.shown).first().waitFor();
      await settled(page);
      await screenshot(page, `landing-${user.username}-zh-CN`, { fullPage: false });
      if (landing.english) {
        await page.getByTestId(APP_IDS.langSwitch).click();
        await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en-US');
        await settled(page);
        await screenshot(page, `landing-${user.username}-en-US`, { fullPage: false });
        await page.getByTestId(APP_IDS.langSwitch).click();
      }
      await page.context().close();
    });
  }

  it("the 403 page offers the way back to the user's first screen", { timeout: 60_000 }, async () => {
    const page = await env.signedIn(demo('agent01'), '/admin/users');
    const back = page.getByTestId(APP_IDS.forbiddenHome);
    await back.waitFor();
    await page.getByText('无权访问').waitFor();
    expect(await back.textContent()).toMatch(/返回\s*座席工作台/);
    await screenshot(page, 'forbidden-zh-CN', { fullPage: false });
    await back.click();
    await page.waitForURL((url) => url.pathname === '/desktop');
    await page.getByTestId(DESKTOP_IDS.state).waitFor();
    await page.context().close();
  });
});

describe("the admin's system overview", () => {
  it('shows the demo phones (none registered yet), the loopback trunk and the four queues', {
    timeout: 60_000,
  }, async () => {
    const page = await env.signedIn(env.admin, '/admin/overview');
    const phones = page.getByTestId(SYSTEM_IDS.phones);
    await expect.poll(() => phones.textContent(), { timeout: 15_000 }).toMatch(/0\s*\/\s*24/);
    expect(await page.getByTestId(SYSTEM_IDS.sipStopped).count()).toBe(0);
    expect(await page.getByTestId(SYSTEM_IDS.trunk('demo-loopback')).textContent()).toMatch(/启用/);
    for (const key of ['billing', 'fault', 'complaints', 'general']) {
      await page.getByTestId(SYSTEM_IDS.queue(key)).waitFor();
    }
    expect(await page.getByTestId(SYSTEM_IDS.queue('general')).textContent()).toContain('人工服务');
    await screenshot(page, 'system-overview-zh-CN');
    await page.context().close();
  });
});

describe('the wallboard', () => {
  /** Labels of the queue tiles that do not fit their box (cut or hidden). */
  const cutLabels = (page: Page) =>
    page.$$eval('.queue-tile .figure-label', (labels) =>
      labels
        .filter((el) => el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)
        .map((el) => el.textContent),
    );

  it('tiles show whole labels at 1280 and 1920 wide, in Chinese and English', { timeout: 90_000 }, async () => {
    const page = await env.signedIn(demo('super01'), '/supervisor', { viewport: { width: 1280, height: 900 } });
    await page.getByTestId(SUPERVISOR_IDS.queueTile('general', 'aht')).waitFor();
    for (const language of ['zh-CN', 'en-US'] as const) {
      if ((await page.locator('html').getAttribute('lang')) !== language) {
        await page.getByTestId(APP_IDS.langSwitch).click();
        await expect.poll(() => page.locator('html').getAttribute('lang')).toBe(language);
      }
      for (const width of [1280, 1920]) {
        await page.setViewportSize({ width, height: 900 });
        const at = `${language} at ${width} px`;
        await expect.poll(async () => ({ at, cut: await cutLabels(page) })).toEqual({ at, cut: [] });
      }
    }
    expect(await page.locator('.queue-tile .figure-label', { hasText: 'Average handle time' }).count()).toBe(4);
    await page.setViewportSize({ width: 1280, height: 900 });
    await screenshot(page, 'wallboard-tiles-en-US-1280', { fullPage: false });
    await page.context().close();
  });

  it('offers 干预 on agents signed in, not on signed-out ones', { timeout: 60_000 }, async () => {
    const page = await env.signedIn(demo('super01'), '/supervisor');
    await page.getByTestId(SUPERVISOR_IDS.agentState('agent02')).waitFor();
    const token = await apiLogin(env.kefu.baseUrl, 'agent02', DEMO_PASSWORD);
    const signedOut = await page.getByTestId(SUPERVISOR_IDS.agentState('agent03')).getAttribute('data-state');
    expect(signedOut).toBe('logged_out');
    expect(await page.getByTestId(SUPERVISOR_IDS.agentActions('agent03')).count()).toBe(0);

    const ready = await fetch(`${env.kefu.baseUrl}/api/v1/agents/me/state`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ state: 'not_ready' }),
    });
    expect(ready.status).toBe(200);
    await page.getByTestId(SUPERVISOR_IDS.agentActions('agent02')).waitFor();
    expect(await page.getByTestId(SUPERVISOR_IDS.agentActions('agent03')).count()).toBe(0);
    await page.context().close();
  });
});

describe('a lost connection', () => {
  it('says the connection is lost and continues by itself once the server answers again', {
    timeout: 60_000,
  }, async () => {
    const page = await env.newPage('offline');
    // The server "down": the session check gets no answer at all (a network failure).
    await page.route('**/api/v1/auth/session', (route) => route.abort('connectionrefused'));
    await page.goto('/');
    const lost = page.getByTestId(APP_IDS.connectionLost);
    await lost.waitFor();
    expect(await page.locator('body').textContent()).toContain('与服务器的连接已断开');
    expect(await page.locator('body').textContent()).not.toContain('系统已更新');
    await screenshot(page, 'connection-lost-zh-CN', { fullPage: false });
    await page.unroute('**/api/v1/auth/session');
    // No click: the retry with backoff finds the server and the app goes on to the sign-in page.
    await page.getByTestId(AUTH_IDS.loginSubmit).waitFor({ timeout: 30_000 });
    await page.context().close();
  });
});
