import { createSocket, type Socket } from 'node:dgram';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import type { Wallboard } from '../contracts/routing';
import type { PhoneNumber } from '../contracts/telephony';
import type { OverloadStatus } from '../contracts/voice';
import { describeSipp, SIPP, SIPP_SCENARIOS, startSipp } from '../test/sipp';
import { APP_IDS } from '../web/src/app/testids';
import { SUPERVISOR_IDS } from '../web/src/features/supervisor/testids';
import { TELEPHONY_IDS } from '../web/src/features/telephony/testids';
import { browserFixture, byTestId, DEMO_PASSWORD, screenshot, settled } from './fixtures/browser';
import { sipAddress } from './fixtures/telephony';

/**
 * The screens of issue 12 in headless Chromium against the built demo: the wallboard's 来电接入
 * panel (admitting, then refusing new calls after a real burst from sipp above KEFU_MAX_CPS=1, with
 * the reason in words and the shed counts the server reports), each queue's 未应答 / 未送达 counts,
 * the 应急公告 switched on for the hotline in one click (prompt picked by description, what follows)
 * and listed on the wallboard, and a number's overload action set in 语音设置.
 */
const MAX_CPS = 1;
const BURST = 6;
const HOTLINE = '4008000000';
const env = browserFixture({
  name: 'kefu-overload-screens-',
  adminPassword: 'Overload-screens-1',
  demo: true,
  env: {
    KEFU_MAX_CPS: String(MAX_CPS),
    // Refusing lasts until 10 minutes without excess: the shedding state holds for the screenshots.
    KEFU_OVERLOAD_RESUME_SECONDS: '600',
    KEFU_RTP_PORTS: '43000-43499',
  },
});
const sockets: Socket[] = [];

afterAll(() => {
  for (const s of sockets.splice(0)) s.close();
});

/** Where a caller's RTP goes: a bound socket nobody reads (the shed callers get none). */
async function rtpPort(): Promise<number> {
  const socket = createSocket('udp4');
  sockets.push(socket);
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  return socket.address().port;
}

async function switchToEnglish(page: Page): Promise<void> {
  await page.getByTestId(APP_IDS.langSwitch).click();
  await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en-US');
}

const text = async (page: Page, testId: string) => (await page.getByTestId(testId).textContent()) ?? '';

