import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { APP_IDS } from '../web/src/app/testids';
import { DESKTOP_IDS } from '../web/src/features/desktop/testids';
import { TICKETS_IDS } from '../web/src/features/tickets/testids';
import { browserFixture, DEMO_PASSWORD, screenshot, settled } from './fixtures/browser';

/**
 * 工单 in headless Chromium against the built demo: an agent files a work order, the lead of the
 * agent's team finds it in 本班组, moves it through the statuses the machine allows (and is never
 * offered one it forbids), comments, and is told in words when a move became illegal behind its
 * back; then the same screens in English, and the administration of SLA policies.
 */
const env = browserFixture({ name: 'kefu-tickets-', adminPassword: 'Tickets-1', demo: true });

const statusOf = (page: Page) => page.getByTestId(TICKETS_IDS.status).getAttribute('data-status');
const offered = async (page: Page) => {
  const ids = await page
    .getByTestId(TICKETS_IDS.actions)
    .locator('button')
    .evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-testid')));
  return ids.map((id) => id?.replace('ticket-move-', '')).sort();
};
/** Waits until the toasts are gone, so a screenshot shows the page rather than old news. */
const quiet = (page: Page) =>
  expect.poll(() => page.locator('.ant-message-notice').count(), { timeout: 15_000 }).toBe(0);

async function move(page: Page, to: string, expected: string) {
  await page.getByTestId(TICKETS_IDS.move(to)).click();
  await expect.poll(() => statusOf(page)).toBe(expected);
}

