import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { APP_IDS } from '../web/src/app/testids';
import { CALENDARS_IDS } from '../web/src/features/calendars/testids';
import { browserFixture, screenshot } from './fixtures/browser';

/**
 * 营业日历 in a real browser against the demo: the admin finds 总部服务时间 with China's holidays,
 * checks National Day against it, imports a year again, and creates a calendar of its own.
 */
const env = browserFixture({ name: 'kefu-calendars-', adminPassword: 'Calendars-admin-1', demo: true });
let page: Page;

beforeAll(async () => {
  page = await env.signedIn(env.admin);
});

describe('营业日历', () => {
  it('lists the demo calendars, checks a holiday, imports a year, and creates one', async () => {
    await page.getByTestId(APP_IDS.navCalendars).click();
    await page.waitForURL((url) => url.pathname === '/admin/calendars');
    const table = page.locator('.ant-table');
    await expect.poll(() => table.textContent(), { timeout: 10_000 }).toContain('总部服务时间');
    expect(await table.textContent()).toContain('7×24 全天候');
    await screenshot(page, 'calendars-list-zh-CN');

    await page
      .locator('tr', { hasText: '总部服务时间' })
      .getByRole('button', { name: /编\s*辑/ })
      .click();
    await page.getByTestId(CALENDARS_IDS.formName).waitFor();
    await page.getByTestId(CALENDARS_IDS.checkAt).fill('2026-10-01T10:00');
    await page.getByTestId(CALENDARS_IDS.checkRun).click();
    const result = page.getByTestId(CALENDARS_IDS.checkResult);
    await expect.poll(() => result.textContent(), { timeout: 10_000 }).toContain('休息中');
    expect(await result.textContent()).toContain('下次营业');

    await page.getByTestId(CALENDARS_IDS.importYear).fill('2026');
    await page.getByTestId(CALENDARS_IDS.importNational).click();
    await page.getByText('已导入 33 个节假日、6 个调休上班日').waitFor({ timeout: 10_000 });
    await screenshot(page, 'calendars-edit-zh-CN');
    await page.getByTestId(CALENDARS_IDS.formSubmit).click();
    await page.getByText('营业日历 总部服务时间 已保存').waitFor({ timeout: 10_000 });

    await page.getByTestId(CALENDARS_IDS.create).click();
    await page.getByTestId(CALENDARS_IDS.formName).fill('售后服务时间');
    await page.getByTestId(CALENDARS_IDS.formSubmit).click();
    await expect.poll(() => table.textContent(), { timeout: 10_000 }).toContain('售后服务时间');
    expect(env.pageErrors).toEqual([]);
  }, 90_000);
});
