/**
 * Real calls through a real `kefu start --demo`: sipp callers (RFC 4733 DTMF and speech from its
 * pcap files) dial the demo hotline 4008000000, baresip phones registered as demo agents answer.
 * Covers the proof list: menu → queue → answer → both sides heard (levels of each channel
 * of the recording) → caller hangs up → call record; abandon in queue; invalid and missing DTMF
 * with retries; RONA to a second agent; the callback offer; hold and resume; blind transfer.
 *
 * Kefu runs with its default digest (MD5 alone), which baresip 1.0.0 answers (test/baresip.ts).
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Baresip, startBaresip, toneWav } from '../test/baresip';
import { runCaller, startCaller } from '../test/sipp-caller';
import { type SipAddress, startDemoKefu } from './fixtures/telephony';
import { apiLogin, type KefuProcess, stopKefu, tempDataDir } from './kefu-process';

const dataDir = tempDataDir('kefu-voice-');
const env = {
  KEFU_DATA_DIR: dataDir,
  KEFU_ADMIN_PASSWORD: 'Voice-admin-1',
  DATABASE_URL: '',
  KEFU_RTP_PORTS: '40000-40999',
  KEFU_LOG_LEVEL: process.env.KEFU_VOICE_LOG ? 'debug' : 'info',
};
const DID = '4008000000';
let kefu: KefuProcess;
let sip: SipAddress;
let admin: string;
const phones: Baresip[] = [];
const toneFile = path.join(dataDir, 'tone-agent.wav');

type CallRecord = {
  id: string;
  endReason: string | null;
  queue: { key: string } | null;
  agents: Array<{ userId: string }>;
  recordingId: string | null;
  contactId: string | null;
  holdMs: number;
  transfers: number;
  talkMs: number | null;
  ivrPath?: Array<{ node: string; type: string; input?: string; result?: string }>;
  legs?: Array<{ kind: string; agentUserId: string | null; endReason: string | null; sipCode: number | null }>;
};

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

const agentTokens = new Map<string, string>();
async function agent(username: string): Promise<{ token: string; id: string }> {
  let token = agentTokens.get(username);
  if (!token) {
    token = await apiLogin(kefu.baseUrl, username, 'demo1234');
    agentTokens.set(username, token);
  }
  const me = await api<{ userId: string }>('GET', '/api/v1/agents/me', token);
  return { token, id: me.userId };
}
async function setState(username: string, state: 'ready' | 'not_ready' | 'logged_out'): Promise<string> {
  const a = await agent(username);
  await api('PUT', '/api/v1/agents/me/state', a.token, state === 'not_ready' ? { state, reason: '小休' } : { state });
  return a.id;
}
async function phone(username: string, options: { autoAnswer?: boolean } = {}): Promise<Baresip> {
  try {
    return await startPhone(username, options);
  } catch {
    // A busy machine can miss baresip's start (control port); one more try.
    return startPhone(username, options);
  }
}
async function startPhone(username: string, options: { autoAnswer?: boolean }): Promise<Baresip> {
  const p = await startBaresip({
    sipHost: sip.host,
    sipPort: sip.port,
    username,
    password: 'demo1234',
    audioSource: toneFile,
    recordDir: path.join(dataDir, `heard-${username}-${phones.length}`),
    autoAnswer: options.autoAnswer ?? true,
  });
  phones.push(p);
  await p.registered;
  return p;
}
const seenCalls = new Set<string>();
/** The newest call not returned before, once it has ended. */
async function lastCall(timeoutMs = 10_000): Promise<CallRecord> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const list = await api<{ items: CallRecord[] }>('GET', '/api/v1/calls?limit=5', admin);
    const done = list.items.find((c) => c.endReason !== null && !seenCalls.has(c.id));
    if (done) {
      seenCalls.add(done.id);
      return api<CallRecord>('GET', `/api/v1/calls/${done.id}`, admin);
    }
    if (Date.now() > deadline) throw new Error(`no finished call: ${JSON.stringify(list.items[0])}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
const waitUntil = async (check: () => Promise<boolean> | boolean, timeoutMs = 15_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 200));
  }
};
/** Whether a voice contact waits in `queue` now. */
async function voiceQueued(queue: string): Promise<boolean> {
  const list = await api<Array<{ channel: string }>>('GET', `/api/v1/contacts?state=queued&queue=${queue}`, admin);
  return list.some((c) => c.channel === 'voice');
}
/** Whether Kefu has bridged a call to the agent (the phone says established on its 200 OK, Kefu on the ACK). */
async function talkingTo(agentId: string): Promise<boolean> {
  const live = await api<Array<{ agentId: string | null }>>('GET', '/api/v1/voice/calls', admin);
  return live.some((c) => c.agentId === agentId);
}

/** RMS of the left and right channels of a 16-bit stereo WAV. */
function channelLevels(wav: Buffer): { left: number; right: number; seconds: number } {
  let off = 12;
  let data: Buffer = Buffer.alloc(0);
  while (off + 8 <= wav.length) {
    const id = wav.toString('latin1', off, off + 4);
    const size = wav.readUInt32LE(off + 4);
    if (id === 'data') {
      data = wav.subarray(off + 8, off + 8 + size);
      break;
    }
    off += 8 + size + (size & 1);
  }
  let l = 0;
  let r = 0;
  const frames = Math.floor(data.length / 4);
  for (let i = 0; i < frames; i++) {
    const a = data.readInt16LE(i * 4);
    const b = data.readInt16LE(i * 4 + 2);
    l += a * a;
    r += b * b;
  }
  return { left: Math.sqrt(l / frames), right: Math.sqrt(r / frames), seconds: frames / 8000 };
}

beforeAll(async () => {
  ({ kefu, sip } = await startDemoKefu(env));
  admin = await apiLogin(kefu.baseUrl, 'admin', env.KEFU_ADMIN_PASSWORD);
  // Agents' phones send a 400 Hz tone as their voice, long enough for every call here.
  writeFileSync(toneFile, toneWav(120, 400));
  // Short offers so RONA happens within the test.
  await api('PATCH', '/api/v1/queues/billing', admin, { offerTimeoutSeconds: 6, wrapUpSeconds: 1 });
}, 120_000);

afterAll(async () => {
  if (kefu && process.env.KEFU_VOICE_LOG) writeFileSync(process.env.KEFU_VOICE_LOG, kefu.output());
  for (const p of phones) await p.stop().catch(() => {});
  if (kefu) await stopKefu(kefu).catch(() => kefu.child.kill('SIGKILL'));
  rmSync(dataDir, { recursive: true, force: true });
});

describe('calls to the demo hotline', { timeout: 150_000 }, () => {
  it('menu 1 → billing → agent01 answers → both heard → caller hangs up → call record with a stereo recording', async () => {
    const p1 = await phone('agent01');
    const agent01 = await setState('agent01', 'ready');
    const call = await runCaller({
      target: sip,
      number: DID,
      // A demo customer's number (crm's demo: 1380000 0001–0050): the screen pop finds them.
      caller: '13800000007',
      steps: [{ pause: 1000 }, { digit: '1' }, { pause: 9000 }, { speech: true }, { pause: 6000 }],
      hangup: 'caller',
    });
    expect(call.code, call.output).toBe(0);
    const record = await lastCall();
    // The screen pop (来电弹屏): agent01's lookup by the contact finds the one customer with the
    // caller's number, and the call reaches that customer's timeline.
    expect(record.contactId).not.toBeNull();
    const pop = await api<{ matches: Array<{ id: string; phones: Array<{ e164: string }> }> }>(
      'GET',
      `/api/v1/customers/lookup?contactId=${record.contactId}`,
      (await agent('agent01')).token,
    );
    expect(pop.matches).toHaveLength(1);
    const customerId = pop.matches[0]!.id;
    const deadline = Date.now() + 10_000;
    for (;;) {
      const timeline = await api<{ items: Array<{ kind: string; refs: { callId?: string } }> }>(
        'GET',
        `/api/v1/customers/${customerId}/timeline`,
        admin,
      );
      if (timeline.items.some((e) => e.kind === 'call' && e.refs.callId === record.id)) break;
      if (Date.now() > deadline) throw new Error(`call ${record.id} not on the timeline: ${JSON.stringify(timeline)}`);
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(record.endReason).toBe('caller_hangup');
    expect(record.queue?.key).toBe('billing');
    expect(record.agents.map((a) => a.userId)).toEqual([agent01]);
    expect(record.ivrPath?.some((s) => s.type === 'menu' && s.input === '1')).toBe(true);
    expect(record.talkMs).toBeGreaterThan(3000);
    expect(record.recordingId).not.toBeNull();

    const wav = Buffer.from(
      await (
        await fetch(`${kefu.baseUrl}/api/v1/recordings/${record.recordingId}`, {
          headers: { authorization: `Bearer ${admin}` },
        })
      ).arrayBuffer(),
    );
    const levels = channelLevels(wav);
    // Caller (left): sipp's speech sample; agent (right): the phone's 400 Hz tone at amplitude 8000.
    expect(levels.seconds).toBeGreaterThan(3);
    expect(levels.left).toBeGreaterThan(300);
    expect(levels.right).toBeGreaterThan(3000);
    // The phone heard the caller too (baresip's own dump of what it received).
    await p1.waitFor('CALL_CLOSED', 10_000);
    const heard = p1.recordings().received.at(-1);
    expect(heard).toBeDefined();
    const mono = readFileSync(heard!);
    expect(mono.length).toBeGreaterThan(8000);
    await setState('agent01', 'not_ready');
  });

  it('caller abandons in the queue: the record says abandoned and the ACD counts it', async () => {
    // Nobody is ready in 故障报修 (fault).
    const before = await api<{ abandonedToday: number }>('GET', '/api/v1/queues/fault/stats', admin);
    const call = await runCaller({
      target: sip,
      number: DID,
      // The IVR takes about 10 s (welcome, recording notice, menu); then 10 s in the queue, past
      // the short-abandon threshold.
      steps: [{ pause: 500 }, { digit: '2' }, { pause: 20_000 }],
      hangup: 'caller',
    });
    expect(call.code, call.output).toBe(0);
    const record = await lastCall();
    expect(record.endReason).toBe('abandoned_queue');
    expect(record.queue?.key).toBe('fault');
    await waitUntil(async () => {
      const after = await api<{ abandonedToday: number }>('GET', '/api/v1/queues/fault/stats', admin);
      return after.abandonedToday === before.abandonedToday + 1;
    });
  });

  it("a VIP demo customer's call goes ahead in 话费查询: the CRM's VIP raises its priority by the queue's boost", async () => {
    // 13800000005 is a VIP of the demo CRM (crm.demo.ts); billing boosts VIPs by 10 (routing.demo.ts).
    // Nobody is ready in billing: the caller waits, then hangs up.
    const caller = startCaller({
      target: sip,
      number: DID,
      caller: '13800000005',
      steps: [{ pause: 500 }, { digit: '1' }, { pauseAtMost: 14_000 }],
      hangup: 'caller',
    });
    await waitUntil(() => voiceQueued('billing'), 14_000);
    await caller.endPause();
    const call = await caller.done;
    expect(call.code, call.output).toBe(0);
    const record = await lastCall();
    expect(record.queue?.key).toBe('billing');
    expect(record.contactId).not.toBeNull();
    const contact = await api<{ priority: number; attributes: Record<string, unknown>; customer: { id?: string } }>(
      'GET',
      `/api/v1/contacts/${record.contactId}`,
      admin,
    );
    const [vip] = (
      await api<{ items: Array<{ id: string; tier: string }> }>('GET', '/api/v1/customers?phone=13800000005', admin)
    ).items;
    expect(vip?.tier).toBe('vip');
    expect(contact).toMatchObject({ priority: 10, attributes: { vip: true }, customer: { id: vip?.id } });
  });

  it('an invalid key and then no key: the menu retries and ends in 人工服务 (general)', async () => {
    const caller = startCaller({
      target: sip,
      number: DID,
      // 9 is not on the menu; then silence through the retries until the flow's failure branch puts
      // the caller in a queue, who hangs up there.
      steps: [{ pause: 500 }, { digit: '9' }, { pauseAtMost: 55_000 }],
      hangup: 'caller',
      timeoutMs: 100_000,
    });
    await waitUntil(() => voiceQueued('general'), 55_000);
    await caller.endPause();
    const call = await caller.done;
    expect(call.code, call.output).toBe(0);
    const record = await lastCall();
    const menu = (record.ivrPath ?? []).filter((s) => s.node === 'menu');
    expect(menu.some((s) => s.input === '9')).toBe(true);
    expect(record.queue?.key).toBe('general');
  });

  it('RONA: agent01 does not answer, the call goes to agent02', async () => {
    const p2 = await phone('agent02');
    const seen2 = p2.events.length;
    const noAnswer = phones[0]!;
    await noAnswer.stop();
    phones.shift();
    await phone('agent01', { autoAnswer: false });
    const agent01 = await setState('agent01', 'ready');
    await new Promise((r) => setTimeout(r, 50));
    const agent02 = await setState('agent02', 'ready');
    const caller = startCaller({
      target: sip,
      number: DID,
      steps: [{ pause: 500 }, { digit: '1' }, { pauseAtMost: 28_000 }],
      hangup: 'caller',
    });
    // The caller hangs up once agent02 talks to them.
    await waitUntil(() => p2.events.slice(seen2).some((e) => e.type === 'CALL_ESTABLISHED'), 28_000);
    await waitUntil(() => talkingTo(agent02));
    await caller.endPause();
    const call = await caller.done;
    expect(call.code, call.output).toBe(0);
    const record = await lastCall();
    expect(record.agents.map((a) => a.userId)).toEqual([agent02]);
    const agentLegs = (record.legs ?? []).filter((l) => l.kind === 'agent');
    expect(agentLegs.map((l) => l.agentUserId)).toEqual([agent01, agent02]);
    expect(agentLegs[0]!.endReason).not.toBe('agent_hangup');
    const me = await api<{ state: string; reason: string | null }>(
      'GET',
      '/api/v1/agents/me',
      (await agent('agent01')).token,
    );
    expect(me.state).toBe('not_ready');
    await setState('agent02', 'not_ready');
  });

  it('callback offer: the caller presses 1 while waiting and a callback contact keeps the place', async () => {
    const call = await runCaller({
      target: sip,
      number: DID,
      steps: [{ pause: 500 }, { digit: '3' }, { pause: 9000 }, { digit: '1' }],
      hangup: 'kefu',
      timeoutMs: 60_000,
    });
    expect(call.code, call.output).toBe(0);
    const record = await lastCall();
    expect(record.endReason).toBe('callback');
    const contacts = await api<Array<{ channel: string; attributes: Record<string, unknown> }>>(
      'GET',
      '/api/v1/contacts?state=queued&queue=complaints',
      admin,
    );
    expect(contacts.some((c) => c.channel === 'callback' && c.attributes.callbackNumber === '13800138000')).toBe(true);
  });

  it('hold and resume from the phone are counted; a blind transfer from the phone reaches agent03', async () => {
    const p2 = phones.find((p) => p.aor.includes('agent02'))!;
    const p3 = await phone('agent03');
    await setState('agent02', 'ready');
    const agent03 = await setState('agent03', 'not_ready');
    const seen2 = p2.events.length;
    const seen3 = p3.events.length;
    const caller = startCaller({
      target: sip,
      number: DID,
      steps: [{ pause: 500 }, { digit: '1' }, { pauseAtMost: 30_000 }],
      hangup: 'caller',
      timeoutMs: 90_000,
    });
    await waitUntil(() => p2.events.slice(seen2).some((e) => e.type === 'CALL_ESTABLISHED'), 30_000);
    await new Promise((r) => setTimeout(r, 1000));
    await p2.command('hold');
    await new Promise((r) => setTimeout(r, 2000));
    await p2.command('resume');
    await new Promise((r) => setTimeout(r, 1000));
    await setState('agent03', 'ready');
    await p2.command(`transfer sip:agent03@${sip.host}:${sip.port}`);
    await waitUntil(() => p3.events.slice(seen3).some((e) => e.type === 'CALL_ESTABLISHED'), 30_000);
    // The caller hangs up once agent03 talks to them.
    await waitUntil(() => talkingTo(agent03));
    await caller.endPause();
    const result = await caller.done;
    expect(result.code, result.output).toBe(0);
    const record = await lastCall();
    expect(record.holdMs, JSON.stringify(record)).toBeGreaterThan(1500);
    expect(record.transfers, JSON.stringify(record)).toBe(1);
    expect(record.agents.map((a) => a.userId)).toContain(agent03);
  });
});
