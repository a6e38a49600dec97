import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTION_RENAMES, AUDIT_ACTIONS, AUDIT_ENTITY_TYPES } from '../contracts/audit-actions';
import { CALL_END_REASONS } from '../contracts/calls';
import { PERMISSIONS, ROLES } from '../contracts/permissions';
import { AGENT_STATES, CONTACT_STATES } from '../contracts/routing';
import { APP_IDS } from '../web/src/app/testids';
import { CALLS_IDS } from '../web/src/features/calls/testids';
import { REPORTS_IDS } from '../web/src/features/reports/testids';
import { SUPERVISOR_IDS } from '../web/src/features/supervisor/testids';
import { browserFixture, DEMO_PASSWORD, screenshot, settled, type User } from './fixtures/browser';
import { ROOT } from './kefu-process';

/**
 * `kefu start --demo` as a new user runs it, history included (KEFU_DEMO_HISTORY unset in
 * production; the fixture turns it on here): the call log lists past calls, the wallboard's today
 * figures are not zero on the first screen, and the IVR report shows today's runs. The center's time
 * zone is chosen so that it is mid afternoon there now: today's part of the history (08:00 until 20
 * minutes ago) is never empty, whenever the test runs.
 *
 * No raw code in a Chinese screen: every page of the demo center (web/src/app/pages.tsx) as admin,
 * each of its tabs, the drawers and expanded rows where codes used to show (a call's detail, a
 * role's permissions), and the desktop and wallboard as agent01 and super01, fail on a visible word
 * that is one of the codes the contracts define (audit actions, object types, roles, permissions and
 * their groups, agent and contact states, call end reasons) and on a time written with AM/PM or
 * 上午/下午. The list comes from the contracts, so it grows with them. With the demo's history: the
 * call log, a call's detail and the wallboard show end reasons, states and figures, as a new user
 * first sees them.
 *
 * Both share one Kefu: a start with the history takes 25–40 s on a busy 2-core machine and the
 * delivery of its ~50,000 events after the start a minute or more of CPU, and the IVR report waits
 * for that delivery: checked last, after the walk through every page, it no longer waits alone.
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
const demo = (username: string): User => ({ username, password: DEMO_PASSWORD });
const super01 = demo('super01');

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
});

const CODES: ReadonlySet<string> = new Set([
  ...AUDIT_ACTIONS,
  ...Object.keys(AUDIT_ACTION_RENAMES),
  ...AUDIT_ENTITY_TYPES,
  ...ROLES,
  ...PERMISSIONS,
  ...PERMISSIONS.map((p) => p.split('.')[0] as string),
  ...AGENT_STATES,
  ...CONTACT_STATES,
  ...CALL_END_REASONS,
]);

/** The app's routes, read from the page table (it imports React components, so it is read as text). */
const PAGE_PATHS = [
  ...readFileSync(path.join(ROOT, 'web/src/app/pages.tsx'), 'utf8').matchAll(/path: '(\/[^']*)'/g),
].map((m) => m[1] as string);

type Finding = { where: string; codes: string[]; clock: string[] };

/**
 * The visible text of the page (innerText: what is rendered, not tooltips or attributes), its words
 * that are codes, and its times written with a 12-hour marker. A username is data, not a code: the
 * demo's `admin` account may show as itself.
 */
/**
 * What a person can read as the screen's own words: rendered text (innerText skips hidden nodes),
 * less the text in another language declared as such (an English prompt's words, `lang="en-US"`)
 * and identifiers shown as typed (`data-identifier`: a queue's key, a prompt's key).
 */
const visibleText = (page: Page) =>
  page.evaluate(() => {
    // biome-ignore lint/performance/useDomNodeTextContent: only rendered text counts, not hidden nodes
    let text = document.body.innerText;
    for (const el of document.querySelectorAll<HTMLElement>('[data-identifier], body [lang]:not([lang^="zh"])')) {
      // biome-ignore lint/performance/useDomNodeTextContent: as above
      const own = el.innerText;
      if (own) text = text.replace(own, ' ');
    }
    return text;
  });

