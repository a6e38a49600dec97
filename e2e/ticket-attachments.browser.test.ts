import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_IDS } from '../web/src/app/testids';
import { TICKETS_IDS } from '../web/src/features/tickets/testids';
import { browserFixture, screenshot, settled } from './fixtures/browser';

/**
 * 附件 on a demo work order in headless Chromium: the administrator uploads a text file with a
 * Chinese name, sees it listed with its size and kind, downloads the same bytes, and is told in words
 * when a file is refused (an executable named .png); then the card in English.
 */
const env = browserFixture({ name: 'kefu-attach-', adminPassword: 'Attach-pass-1', demo: true });

describe('work-order attachments', () => {
  it('upload, list, download and a refusal in words, in zh-CN and en-US', { timeout: 180_000 }, async () => {
    const page1 = await env.api<{ items: Array<{ id: string }> }>('GET', '/tickets?pageSize=1');
    const id = page1.items[0]?.id;
    expect(id).toBeDefined();
    const dir = os.tmpdir();
    const text = path.join(dir, '故障说明.txt');
    const content = '客户反映：信号差，已重启光猫。\n';
    writeFileSync(text, content);
    const exe = path.join(dir, 'photo.png');
    writeFileSync(exe, Buffer.concat([Buffer.from('4d5a90000300000004000000ffff0000', 'hex'), Buffer.alloc(64)]));

    const page = await env.signedIn(env.admin, `/tickets?id=${id}`);
    const card = page.getByTestId(TICKETS_IDS.attachments);
    await card.waitFor();
    // The list has loaded (its empty state) before the file is chosen: a card still loading renders
    // its file input anew, and a change event on the old one would be lost.
    await card.getByText('暂无附件').waitFor();
    await settled(page);
    await card.locator('input[type=file]').setInputFiles(text);
    const item = card.getByTestId(TICKETS_IDS.attachment).filter({ hasText: '故障说明.txt' });
    await item.waitFor();
    expect(await item.textContent()).toContain('文本');

    const download = page.waitForEvent('download');
    await item.getByRole('link', { name: '下载' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('故障说明.txt');
    const saved = path.join(dir, `kefu-download-${Date.now()}.txt`);
    await file.saveAs(saved);
    expect(readFileSync(saved, 'utf8')).toBe(content);

    await card.locator('input[type=file]').setInputFiles(exe);
    await page.locator('.ant-message-notice', { hasText: '不支持此文件类型' }).waitFor();
    expect(await card.getByTestId(TICKETS_IDS.attachment).count()).toBe(1);
    // The history names the file.
    await page.getByTestId(TICKETS_IDS.history).getByText('故障说明.txt').waitFor();
    await settled(page);
    await screenshot(page, 'ticket-attachments-zh-CN');

    await page.getByTestId(APP_IDS.langSwitch).click();
    await card.getByText('Attachments').waitFor();
    expect(await card.getByTestId(TICKETS_IDS.attachment).first().textContent()).toContain('Text');
    await settled(page);
    await screenshot(page, 'ticket-attachments-en-US');
  });
});
