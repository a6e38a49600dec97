/**
 * A silent agent phone is a delivery failure, not RONA (issue 12's proof): `kefu start --demo` with
 * agents whose phones are sipp UASes, and a sipp caller pressing 1 (话费, queue billing).
 *
 * - agent01's phone takes the INVITE and never sends anything (e2e/sipp/uas-silent.xml). We chose
 *   that over killing a registered sipp: from Kefu's side both are "no response at all", but a
 *   process that stays up proves the INVITE did reach the phone's port (sipp counts it), and no
 *   other test's sipp can take over a freed port and answer in its place. Kefu gives up after
 *   DELIVERY_TIMEOUT_MS (4 s): the call goes to agent02 at once, agent01 stays ready, flagged
 *   (phoneUnreachableUntil) and held from calls, the leg ends `undelivered`, the queue counts it
 *   in undeliveredToday and not in ronaToday.
 * - agent03's phone rings (100, 180) and never answers (e2e/sipp/uas-ring-no-answer.xml): RONA as
 *   before — agent03 not_ready with reason no_answer, the call to agent02, ronaToday counts it.
 *   voice.test.ts covers RONA with a ringing baresip; here only the difference from the silent
 *   phone is asserted.
 *
 * Phones register with sipp's register.xml from the port their UAS then takes over: Kefu sends
 * INVITEs to the address a REGISTER came from.
 */
import { createSocket, type Socket } from 'node:dgram';
import { once } from 'node:events';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallDetail } from '../contracts/calls';
import type { AgentStatus, QueueStats } from '../contracts/routing';
import { describeSipp, freeSippPort, runSipp, SIPP, SIPP_SCENARIOS, type SippProcess, startSipp } from '../test/sipp';
import { startCaller } from '../test/sipp-caller';
import { type SipAddress, startDemoKefu } from './fixtures/telephony';
import { apiLogin, type KefuProcess, stopKefu, tempDataDir } from './kefu-process';

const hasSipp = existsSync(SIPP);
const dataDir = tempDataDir('kefu-deadphone-');
const ADMIN_PASSWORD = 'Deadphone-admin-1';
const DID = '4008000000';
/** The demo agents' SIP and web password. */
const PASSWORD = 'demo1234';
const OFFER_TIMEOUT_S = 5;

let kefu: KefuProcess;
let sip: SipAddress;
let admin: string;
const uases: SippProcess[] = [];
let rtpSink: Socket | undefined;
const scenario = (name: string) => path.join(SIPP_SCENARIOS, name);