async function findings(page: Page, where: string, usernames: ReadonlySet<string>): Promise<Finding> {
  const text = await visibleText(page);
  const words = text.match(/[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*/g) ?? [];
  const codes = [...new Set(words.filter((w) => CODES.has(w) && !usernames.has(w)))];
  const clock = [...new Set(text.match(/\d{1,2}:\d{2}(?::\d{2})?\s*(?:AM|PM)|(?:上午|下午)\s*\d{1,2}:\d{2}/g) ?? [])];
  return { where, codes, clock };
}

/** Waits until the page has loaded what it shows: no spinner, no skeleton, nothing animating. */
async function loaded(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.waitForFunction(
    () => document.querySelectorAll('.ant-spin-spinning, .ant-skeleton-active').length === 0,
    undefined,
    { timeout: 20_000 },
  );
  await settled(page);
}

async function usernames(): Promise<Set<string>> {
  const users = await env.api<{ items: Array<{ username: string }> }>('GET', '/users?pageSize=200');
  return new Set(users.items.map((u) => u.username));
}

/** Visits the page at `to`, then each of its tabs; returns what it found on each. */
async function walk(page: Page, to: string, names: ReadonlySet<string>): Promise<Finding[]> {
  const out: Finding[] = [];
  await page.goto(to);
  await loaded(page);
  out.push(await findings(page, to, names));
  const tabs = page.locator('.ant-tabs-tab:not(.ant-tabs-tab-active) [role="tab"]');
  const count = await tabs.count();
  const labels = await tabs.allTextContents();
  for (let i = 0; i < count; i++) {
    await page
      .locator('[role="tab"]', { hasText: labels[i] as string })
      .first()
      .click();
    await loaded(page);
    out.push(await findings(page, `${to} › ${labels[i]}`, names));
  }
  return out;
}

const clean = (all: Finding[]) => all.filter((f) => f.codes.length > 0 || f.clock.length > 0);

describe('no raw code in a Chinese screen', () => {
  it('every page of the demo as admin, its tabs, a call and a role opened', { timeout: 600_000 }, async () => {
    expect(PAGE_PATHS.length).toBeGreaterThanOrEqual(12);
    // A few changes of the admin's own, so the audit log holds more than the demo seed's entries.
    const teams = await env.api<Array<{ id: string; name: string }>>('GET', '/teams');
    await env.api('PATCH', `/teams/${teams[0]?.id}`, { name: `${teams[0]?.name}（改）` });
    const qa = await env.api<Array<{ key: string; permissions: string[] }>>('GET', '/roles');
    const qaPermissions = qa.find((r) => r.key === 'qa')?.permissions ?? [];
    await env.api('PUT', '/roles/qa', { permissions: qaPermissions.filter((p) => p !== 'teams.view') });
    const names = await usernames();

    const page = await env.signedIn(env.admin);
    const all: Finding[] = [];
    for (const to of PAGE_PATHS) all.push(...(await walk(page, to, names)));

    // A call's detail (end reason, legs, states): the demo's history has calls.
    await page.goto('/calls');
    await loaded(page);
    const firstCall = page.getByTestId(CALLS_IDS.table).locator('tbody tr.ant-table-row').first();
    await firstCall.waitFor();
    await firstCall.click();
    await page.getByTestId(CALLS_IDS.detail).waitFor();
    await loaded(page);
    all.push(await findings(page, '/calls › a call', names));

    // A role's permissions, grouped (the ivr group among them).
    await page.goto('/admin/roles');
    await loaded(page);
    await page.locator('.ant-table-row-expand-icon').first().click();
    await page.locator('.permission-group legend', { hasText: '语音导航' }).waitFor();
    all.push(await findings(page, '/admin/roles › 系统管理员', names));

    // The audit log names its objects and Kefu's own entries as 系统.
    await page.goto('/admin/audit');
    await loaded(page);
    const audit = await visibleText(page);
    expect(audit).toContain('系统');
    expect(audit).toContain('修改班组');
    // An entry's details in words: the role change lists permissions by name, not code.
    const roleRow = page.locator('tr.ant-table-row', { hasText: '修改角色权限' }).first();
    await roleRow.locator('.ant-table-row-expand-icon').click();
    await page.getByText('修改前').first().waitFor();
    all.push(await findings(page, '/admin/audit › 修改角色权限 expanded', names));
    await screenshot(page, 'audit-log-zh-CN', { fullPage: false });
    await page.getByTestId(APP_IDS.langSwitch).click();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en-US');
    await loaded(page);
    expect(await visibleText(page)).toContain('System');
    await screenshot(page, 'audit-log-en-US', { fullPage: false });
    await page.getByTestId(APP_IDS.langSwitch).click();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('zh-CN');

    expect(clean(all)).toEqual([]);
    expect(env.pageErrors).toEqual([]);
    await page.context().close();
  });

  it("agent01's desktop and super01's wallboard (更新于 in 24 h)", { timeout: 180_000 }, async () => {
    const names = await usernames();
    const all: Finding[] = [];

    const agent = await env.signedIn(demo('agent01'));
    all.push(...(await walk(agent, '/desktop', names)));
    await agent.context().close();

    const supervisor = await env.signedIn(demo('super01'));
    all.push(...(await walk(supervisor, '/supervisor', names)));
    const updated = supervisor.getByTestId(SUPERVISOR_IDS.updated);
    await expect.poll(() => updated.textContent(), { timeout: 15_000 }).toMatch(/更新于\s*\d{2}:\d{2}:\d{2}$/);
    await supervisor.context().close();

    expect(clean(all)).toEqual([]);
    expect(env.pageErrors).toEqual([]);
  });
});

// Last: the IVR runs come with the delivery of the history's events, which the walk above outlasts.
describe("the demo history's IVR runs", () => {
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
