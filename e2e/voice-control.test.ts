/**
 * Call control from the desktop and the wallboard, with real phones: hold/resume from the desktop,
 * 监听 → 耳语 → 强插 by the supervisor (Kefu rings super01's baresip into a G.711 mixer), and
 * 外呼 (click-to-call): Kefu rings the agent's phone, then calls out through a trunk whose far end
 * is a sipp UAS echoing the audio.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Baresip, startBaresip, toneWav } from '../test/baresip';
import { type SippProcess, startSipp } from '../test/sipp';
import { startCaller } from '../test/sipp-caller';
import { type SipAddress, startDemoKefu } from './fixtures/telephony';
import { apiLogin, type KefuProcess, stopKefu, tempDataDir } from './kefu-process';

const dataDir = tempDataDir('kefu-voicectl-');
const env = {
  KEFU_DATA_DIR: dataDir,
  KEFU_ADMIN_PASSWORD: 'Voice-admin-2',
  DATABASE_URL: '',
  KEFU_RTP_PORTS: '41000-41999',
  KEFU_LOG_LEVEL: process.env.KEFU_VOICE_LOG ? 'debug' : 'warn',
};
let kefu: KefuProcess;
let sip: SipAddress;
let admin: string;
const phones: Baresip[] = [];
const sipps: SippProcess[] = [];
const waitMs = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function api<T>(
  method: string,
  url: string,
  token: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const r = await fetch(`${kefu.baseUrl}${url}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await r.text();
  return { status: r.status, body: (text ? JSON.parse(text) : undefined) as T };
}
async function login(username: string): Promise<{ token: string; id: string }> {
  const token = await apiLogin(kefu.baseUrl, username, 'demo1234');
  const me = await api<{ userId: string }>('GET', '/api/v1/agents/me', token);
  return { token, id: me.body.userId };
}
async function phone(username: string, hz: number): Promise<Baresip> {
  const tone = path.join(dataDir, `tone-${hz}.wav`);
  writeFileSync(tone, toneWav(120, hz));
  const start = () =>
    startBaresip({
      sipHost: sip.host,
      sipPort: sip.port,
      username,
      password: 'demo1234',
      audioSource: tone,
      recordDir: path.join(dataDir, `heard-${username}`),
    });
  const p = await start().catch(start);
  phones.push(p);
  await p.registered;
  return p;
}
const until = async (check: () => Promise<boolean> | boolean, timeoutMs = 20_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await waitMs(200);
  }
};
const established = (p: Baresip, after: number) => () =>
  p.events.slice(after).some((e) => e.type === 'CALL_ESTABLISHED');

/** RMS of a mono or stereo 16-bit WAV's channels. */
function levels(wav: Buffer): number[] {
  const channels = wav.readUInt16LE(22);
  let off = 12;
  while (off + 8 <= wav.length && wav.toString('latin1', off, off + 4) !== 'data') off += 8 + wav.readUInt32LE(off + 4);
  const data = wav.subarray(off + 8);
  const sums = new Array<number>(channels).fill(0);
  const frames = Math.floor(data.length / (2 * channels));
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < channels; c++) {
      const v = data.readInt16LE((i * channels + c) * 2);
      sums[c]! += v * v;
    }
  }
  return sums.map((s) => Math.sqrt(s / Math.max(1, frames)));
}

beforeAll(async () => {
  ({ kefu, sip } = await startDemoKefu(env));
  admin = await apiLogin(kefu.baseUrl, 'admin', env.KEFU_ADMIN_PASSWORD);
}, 120_000);

afterAll(async () => {
  if (kefu && process.env.KEFU_VOICE_LOG) writeFileSync(process.env.KEFU_VOICE_LOG, kefu.output());
  for (const p of phones) await p.stop().catch(() => {});
  for (const s of sipps) await s.stop().catch(() => {});
  if (kefu) await stopKefu(kefu).catch(() => kefu.child.kill('SIGKILL'));
  rmSync(dataDir, { recursive: true, force: true });
});

