import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Receiver, startReceiver } from '../server/src/modules/webhooks/test/receiver';
import { APP_IDS } from '../web/src/app/testids';
import { WEBHOOKS_IDS } from '../web/src/features/webhooks/testids';
import { browserFixture } from './fixtures/browser';

/**
 * Webhook 管理 in a real browser: the admin creates a webhook and sees its secret once, sends a test
 * event that a real receiver on 127.0.0.1 gets, finds a failed delivery in the log and redelivers it.
 */
const env = browserFixture({
  name: 'kefu-webhooks-',
  adminPassword: 'Hooks-admin-1',
  env: { KEFU_WEBHOOK_ALLOW_CIDRS: '127.0.0.1' },
});
let page: Page;
let rx: Receiver;

beforeAll(async () => {
  rx = await startReceiver();
  page = await env.signedIn(env.admin);
});
afterAll(() => rx?.close());

describe('Webhook 管理', () => {
  it('creates a webhook, shows its secret once, and sends a test event to the receiver', async () => {
    await page.getByTestId(APP_IDS.navWebhooks).click();
    await page.waitForURL((url) => url.pathname === '/admin/webhooks');
    await page.getByText('还没有 Webhook').waitFor({ timeout: 10_000 });

    await page.getByTestId(WEBHOOKS_IDS.create).click();
    await page.getByTestId(WEBHOOKS_IDS.formUrl).fill(rx.url);
    const events = page.getByTestId(WEBHOOKS_IDS.formEvents).locator('input');
    await events.fill('teams.team.*');
    await events.press('Enter');
    await page.keyboard.press('Escape'); // closes the options list, not the dialog
    await page.getByTestId(WEBHOOKS_IDS.formSubmit).click();

    const secret = page.getByTestId(WEBHOOKS_IDS.secret);
    await secret.waitFor({ timeout: 10_000 });
    const value = await secret.inputValue();
    expect(value).toMatch(/^whsec_/);
    await page.getByRole('button', { name: '我已保存' }).click();

    // Afterwards only the hint is shown.
    await expect.poll(() => page.textContent('body'), { timeout: 10_000 }).toContain(`whsec_…${value.slice(-4)}`);
    expect(await page.textContent('body')).not.toContain(value);

    await page.getByRole('button', { name: '发送测试事件' }).click();
    await page.getByText('测试事件已投递（HTTP 200）').waitFor({ timeout: 10_000 });
    expect(rx.received.map((r) => r.headers['x-kefu-event'])).toEqual(['webhooks.test']);
  });

  it('shows a failed delivery in the log with its answer, and redelivers it', async () => {
    rx.answer(500, 500, 500, 500, 500, 500);
    await env.api('POST', '/teams', { name: 'Webhook 班组' });
    await expect.poll(() => rx.received.length, { timeout: 10_000 }).toBe(2);

    await page.getByTestId(WEBHOOKS_IDS.tabDeliveries).click();
    const log = page.getByTestId(WEBHOOKS_IDS.deliveriesLog);
    await expect.poll(() => log.textContent(), { timeout: 10_000 }).toContain('teams.team.created');
    expect(await log.textContent()).toContain('HTTP 500');
    expect(await log.textContent()).toContain('等待重试');

    await page.getByTestId(WEBHOOKS_IDS.deliveryStatusFilter).click();
    await page.locator('.ant-select-item-option').filter({ hasText: '等待重试' }).click();
    await expect.poll(() => log.locator('tbody tr.ant-table-row').count(), { timeout: 10_000 }).toBe(1);

    rx.clear(); // the receiver is fixed: it answers 200 again
    await log.getByRole('button', { name: '重新投递' }).first().click();
    await page.getByText('已重新投递（HTTP 200）').waitFor({ timeout: 10_000 });
    expect(rx.received).toHaveLength(1);
    expect(rx.received[0]!.headers['x-kefu-event']).toBe('teams.team.created');
  });
});
