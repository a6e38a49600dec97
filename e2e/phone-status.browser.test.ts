import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { BARESIP, type Baresip, startBaresip } from '../test/baresip';
import { APP_IDS } from '../web/src/app/testids';
import { DESKTOP_IDS } from '../web/src/features/desktop/testids';
import { browserFixture, byTestId, DEMO_PASSWORD, screenshot, settled } from './fixtures/browser';
import { sipAddress } from './fixtures/telephony';

/**
 * The agent's phone on the desktop (座席工作台), in headless Chromium against the built demo with its
 * SIP port open: an unregistered phone is a warning, going 示闲 without one asks first, and a real
 * baresip registering for the agent turns the warning into "registered" with no reload (the
 * registrar's change is pushed over the WebSocket). Also: 今日统计 counts on while the state lasts,
 * and a user who never had an agent state sees no state timer.
 */
const env = browserFixture({ name: 'kefu-phone-status-', adminPassword: 'Phone-status-1', demo: true });
const phones: Baresip[] = [];

afterAll(async () => {
  await Promise.all(phones.map((p) => p.stop()));
});

const status = (page: Page, registered: boolean) =>
  page.locator(byTestId(DESKTOP_IDS.phoneStatus, { registered: String(registered) }));

async function registerPhone(username: string): Promise<Baresip> {
  const sip = await sipAddress(env.kefu);
  const phone = await startBaresip({ sipHost: sip.host, sipPort: sip.port, username, password: DEMO_PASSWORD });
  phones.push(phone);
  await phone.registered;
  return phone;
}

/** Waits until the text at `testId` is not `before` any more; returns what it became. */
async function changes(page: Page, testId: string, before: string): Promise<string> {
  const locator = page.getByTestId(testId).locator('.ant-statistic-content');
  await expect.poll(() => locator.textContent(), { timeout: 15_000 }).not.toBe(before);
  return (await locator.textContent()) ?? '';
}