describe('call control from the desktop and the wallboard', { timeout: 150_000 }, () => {
  it('hold from the desktop, then the supervisor listens, whispers and barges in', async () => {
    const agentPhone = await phone('agent05', 400);
    const superPhone = await phone('super01', 1000);
    const agent = await login('agent05');
    const boss = await login('super01');
    await api('PUT', '/api/v1/agents/me/state', agent.token, { state: 'ready' });
    const seenAgent = agentPhone.events.length;
    const caller = startCaller({
      target: sip,
      number: '4008000000',
      steps: [{ pause: 500 }, { digit: '1' }, { speech: true }, { pauseAtMost: 40_000 }],
      hangup: 'caller',
      timeoutMs: 100_000,
    });
    await until(established(agentPhone, seenAgent), 40_000);
    // The phone says "established" on its 200 OK; the server bridges on the ACK a moment later.
    type Live = { contactId: string; agentId: string; monitors: unknown[] };
    let found: Live | undefined;
    await until(async () => {
      const live = await api<Live[]>('GET', '/api/v1/voice/calls', boss.token);
      found = live.body.find((c) => c.agentId === agent.id);
      return found !== undefined;
    }, 10_000);
    expect(found).toBeDefined();
    const call = found as Live;

    // 保持 / 恢复 from the desktop.
    expect(
      (await api('POST', `/api/v1/voice/contacts/${call.contactId}/hold`, agent.token, { hold: true })).body,
    ).toEqual({
      held: true,
    });
    expect((await api('GET', `/api/v1/voice/contacts/${call.contactId}`, agent.token)).body).toMatchObject({
      held: true,
    });
    await waitMs(1500);
    expect(
      (await api('POST', `/api/v1/voice/contacts/${call.contactId}/hold`, agent.token, { hold: false })).body,
    ).toEqual({
      held: false,
    });
    // Someone else's call cannot be held.
    expect(
      (await api('POST', `/api/v1/voice/contacts/${call.contactId}/hold`, boss.token, { hold: true })).status,
    ).toBe(409);

    // 监听: Kefu rings super01's phone into the call.
    const seenSuper = superPhone.events.length;
    expect(
      (await api('POST', `/api/v1/voice/contacts/${call.contactId}/monitor`, boss.token, { mode: 'listen' })).status,
    ).toBe(202);
    await until(established(superPhone, seenSuper));
    await waitMs(3000);
    for (const mode of ['whisper', 'barge'] as const) {
      expect((await api('POST', `/api/v1/voice/contacts/${call.contactId}/monitor`, boss.token, { mode })).status).toBe(
        202,
      );
      const now = await api<Array<{ contactId: string; monitors: Array<{ userId: string; mode: string }> }>>(
        'GET',
        '/api/v1/voice/calls',
        boss.token,
      );
      expect(now.body.find((c) => c.contactId === call.contactId)?.monitors).toEqual([{ userId: boss.id, mode }]);
      await waitMs(1500);
    }
    // An agent may not monitor.
    expect(
      (await api('POST', `/api/v1/voice/contacts/${call.contactId}/monitor`, agent.token, { mode: 'listen' })).status,
    ).toBe(403);

    // All shown: the caller hangs up.
    await caller.endPause();
    const result = await caller.done;
    expect(result.code, result.output).toBe(0);
    await until(() => superPhone.events.slice(seenSuper).some((e) => e.type === 'CALL_CLOSED'));
    // The supervisor heard the call: the agent's 400 Hz tone at amplitude 8000 (and the caller).
    const heard = superPhone.recordings().received.at(-1)!;
    expect(levels(readFileSync(heard))[0]).toBeGreaterThan(2000);

    const list = await api<{ items: Array<{ id: string; holdMs: number }> }>('GET', '/api/v1/calls?limit=1', admin);
    await until(
      async () =>
        (await api<{ endReason: string | null }>('GET', `/api/v1/calls/${list.body.items[0]!.id}`, admin)).body
          .endReason !== null,
    );
    const record = await api<{ holdMs: number; legs: Array<{ kind: string; agentUserId: string | null }> }>(
      'GET',
      `/api/v1/calls/${list.body.items[0]!.id}`,
      admin,
    );
    expect(record.body.holdMs).toBeGreaterThan(1000);
    expect(record.body.legs.filter((l) => l.kind === 'monitor').map((l) => l.agentUserId)).toEqual([boss.id]);
  });

  it('外呼: Kefu rings the agent, calls out through the trunk, records both sides', async () => {
    const agentPhone = await phone('agent06', 400);
    const agent = await login('agent06');
    // No trunk yet: 503.
    expect((await api('POST', '/api/v1/voice/dial', agent.token, { number: '13900139000' })).status).toBe(503);
    const carrier = await startSipp({ scenario: 'uas', calls: 1, timeoutMs: 90_000, extraArgs: ['-rtp_echo'] });
    sipps.push(carrier);
    const trunk = await api('POST', '/api/v1/telephony/trunks', admin, {
      name: 'carrier',
      outboundHost: '127.0.0.1',
      outboundPort: carrier.localPort,
    });
    expect(trunk.status).toBe(201);
    // Somebody without a phone registered: 409.
    const noPhone = await login('agent07');
    expect((await api('POST', '/api/v1/voice/dial', noPhone.token, { number: '13900139000' })).body).toMatchObject({
      error: { code: 'VOICE.NO_PHONE' },
    });

    const seen = agentPhone.events.length;
    const dialled = await api<{ callId: string }>('POST', '/api/v1/voice/dial', agent.token, { number: '13900139000' });
    expect(dialled.status).toBe(202);
    await until(established(agentPhone, seen));
    await waitMs(5000);
    await agentPhone.command('/hangup');
    let record: { body: { direction: string; endReason: string | null; called: string; recordingId: string | null } };
    await until(async () => {
      record = await api('GET', `/api/v1/calls/${dialled.body.callId}`, admin);
      return record.body.endReason !== null && record.body.recordingId !== null;
    });
    expect(record!.body).toMatchObject({ direction: 'outbound', endReason: 'agent_hangup', called: '13900139000' });
    const wav = Buffer.from(
      await (
        await fetch(`${kefu.baseUrl}/api/v1/recordings/${record!.body.recordingId}`, {
          headers: { authorization: `Bearer ${admin}` },
        })
      ).arrayBuffer(),
    );
    const [far, near] = levels(wav);
    // The far end echoes the agent's tone back: both channels carry it.
    expect(near).toBeGreaterThan(3000);
    expect(far).toBeGreaterThan(1000);
  });

  it('after the agent hangs up, the caller rates the call 1–5 by DTMF (survey)', async () => {
    const agentPhone = await phone('agent08', 400);
    const agent = await login('agent08');
    await api('PUT', '/api/v1/agents/me/state', agent.token, { state: 'ready' });
    const seen = agentPhone.events.length;
    const caller = startCaller({
      target: sip,
      number: '4008000000',
      steps: [{ pause: 500 }, { digit: '1' }, { pause: 24_000 }, { digit: '5' }],
      hangup: 'kefu',
      timeoutMs: 90_000,
    });
    await until(established(agentPhone, seen), 40_000);
    await waitMs(3000);
    await agentPhone.command('/hangup');
    const result = await caller.done;
    expect(result.code, result.output).toBe(0);
    const list = await api<{ items: Array<{ id: string }> }>('GET', '/api/v1/calls?limit=1', admin);
    const record = await api<{
      endReason: string;
      attributes: Record<string, string>;
      agents: Array<{ userId: string }>;
    }>('GET', `/api/v1/calls/${list.body.items[0]!.id}`, admin);
    expect(record.body.endReason).toBe('agent_hangup');
    expect(record.body.agents.map((a) => a.userId)).toEqual([agent.id]);
    expect(record.body.attributes.csat).toBe('5');
  });

  it('an IVR flow made through the API transfers the caller to an outside number through the trunk', async () => {
    const far = await startSipp({ scenario: 'uas', calls: 1, timeoutMs: 90_000, extraArgs: ['-rtp_echo'] });
    sipps.push(far);
    const trunks = await api<Array<{ id: string; name: string }>>('GET', '/api/v1/telephony/trunks', admin);
    const carrier = trunks.body.find((t) => t.name === 'carrier')!;
    await api('PATCH', `/api/v1/telephony/trunks/${carrier.id}`, admin, { outboundPort: far.localPort });
    const flow = await api<{ id: string }>('POST', '/api/v1/ivr/flows', admin, {
      key: 'after-hours',
      name: '转外线',
      definition: {
        language: 'zh-CN',
        start: 'hello',
        nodes: {
          hello: { type: 'play', prompts: [{ prompt: 'please-hold' }], next: 'out' },
          out: { type: 'transfer', number: '13900139001', next: 'bye' },
          bye: { type: 'hangup', prompts: [{ prompt: 'goodbye' }] },
        },
      },
    });
    expect(flow.status).toBe(201);
    expect((await api('POST', `/api/v1/ivr/flows/${flow.body.id}/publish`, admin)).status).toBe(201);
    expect(
      (await api('POST', '/api/v1/telephony/numbers', admin, { number: '4008000001', flowId: flow.body.id })).status,
    ).toBe(201);
    const result = await runCallerWithSpeech('4008000001', 9000);
    expect(result.code, result.output).toBe(0);
    const list = await api<{ items: Array<{ id: string }> }>('GET', '/api/v1/calls?limit=1', admin);
    let record: {
      body: { endReason: string | null; transfers: number; recordingId: string | null; legs: Array<{ kind: string }> };
    };
    await until(async () => {
      record = await api('GET', `/api/v1/calls/${list.body.items[0]!.id}`, admin);
      return record.body.endReason !== null;
    });
    expect(record!.body).toMatchObject({ endReason: 'transferred_out', transfers: 1 });
    expect(record!.body.legs.map((l) => l.kind).sort()).toEqual(['caller', 'outbound']);
    expect(record!.body.recordingId).not.toBeNull();
  });

  it('voicemail: the message is recorded and becomes a callback contact, also when the caller just hangs up', async () => {
    const flow = await api<{ id: string }>('POST', '/api/v1/ivr/flows', admin, {
      key: 'voicemail',
      name: '留言',
      definition: {
        language: 'zh-CN',
        start: 'vm',
        nodes: {
          vm: { type: 'voicemail', queue: 'general', maxSeconds: 30, next: 'bye' },
          bye: { type: 'hangup', prompts: [{ prompt: 'goodbye' }] },
        },
      },
    });
    expect(flow.status).toBe(201);
    expect((await api('POST', `/api/v1/ivr/flows/${flow.body.id}/publish`, admin)).status).toBe(201);
    expect(
      (await api('POST', '/api/v1/telephony/numbers', admin, { number: '4008000002', flowId: flow.body.id })).status,
    ).toBe(201);
    // The voicemail prompt takes about 5 s; then the caller speaks for ~8 s and hangs up.
    const result = await runCallerWithSpeech('4008000002', 9000);
    expect(result.code, result.output).toBe(0);
    const list = await api<{ items: Array<{ id: string }> }>('GET', '/api/v1/calls?limit=1', admin);
    let record: { body: { endReason: string | null; recordingId: string | null } };
    await until(async () => {
      record = await api('GET', `/api/v1/calls/${list.body.items[0]!.id}`, admin);
      return record.body.endReason !== null;
    });
    expect(record!.body.endReason).toBe('voicemail');
    expect(record!.body.recordingId).not.toBeNull();
    const contacts = await api<Array<{ channel: string; attributes: Record<string, unknown> }>>(
      'GET',
      '/api/v1/contacts?queue=general&limit=500',
      admin,
    );
    const message = contacts.body.find((c) => c.attributes.callId === list.body.items[0]!.id);
    expect(message).toMatchObject({
      channel: 'callback',
      attributes: { voicemail: 'true', callbackNumber: '13800138000' },
    });
    const wav = Buffer.from(
      await (
        await fetch(`${kefu.baseUrl}/api/v1/recordings/${record!.body.recordingId}`, {
          headers: { authorization: `Bearer ${admin}` },
        })
      ).arrayBuffer(),
    );
    // sipp's speech sample is in the message.
    expect(levels(wav)[0]).toBeGreaterThan(300);
  });
});

function runCallerWithSpeech(number: string, talkMs: number) {
  return startCaller({
    target: sip,
    number,
    steps: [{ pause: 4000 }, { speech: true }, { pause: talkMs }],
    hangup: 'caller',
    timeoutMs: 60_000,
  }).done;
}
