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
import { QUALITY_IDS } from '../web/src/features/quality/testids';
import { REPORTS_IDS } from '../web/src/features/reports/testids';
import { SUPERVISOR_IDS } from '../web/src/features/supervisor/testids';
import { browserFixture, DEMO_PASSWORD, screenshot, settled, type User } from './fixtures/browser';
import { answer, apiAs, chosen, minutesSeconds, type RecordedContact, recordedContacts } from './fixtures/quality';
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
 * Quality's browser proof (issue 15) comes after it, on the history's recorded calls, which arrive
 * with the same delivery.
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
  // Four days of history, not the default 14: every screen has past days, the quality proof its
  // recorded calls (the last three days), in a quarter of the start and of the events' delivery.
  // The 14 days themselves are checked by server/src/modules/voice/test/demo-history.int.test.ts.
  env: { KEFU_TIMEZONE: afternoon, KEFU_LOG_LEVEL: 'info', KEFU_DEMO_HISTORY_DAYS: '4' },
});
const demo = (username: string): User => ({ username, password: DEMO_PASSWORD });
const super01 = demo('super01');

describe('the demo with its history', () => {
  it('is generated on start, day by day, and says what it made', () => {
    const out = env.kefu.output();
    expect(out).toContain('demo history: day 1/4');
    expect(out).toContain('demo history: day 4/4');
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

/**
 * Issue 15's proof, on the demo history's recorded calls: qa01 evaluates one from the work list (我的
 * 质检任务) beside its waveform, confirming the automatic checks' pre-fills and overriding one; the
 * agent who took the call appeals; super01 (qa.review, neither evaluator nor agent) changes one of
 * the two disputed items; the history keeps both scores. Then a calibration session on another
 * recorded call: qa01 scores in the browser, a second evaluator (the demo has one QA) through the
 * API, and the facilitator sees where they disagree and the spread of their scores.
 *
 * Here rather than in a file of its own: the recorded calls reach quality with the delivery of the
 * history's events, which the walk and the IVR report above have waited for. Measured under load ~6
 * on the 2-core box: a file of its own took 209 s (a 36 s start, then 86 s until the recorded calls
 * were in quality's read model, before the first click); here the two tests add 55–58 s.
 */
describe('quality (质检) on the recorded calls of the history', () => {
  const qa01 = demo('qa01');
  const qa02 = { username: 'qa02', password: 'Quality-qa-2' };
  // The demo's conversation has no silence, overtalk, hold or forbidden phrase, and no transcript (no
  // speech model): the items linked to a check are pre-filled 达标.
  // Pre-filled by the automatic checks that ran on the recording: the audio ones and the hold. The
  // phrase rules (greeting, closing, forbidden phrases) need a transcript, which the demo has not
  // (no speech-to-text model): those items are not pre-filled at all.
  const AUTO_ITEMS = ['no-dead-air', 'hold', 'interrupting'];
  const PHRASE_ITEMS = ['greeting', 'closing', 'forbidden'];
  let contacts: RecordedContact[] = [];
  let qa: Page | undefined;

  const switchLanguage = async (page: Page, to: 'en-US' | 'zh-CN') => {
    await page.getByTestId(APP_IDS.langSwitch).click();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe(to);
    await settled(page);
  };
  const idOf = async (username: string) => {
    const users = await env.api<{ items: Array<{ id: string; username: string }> }>('GET', '/users?pageSize=200');
    return users.items.find((u) => u.username === username)!.id;
  };

  it('qa01 evaluates from the work list, the agent appeals, super01 changes one item, the history shows both', {
    timeout: 300_000,
  }, async () => {
    const qa01Id = await idOf('qa01');
    // A recorded call the demo plan's draw (yesterday's calls) did not put on qa01's list already:
    // the manual task is then the contact's only one, and due first it heads the list.
    const drawn = await env.api<{ items: Array<{ contactId: string }>; total: number }>(
      'GET',
      `/quality/tasks?evaluatorId=${qa01Id}&status=all&pageSize=200`,
    );
    expect(drawn.total).toBeLessThanOrEqual(200);
    const onList = new Set(drawn.items.map((t) => t.contactId));
    contacts = (await recordedContacts(env, 2)).sort(
      (a, b) => Number(onList.has(a.contactId)) - Number(onList.has(b.contactId)),
    );
    const call = contacts[0]!;
    expect(onList.has(call.contactId)).toBe(false);
    const task = await env.api<{ reasons: string[] }>('POST', '/quality/tasks', {
      contactId: call.contactId,
      evaluatorId: qa01Id,
      dueAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    expect(task.reasons).toEqual(['manual']);

    // The work list is qa01's first tab; 评分 opens the evaluation beside the call's recording.
    qa = await env.signedIn(qa01, '/quality');
    const evaluate = qa.getByTestId(QUALITY_IDS.evaluateContact(call.contactId));
    await evaluate.waitFor();
    expect(await qa.locator('tr', { has: evaluate }).textContent()).toContain('人工指派');
    await evaluate.click();
    await qa.waitForURL(/\/quality\/evaluations\/[0-9a-f-]{36}$/);
    const evaluationId = new URL(qa.url()).pathname.split('/').at(-1)!;
    await qa.getByTestId(QUALITY_IDS.waveform).waitFor();
    // Decoded: play is enabled and the player shows the recording's length.
    await expect.poll(() => qa!.getByTestId(QUALITY_IDS.playPause).isEnabled(), { timeout: 20_000 }).toBe(true);
    expect(await qa.getByTestId(QUALITY_IDS.playerTime).textContent()).toBe(
      `0:00 / ${minutesSeconds(call.recordingMs)}`,
    );

    for (const key of AUTO_ITEMS) {
      await qa.getByTestId(QUALITY_IDS.suggested(key)).waitFor();
      expect(await chosen(qa.getByTestId(QUALITY_IDS.answer(key, 'pass')))).toBe(true);
    }
    expect(await qa.getByText('3 项自动预填待确认').count()).toBe(1);
    for (const key of PHRASE_ITEMS) expect(await qa.getByTestId(QUALITY_IDS.suggested(key)).count()).toBe(0);
    // Confirmed as suggested, but 保持规范: the call had no hold, so 不适用 (an override).
    for (const key of AUTO_ITEMS.filter((k) => k !== 'hold')) {
      await qa.getByTestId(QUALITY_IDS.confirmSuggestion(key)).click();
    }
    await answer(qa, 'hold', 'na');
    // Confirmed or overridden, no item is marked as a pre-fill any more.
    await expect.poll(() => qa!.locator('[data-testid^="quality-suggested-"]').count()).toBe(0);
    for (const [key, value] of [
      ['greeting', 'pass'],
      ['closing', 'pass'],
      ['forbidden', 'pass'],
      ['verification', 'pass'],
      ['listening', 4],
      ['clarity', 5],
      ['accuracy', 'pass'],
      ['solution', 'fail'],
      ['beyond', 'fail'],
      ['data-protection', 'pass'],
      ['abuse', 'pass'],
    ] as const)
      await answer(qa, key, value);
    await qa.getByTestId(QUALITY_IDS.summary).fill('未给出明确的解决方案');
    // Required items weigh 95 without 保持规范 (N/A): 10 + 15 + 15 × ¾ + 10 + 5 + 20 + 0 + 5 = 76.25 → 80.26.
    await expect.poll(() => qa!.getByTestId(QUALITY_IDS.score).textContent()).toContain('80.26');
    expect(await qa.getByTestId(QUALITY_IDS.formula).textContent()).toContain(
      '基础分 = 100 × 已得权重 76.25 ÷ 应得权重 95 = 80.26',
    );
    expect(clean([await findings(qa, '/quality/evaluations/:id', await usernames())])).toEqual([]);
    await qa.evaluate(() => window.scrollTo(0, 0));
    await settled(qa);
    await screenshot(qa, 'quality-evaluation-zh-CN');
    await switchLanguage(qa, 'en-US');
    expect(await qa.getByTestId(QUALITY_IDS.formula).textContent()).toContain(
      'Base = 100 × earned weight 76.25 ÷ possible weight 95 = 80.26',
    );
    await screenshot(qa, 'quality-evaluation-en-US');
    await switchLanguage(qa, 'zh-CN');
    await qa.getByTestId(QUALITY_IDS.submit).click();
    await qa.getByText('评分已提交，得分 80.26').waitFor();
    await qa.waitForURL(/\/quality\?tab=worklist$/);

    // The agent finds it among their results and appeals; the items below full marks come pre-selected.
    const agent = await env.signedIn(demo(call.agentUsername), '/quality?tab=evaluations');
    await agent.getByTestId(QUALITY_IDS.openEvaluation(evaluationId)).click();
    expect(await agent.getByTestId(QUALITY_IDS.evaluationStatus).textContent()).toBe('已提交');
    expect(await agent.getByTestId(QUALITY_IDS.score).textContent()).toContain('80.26');
    await agent.getByTestId(QUALITY_IDS.appeal).click();
    await agent.getByTestId(QUALITY_IDS.appealReason).fill('已告知客户账户余额，问题当场解决');
    const disputed = agent.getByTestId(QUALITY_IDS.appealItems).locator('.ant-checkbox-wrapper-checked');
    expect(await disputed.allTextContents()).toEqual(['倾听与共情', '解决方案与承诺']);
    await agent.getByTestId(QUALITY_IDS.appealSubmit).click();
    await expect.poll(() => agent.getByTestId(QUALITY_IDS.evaluationStatus).textContent()).toBe('申诉中');
    await agent.context().close();

    // super01 changes one of the two: 解决方案与承诺 to 达标 (76.25 + 15 = 91.25 of 95 → 96.05).
    const reviewer = await env.signedIn(super01, '/quality?tab=appeals');
    await reviewer.getByTestId(QUALITY_IDS.decide(evaluationId)).click();
    await reviewer.getByTestId(QUALITY_IDS.decisionOutcome('changed')).click();
    await reviewer.getByTestId(QUALITY_IDS.decisionAnswer('solution', 'pass')).click();
    await reviewer.getByTestId(QUALITY_IDS.decisionNote).fill('复听确认已给出解决方案，改为达标');
    await reviewer.getByTestId(QUALITY_IDS.decisionSubmit).click();
    await reviewer.getByText('申诉已处理').waitFor();
    await reviewer.goto(`/quality/evaluations/${evaluationId}`);
    expect(await reviewer.getByTestId(QUALITY_IDS.evaluationStatus).textContent()).toBe('申诉改判');
    expect(await reviewer.getByTestId(QUALITY_IDS.historyScore(1)).textContent()).toBe('80.26');
    expect(await reviewer.getByTestId(QUALITY_IDS.historyScore(2)).textContent()).toBe('96.05');
    const changed = (await reviewer.getByTestId(QUALITY_IDS.historyRow(2)).textContent()) ?? '';
    expect(changed).toContain('申诉改判');
    expect(changed).toContain('解决方案与承诺: 未达标 → 达标');
    expect(changed).not.toContain('倾听与共情');
    expect(await reviewer.getByTestId(QUALITY_IDS.appealsOfEvaluation).textContent()).toContain('80.26 → 96.05');
    await reviewer.context().close();
  });

  it('a calibration session with two evaluators shows where they disagree', { timeout: 120_000 }, async () => {
    const call = contacts[1]!;
    expect(qa).toBeDefined();
    const created = await env.api<{ id: string }>('POST', '/users', { ...qa02, displayName: '孙校准', roles: ['qa'] });
    // The admin runs the session and does not score: the facilitator sees the scores while it is open.
    const session = await env.api<{ id: string }>('POST', '/quality/calibrations', {
      title: '演示校准',
      contactIds: [call.contactId],
      evaluatorIds: [await idOf('qa01'), created.id],
    });

    // qa01, in the browser: full marks but the bonus, 保持规范 N/A → 100.
    const page = qa!;
    await page.getByTestId(QUALITY_IDS.tab('calibration')).click();
    await page.getByTestId(QUALITY_IDS.openCalibration(session.id)).click();
    await page.getByTestId(QUALITY_IDS.calibrationScore(call.contactId)).click();
    await page.waitForURL(/\/quality\/evaluations\/[0-9a-f-]{36}$/);
    for (const key of AUTO_ITEMS.filter((k) => k !== 'hold')) {
      await page.getByTestId(QUALITY_IDS.confirmSuggestion(key)).click();
    }
    for (const [key, value] of [
      ['hold', 'na'],
      ['greeting', 'pass'],
      ['closing', 'pass'],
      ['forbidden', 'pass'],
      ['verification', 'pass'],
      ['listening', 5],
      ['clarity', 5],
      ['accuracy', 'pass'],
      ['solution', 'pass'],
      ['beyond', 'fail'],
      ['data-protection', 'pass'],
      ['abuse', 'pass'],
    ] as const)
      await answer(page, key, value);
    await expect.poll(() => page.getByTestId(QUALITY_IDS.score).textContent()).toContain('100');
    await page.getByTestId(QUALITY_IDS.submit).click();
    // Back in the session, blind: no comparison for an evaluator while it is open.
    await page.waitForURL(`**/quality/calibrations/${session.id}`);
    await page.getByText('会议结束前各质检员互不可见评分（背对背评分）。').waitFor();
    expect(await page.getByTestId(QUALITY_IDS.calibrationItems(call.contactId)).count()).toBe(0);
    await page.context().close();

    // qa02, through the API: 倾听与共情 3 of 5 and 信息准确 failed → 67.5 of 95 → 71.05.
    const as02 = await apiAs(env, qa02);
    const draft = await as02<{ id: string; answers: Record<string, unknown> }>(
      'POST',
      `/quality/calibrations/${session.id}/evaluations`,
      { contactId: call.contactId },
    );
    const answers = {
      ...draft.answers,
      ...{ greeting: 'pass', closing: 'pass', forbidden: 'pass' },
      ...{ hold: 'na', verification: 'pass', listening: 3, clarity: 5, accuracy: 'fail' },
    };
    await as02('PATCH', `/quality/evaluations/${draft.id}`, {
      answers: { ...answers, solution: 'pass', beyond: 'fail', 'data-protection': 'pass', abuse: 'pass' },
    });
    expect((await as02<{ score: number }>('POST', `/quality/evaluations/${draft.id}/submit`)).score).toBe(71.05);

    const admin = await env.signedIn(env.admin, `/quality/calibrations/${session.id}`);
    const items = admin.getByTestId(QUALITY_IDS.calibrationItems(call.contactId));
    await items.waitFor();
    const disagree = (item: string) =>
      admin.getByTestId(QUALITY_IDS.calibrationDisagree(call.contactId, item)).textContent();
    expect(await disagree('listening')).toBe('1');
    expect(await disagree('accuracy')).toBe('1');
    expect(await disagree('greeting')).toBe('0');
    expect(await disagree('solution')).toBe('0');
    const listening = items.locator('tr', { hasText: '倾听与共情' });
    expect(await listening.locator('.ant-tag').allTextContents()).toEqual(['5 / 5', '3 / 5', '1']);
    expect(await admin.getByTestId(QUALITY_IDS.calibrationSpread(call.contactId)).textContent()).toBe(
      '得分极差 28.95 分',
    );
    expect(clean([await findings(admin, '/quality/calibrations/:id', await usernames())])).toEqual([]);
    await settled(admin);
    await screenshot(admin, 'quality-calibration-zh-CN');
    await switchLanguage(admin, 'en-US');
    expect(await admin.getByTestId(QUALITY_IDS.calibrationSpread(call.contactId)).textContent()).toBe(
      'Score spread 28.95 pts',
    );
    await screenshot(admin, 'quality-calibration-en-US');
    await admin.context().close();
    expect(env.pageErrors).toEqual([]);
  });
});
