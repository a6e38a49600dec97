import { describe, expect, it } from 'vitest';
import { APP_IDS } from '../web/src/app/testids';
import { CRM_IDS } from '../web/src/features/crm/testids';
import { DESKTOP_IDS } from '../web/src/features/desktop/testids';
import { browserFixture, DEMO_PASSWORD, screenshot, settled } from './fixtures/browser';

/**
 * 客户资料 in headless Chromium against the built demo: an agent finds a seeded customer by a part of
 * its number, opens Customer 360 (phones masked: agents lack pii.view), adds a note that appears in
 * the history, and creates a customer; then the same screen in English.
 */
const env = browserFixture({ name: 'kefu-customers-', adminPassword: 'Customers-1', demo: true });

describe('the customer screens', () => {
  it('search, Customer 360, a note on the timeline, a new customer', { timeout: 120_000 }, async () => {
    const page = await env.signedIn({ username: 'agent01', password: DEMO_PASSWORD }, '/customers');
    await page.getByTestId(CRM_IDS.page).waitFor();
    await page.getByTestId(CRM_IDS.search).locator('input').fill('13800000007');
    await page.getByTestId(CRM_IDS.search).locator('input').press('Enter');
    const row = page.locator('.ant-table-row');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain('138****0007');
    await row.getByRole('button').click();

    await page.getByTestId(CRM_IDS.profile).getByText('产品与套餐').waitFor();
    const profile = (await page.getByTestId(CRM_IDS.profile).textContent()) ?? '';
    expect(profile).toContain('138****0007');
    expect(profile).toContain('010****0007');
    expect(profile).toContain('产品与套餐');
    await page.getByPlaceholder('记录与客户的沟通要点').fill('客户来电咨询套餐变更');
    await page.getByRole('button', { name: '添加备注' }).click();
    await page.getByTestId(CRM_IDS.timeline).getByText('客户来电咨询套餐变更').waitFor();
    await settled(page);
    await screenshot(page, 'customer-360-zh-CN');

    await page.getByRole('button', { name: '返回列表' }).click();
    await page.getByTestId(CRM_IDS.create).click();
    await page.getByTestId(CRM_IDS.formName).fill('浏览器新建客户');
    await page.getByTestId(CRM_IDS.formSubmit).click();
    await page.getByTestId(CRM_IDS.profile).getByText('浏览器新建客户').first().waitFor();

    await page.getByTestId(APP_IDS.langSwitch).click();
    await page.getByTestId(CRM_IDS.timeline).getByText('History').waitFor();
    await settled(page);
    await screenshot(page, 'customer-360-en-US');
  });
});

describe('the customer pop on the desktop', () => {
  it('an offered contact shows its caller as a customer', { timeout: 120_000 }, async () => {
    const desktop = await env.signedIn({ username: 'agent01', password: DEMO_PASSWORD }, '/desktop');
    await desktop.getByTestId(DESKTOP_IDS.page).waitFor();
    await desktop.getByTestId(DESKTOP_IDS.ready).click();
    // No registered phone: 示闲 asks first (仍然示闲).
    await desktop.getByRole('button', { name: '仍然示闲' }).click();
    await env.api('POST', '/contacts', { channel: 'chat', queue: 'general', customer: { phone: '13800000007' } });
    const pop = desktop.getByTestId(DESKTOP_IDS.customerPop);
    await pop.getByText('黄春生').waitFor({ timeout: 20_000 });
    // The agent lacks pii.view: the number stays masked in the pop too.
    expect(await pop.textContent()).toContain('138****0007');
    // 身份核验: the agent records a passed check for this contact.
    const verify = desktop.getByTestId(DESKTOP_IDS.customerVerify);
    await verify.getByText('未核验身份').waitFor();
    await verify.getByRole('button', { name: '核验通过' }).click();
    await verify.getByText('已核验身份').waitFor();
    await settled(desktop);
    await screenshot(desktop, 'desktop-customer-pop-zh-CN');
  });
});

describe('the preferred agent (专属客户经理)', () => {
  it('an admin picks an agent on the customer page; the CRM keeps it for the ACD', { timeout: 120_000 }, async () => {
    type Page<T> = { items: T[] };
    const [vip] = (await env.api<Page<{ id: string }>>('GET', '/customers?phone=13800000005')).items;
    if (!vip) throw new Error('the demo VIP 13800000005 is missing');
    const page = await env.signedIn({ username: 'admin', password: 'Customers-1' }, `/customers?id=${vip.id}`);
    const picker = page.getByTestId(CRM_IDS.preferredAgent);
    await picker.waitFor();
    expect(await page.getByTestId(CRM_IDS.profile).textContent()).toContain('专属客户经理');
    await picker.click();
    await page.keyboard.type('agent01');
    await page.locator('.ant-select-item-option').filter({ hasText: 'agent01' }).first().click();
    await page.getByText('专属客户经理已保存').waitFor();
    const users = await env.api<Page<{ id: string; username: string }>>('GET', '/users?q=agent01');
    const agent01 = users.items.find((u) => u.username === 'agent01');
    await expect
      .poll(
        async () =>
          (await env.api<{ preferredAgentId: string | null }>('GET', `/customers/${vip.id}`)).preferredAgentId,
      )
      .toBe(agent01?.id);
  });
});
