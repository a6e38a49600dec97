import { createSocket, type Socket } from 'node:dgram';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { describeSipp, SIPP, SIPP_SCENARIOS, type SippProcess, startSipp } from '../test/sipp';

/**
 * The caller scenarios of e2e/sipp/ (for the voice end-to-end tests against Kefu) parse and run
 * against a sipp UAS on loopback: sipp's built-in `uas`, and e2e/sipp/uas-answer.xml, which points
 * the caller's RTP at a socket of this test (to see the prompt audio and the RFC 4733 digit) and
 * can hang up itself. pcap play needs root or cap_net_raw (raw socket).
 */
const hasSipp = existsSync(SIPP);
const canPlayPcap = process.getuid?.() === 0;
const scenario = (name: string) => path.join(SIPP_SCENARIOS, name);
const running: SippProcess[] = [];
const sockets: Socket[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
  for (const s of sockets.splice(0)) s.close();
});

async function uas(opts: {
  scenario: string;
  calls: number;
  keys?: Record<string, string | number>;
  fields?: string[][];
}) {
  const p = await startSipp({ ...opts, timeoutMs: 20_000 });
  running.push(p);
  return p;
}

/** A UDP socket counting RTP payload types and the RFC 4733 events it receives. */
async function rtpListener() {
  const socket = createSocket('udp4');
  sockets.push(socket);
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  const payloadTypes = new Map<number, number>();
  const events = new Set<number>();
  socket.on('message', (b: Buffer) => {
    if (b.length < 12) return;
    const pt = b[1]! & 0x7f;
    payloadTypes.set(pt, (payloadTypes.get(pt) ?? 0) + 1);
    if (pt === 101 && b.length >= 16) events.add(b[12]!);
  });
  return { port: socket.address().port, payloadTypes, events };
}

describe.skipIf(!hasSipp)(`sipp caller scenarios against a sipp UAS (needs ${SIPP})`, () => {
  it.skipIf(!canPlayPcap)(
    'caller-menu: INVITE, ACK, prompt audio, one digit per call, BYE — to the built-in uas',
    {
      timeout: 30_000,
    },
    async () => {
      const server = await uas({ scenario: 'uas', calls: 1 });
      const caller = await startSipp({
        scenario: scenario('caller-menu.xml'),
        target: `127.0.0.1:${server.localPort}`,
        fields: [['4001', '2', '400', '200']],
        timeoutMs: 15_000,
      });
      const r = await caller.result;
      expect(r.code, describeSipp(r)).toBe(0);
      expect(r.stats).toMatchObject({ created: 1, successful: 1, failed: 0 });
      expect(r.durationMs).toBeGreaterThanOrEqual(600);
    },
  );

  it.skipIf(!canPlayPcap)(
    'caller-menu sends A-law audio and the chosen RFC 4733 digit (5, then #) to the answer address',
    {
      timeout: 30_000,
    },
    async () => {
      const rtp = await rtpListener();
      const server = await uas({
        scenario: scenario('uas-answer.xml'),
        calls: 2,
        keys: { rtp_host: '127.0.0.1', rtp_port: rtp.port },
        fields: [['wait', '0']],
      });
      const caller = await startSipp({
        scenario: scenario('caller-menu.xml'),
        target: `127.0.0.1:${server.localPort}`,
        calls: 2,
        rate: 1,
        fields: [
          ['4001', '5', '500', '400'],
          ['4002', '#', '500', '400'],
        ],
        timeoutMs: 15_000,
      });
      const r = await caller.result;
      expect(r.code, describeSipp(r)).toBe(0);
      expect(r.stats).toMatchObject({ created: 2, successful: 2, failed: 0 });
      const s = await server.result;
      expect(s.code, describeSipp(s)).toBe(0);
      expect(rtp.payloadTypes.get(8) ?? 0).toBeGreaterThan(20); // ≥ 0.4 s of 20 ms A-law packets per call
      expect(rtp.payloadTypes.get(101) ?? 0).toBeGreaterThanOrEqual(20); // 10 packets per digit
      expect([...rtp.events].sort((a, b) => a - b)).toEqual([5, 11]); // '#' is event 11
    },
  );

  it('caller-abandon: answered, waits field1 ms in the "queue", then hangs up', { timeout: 30_000 }, async () => {
    const server = await uas({ scenario: 'uas', calls: 1 });
    const r = await (
      await startSipp({
        scenario: scenario('caller-abandon.xml'),
        target: `127.0.0.1:${server.localPort}`,
        fields: [['4001', '1500']],
        timeoutMs: 15_000,
      })
    ).result;
    expect(r.code, describeSipp(r)).toBe(0);
    expect(r.stats).toMatchObject({ created: 1, successful: 1 });
    expect(r.durationMs).toBeGreaterThanOrEqual(1500);
  });

  it('caller-no-dtmf: silent until the far end sends BYE, answers it 200', { timeout: 30_000 }, async () => {
    const rtp = await rtpListener();
    const server = await uas({
      scenario: scenario('uas-answer.xml'),
      calls: 1,
      keys: { rtp_host: '127.0.0.1', rtp_port: rtp.port },
      fields: [['hangup', '1000']],
    });
    const r = await (
      await startSipp({
        scenario: scenario('caller-no-dtmf.xml'),
        target: `127.0.0.1:${server.localPort}`,
        fields: [['4001']],
        timeoutMs: 15_000,
      })
    ).result;
    expect(r.code, describeSipp(r)).toBe(0);
    expect(r.stats).toMatchObject({ created: 1, successful: 1 });
    expect(r.durationMs).toBeGreaterThanOrEqual(1000);
    const s = await server.result;
    expect(s.code, describeSipp(s)).toBe(0);
    expect(rtp.payloadTypes.size).toBe(0);
  });

  it('caller-no-dtmf fails (exit 255 from -timeout_error) when nobody hangs up before the deadline', {
    timeout: 30_000,
  }, async () => {
    const server = await uas({ scenario: 'uas', calls: 1 });
    const r = await (
      await startSipp({
        scenario: scenario('caller-no-dtmf.xml'),
        target: `127.0.0.1:${server.localPort}`,
        fields: [['4001']],
        timeoutMs: 1500,
      })
    ).result;
    expect(r.code, describeSipp(r)).toBe(255);
    expect(r.timedOut).toBe(false);
    expect(r.stats?.successful ?? 0).toBe(0);
  });
});
