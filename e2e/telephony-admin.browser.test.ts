import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { APP_IDS } from '../web/src/app/testids';
import { TELEPHONY_IDS } from '../web/src/features/telephony/testids';
import { browserFixture } from './fixtures/browser';

/**
 * 语音设置 in a real browser against the built demo: the admin maps a called number to the demo
 * flow, is told when a number is taken, and replaces a shipped prompt with an upload.
 */
const env = browserFixture({ name: 'kefu-voice-admin-', adminPassword: 'Voice-admin-1', demo: true });
let page: Page;

/** A 16 kHz mono 16-bit PCM WAV of `ms` milliseconds of a 440 Hz tone. */
function wav16k(ms: number): Buffer {
  const n = (16 * ms) | 0;
  const out = Buffer.alloc(44 + n * 2);
  out.write('RIFF', 0, 'latin1');
  out.writeUInt32LE(36 + n * 2, 4);
  out.write('WAVEfmt ', 8, 'latin1');
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(1, 20);
  out.writeUInt16LE(1, 22);
  out.writeUInt32LE(16000, 24);
  out.writeUInt32LE(32000, 28);
  out.writeUInt16LE(2, 32);
  out.writeUInt16LE(16, 34);
  out.write('data', 36, 'latin1');
  out.writeUInt32LE(n * 2, 40);
  for (let i = 0; i < n; i++)
    out.writeInt16LE(Math.round(6000 * Math.sin((2 * Math.PI * 440 * i) / 16000)), 44 + i * 2);
  return out;
}

beforeAll(async () => {
  page = await env.signedIn(env.admin);
});

describe('语音设置', () => {
  it('lists the demo phones and numbers, and maps a new number to the demo flow', async () => {
    await page.getByTestId(APP_IDS.navTelephony).click();
    await page.waitForURL((url) => url.pathname === '/admin/telephony');
    const phones = page.getByTestId(TELEPHONY_IDS.phonesTable);
    await expect.poll(() => phones.textContent(), { timeout: 10_000 }).toContain('agent01');
    expect(await phones.textContent()).toContain('未注册');

    await page.getByRole('tab', { name: '号码' }).click();
    const numbers = page.getByTestId(TELEPHONY_IDS.numbersTable);
    await expect.poll(() => numbers.textContent(), { timeout: 10_000 }).toContain('4008000000');

    await page.getByTestId(TELEPHONY_IDS.numbersCreate).click();
    await page.getByTestId(TELEPHONY_IDS.numberFormNumber).fill('4008001111');
    await page.getByTestId(TELEPHONY_IDS.numberFormName).fill('售后热线');
    await page.getByTestId(TELEPHONY_IDS.numberFormFlow).click();
    await page.locator('.ant-select-item-option').filter({ hasText: 'hotline' }).first().click();
    await page.getByTestId(TELEPHONY_IDS.numberFormSubmit).click();
    await expect.poll(() => numbers.textContent(), { timeout: 10_000 }).toContain('4008001111');
    expect(await numbers.textContent()).toContain('售后热线');

    // The same number again: the server's refusal lands on the number field.
    await page.getByTestId(TELEPHONY_IDS.numbersCreate).click();
    await page.getByTestId(TELEPHONY_IDS.numberFormNumber).fill('4008001111');
    await page.getByTestId(TELEPHONY_IDS.numberFormFlow).click();
    await page.locator('.ant-select-item-option').filter({ hasText: 'hotline' }).first().click();
    await page.getByTestId(TELEPHONY_IDS.numberFormSubmit).click();
    await page.getByText('该号码已配置').waitFor({ timeout: 10_000 });
    await page
      .getByRole('button', { name: '取 消' })
      .or(page.getByRole('button', { name: '取消' }))
      .click();
  });

  it('replaces a shipped prompt with an upload, plays it, and refuses a file that is not a WAV', async () => {
    await page.getByRole('tab', { name: '提示音' }).click();
    const table = page.getByTestId(TELEPHONY_IDS.promptsTable);
    await expect.poll(() => table.textContent(), { timeout: 10_000 }).toContain('welcome');

    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId(TELEPHONY_IDS.promptUpload('zh-CN', 'welcome')).click();
    await (await chooser).setFiles({ name: 'welcome.wav', mimeType: 'audio/wav', buffer: wav16k(1200) });
    const row = table.locator('tr', { has: page.getByTestId(TELEPHONY_IDS.promptUpload('zh-CN', 'welcome')) });
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('已上传替换');
    expect(await row.textContent()).toContain('1.2 秒');

    // The player points at the upload; the browser fetches it with the session cookie.
    const src = await page.getByTestId(TELEPHONY_IDS.promptPlay('zh-CN', 'welcome')).getAttribute('src');
    const played = await page.evaluate(async (url) => {
      const r = await fetch(url!);
      return { status: r.status, type: r.headers.get('content-type'), bytes: (await r.arrayBuffer()).byteLength };
    }, src);
    expect(played).toEqual({ status: 200, type: 'audio/wav', bytes: 44 + 1200 * 8 * 2 });

    const bad = page.waitForEvent('filechooser');
    await page.getByTestId(TELEPHONY_IDS.promptUpload('zh-CN', 'goodbye')).click();
    await (await bad).setFiles({ name: 'notes.wav', mimeType: 'audio/wav', buffer: Buffer.from('not audio at all') });
    await page.getByText('不是 WAV 文件').waitFor({ timeout: 10_000 });

    expect(env.pageErrors).toEqual([]);
  });

  it('describes each prompt in Chinese with its words, and finds it by purpose, words or key', async () => {
    const table = page.getByTestId(TELEPHONY_IDS.promptsTable);
    const described = page.getByTestId(TELEPHONY_IDS.promptDescription('zh-CN', 'position-before'));
    await expect.poll(() => described.textContent(), { timeout: 10_000 }).toContain('排队位置');
    expect(await described.textContent()).toContain('您前面还有');
    const search = page.getByTestId(TELEPHONY_IDS.promptsSearch).locator('input');
    const keysShown = async () =>
      (await table.locator('tbody tr code').allTextContents()).filter((k) => k.trim() !== '');

    // By the Chinese purpose, then by the English words (a different description), then by key.
    await search.fill('排队位置');
    await expect
      .poll(keysShown, { timeout: 10_000 })
      .toEqual(['position-after', 'position-before', 'position-after', 'position-before']);
    await search.fill('estimated waiting');
    await expect.poll(keysShown, { timeout: 10_000 }).toEqual(['wait-before']);
    await search.fill('留言');
    await expect.poll(keysShown, { timeout: 10_000 }).toEqual(['voicemail', 'voicemail', 'beep']);
    await search.fill('');
    expect(env.pageErrors).toEqual([]);
  });
});
