/**
 * Admission control end to end (issue 12's proof): `kefu start --demo` with KEFU_MAX_CPS=3, and a
 * sipp caller (e2e/sipp/caller-overload.xml) bursting 20 calls within a second:
 * - to the demo hotline, whose overload action is 'reject': the excess gets 503 with Retry-After
 *   at once, the admitted calls are answered (and hang up in the IVR);
 * - to a second number of the same flow set to 'busy_prompt': the excess is answered, hears the
 *   "all lines are busy" prompt (RTP to the test's sockets) and Kefu hangs up.
 * Every shed call has a call record with end reason 'shed'; GET /api/v1/voice/overload counts them.
 */
import { createSocket, type Socket } from 'node:dgram';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PhoneNumber } from '../contracts/telephony';
import type { OverloadStatus } from '../contracts/voice';
import { describeSipp, SIPP, SIPP_SCENARIOS, startSipp } from '../test/sipp';
import { type SipAddress, startDemoKefu } from './fixtures/telephony';
import { apiLogin, type KefuProcess, stopKefu, tempDataDir } from './kefu-process';

const hasSipp = existsSync(SIPP);
const HOTLINE = '4008000000';
const BUSY_NUMBER = '4008000099';
const BURST = 20;
const MAX_CPS = 3;

let kefu: KefuProcess;
let sip: SipAddress;
let admin: string;
const sockets: Socket[] = [];