describe.skipIf(!existsSync(BARESIP))(`the phone status on the agent desktop (needs ${BARESIP})`, () => {
  it('warns while the phone is not registered, asks before 示闲, and shows the phone live once baresip registers', {
    timeout: 240_000,
  }, async () => {
    const desktop = await env.signedIn({ username: 'agent01', password: DEMO_PASSWORD }, '/desktop');
    await desktop.getByTestId(DESKTOP_IDS.page).waitFor();
    const warning = status(desktop, false);
    await warning.waitFor();
    expect(await warning.textContent()).toContain('您的话机未注册');
    expect(await warning.textContent()).toContain('agent01');
    await settled(desktop);
    await screenshot(desktop, 'phone-status-unregistered-zh-CN');

    // 示闲 asks first and explains; 取消 leaves the agent as they were.
    const stateBefore = await desktop.getByTestId(DESKTOP_IDS.state).getAttribute('data-state');
    await desktop.getByTestId(DESKTOP_IDS.ready).click();
    const confirm = desktop.getByTestId(DESKTOP_IDS.phoneConfirm);
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain('会立即转给下一位座席，并暂停为您分配来电一段时间');
    await settled(desktop);
    await screenshot(desktop, 'phone-status-confirm-zh-CN');
    await desktop.getByRole('button', { name: /取\s*消/ }).click();
    await confirm.waitFor({ state: 'detached' });
    expect(await desktop.getByTestId(DESKTOP_IDS.state).getAttribute('data-state')).toBe(stateBefore);

    // 仍然示闲: the agent goes ready, and the state timer appears.
    await desktop.getByTestId(DESKTOP_IDS.ready).click();
    await desktop.getByRole('button', { name: '仍然示闲' }).click();
    await desktop.locator(byTestId(DESKTOP_IDS.state, { state: 'ready' })).waitFor();
    await desktop.getByTestId(DESKTOP_IDS.stateTimer).waitFor();

    // 示闲时长 grows while the agent stays ready, from one reply of the server (frozen here: no refetch
    // can be what moves it).
    const frozen = await (await desktop.request.get('/api/v1/agents/me')).json();
    await desktop.route('**/api/v1/agents/me', (route) => route.fulfill({ json: frozen }));
    await desktop.getByRole('button', { name: '刷新' }).click();
    const readyBefore =
      (await desktop.getByTestId(DESKTOP_IDS.readyTime).locator('.ant-statistic-content').textContent()) ?? '';
    const readyAfter = await changes(desktop, DESKTOP_IDS.readyTime, readyBefore);
    expect(readyAfter).toMatch(/^\d+:\d\d$/);
    await desktop.unroute('**/api/v1/agents/me');

    // baresip registers as agent01: the warning turns into the phone's address and model, no reload.
    let navigations = 0;
    desktop.on('framenavigated', () => navigations++);
    await registerPhone('agent01');
    const registered = status(desktop, true);
    await registered.waitFor({ timeout: 10_000 });
    expect(navigations).toBe(0);
    const text = (await registered.textContent()) ?? '';
    expect(text).toContain('话机已注册');
    expect(text).toMatch(/agent01 · 来自 127\.0\.0\.1:\d+（UDP）/);
    expect(text).toContain('baresip');
    expect(text).not.toContain('您的话机未注册');
    await settled(desktop);
    await screenshot(desktop, 'phone-status-registered-zh-CN');

    // With a registered phone, 示闲 asks nothing.
    await desktop.getByTestId(DESKTOP_IDS.notReady).click();
    await desktop.getByTestId(DESKTOP_IDS.reason('break')).click();
    await desktop.locator(byTestId(DESKTOP_IDS.state, { state: 'not_ready' })).waitFor();
    await desktop.getByTestId(DESKTOP_IDS.ready).click();
    await desktop.locator(byTestId(DESKTOP_IDS.state, { state: 'ready' })).waitFor();
    expect(await desktop.getByTestId(DESKTOP_IDS.phoneConfirm).count()).toBe(0);
    expect(env.pageErrors).toEqual([]);
  });

  it('says the same in English, and the confirm too', { timeout: 180_000 }, async () => {
    const desktop = await env.signedIn({ username: 'agent02', password: DEMO_PASSWORD }, '/desktop');
    await desktop.getByTestId(DESKTOP_IDS.page).waitFor();
    await desktop.getByTestId(APP_IDS.langSwitch).click();
    await expect.poll(() => desktop.locator('html').getAttribute('lang')).toBe('en-US');
    const warning = status(desktop, false);
    await warning.getByText('Your phone is not registered').waitFor();
    await settled(desktop);
    await screenshot(desktop, 'phone-status-unregistered-en-US');

    await desktop.getByTestId(DESKTOP_IDS.ready).click();
    const confirm = desktop.getByTestId(DESKTOP_IDS.phoneConfirm);
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain('goes straight to the next agent');
    await settled(desktop);
    await screenshot(desktop, 'phone-status-confirm-en-US');
    await desktop.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });

    await registerPhone('agent02');
    const registered = status(desktop, true);
    await registered.getByText('Phone registered').waitFor({ timeout: 10_000 });
    expect(await registered.textContent()).toMatch(/agent02 · from 127\.0\.0\.1:\d+ \(UDP\)/);
    await settled(desktop);
    await screenshot(desktop, 'phone-status-registered-en-US');
  });

  it('shows no state timer to a user who never had an agent state (admin)', { timeout: 60_000 }, async () => {
    const desktop = await env.signedIn(env.admin, '/desktop');
    await desktop.getByTestId(DESKTOP_IDS.page).waitFor();
    await desktop.getByTestId(DESKTOP_IDS.state).waitFor();
    expect(await desktop.getByTestId(DESKTOP_IDS.stateTimer).count()).toBe(0);
    expect(await desktop.getByTestId(DESKTOP_IDS.page).textContent()).not.toContain('499035');
  });
});
