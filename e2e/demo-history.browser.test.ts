import { describe, expect, it } from 'vitest';
import { CALLS_IDS } from '../web/src/features/calls/testids';
import { REPORTS_IDS } from '../web/src/features/reports/testids';
import { SUPERVISOR_IDS } from '../web/src/features/supervisor/testids';
import { browserFixture, DEMO_PASSWORD, screenshot, settled } from './fixtures/browser';

/**
 * `kefu start --demo` as a new user runs it, history included (KEFU_DEMO_HISTORY unset in
 * production; the fixture turns it on here): the call log lists past calls and the wallboard's today
 * figures are not zero on the first screen. The center's time zone is chosen so that it is mid
 * afternoon there now: today's part of the history (08:00 until 20 minutes ago) is never empty,
 * whenever the test runs.
 */
const afternoon = (() => {
  // Etc/GMT-N is UTC+N (POSIX signs): the zone where it is about 15:00 now.
  const offset = ((((15 - new Date().getUTCHours() + 12) % 24) + 24) % 24) - 12;
  return offset === 0 ? 'Etc/UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
})();
const env = browserFixture({
  name: 'kefu-demo-history-',
  adminPassword: 'History-admin-1',
  demo: true,
  demoHistory: true,
  env: { KEFU_TIMEZONE: afternoon, KEFU_LOG_LEVEL: 'info' },
});
const super01 = { username: 'super01', password: DEMO_PASSWORD };

describe('the demo with its history', () => {
  it('is generated on start, day by day, and says what it made', () => {
    const out = env.kefu.output();
    expect(out).toContain('demo history: day 1/14');
    expect(out).toContain('demo history: day 14/14');
    expect(out).toMatch(/demo history generated: telephony [\d,]+ calls/);
  });

  it("the wallboard's today figures are not zero", { timeout: 90_000 }, async () => {
    const page = await env.signedIn(super01, '/supervisor');
    let answered = 0;
    await expect
      .poll(
        async () => {
          answered = 0;
          for (const key of ['billing', 'fault', 'complaints', 'general']) {
            const text = await page.getByTestId(SUPERVISOR_IDS.queueTile(key, 'answered')).textContent();
            answered += Number(text ?? 0);
          }
          return answered;
        },
        { timeout: 30_000 },
      )
      .toBeGreaterThan(0);
    const aht = await page.getByTestId(SUPERVISOR_IDS.queueTile('general', 'aht')).textContent();
    expect(aht).toMatch(/^\d+:\d\d/);
    await settled(page);
    await screenshot(page, 'demo-history-wallboard');
    await page.context().close();
  });

  it('the call log lists past calls', { timeout: 90_000 }, async () => {
    const page = await env.signedIn(env.admin, '/calls');
    const rows = page.getByTestId(CALLS_IDS.table).locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBeGreaterThan(5);
    // Earlier days too, not only today's.
    const calls = await env.api<{ items: Array<{ startedAt: string }> }>('GET', '/calls?limit=500');
    const days = new Set(calls.items.map((c) => c.startedAt.slice(0, 10)));
    expect(days.size).toBeGreaterThan(1);
    await settled(page);
    await screenshot(page, 'demo-history-calls');
    await page.context().close();
  });

  it("the IVR report shows where today's callers dropped out of the hotline's menus", {
    timeout: 240_000,
  }, async () => {
    const page = await env.signedIn(super01, '/reports/ivr');
    const section = page.getByTestId(REPORTS_IDS.ivrDropouts);
    await section.waitFor();
    const nodes = section.locator('tbody tr.ant-table-row');
    // The IVR runs are not rebuilt with the seed (their paths live in the events only): they reach the
    // report as the history's ~50,000 events are delivered after the start — a minute or two here.
    await expect
      .poll(
        async () => {
          await page.getByRole('button', { name: '刷新' }).click();
          return nodes.count();
        },
        { timeout: 180_000, interval: 2_000 },
      )
      .toBeGreaterThan(0);
    // Every run passes the welcome and the key menu: their types in words, outcomes too.
    const text = (await section.textContent()) ?? '';
    for (const word of ['运行次数', '按键菜单', '放音', '转人工排队', '流失率']) expect(text).toContain(word);
    await settled(page);
    await screenshot(page, 'demo-history-ivr-report');
    await page.context().close();
  });
});