describe('overload screens (issue 12)', () => {
  it('the wallboard says new calls are taken, then refused after a burst above the limit, with the reason and counts the server reports', {
    timeout: 180_000,
  }, async () => {
    const page = await env.signedIn({ username: 'super01', password: DEMO_PASSWORD }, '/supervisor');
    const panel = page.getByTestId(SUPERVISOR_IDS.overload);
    await page.locator(byTestId(SUPERVISOR_IDS.overload, { admitting: 'true' })).waitFor();
    expect(await panel.textContent()).toContain('正常接入新来电');
    expect(await text(page, SUPERVISOR_IDS.overloadShedToday)).toBe('0');

    // Each queue tile has its day's RONA and undelivered counts, as the wallboard API says.
    const board = await env.api<Wallboard>('GET', '/wallboard');
    for (const q of board.queues) {
      expect(await text(page, SUPERVISOR_IDS.queueTile(q.key, 'rona'))).toBe(String(q.ronaToday));
      expect(await text(page, SUPERVISOR_IDS.queueTile(q.key, 'undelivered'))).toBe(String(q.undeliveredToday));
    }
    expect(await page.getByTestId(SUPERVISOR_IDS.queueTile('billing')).textContent()).toContain('今日未应答');
    await settled(page);
    await screenshot(page, 'overload-wallboard-admitting-zh-CN');

    if (!existsSync(SIPP)) return; // the burst needs sipp
    const sip = await sipAddress(env.kefu);
    const ports = await Promise.all(Array.from({ length: BURST }, () => rtpPort()));
    const caller = await startSipp({
      scenario: path.join(SIPP_SCENARIOS, 'caller-overload.xml'),
      target: `${sip.host}:${sip.port}`,
      calls: BURST,
      rate: BURST,
      limit: BURST,
      fields: ports.map((port, i) => [HOTLINE, port, `13900001${String(i).padStart(2, '0')}`]),
      timeoutMs: 60_000,
    });
    const result = await caller.result;
    expect(result.code, describeSipp(result)).toBe(0);

    // The panel turns red by itself (voice.overload.changed), the reason in words.
    const refusing = page.locator(byTestId(SUPERVISOR_IDS.overload, { admitting: 'false' }));
    await refusing.waitFor({ timeout: 10_000 });
    expect(await refusing.textContent()).toContain('正在拒接新来电（系统繁忙）');
    expect(await text(page, SUPERVISOR_IDS.overloadReason('max_cps'))).toBe('每秒新来电超过上限（1 通/秒）');
    // The counts are the server's.
    const status = await env.api<OverloadStatus>('GET', '/voice/overload');
    expect(status.admitting).toBe(false);
    expect(status.shedToday).toBeGreaterThan(0);
    await expect
      .poll(() => text(page, SUPERVISOR_IDS.overloadShedToday), { timeout: 10_000 })
      .toBe(String((await env.api<OverloadStatus>('GET', '/voice/overload')).shedToday));
    expect(await refusing.textContent()).toContain(`${HOTLINE}：`);
    await settled(page);
    await screenshot(page, 'overload-wallboard-refusing-zh-CN');

    await switchToEnglish(page);
    await refusing.getByText('Refusing new calls (system busy)').waitFor();
    expect(await text(page, SUPERVISOR_IDS.overloadReason('max_cps'))).toBe(
      'More new calls per second than the limit (1 per second)',
    );
    await settled(page);
    await screenshot(page, 'overload-wallboard-refusing-en-US');
    expect(env.pageErrors).toEqual([]);
  });

  it('turns the spike message on for the hotline in one click, lists it on the wallboard, and turns it off', {
    timeout: 120_000,
  }, async () => {
    // A supervisor, not an administrator: numbers.spike reads the numbers and the prompt library.
    const page = await env.signedIn({ username: 'super01', password: DEMO_PASSWORD }, '/supervisor');
    await page.getByTestId(SUPERVISOR_IDS.spikeOpen).click();
    const row = page.locator(byTestId(SUPERVISOR_IDS.spikeRow(HOTLINE), { enabled: 'false' }));
    await row.waitFor();
    await page.getByTestId(SUPERVISOR_IDS.spikeSwitch(HOTLINE)).click();

    // The prompt is picked by what it is for; after it, the call ends.
    await page.getByTestId(SUPERVISOR_IDS.spikePrompt).click();
    await page.keyboard.type('线路繁忙');
    await page.locator('.ant-select-item-option').filter({ hasText: '线路繁忙' }).first().click();
    await page.getByTestId(SUPERVISOR_IDS.spikeThen).getByText('播放后挂机').click();
    await settled(page);
    await screenshot(page, 'spike-dialog-zh-CN');
    await page.getByTestId(SUPERVISOR_IDS.spikeSubmit).click();
    await page.locator(byTestId(SUPERVISOR_IDS.spikeRow(HOTLINE), { enabled: 'true' })).waitFor();

    const numbers = await env.api<PhoneNumber[]>('GET', '/telephony/numbers');
    expect(numbers.find((n) => n.number === HOTLINE)?.spike).toEqual({
      enabled: true,
      promptKey: 'all-lines-busy',
      afterMessage: 'hang_up',
    });
    await page.keyboard.press('Escape');
    const active = page.getByTestId(SUPERVISOR_IDS.spikeActiveNumber(HOTLINE));
    await active.waitFor();
    expect(await active.textContent()).toBe('4008000000（客服热线）：线路繁忙，之后挂机');
    await settled(page);
    await screenshot(page, 'spike-active-zh-CN');

    await switchToEnglish(page);
    await page.getByTestId(SUPERVISOR_IDS.spikeActive).getByText('Spike message on').waitFor();
    await settled(page);
    await screenshot(page, 'spike-active-en-US');

    // Off: one click and a confirmation; the banner goes.
    await page.getByTestId(SUPERVISOR_IDS.spikeOpen).click();
    await page.getByTestId(SUPERVISOR_IDS.spikeSwitch(HOTLINE)).click();
    // The confirmation pops over the switch: click its button once it is there, and wait for the
    // change to be stored before looking for the banner to go.
    const turnOff = page.getByRole('button', { name: 'Turn off' });
    await turnOff.waitFor();
    const [stored] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/spike') && r.request().method() === 'PUT'),
      turnOff.click(),
    ]);
    expect(stored.status()).toBe(200);
    await page.getByTestId(SUPERVISOR_IDS.spikeActive).waitFor({ state: 'detached' });
    const after = await env.api<PhoneNumber[]>('GET', '/telephony/numbers');
    expect(after.find((n) => n.number === HOTLINE)?.spike.enabled).toBe(false);
    expect(env.pageErrors).toEqual([]);
  });

  it("sets a number's overload action in 语音设置", { timeout: 90_000 }, async () => {
    const page = await env.signedIn(env.admin, '/admin/telephony');
    await page.getByRole('tab', { name: '号码' }).click();
    const cell = page.getByTestId(TELEPHONY_IDS.numberOverload(HOTLINE));
    await cell.waitFor();
    expect(await cell.getAttribute('data-action')).toBe('reject');
    await page
      .getByTestId(TELEPHONY_IDS.numbersTable)
      .getByRole('button', { name: /编\s*辑/ })
      .first()
      .click();
    await page.getByTestId(TELEPHONY_IDS.numberFormOverload).click();
    await page.locator('.ant-select-item-option').filter({ hasText: '播放“线路繁忙”提示后挂机' }).click();
    await page.getByText('播放“线路繁忙，请稍后再拨”后挂机').waitFor();
    await settled(page);
    await screenshot(page, 'number-overload-action-zh-CN');
    await page.getByTestId(TELEPHONY_IDS.numberFormSubmit).click();
    await page.locator(byTestId(TELEPHONY_IDS.numberOverload(HOTLINE), { action: 'busy_prompt' })).waitFor();
    const numbers = await env.api<PhoneNumber[]>('GET', '/telephony/numbers');
    expect(numbers.find((n) => n.number === HOTLINE)?.overloadAction).toBe('busy_prompt');
    expect(await text(page, TELEPHONY_IDS.numberOverload(HOTLINE))).toBe('繁忙提示后挂机');

    await switchToEnglish(page);
    await page.getByTestId(TELEPHONY_IDS.numberOverload(HOTLINE)).getByText('Busy prompt, hang up').waitFor();
    await page.getByTestId(TELEPHONY_IDS.numbersTable).getByRole('button', { name: 'Edit' }).first().click();
    await page.getByText('Under overload, new calls are answered').waitFor();
    await settled(page);
    await screenshot(page, 'number-overload-action-en-US');
    expect(env.pageErrors).toEqual([]);
  });
});