describe('the work-order screens', () => {
  it('agent files, team lead works it through the statuses', { timeout: 180_000 }, async () => {
    const agent = await env.signedIn({ username: 'agent01', password: DEMO_PASSWORD }, '/tickets');
    await agent.getByTestId(TICKETS_IDS.page).waitFor();
    await agent.getByTestId(TICKETS_IDS.create).click();
    await agent.getByTestId(TICKETS_IDS.formType).click();
    await agent.locator('.ant-select-item-option[title="故障"]').click();
    // The category tree is the fault type's: 宽带故障 › 无法上网.
    await agent.getByRole('dialog').locator('.ant-select', { hasText: '选择分类' }).click();
    await agent.locator('.ant-select-tree-title', { hasText: '无法上网' }).click();
    // The choice shows in the field (its path) before the subject is typed; the tree is closed first.
    await agent.getByRole('dialog').locator('.ant-select', { hasText: '宽带故障 › 无法上网' }).waitFor();
    await agent.keyboard.press('Escape');
    await agent.getByTestId(TICKETS_IDS.formSubject).fill('家里宽带无法上网');
    await settled(agent);
    await screenshot(agent, 'ticket-new-zh-CN');
    await agent.getByTestId(TICKETS_IDS.formSubmit).click();
    await agent.getByTestId(TICKETS_IDS.detail).getByText('家里宽带无法上网').waitFor();
    expect(await statusOf(agent)).toBe('new');
    const number = (await agent.locator('.page-header .mono').first().textContent()) ?? '';
    expect(number).toMatch(/^GD\d{8}-\d+$/);
    expect(await agent.getByTestId(TICKETS_IDS.detail).textContent()).toContain('宽带故障 › 无法上网');
    // The agent takes it on: assigning a new order makes it 已派单.
    await agent.getByRole('button', { name: '指派给我' }).click();
    await expect.poll(() => statusOf(agent)).toBe('assigned');

    // A saved filter is kept (in this browser) across a reload.
    await agent.getByRole('button', { name: '返回列表' }).click();
    await agent.getByRole('tab', { name: '全部' }).click();
    await agent.getByTestId(TICKETS_IDS.saveFilter).click();
    await agent.getByPlaceholder('筛选名称').fill('全部工单');
    await agent.getByPlaceholder('筛选名称').press('Enter');
    await agent.reload();
    await agent.getByTestId(TICKETS_IDS.page).locator('.ant-select', { hasText: '已存筛选' }).click();
    await agent.locator('.ant-select-item-option', { hasText: '全部工单' }).click();
    await expect.poll(() => agent.getByRole('tab', { selected: true }).textContent()).toBe('全部');
    await agent.locator('.ant-table-row', { hasText: number }).waitFor();

    const lead = await env.signedIn({ username: 'lead01', password: DEMO_PASSWORD }, '/tickets');
    await lead.getByTestId(TICKETS_IDS.page).waitFor();
    await lead.getByRole('tab', { name: '本班组' }).click();
    const row = lead.locator('.ant-table-row', { hasText: number });
    await row.waitFor();
    expect(await row.textContent()).toContain('计时中');
    expect(await row.textContent()).toContain('已派单');
    await settled(lead);
    await screenshot(lead, 'tickets-list-zh-CN');
    // 导出: the team's list as CSV, one row per order, in Chinese words, the number masked (no pii.view).
    const downloaded = lead.waitForEvent('download');
    await lead.getByTestId(TICKETS_IDS.export).hover();
    await lead.getByText('导出 CSV').click();
    const file = await downloaded;
    expect(file.suggestedFilename()).toBe('工单.csv');
    const csv = readFileSync((await file.path()) ?? '', 'utf8');
    expect(csv.split('\n')[0]).toContain('工单编号');
    expect(csv).toContain(`${number},故障,宽带故障 › 无法上网`);
    await row.getByRole('button', { name: number }).click();
    await lead.getByTestId(TICKETS_IDS.detail).waitFor();

    // From 已派单 only the table's moves are offered: no 关闭, no 等待客户.
    await expect.poll(() => offered(lead)).toEqual(['cancelled', 'in_progress', 'resolved']);
    expect(await lead.getByTestId(TICKETS_IDS.detail).textContent()).toContain('王芳 (agent01)');
    await move(lead, 'in_progress', 'in_progress');
    await move(lead, 'pending_customer', 'pending_customer');
    await expect.poll(() => lead.getByTestId(TICKETS_IDS.slaBadge).first().getAttribute('data-state')).toBe('paused');
    await move(lead, 'in_progress', 'in_progress');

    await lead.getByTestId(TICKETS_IDS.commentBody).fill('已联系装维，明早上门');
    await lead.getByTestId(TICKETS_IDS.commentSubmit).click();
    await lead.getByTestId(TICKETS_IDS.comments).getByText('已联系装维，明早上门').waitFor();

    // 解决 asks the resolution in a dialog.
    await lead.getByTestId(TICKETS_IDS.move('resolved')).click();
    await lead.getByTestId(TICKETS_IDS.moveText).fill('更换光猫后恢复');
    await lead.getByTestId(TICKETS_IDS.moveSubmit).click();
    await expect.poll(() => statusOf(lead)).toBe('resolved');
    expect(await offered(lead)).toEqual(['closed', 'in_progress']);
    expect(await lead.getByTestId(TICKETS_IDS.move('in_progress')).textContent()).toContain('重新打开');
    const history = lead.getByTestId(TICKETS_IDS.history);
    await history.getByText('已解决').first().waitFor();
    await quiet(lead);
    await settled(lead);
    await screenshot(lead, 'ticket-detail-zh-CN');

    // Someone closes it meanwhile: the stale 关闭 answers 409, shown translated, and the page catches up.
    const { items } = await env.api<{ items: Array<{ id: string; number: string }> }>(
      'GET',
      `/tickets?q=${encodeURIComponent('宽带')}`,
    );
    const id = items.find((t) => t.number === number)?.id;
    expect(id).toBeDefined();
    await env.api('POST', `/tickets/${id}/transitions`, { to: 'closed' });
    await lead.getByTestId(TICKETS_IDS.move('closed')).click();
    await lead.getByText('工单不允许进行此状态变更').waitFor();
    await expect.poll(() => statusOf(lead)).toBe('closed');
    expect(await offered(lead)).toEqual(['in_progress']);

    await lead.getByTestId(APP_IDS.langSwitch).click();
    await lead.getByTestId(TICKETS_IDS.history).getByText('History').waitFor();
    await quiet(lead);
    await settled(lead);
    await screenshot(lead, 'ticket-detail-en-US');
    await lead.getByRole('button', { name: 'Back to the list' }).click();
    await lead.getByRole('tab', { name: "My team's" }).click();
    await lead.locator('.ant-table-row', { hasText: number }).waitFor();
    await settled(lead);
    await screenshot(lead, 'tickets-list-en-US');
    expect(env.pageErrors).toEqual([]);
  });

  it('a supervisor sees the SLA policies', { timeout: 120_000 }, async () => {
    const sup = await env.signedIn({ username: 'super01', password: DEMO_PASSWORD }, '/admin/tickets');
    await sup.getByTestId(TICKETS_IDS.admin).getByText('越级投诉（7 个工作日）').waitFor();
    await settled(sup);
    await screenshot(sup, 'tickets-admin-zh-CN');
    // The policy form shows the targets also in hours and days.
    await sup.locator('.ant-table-row', { hasText: '越级投诉' }).getByRole('button').click();
    await sup.getByRole('dialog').getByText('≈ 168 小时 / ≈ 7 天').waitFor();
    await settled(sup);
    await screenshot(sup, 'tickets-policy-form-zh-CN');
    await sup.keyboard.press('Escape');
    await sup.getByRole('tab', { name: '工单分类' }).click();
    await sup.getByText('网络质量').first().waitFor();
    await sup.getByTestId(APP_IDS.langSwitch).click();
    await sup.getByRole('tab', { name: 'SLA policies' }).click();
    await sup.getByText('Respond within').first().waitFor();
    await settled(sup);
    await screenshot(sup, 'tickets-admin-en-US');
  });
});

