import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Contact } from '../contracts/routing';
import type { LiveCall } from '../contracts/voice';
import { DESKTOP_IDS } from '../web/src/features/desktop/testids';
import { SUPERVISOR_IDS } from '../web/src/features/supervisor/testids';
import { browserFixture, byTestId, DEMO_PASSWORD, screenshot, settled } from './fixtures/browser';

/**
 * Voice on the agent desktop and the wallboard, in headless Chromium against the built demo. The
 * demo has no outbound trunk and no registered phones, so 外呼 and 回拨 end in VOICE.NO_TRUNK from the
 * real server; the ringing and talking states of a voice contact and the live calls list need SIP
 * phones (e2e/voice.test.ts drives those), so here the browser gets them from routed replies.
 */
const env = browserFixture({ name: 'kefu-voice-desk-', adminPassword: 'Voice-desk-1', demo: true });

const signedIn = (username: string, to: string) => env.signedIn({ username, password: DEMO_PASSWORD }, to);

const shot = (page: Page, name: string) => screenshot(page, `voice-${name}-zh-CN`);

/** A voice contact as the server would send it to agent01 (the number masked: no pii.view). */
function voiceContact(agentId: string, queueId: string, state: 'offered' | 'connected'): Contact {
  const now = Date.now();
  return {
    id: '0190d8a4-0000-7000-8000-00000000c0de',
    channel: 'voice',
    direction: 'inbound',
    queueId,
    queueKey: 'billing',
    state,
    priority: 0,
    skills: null,
    attributes: { ivr: '1', called: '4008001234', callId: '0190d8a4-0000-7000-8000-0000000ca11d' },
    customer: { phone: '138****5678' },
    subject: null,
    agentId,
    targetAgentId: null,
    preferredAgentId: null,
    parentId: null,
    createdAt: new Date(now - 30_000).toISOString(),
    queuedAt: new Date(now - 25_000).toISOString(),
    offeredAt: new Date(now - 3_000).toISOString(),
    connectedAt: state === 'connected' ? new Date(now - 65_000).toISOString() : null,
    endedAt: null,
    completedAt: null,
    wrapUp: null,
    position: null,
    estimatedWaitSeconds: null,
  };
}