async function api<T>(method: string, url: string, token: string, body?: unknown): Promise<T> {
  const r = await fetch(`${kefu.baseUrl}${url}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${url}: ${r.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

const tokens = new Map<string, string>();
async function me(username: string): Promise<AgentStatus & { token: string }> {
  let token = tokens.get(username);
  if (!token) {
    token = await apiLogin(kefu.baseUrl, username, PASSWORD);
    tokens.set(username, token);
  }
  return { ...(await api<AgentStatus>('GET', '/api/v1/agents/me', token)), token };
}
async function setState(username: string, state: 'ready' | 'not_ready'): Promise<string> {
  const a = await me(username);
  await api('PUT', '/api/v1/agents/me/state', a.token, state === 'not_ready' ? { state, reason: '小休' } : { state });
  return a.userId;
}
async function billing(): Promise<QueueStats> {
  const board = await api<{ queues: QueueStats[] }>('GET', '/api/v1/wallboard', admin);
  return board.queues.find((q) => q.key === 'billing')!;
}
const waitUntil = async (what: string, check: () => Promise<boolean> | boolean, timeoutMs = 15_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not in ${timeoutMs} ms\n${kefu.output().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
};

/** Registers `username` from a fresh port (sipp's register.xml), then a UAS of `uasScenario` takes the port. */
async function phone(username: string, uasScenario: string, extra: Partial<Parameters<typeof startSipp>[0]> = {}) {
  const localPort = await freeSippPort(1);
  const reg = await runSipp({
    scenario: scenario('register.xml'),
    target: `${sip.host}:${sip.port}`,
    service: username,
    auth: { user: username, password: PASSWORD },
    localPort,
    timeoutMs: 10_000,
  });
  expect(reg.code, describeSipp(reg)).toBe(0);
  const uas = await startSipp({ scenario: scenario(uasScenario), localPort, calls: 5, timeoutMs: 85_000, ...extra });
  uases.push(uas);
  return uas;
}

type Leg = CallDetail['legs'][number];
const agentLegs = (c: CallDetail): Leg[] => c.legs.filter((l) => l.kind === 'agent');
const ms = (iso: string | null | undefined) => (iso ? Date.parse(iso) : Number.NaN);

/** The call from caller `number`, once it has ended. */
async function callOf(number: string, timeoutMs = 15_000): Promise<CallDetail> {
  let found: { id: string; endReason: string | null } | undefined;
  await waitUntil(
    `the call record of ${number}`,
    async () => {
      const list = await api<{ items: Array<{ id: string; caller: string; endReason: string | null }> }>(
        'GET',
        '/api/v1/calls?limit=20',
        admin,
      );
      found = list.items.find((c) => c.caller === number && c.endReason !== null);
      return !!found;
    },
    timeoutMs,
  );
  return api<CallDetail>('GET', `/api/v1/calls/${found!.id}`, admin);
}

/**
 * A caller pressing 1 (billing) at once, then on the line until the test ends the pause, `stayMs` at
 * most (the IVR takes about 10 s).
 */
function call(caller: string, stayMs: number) {
  return startCaller({
    target: sip,
    number: DID,
    caller,
    steps: [{ pause: 500 }, { digit: '1' }, { pauseAtMost: stayMs }],
    hangup: 'caller',
    timeoutMs: stayMs + 15_000,
  });
}
/** Whether Kefu has bridged a call to the agent. */
async function talkingTo(agentId: string): Promise<boolean> {
  const live = await api<Array<{ agentId: string | null }>>('GET', '/api/v1/voice/calls', admin);
  return live.some((c) => c.agentId === agentId);
}

let silent: SippProcess;
let answering: SippProcess;

beforeAll(async () => {
  if (!hasSipp) return;
  ({ kefu, sip } = await startDemoKefu({
    KEFU_DATA_DIR: dataDir,
    KEFU_ADMIN_PASSWORD: ADMIN_PASSWORD,
    KEFU_RTP_PORTS: '42000-42999',
    KEFU_LOG_LEVEL: 'info',
  }));
  admin = await apiLogin(kefu.baseUrl, 'admin', ADMIN_PASSWORD);
  await api('PATCH', '/api/v1/queues/billing', admin, { offerTimeoutSeconds: OFFER_TIMEOUT_S, wrapUpSeconds: 1 });
  // agent02's phone answers at once; its audio goes to a socket of ours that nobody reads.
  rtpSink = createSocket('udp4');
  rtpSink.bind(0, '127.0.0.1');
  await once(rtpSink, 'listening');
  [silent, answering] = await Promise.all([
    phone('agent01', 'uas-silent.xml'),
    phone('agent02', 'uas-answer.xml', {
      keys: { rtp_host: '127.0.0.1', rtp_port: rtpSink.address().port },
      fields: [['wait', '0']],
    }),
  ]);
}, 120_000);

afterAll(async () => {
  await Promise.all(uases.map((u) => u.stop().catch(() => undefined)));
  rtpSink?.close();
  if (kefu && process.env.KEFU_DEADPHONE_LOG) writeFileSync(process.env.KEFU_DEADPHONE_LOG, kefu.output());
  if (kefu) await stopKefu(kefu).catch(() => kefu.child.kill('SIGKILL'));
  rmSync(dataDir, { recursive: true, force: true });
});

describe.skipIf(!hasSipp)(`an agent phone that does not respond (needs ${SIPP})`, () => {
  it('is a delivery failure: the call goes to agent02 at once, agent01 stays ready and is flagged', {
    timeout: 60_000,
  }, async () => {
    // agent01 is the longest idle: the ACD offers the call to agent01 first.
    const agent01 = await setState('agent01', 'ready');
    await new Promise((r) => setTimeout(r, 50));
    const agent02 = await setState('agent02', 'ready');
    const before = await billing();

    const caller = call('13900000001', 20_000);
    // While the caller talks to agent02: agent01 is still ready, its phone flagged for a while.
    await waitUntil('agent01 flagged', async () => (await me('agent01')).phoneUnreachableUntil !== null, 30_000);
    const flagged = await me('agent01');
    expect(flagged.state).toBe('ready');
    expect(flagged.reason).toBeNull();
    // Held PHONE_HOLD_SECONDS (30 s) from the decision, a moment ago.
    expect(ms(flagged.phoneUnreachableUntil)).toBeGreaterThan(Date.now() + 15_000);

    // The caller hangs up once agent02 talks to them.
    await waitUntil('agent02 talking', () => talkingTo(agent02), 20_000);
    await caller.endPause();
    const done = await caller.done;
    expect(done.code, done.output).toBe(0);
    const record = await callOf('13900000001');
    expect(record.queue?.key).toBe('billing');
    expect(record.agents.map((a) => a.userId)).toEqual([agent02]);
    const [first, second] = agentLegs(record);
    expect(agentLegs(record).map((l) => l.agentUserId)).toEqual([agent01, agent02]);
    expect(first!.endReason, JSON.stringify(record.legs)).toBe('undelivered');
    expect(first!.ringingAt).toBeNull();
    // It ended when Kefu gave up on it (4 s), not when the INVITE transaction timed out (32 s).
    expect(ms(first!.endedAt) - ms(first!.startedAt)).toBeLessThan(5000);
    expect(second!.answeredAt).not.toBeNull();
    // From the queue to agent02's phone: the 4 s delivery timeout and little else.
    const toAgent02 = ms(second!.startedAt) - ms(record.queuedAt);
    expect(toAgent02).toBeGreaterThan(3500);
    expect(toAgent02).toBeLessThan(6000);
    expect(ms(second!.startedAt) - ms(first!.startedAt)).toBeLessThan(5000);

    expect(kefu.output().match(/agent phone did not respond: offer undelivered/g)).toHaveLength(1);
    const after01 = await me('agent01');
    expect(after01.state).toBe('ready');
    expect(ms(after01.phoneUnreachableUntil)).toBeGreaterThan(Date.now());
    await waitUntil(
      'undeliveredToday counted',
      async () => (await billing()).undeliveredToday > before.undeliveredToday,
    );
    const stats = await billing();
    expect(stats.undeliveredToday).toBe(before.undeliveredToday + 1);
    expect(stats.ronaToday).toBe(before.ronaToday);

    // 示闲 again: the agent says the phone works, the flag goes.
    await setState('agent01', 'ready');
    expect((await me('agent01')).phoneUnreachableUntil).toBeNull();
    await setState('agent01', 'not_ready');
    // The INVITE did reach agent01's port: the silent phone took one call and never answered it.
    const heard = await silent.stop();
    expect(heard.stats?.incoming, describeSipp(heard)).toBe(1);
    expect(heard.stats?.failures, describeSipp(heard)).toEqual({});
  });

  it('a phone that rings and is not answered is RONA as before: not_ready (no_answer), the call to agent02', {
    timeout: 60_000,
  }, async () => {
    const agent03Phone = await phone('agent03', 'uas-ring-no-answer.xml');
    await waitUntil('agent02 back from wrap-up', async () => (await me('agent02')).state === 'ready');
    await setState('agent02', 'not_ready');
    const agent03 = await setState('agent03', 'ready');
    await new Promise((r) => setTimeout(r, 50));
    const agent02 = await setState('agent02', 'ready');
    const before = await billing();

    const caller = call('13900000002', 22_000);
    // The caller hangs up once agent02 talks to them.
    await waitUntil('agent02 talking', () => talkingTo(agent02), 22_000);
    await caller.endPause();
    const done = await caller.done;
    expect(done.code, done.output).toBe(0);
    const record = await callOf('13900000002');
    expect(record.agents.map((a) => a.userId)).toEqual([agent02]);
    const [first, second] = agentLegs(record);
    expect(agentLegs(record).map((l) => l.agentUserId)).toEqual([agent03, agent02]);
    // The phone responded: the ring time ran from its 180 and the offer timed out (RONA).
    expect(first!.ringingAt).not.toBeNull();
    expect(first!.endReason).not.toBe('undelivered');
    expect(ms(second!.startedAt) - ms(first!.ringingAt)).toBeGreaterThanOrEqual(OFFER_TIMEOUT_S * 1000 - 250);

    const status = await me('agent03');
    expect(status.state).toBe('not_ready');
    expect(status.reason).toBe('no_answer');
    expect(status.phoneUnreachableUntil).toBeNull();
    await waitUntil('ronaToday counted', async () => (await billing()).ronaToday > before.ronaToday);
    const stats = await billing();
    expect(stats.ronaToday).toBe(before.ronaToday + 1);
    expect(stats.undeliveredToday).toBe(before.undeliveredToday);
    const ringing = await agent03Phone.stop();
    expect(ringing.stats?.successful, describeSipp(ringing)).toBe(1);
    // agent02's phone took both calls (sipp may still linger on the second BYE: incoming, not successful).
    expect((await answering.stop()).stats?.incoming).toBe(2);
  });
});
