import { describe, expect, it } from 'vitest';
import { SURVEYS_IDS } from '../web/src/features/surveys/testids';
import { browserFixture, screenshot, settled } from './fixtures/browser';

/**
 * The customer's survey page on a phone: opened from the link without signing in, in the
 * invitation's language with a switch, answered once; the link then shows "already answered".
 */
const env = browserFixture({ name: 'kefu-surveys-', adminPassword: 'Surveys-admin-1' });
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

async function link(language: 'zh-CN' | 'en-US'): Promise<string> {
  const inv = await env.api<{ link: string }>('POST', '/surveys/invitations', {
    channel: 'sms',
    to: '13800138000',
    language,
  });
  return new URL(inv.link).pathname;
}

describe('the survey page', () => {
  it('a customer answers on a phone, once', { timeout: 90_000 }, async () => {
    const path = await link('en-US');
    const page = await env.newPage('customer', PHONE);
    await page.goto(path);
    await page.getByTestId(SURVEYS_IDS.score('csat', 4)).waitFor();
    await expect.poll(() => page.locator('main').getAttribute('lang')).toBe('en-US');
    expect(await page.getByText('How satisfied are you with our service?').count()).toBe(1);
    // The tap targets are large.
    const box = await page.getByTestId(SURVEYS_IDS.score('csat', 4)).boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(44);
    // Submitting without a score asks for it; nothing is sent.
    await page.getByTestId(SURVEYS_IDS.submit).click();
    await page.getByText('Please answer every rating question first').waitFor();
    // The switch shows Chinese.
    await page.getByTestId(SURVEYS_IDS.langSwitch).click();
    await page.getByText('您对本次服务满意吗？').waitFor();
    await page.getByTestId(SURVEYS_IDS.score('csat', 4)).click();
    await page.getByTestId(SURVEYS_IDS.comment).fill('座席很耐心');
    await settled(page);
    await screenshot(page, 'survey-phone-zh-CN');
    await page.getByTestId(SURVEYS_IDS.submit).click();
    await page.getByTestId(SURVEYS_IDS.thanks).waitFor();

    const answers = await env.api<{ items: Array<{ csat: number; comment: string; channel: string }> }>(
      'GET',
      '/surveys/answers',
    );
    expect(answers.items[0]).toMatchObject({ csat: 4, comment: '座席很耐心', channel: 'sms' });

    await page.reload();
    await page.getByTestId(SURVEYS_IDS.used).waitFor();
    expect(env.pageErrors).toEqual([]);
  });

  it('a supervisor sees the answer on /surveys and filters the low scores', { timeout: 90_000 }, async () => {
    const path = await link('zh-CN');
    const customer = await env.newPage('customer2', PHONE);
    await customer.goto(path);
    await customer.getByTestId(SURVEYS_IDS.score('csat', 1)).click();
    await customer.getByTestId(SURVEYS_IDS.submit).click();
    await customer.getByTestId(SURVEYS_IDS.thanks).waitFor();

    const page = await env.signedIn(env.admin, '/surveys');
    const table = page.getByTestId(SURVEYS_IDS.answers);
    await table.getByText('满意度 1').waitFor();
    await table.getByText('满意度 4').waitFor();
    await page.getByTestId(SURVEYS_IDS.lowOnly).click();
    await expect.poll(() => table.getByText('满意度 4').count()).toBe(0);
    expect(await table.getByText('低分').count()).toBeGreaterThan(0);
    await settled(page);
    await screenshot(page, 'surveys-answers-zh-CN', { fullPage: false });
    await page.getByRole('tab', { name: '调查模板' }).click();
    await page.getByText('默认满意度调查').waitFor();
    expect(env.pageErrors).toEqual([]);
  });

  it('an unknown link says so, in Chinese by default', { timeout: 60_000 }, async () => {
    const page = await env.newPage('stranger', PHONE);
    await page.goto(`/s/${'x'.repeat(43)}`);
    await page.getByTestId(SURVEYS_IDS.notFound).waitFor();
    expect(await page.getByText('调查链接无效').count()).toBe(1);
  });
});