describe('voice on the agent desktop and the wallboard', () => {
  it('外呼 and 回拨 reach the server; a ringing and a talking call show their controls', {
    timeout: 180_000,
  }, async () => {
    const desktop = await signedIn('agent01', '/desktop');
    await desktop.getByTestId(DESKTOP_IDS.page).waitFor();
    const dial = desktop.getByTestId(DESKTOP_IDS.dial);
    expect(await dial.textContent()).toContain('外呼');

    // 外呼: the number is checked like DialNumber, then the server says there is no trunk.
    await dial.click();
    await desktop.getByTestId(DESKTOP_IDS.dialNumber).fill('12ab');
    await desktop.getByTestId(DESKTOP_IDS.dialSubmit).click();
    await desktop.getByText('请输入 3–20 位数字，可以 + 开头').waitFor();
    await desktop.getByTestId(DESKTOP_IDS.dialNumber).fill('13800138000');
    await desktop.getByTestId(DESKTOP_IDS.dialSubmit).click();
    await desktop.getByText('未配置外呼中继，无法外呼，请联系管理员').waitFor();
    await settled(desktop);
    await shot(desktop, 'dial-no-trunk');
    await desktop.getByRole('button', { name: /取\s*消/ }).click();

    // 回拨 on a callback contact: dials at once with the contact's number. The demo's phones are
    // not registered here, so the desktop asks before 示闲 (仍然示闲).
    await desktop.getByTestId(DESKTOP_IDS.ready).click();
    await desktop.getByRole('button', { name: '仍然示闲' }).click();
    await desktop.locator(byTestId(DESKTOP_IDS.state, { state: 'ready' })).waitFor();
    await env.api('POST', '/contacts', {
      channel: 'callback',
      queue: 'billing',
      customer: { name: '李女士', phone: '13912345678' },
      attributes: { callbackNumber: '13912345678' },
    });
    await desktop.getByTestId(DESKTOP_IDS.accept).click();
    const callBack = desktop.getByTestId(DESKTOP_IDS.callBack);
    await callBack.waitFor();
    let dialled: unknown;
    desktop.on('request', (r) => {
      if (r.url().endsWith('/api/v1/voice/dial')) dialled = r.postDataJSON();
    });
    await callBack.click();
    await desktop.getByText('未配置外呼中继，无法外呼，请联系管理员').waitFor();
    expect(dialled).toMatchObject({ number: expect.stringMatching(/^139/), contactId: expect.any(String) });
    await shot(desktop, 'callback');
    await desktop.getByTestId(DESKTOP_IDS.complete).click();
    await desktop.getByTestId(DESKTOP_IDS.wrapUp).waitFor();
    await desktop.getByTestId(DESKTOP_IDS.wrapUpDisposition).getByText('已解决').click();
    await desktop.getByTestId(DESKTOP_IDS.wrapUpRequestType).getByText('咨询').click();
    await desktop.getByTestId(DESKTOP_IDS.wrapUpSubmit).click();
    await desktop.getByTestId(DESKTOP_IDS.wrapUp).waitFor({ state: 'detached' });

    // A ringing voice offer: no accept button, answer on the phone; 拒接 stays.
    const me = await (await desktop.request.get('/api/v1/agents/me')).json();
    const billing = (await env.api<Array<{ id: string; key: string }>>('GET', '/queues')).find(
      (q) => q.key === 'billing',
    );
    let shown = voiceContact(me.userId, billing?.id ?? '', 'offered');
    await desktop.route('**/api/v1/agents/me/contacts', (route) => route.fulfill({ json: [shown] }));
    await desktop.getByRole('button', { name: '刷新' }).click();
    const offer = desktop.locator(byTestId(DESKTOP_IDS.offer, { channel: 'voice' }));
    await offer.waitFor();
    expect(await offer.textContent()).toContain('来电振铃');
    expect(await desktop.getByTestId(DESKTOP_IDS.caller).textContent()).toBe('138****5678');
    expect(await desktop.getByTestId(DESKTOP_IDS.ivrChoice).textContent()).toBe('按键 1 · 话费查询');
    expect(await desktop.getByTestId(DESKTOP_IDS.answerOnPhone).textContent()).toContain('请在话机上接听');
    expect(await desktop.getByTestId(DESKTOP_IDS.accept).count()).toBe(0);
    expect(await desktop.getByTestId(DESKTOP_IDS.reject).textContent()).toMatch(/拒\s*接/);
    expect(await offer.textContent()).not.toContain('0190d8a4-0000-7000-8000-0000000ca11d'); // callId hidden
    await shot(desktop, 'offer');

    // In conversation: 保持 → 保持中 with its timer → 恢复; 三方通话 asks for an agent id.
    shown = voiceContact(me.userId, billing?.id ?? '', 'connected');
    const holds: unknown[] = [];
    await desktop.route('**/api/v1/voice/contacts/*/hold', async (route) => {
      const body = route.request().postDataJSON() as { hold: boolean };
      holds.push(body);
      await route.fulfill({ json: { held: body.hold } });
    });
    await desktop.getByRole('button', { name: '刷新' }).click();
    const call = desktop.locator(byTestId(DESKTOP_IDS.contact, { channel: 'voice' }));
    await call.waitFor();
    expect(await call.textContent()).toContain('通话中');
    expect(await call.textContent()).toContain('4008001234');
    await desktop.getByTestId(DESKTOP_IDS.hold).click();
    await desktop.locator(byTestId(DESKTOP_IDS.hold, { held: 'true' })).waitFor();
    expect(await desktop.getByTestId(DESKTOP_IDS.holdTimer).textContent()).toMatch(/^保持中 0:0\d$/);
    expect(await desktop.getByTestId(DESKTOP_IDS.complete).textContent()).toContain('挂断');
    await shot(desktop, 'on-hold');
    await desktop.getByTestId(DESKTOP_IDS.hold).click();
    await desktop.locator(byTestId(DESKTOP_IDS.hold, { held: 'false' })).waitFor();
    expect(holds).toEqual([{ hold: true }, { hold: false }]);
    await desktop.getByTestId(DESKTOP_IDS.conference).click();
    await desktop.getByTestId(DESKTOP_IDS.conferenceAgent).fill('not-an-id');
    await desktop.getByTestId(DESKTOP_IDS.conferenceSubmit).click();
    await desktop.getByText('请输入有效的座席 ID').waitFor();
    await settled(desktop);
    await shot(desktop, 'conference');
    await desktop.getByRole('button', { name: /取\s*消/ }).click();
  });

  it('通话监控 lists calls with 监听/耳语/强插; 强插 only with supervisor.control', {
    timeout: 120_000,
  }, async () => {
    // Analysts may watch the wallboard here, without supervisor.control.
    await env.api('PUT', '/roles/analyst', {
      permissions: ['teams.view', 'reports.view', 'calls.view', 'supervisor.monitor'],
    });
    const wallboard = await signedIn('super01', '/supervisor');
    await wallboard.getByTestId(SUPERVISOR_IDS.liveCalls).waitFor();
    await wallboard.getByTestId(SUPERVISOR_IDS.liveCalls).getByText('当前没有进行中的通话').waitFor();

    const agents = (await env.api<{ agents: Array<{ userId: string; username: string }> }>('GET', '/wallboard')).agents;
    const agent01 = agents.find((a) => a.username === 'agent01')?.userId ?? '';
    const lead01 = agents.find((a) => a.username === 'lead01')?.userId ?? '';
    const live: LiveCall[] = [
      {
        callId: '0190d8a4-0000-7000-8000-0000000ca11d',
        contactId: '0190d8a4-0000-7000-8000-00000000c0de',
        caller: '138****5678',
        called: '4008001234',
        phase: 'talk',
        agentId: agent01,
        held: false,
        startedAt: new Date(Date.now() - 95_000).toISOString(),
        monitors: [{ userId: lead01, mode: 'listen' }],
        conference: [],
      },
      {
        callId: '0190d8a4-0000-7000-8000-0000000ca11e',
        contactId: null,
        caller: '139****0000',
        called: '4008001234',
        phase: 'ivr',
        agentId: null,
        held: false,
        startedAt: new Date(Date.now() - 8_000).toISOString(),
        monitors: [],
        conference: [],
      },
    ];
    const monitored: unknown[] = [];
    await wallboard.route('**/api/v1/voice/calls', (route) => route.fulfill({ json: live }));
    await wallboard.route('**/api/v1/voice/contacts/*/monitor', async (route) => {
      monitored.push(route.request().postDataJSON());
      await route.fulfill({ status: 202, body: '' });
    });
    await wallboard.getByRole('button', { name: '刷新' }).click();
    const monitors = wallboard.getByTestId(SUPERVISOR_IDS.liveCallMonitors('agent01'));
    await monitors.waitFor();
    expect(await monitors.textContent()).toContain('监听');
    for (const mode of ['listen', 'whisper', 'barge'])
      await wallboard.getByTestId(SUPERVISOR_IDS.monitor(mode, 'agent01')).waitFor();
    await wallboard.getByTestId(SUPERVISOR_IDS.monitor('whisper', 'agent01')).click();
    await wallboard.getByText('已加入通话（耳语）').waitFor();
    expect(monitored).toEqual([{ mode: 'whisper' }]);
    await shot(wallboard, 'wallboard');

    const analyst = await signedIn('analyst01', '/supervisor');
    await analyst.route('**/api/v1/voice/calls', (route) => route.fulfill({ json: live }));
    await analyst.getByRole('button', { name: '刷新' }).click();
    await analyst.getByTestId(SUPERVISOR_IDS.monitor('listen', 'agent01')).waitFor();
    expect(await analyst.getByTestId(SUPERVISOR_IDS.monitor('whisper', 'agent01')).count()).toBe(1);
    expect(await analyst.getByTestId(SUPERVISOR_IDS.monitor('barge', 'agent01')).count()).toBe(0);

    expect(env.pageErrors).toEqual([]);
  });
});
