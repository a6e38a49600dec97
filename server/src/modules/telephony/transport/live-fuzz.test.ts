/**
 * Fuzzing the live SIP server (issue "Voice", Proof): the real `createSipServer` (transport,
 * transactions, registrar) on 127.0.0.1 takes 100,000 mutated and truncated SIP messages from the
 * parser fuzzer's generator plus 20,000 random datagrams over UDP, and a few thousand mutated
 * messages over TCP connections. Afterwards the process is alive, the heap (after GC) has not grown
 * beyond a bound, the transport's counters account for every malformed message, and well-formed
 * OPTIONS and REGISTER (digest, to 200) are still answered over UDP and TCP.
 * Rerun a failure with `SIP_LIVE_FUZZ_SEED=<seed> npx vitest run server/src/modules/telephony/transport/live-fuzz`.
 */
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { connect } from 'node:net';
import { setImmediate as yieldToIo } from 'node:timers/promises';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { registerWithPassword, sipRequest, withSipSocket } from '../../../../../test/sip-phone';
import { systemClock } from '../../../platform/clock';
import { createLogger } from '../../../platform/logger';
import { computeAccountHa1 } from '../auth/digest';
import type { SipAccount } from '../registrar/registrar';
import { fuzzSeeds, loadGc, mutate, prng } from '../sip/fuzz.fixtures';
import { createSipServer, type SipServer } from '../sip-server';
import type { SipTransport } from './sip-transport';

// createSipServer keeps its transport to itself: wrap the factory to see the counters.
const spy = vi.hoisted(() => ({ transports: [] as SipTransport[] }));
vi.mock('./sip-transport', async (importOriginal) => {
  const mod = await importOriginal<typeof import('./sip-transport')>();
  return {
    ...mod,
    createSipTransport: async (options: Parameters<typeof mod.createSipTransport>[0]) => {
      const transport = await mod.createSipTransport(options);
      spy.transports.push(transport);
      return transport;
    },
  };
});

const SEED = Number(process.env.SIP_LIVE_FUZZ_SEED ?? 0x11fe_2026);
const HOST = '127.0.0.1';
const REALM = 'kefu';
const MUTATED_UDP = 100_000;
const RANDOM_UDP = 20_000;
const MUTATED_TCP = 5_000;
const TCP_PER_CONNECTION = 5;
/** A burst is flushed at this many datagrams or bytes, whichever comes first (the receive buffer is ~200 KiB). */
const BATCH = 64;
const BATCH_BYTES = 96 * 1024;
const MAX_UDP_PAYLOAD = 65_507;
const HEAP_GROWTH_LIMIT_MIB = 30;
const MiB = 2 ** 20;

let server: SipServer | undefined;
afterAll(async () => {
  await server?.close();
});