describe('the wrap-up files a work order', () => {
  it('ticks 同时创建工单 and creates the order linked to the contact', { timeout: 120_000 }, async () => {
    const desktop = await env.signedIn({ username: 'agent02', password: DEMO_PASSWORD }, '/desktop');
    await desktop.getByTestId(DESKTOP_IDS.page).waitFor();
    await desktop.getByTestId(DESKTOP_IDS.ready).click();
    await desktop.getByRole('button', { name: '仍然示闲' }).click();
    const contact = await env.api<{ id: string }>('POST', '/contacts', {
      channel: 'chat',
      queue: 'general',
      customer: { phone: '13800000007' },
    });
    await desktop.getByTestId(DESKTOP_IDS.customerPop).getByText('黄春生').waitFor({ timeout: 20_000 });
    await desktop.getByTestId(DESKTOP_IDS.accept).click();
    await desktop.getByTestId(DESKTOP_IDS.complete).click();
    const wrapUp = desktop.getByTestId(DESKTOP_IDS.wrapUp);
    await wrapUp.waitFor();
    await desktop.getByTestId(DESKTOP_IDS.wrapUpExtend).click();
    await wrapUp.getByText('转工单').click();
    await wrapUp.getByText('故障', { exact: true }).click();
    await desktop.getByTestId(DESKTOP_IDS.wrapUpTicketSubject).fill('来电反映信号差');
    await settled(desktop);
    await screenshot(desktop, 'desktop-wrap-up-ticket-zh-CN');
    await desktop.getByTestId(DESKTOP_IDS.wrapUpSubmit).click();
    await desktop.getByText(/工单 GD\d{8}-\d+ 已创建/).waitFor();

    const { items } = await env.api<{
      items: Array<{ type: string; contactIds: string[]; customerId: string | null; subject: string }>;
    }>('GET', `/tickets?q=${encodeURIComponent('信号差')}`);
    const filed = items.find((t) => t.subject === '来电反映信号差');
    expect(filed?.type).toBe('fault');
    expect(filed?.contactIds).toEqual([contact.id]);
    expect(filed?.customerId).not.toBeNull();
  });
});
