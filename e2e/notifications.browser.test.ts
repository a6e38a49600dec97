import { describe, expect, it } from 'vitest';
import { CRM_IDS } from '../web/src/features/crm/testids';
import { NOTIFICATIONS_IDS } from '../web/src/features/notifications/testids';
import { TICKETS_IDS } from '../web/src/features/tickets/testids';
import { browserFixture, DEMO_PASSWORD, screenshot, settled } from './fixtures/browser';

/**
 * The header's bell in headless Chromium against the built demo: an order assigned to agent01 rings
 * it live, the dropdown says what happened in words and opens the order, whose history shows the
 * customer notice; then the 360 page masks the fields hidden until verified with 验证后可见.
 */
const env = browserFixture({ name: 'kefu-notify-', adminPassword: 'Notify-1', demo: true });

const userId = async (username: string) =>
  (await env.api<{ items: Array<{ id: string; username: string }> }>('GET', `/users?q=${username}`)).items.find(
    (u) => u.username === username,
  )!.id;

describe('notifications in the app', () => {
  it('an assigned order rings the bell; the item opens it; its history shows the customer notice', {
    timeout: 120_000,
  }, async () => {
    const agent = await env.signedIn({ username: 'agent01', password: DEMO_PASSWORD }, '/tickets');
    await agent.getByTestId(TICKETS_IDS.page).waitFor();
    const bell = agent.getByTestId(NOTIFICATIONS_IDS.bell);
    await bell.waitFor();
    // The demo's own orders may have rung already: count from where it stands.
    const unread = async () => Number(/\d+/.exec((await bell.getAttribute('aria-label')) ?? '')?.[0]);
    await expect.poll(unread).not.toBeNaN();
    const before = await unread();

    const t = await env.api<{ id: string; number: string }>('POST', '/tickets', {
      type: 'fault',
      subject: '光猫红灯闪烁',
      customerPhone: '13800000007',
      assigneeUserId: await userId('agent01'),
    });
    // Live: no reload.
    await expect.poll(() => bell.getAttribute('aria-label'), { timeout: 15_000 }).toBe(`通知（${before + 1} 条未读）`);
    await bell.click();
    const item = agent.getByTestId(NOTIFICATIONS_IDS.item).first();
    await item.waitFor();
    expect(await item.textContent()).toContain(`admin 新建了工单 ${t.number}`);
    expect(await item.getAttribute('data-unread')).toBe('true');
    await settled(agent);
    await screenshot(agent, 'inbox-bell-zh-CN', { fullPage: false });

    await item.click();
    await agent.getByTestId(TICKETS_IDS.detail).getByText('光猫红灯闪烁').first().waitFor();
    expect(agent.url()).toContain(`id=${t.id}`);
    await expect.poll(() => bell.getAttribute('aria-label')).toBe(`通知（${before} 条未读）`);
    // 故障 notifies its customer by default: the receipt is in the history.
    await agent.getByTestId(TICKETS_IDS.history).getByText('已通知客户（短信）：受理回执').waitFor();

    // In English, a move by someone else reads as a sentence with the status in words.
    await agent.evaluate(() => localStorage.setItem('kefu.lang', 'en-US'));
    await agent.reload();
    await bell.waitFor();
    await env.api('POST', `/tickets/${t.id}/transitions`, { to: 'in_progress' });
    await expect
      .poll(() => bell.getAttribute('aria-label'), { timeout: 15_000 })
      .toBe(`Notifications (${before + 1} unread)`);
    await bell.click();
    await expect
      .poll(() => agent.getByTestId(NOTIFICATIONS_IDS.item).first().textContent())
      .toContain(`admin moved work order ${t.number} to "In progress"`);
    await settled(agent);
    await screenshot(agent, 'inbox-bell-en-US', { fullPage: false });
  });

  it('the 360 page masks the fields hidden until verified, with 验证后可见', { timeout: 60_000 }, async () => {
    await env.api('PUT', '/crm/settings', { hiddenUntilVerified: ['accountNumbers', 'notes'] });
    const c = await env.api<{ id: string }>('POST', '/customers', {
      name: '验证测试客户',
      accountNumbers: ['AC20261206'],
      note: '仅核验后可见的备注',
    });
    const page = await env.signedIn({ username: 'agent02', password: DEMO_PASSWORD }, `/customers?id=${c.id}`);
    const profile = page.getByTestId(CRM_IDS.profile);
    await profile.getByText('验证测试客户').first().waitFor();
    // Beside the account numbers, on the notes card, and on the note in the timeline.
    await expect.poll(() => page.getByTestId(CRM_IDS.hiddenHint).count()).toBe(3);
    const text = (await profile.textContent()) ?? '';
    expect(text).toContain('******1206');
    expect(text).not.toContain('AC20261206');
    expect(text).not.toContain('仅核验后可见的备注');
    await settled(page);
    await screenshot(page, 'customer-360-hidden-zh-CN');
    await env.api('PUT', '/crm/settings', { hiddenUntilVerified: [] });
  });
});