async function api<T>(method: string, url: string, body?: unknown): Promise<T> {
  const r = await fetch(`${kefu.baseUrl}${url}`, {
    method,
    headers: { authorization: `Bearer ${admin}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${url}: ${r.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** A UDP socket per call, counting the RTP packets Kefu sends to it. */
async function rtpSocket(): Promise<{ port: number; packets: () => number }> {
  const socket = createSocket('udp4');
  sockets.push(socket);
  let packets = 0;
  socket.on('message', (b: Buffer) => {
    if (b.length >= 12 && b[0]! >> 6 === 2) packets++;
  });
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  return { port: socket.address().port, packets: () => packets };
}

type CallRow = { id: string; caller: string; called: string; endReason: string | null; sipCode: number | null };
type CallDetail = CallRow & { ivrPath: Array<{ node: string; type: string }> };

/** The burst's call records once all have ended (callers are unique per burst). */
async function recordsOf(callers: string[], timeoutMs = 20_000): Promise<CallRow[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const list = await api<{ items: CallRow[] }>('GET', '/api/v1/calls?limit=200');
    const mine = list.items.filter((c) => callers.includes(c.caller));
    if (mine.length === callers.length && mine.every((c) => c.endReason !== null)) return mine;
    if (Date.now() > deadline) throw new Error(`records of the burst: ${JSON.stringify(mine)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** `calls` calls within a second to `number`, each with its own caller number and RTP socket. */
async function burst(number: string, prefix: string, calls = BURST) {
  const rtp = await Promise.all(Array.from({ length: calls }, () => rtpSocket()));
  const callers = rtp.map((_, i) => `1390000${prefix}${String(i).padStart(2, '0')}`);
  const startedAt = Date.now();
  const caller = await startSipp({
    scenario: path.join(SIPP_SCENARIOS, 'caller-overload.xml'),
    target: `${sip.host}:${sip.port}`,
    calls,
    rate: BURST,
    limit: BURST,
    fields: rtp.map((s, i) => [number, s.port, callers[i]!]),
    timeoutMs: 30_000,
  });
  const result = await caller.result;
  return { result, callers, rtp, ms: Date.now() - startedAt };
}

beforeAll(async () => {
  if (!hasSipp) return;
  ({ kefu, sip } = await startDemoKefu({
    KEFU_DATA_DIR: tempDataDir('kefu-overload-'),
    KEFU_ADMIN_PASSWORD: 'Overload-admin-1',
    KEFU_RTP_PORTS: '41000-41999',
    KEFU_MAX_CPS: String(MAX_CPS),
    KEFU_LOG_LEVEL: 'info',
  }));
  admin = await apiLogin(kefu.baseUrl, 'admin', 'Overload-admin-1');
  const numbers = await api<PhoneNumber[]>('GET', '/api/v1/telephony/numbers');
  const hotline = numbers.find((n) => n.number === HOTLINE)!;
  expect(hotline.overloadAction).toBe('reject');
  const busy = await api<PhoneNumber>('POST', '/api/v1/telephony/numbers', {
    number: BUSY_NUMBER,
    flowId: hotline.flowId,
    name: 'busy prompt',
  });
  await api('PATCH', `/api/v1/telephony/numbers/${busy.id}`, { overloadAction: 'busy_prompt' });
}, 120_000);

afterAll(async () => {
  for (const s of sockets.splice(0)) s.close();
  if (kefu) await stopKefu(kefu);
});

describe.skipIf(!hasSipp)(`admission control with KEFU_MAX_CPS=${MAX_CPS} (needs ${SIPP})`, () => {
  it("a burst to a 'reject' number: the excess gets 503 with Retry-After, the admitted calls are answered", {
    timeout: 45_000,
  }, async () => {
    const { result, callers, rtp } = await burst(HOTLINE, '1');
    // Every call ended as the scenario allows (503 carrying Retry-After, or answered): none failed.
    expect(result.code, describeSipp(result)).toBe(0);
    expect(result.stats).toMatchObject({ created: BURST, successful: BURST, failed: 0 });
    const records = await recordsOf(callers);
    const shed = records.filter((r) => r.endReason === 'shed');
    const admitted = records.filter((r) => r.endReason !== 'shed');
    // 3 a second admitted: the burst spreads over about a second, so 3 (or a few more at its edge).
    expect(admitted.length).toBeGreaterThanOrEqual(MAX_CPS);
    expect(admitted.length).toBeLessThanOrEqual(2 * MAX_CPS);
    expect(shed.length).toBe(BURST - admitted.length);
    expect(shed.every((r) => r.sipCode === 503)).toBe(true);
    // Admitted callers were answered and heard the flow's welcome; shed ones got no media at all.
    for (const r of admitted) expect(r.endReason).toBe('abandoned_ivr');
    const packets = (r: CallRow) => rtp[callers.indexOf(r.caller)]!.packets();
    expect(admitted.every((r) => packets(r) > 50)).toBe(true);
    expect(shed.every((r) => packets(r) === 0)).toBe(true);
  });

  it("a burst to a 'busy_prompt' number: the excess is answered, hears the busy prompt, and Kefu hangs up", {
    timeout: 45_000,
  }, async () => {
    const { result, callers, rtp } = await burst(BUSY_NUMBER, '2');
    expect(result.code, describeSipp(result)).toBe(0);
    expect(result.stats).toMatchObject({ created: BURST, successful: BURST, failed: 0 });
    const records = await recordsOf(callers);
    const shed = records.filter((r) => r.endReason === 'shed');
    const admitted = records.filter((r) => r.endReason !== 'shed');
    expect(admitted.length).toBeGreaterThanOrEqual(MAX_CPS);
    expect(admitted.length).toBeLessThanOrEqual(2 * MAX_CPS);
    expect(shed.length).toBe(BURST - admitted.length);
    // Answered (no 503), and the prompt reached each one: "您好，线路繁忙，请稍后再拨。" is 5.4 s, 270 packets.
    const packets = (r: CallRow) => rtp[callers.indexOf(r.caller)]!.packets();
    for (const r of shed) {
      expect(r.sipCode).toBeNull();
      expect(packets(r)).toBeGreaterThan(200);
    }
  });

  it('the spike message (应急公告): heard first, then the flow continues — or Kefu hangs up after it', {
    timeout: 45_000,
  }, async () => {
    const numbers = await api<PhoneNumber[]>('GET', '/api/v1/telephony/numbers');
    const busy = numbers.find((n) => n.number === BUSY_NUMBER)!;
    await api('PUT', `/api/v1/telephony/numbers/${busy.id}/spike`, {
      enabled: true,
      promptKey: 'goodbye',
      afterMessage: 'hang_up',
    });
    const ended = await burst(BUSY_NUMBER, '3', 1);
    expect(ended.result.code, describeSipp(ended.result)).toBe(0);
    const [hungUp] = await recordsOf(ended.callers);
    const detail = await api<CallDetail>('GET', `/api/v1/calls/${hungUp!.id}`);
    expect(detail.endReason).toBe('spike_message');
    expect(detail.ivrPath.map((s) => `${s.node}:${s.type}`)).toEqual(['spike-message:play', 'spike-message:hangup']);
    expect(ended.rtp[0]!.packets()).toBeGreaterThan(100);

    // 感谢您的评价 (2.9 s), then the hotline's welcome (4.8 s) while the caller stays 8 s.
    await api('PUT', `/api/v1/telephony/numbers/${busy.id}/spike`, {
      enabled: true,
      promptKey: 'thanks',
      afterMessage: 'continue',
    });
    const continued = await burst(BUSY_NUMBER, '4', 1);
    expect(continued.result.code, describeSipp(continued.result)).toBe(0);
    const [inFlow] = await recordsOf(continued.callers);
    const path2 = (await api<CallDetail>('GET', `/api/v1/calls/${inFlow!.id}`)).ivrPath;
    // The message, then the hotline flow from its start (the caller hangs up in it after 8 s): more
    // audio than the message alone (2.9 s = 145 packets), and no hang-up by Kefu.
    expect(path2[0]).toMatchObject({ node: 'spike-message', type: 'play' });
    expect(path2.slice(1).some((s) => s.node === 'spike-message')).toBe(false);
    expect(continued.rtp[0]!.packets()).toBeGreaterThan(250);
    expect(inFlow!.endReason).toBe('abandoned_ivr');
  });

  it('GET /api/v1/voice/overload counts the shed calls today, by number, with the limit set', async () => {
    const records = await api<{ items: CallRow[] }>('GET', '/api/v1/calls?endReason=shed&limit=200');
    const status = await api<OverloadStatus>('GET', '/api/v1/voice/overload');
    expect(status.limits).toEqual({ maxCps: MAX_CPS, maxCalls: null });
    expect(status.shedToday).toBe(records.items.length);
    // At most every shed call (fewer once the file has run past a minute since the first burst).
    expect(status.shedLastMinute).toBeLessThanOrEqual(records.items.length);
    const byNumber = Object.fromEntries(status.byNumber.map((b) => [b.number, b.shedToday]));
    expect(byNumber[HOTLINE]).toBe(records.items.filter((r) => r.called === HOTLINE).length);
    expect(byNumber[BUSY_NUMBER]).toBe(records.items.filter((r) => r.called === BUSY_NUMBER).length);
    // The state changes are logged once each, not per call.
    expect(kefu.output().match(/admission control: shedding new calls/g)?.length ?? 0).toBeGreaterThanOrEqual(1);
    expect(kefu.output().match(/admission control: shedding new calls/g)!.length).toBeLessThanOrEqual(2);
  });
});