describe('live SIP server under fuzzing', () => {
  it(`survives ${MUTATED_UDP} mutated + ${RANDOM_UDP} random datagrams and ${MUTATED_TCP} mutated TCP messages, and still serves`, async () => {
    const accounts = new Map<string, SipAccount>([
      ['agent01', { username: 'agent01', agentUserId: 'u-1', ha1: computeAccountHa1('agent01', REALM, 'demo1234') }],
    ]);
    server = await createSipServer({
      host: HOST,
      port: 0,
      realm: REALM,
      digestAlgorithms: ['SHA-256', 'MD5'],
      log: createLogger('silent'),
      clock: systemClock,
      accounts: { find: async (username) => accounts.get(username) },
    });
    const transport = spy.transports.at(-1)!;
    expect(transport.port).toBe(server.port);
    const port = server.port;

    const rng = prng(SEED);
    const seeds = fuzzSeeds();
    const gc = loadGc();
    const started = performance.now();
    const cpuStart = process.cpuUsage();

    // --- UDP: one client socket; the server's answers (400, 401, 501, 200…) are counted and dropped.
    const client = createSocket('udp4');
    client.bind(0, HOST);
    await once(client, 'listening');
    let replies = 0;
    client.on('message', () => {
      replies++;
    });
    const handled = () => transport.counters().received + transport.counters().keepalives;
    let sent = 0;
    let truncated = 0;
    let sendErrors = 0;
    const heap: { sent: number; mib: number }[] = [];
    const measure = () => {
      gc();
      heap.push({ sent, mib: process.memoryUsage().heapUsed / MiB });
    };
    /** Waits until the server has taken every datagram sent so far (or makes no progress for a while). */
    const drain = async () => {
      let last = handled();
      for (let idle = 0; handled() < sent && idle < 500; ) {
        await yieldToIo();
        const now = handled();
        idle = now === last ? idle + 1 : 0;
        last = now;
      }
    };
    const sendUdp = (bytes: Buffer) =>
      new Promise<void>((resolve) => {
        client.send(bytes, port, HOST, (err) => {
          if (err) sendErrors++;
          resolve();
        });
      });
    const randomDatagram = () => {
      const b = Buffer.alloc(rng.int(1500));
      for (let i = 0; i < b.length; i++) b[i] = rng.int(256);
      return b;
    };

    const total = MUTATED_UDP + RANDOM_UDP;
    // Random datagrams are spread through the run, one for every five mutated messages.
    let batch: Promise<void>[] = [];
    let batchBytes = 0;
    let nextMeasure = 10_000;
    for (let k = 0; k < total; k++) {
      let bytes = k % 6 === 5 ? randomDatagram() : mutate(rng, seeds);
      if (bytes.length > MAX_UDP_PAYLOAD) {
        bytes = bytes.subarray(0, MAX_UDP_PAYLOAD);
        truncated++;
      }
      if (batch.length >= BATCH || batchBytes + bytes.length > BATCH_BYTES) {
        await Promise.all(batch);
        await drain();
        batch = [];
        batchBytes = 0;
        if (sent >= nextMeasure) {
          measure();
          nextMeasure += 10_000;
        }
      }
      batch.push(sendUdp(bytes));
      batchBytes += bytes.length;
      sent++;
    }
    await Promise.all(batch);
    await drain();
    measure();
    const udpCounters = { ...transport.counters() };
    const udpMs = performance.now() - started;

    // --- TCP: mutated messages written one by one on short connections; a stream the server
    // cannot frame is closed by it, and the rest of that connection's messages go unread.
    let tcpWritten = 0;
    for (let n = 0; n < MUTATED_TCP; n += TCP_PER_CONNECTION) {
      const socket = connect({ host: HOST, port });
      socket.on('error', () => {});
      socket.on('data', () => {});
      await once(socket, 'connect');
      // Not events.once: it rejects on the ECONNRESET of a connection the server gave up on.
      const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      for (let k = 0; k < TCP_PER_CONNECTION && !socket.destroyed; k++) {
        socket.write(mutate(rng, seeds));
        tcpWritten++;
      }
      socket.end();
      const timer = setTimeout(() => socket.destroy(), 2000);
      await closed;
      clearTimeout(timer);
    }
    await vi.waitFor(() => expect(transport.connectionCount()).toBe(0), { timeout: 5000 });
    measure();

    // --- Still serving: OPTIONS and a full digest REGISTER over UDP, OPTIONS over TCP.
    const options = await withSipSocket({ host: HOST, port }, (send, localPort) =>
      send(sipRequest('OPTIONS', { realm: REALM, user: 'probe', localPort, callId: 'after-fuzz-1', cseq: 1 })),
    );
    expect(options.status).toBe(200);
    expect(
      await registerWithPassword({ host: HOST, port }, { realm: REALM, user: 'agent01', password: 'demo1234' }),
    ).toBe(200);
    expect(server.bindingsOf('agent01')).toHaveLength(1);
    const tcpStatus = await tcpOptions(port);
    expect(tcpStatus).toBe(200);

    const c = transport.counters();
    const elapsed = performance.now() - started;
    const cpu = process.cpuUsage(cpuStart);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const baseline = heap[1] ?? heap[0]!;
    const growthMiB = heap.at(-1)!.mib - baseline.mib;
    const peakMiB = Math.max(...heap.map((h) => h.mib));
    console.log(
      `live SIP fuzz (seed ${SEED}): UDP ${sent} datagrams (${truncated} cut to ${MAX_UDP_PAYLOAD} bytes, ${sendErrors} send errors) in ${(udpMs / 1000).toFixed(1)} s, ` +
        `server took ${udpCounters.received + udpCounters.keepalives} (parsed ${udpCounters.parsed}, malformed ${udpCounters.malformed}: ` +
        `${udpCounters.answered400} answered 400/505, ${udpCounters.dropped} dropped; ${udpCounters.keepalives} keep-alives), ${replies} replies; ` +
        `TCP ${tcpWritten} messages on ${Math.ceil(MUTATED_TCP / TCP_PER_CONNECTION)} connections, ` +
        `${c.received - udpCounters.received} frames; total ${(elapsed / 1000).toFixed(1)} s, ${(cpuMs / 1000).toFixed(1)} s of CPU; ` +
        `heap after GC ${baseline.mib.toFixed(1)} MiB after ${baseline.sent} datagrams, peak ${peakMiB.toFixed(1)}, at the end ${heap.at(-1)!.mib.toFixed(1)} MiB ` +
        `(${heap.map((h) => h.mib.toFixed(0)).join(' ')})`,
    );
    client.close();

    // Nearly everything reached the server (the kernel may drop a few under bursts).
    expect(udpCounters.received + udpCounters.keepalives).toBeGreaterThan(0.99 * sent);
    expect(sendErrors).toBe(0);
    // Every message is accounted for: parsed or malformed, and each malformed one answered or dropped.
    expect(c.received).toBe(c.parsed + c.malformed);
    expect(c.malformed).toBe(c.answered400 + c.dropped);
    expect(udpCounters.malformed).toBeGreaterThan(50_000);
    expect(udpCounters.answered400).toBeGreaterThan(10_000);
    expect(udpCounters.parsed).toBeGreaterThan(5_000);
    expect(c.received - udpCounters.received).toBeGreaterThan(MUTATED_TCP / 4);
    expect(growthMiB).toBeLessThan(HEAP_GROWTH_LIMIT_MIB);
    // A guard against pathological slowness, not a speed target: CPU time this process spent (server
    // and client), which waiting for a CPU on a busy machine does not inflate as it does wall time
    // (85–97 s beside six other jobs on 2 cores, for 21 s of CPU; the bound is 6× that). A real hang
    // never gets here: the test's timeout, 6× that loaded run, ends it.
    expect(cpuMs).toBeLessThan(120_000);
  }, 600_000);
});

/** One OPTIONS over a fresh TCP connection; the status of the answer. */
async function tcpOptions(port: number): Promise<number> {
  const socket = connect({ host: HOST, port });
  await once(socket, 'connect');
  try {
    const localPort = socket.localPort!;
    const request = sipRequest('OPTIONS', {
      realm: REALM,
      user: 'probe',
      localPort,
      callId: 'after-fuzz-tcp',
      cseq: 1,
    }).replace('SIP/2.0/UDP', 'SIP/2.0/TCP');
    socket.write(request);
    let text = '';
    const deadline = Date.now() + 3000;
    while (!/\r\n\r\n/.test(text)) {
      if (Date.now() > deadline) throw new Error(`no answer over TCP: ${JSON.stringify(text)}`);
      const [chunk] = (await once(socket, 'data')) as [Buffer];
      text += chunk.toString('latin1');
    }
    return Number(text.split(' ')[1]);
  } finally {
    socket.destroy();
  }
}
