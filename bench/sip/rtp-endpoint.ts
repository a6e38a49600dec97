/**
 * bench:sip's RTP endpoint for the callers (a child process of bench/sip.ts, IPC channel): `count`
 * UDP sockets on 127.0.0.1 from `basePort` (even ports, step 2), one per caller; the caller's SDP
 * names one of them. Each socket latches on the first packet Kefu sends it and from then on sends
 * its own 20 ms PCMA stream back there (one drift-correcting clock for all streams), so the bridge
 * has audio to relay: caller → Kefu → agent phone (sipp -rtp_echo) → Kefu → here.
 *
 * Measured between 'start' and 'stop' (parent messages), on every packet Kefu sends us:
 * - interarrival jitter as RFC 3550 §6.4.1 (J += (|D| − J)/16, D from arrival and RTP timestamps),
 *   its final value per stream;
 * - |D| itself for every packet pair (pooled over the streams; 0.01 ms histogram): its p50/p99/max
 *   is what "jitter p99" means in the result;
 * - loss by sequence numbers per SSRC (expected − received within the window);
 * - our own send lateness (how late our clock fired against the 20 ms slot), to tell our share of
 *   the jitter from Kefu's.
 */
import { createSocket, type Socket } from 'node:dgram';

const basePort = Number(process.argv[2]);
const count = Number(process.argv[3]);
const PTIME = 20;
const BUCKET_MS = 0.01;
const BUCKETS = 100_000; // up to 1 s

class Hist {
  readonly b = new Uint32Array(BUCKETS + 1);
  n = 0;
  max = 0;
  add(ms: number) {
    const v = Math.max(0, ms);
    this.b[Math.min(BUCKETS, Math.floor(v / BUCKET_MS))]! += 1;
    this.n += 1;
    if (v > this.max) this.max = v;
  }
  q(p: number): number | null {
    if (this.n === 0) return null;
    const want = Math.ceil(p * this.n);
    let seen = 0;
    for (let i = 0; i <= BUCKETS; i++) {
      seen += this.b[i]!;
      if (seen >= want) return Number((i * BUCKET_MS).toFixed(2));
    }
    return Number(this.max.toFixed(2));
  }
  summary() {
    return { n: this.n, p50: this.q(0.5), p99: this.q(0.99), p999: this.q(0.999), max: Number(this.max.toFixed(2)) };
  }
}

type Stream = {
  socket: Socket;
  remote?: { address: string; port: number };
  // our stream
  seq: number;
  ts: number;
  ssrc: number;
  // what Kefu sends us
  rxTotal: number;
  ssrcIn?: number;
  lastArrival?: number;
  lastTs?: number;
  jitter: number;
  base?: number;
  highest?: number;
  cycles: number;
  lastSeq?: number;
  received: number;
  lostBefore: number;
  gaps: number;
  windowPackets: number;
};

const streams: Stream[] = [];
let measuring = false;
let dHist = new Hist();
let lateHist = new Hist();
let windowStart = 0;
let rxInWindow = 0;

const payload = Buffer.alloc(160, 0xd5); // A-law silence

function resetWindow(s: Stream) {
  s.jitter = 0;
  s.base = undefined;
  s.highest = undefined;
  s.cycles = 0;
  s.lastSeq = undefined;
  s.received = 0;
  s.lostBefore = 0;
  s.gaps = 0;
  s.windowPackets = 0;
  s.lastArrival = undefined;
  s.lastTs = undefined;
}

/** Closes one SSRC run: what it lost goes to lostBefore. */
function closeRun(s: Stream) {
  if (s.base !== undefined && s.highest !== undefined) {
    s.lostBefore += Math.max(0, s.highest + s.cycles - s.base + 1 - s.received);
  }
  s.base = undefined;
  s.highest = undefined;
  s.cycles = 0;
  s.lastSeq = undefined;
  s.received = 0;
}

function onPacket(s: Stream, msg: Buffer, address: string, port: number) {
  const now = performance.now();
  if (msg.length < 12 || msg[0]! >> 6 !== 2) return;
  s.rxTotal += 1;
  if (!s.remote) s.remote = { address, port };
  if (!measuring) return;
  const pt = msg[1]! & 0x7f;
  if (pt !== 8 && pt !== 0) return; // events are not paced audio
  rxInWindow += 1;
  s.windowPackets += 1;
  const seq = msg.readUInt16BE(2);
  const ts = msg.readUInt32BE(4);
  const ssrc = msg.readUInt32BE(8);
  if (s.ssrcIn !== ssrc) {
    closeRun(s);
    s.ssrcIn = ssrc;
    s.lastArrival = undefined;
    s.lastTs = undefined;
  }
  if (s.base === undefined) {
    s.base = seq;
    s.highest = seq;
  } else if (s.lastSeq !== undefined) {
    const delta = (seq - s.lastSeq) & 0xffff;
    if (delta < 0x8000) {
      if (seq < s.lastSeq) s.cycles += 0x10000;
      if (delta > 1) s.gaps += 1;
      s.highest = seq;
    }
  }
  s.received += 1;
  s.lastSeq = seq;
  if (s.lastArrival !== undefined && s.lastTs !== undefined) {
    const d = now - s.lastArrival - ((ts - s.lastTs) | 0) / 8;
    const ad = Math.abs(d);
    dHist.add(ad);
    s.jitter += (ad - s.jitter) / 16;
  }
  s.lastArrival = now;
  s.lastTs = ts;
}

async function bindAll() {
  for (let i = 0; i < count; i++) {
    const socket = createSocket('udp4');
    const s: Stream = {
      socket,
      seq: (Math.random() * 65535) | 0,
      ts: (Math.random() * 2 ** 31) | 0,
      ssrc: (Math.random() * 2 ** 32) >>> 0,
      rxTotal: 0,
      jitter: 0,
      cycles: 0,
      received: 0,
      lostBefore: 0,
      gaps: 0,
      windowPackets: 0,
    };
    socket.on('message', (msg, rinfo) => onPacket(s, msg, rinfo.address, rinfo.port));
    socket.on('error', () => {});
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(basePort + 2 * i, '127.0.0.1', () => {
        socket.off('error', reject);
        resolve();
      });
    });
    streams.push(s);
  }
}

/** One clock for every stream: slot k is due at t0 + 20k; a late timer sends the slot late, never skips it. */
function startClock() {
  const t0 = performance.now();
  let k = 0;
  const tick = () => {
    const due = t0 + k * PTIME;
    const now = performance.now();
    if (measuring) lateHist.add(now - due);
    for (const s of streams) {
      if (!s.remote) continue;
      const pkt = Buffer.allocUnsafe(12 + payload.length);
      pkt[0] = 0x80;
      pkt[1] = 8;
      pkt.writeUInt16BE(s.seq, 2);
      pkt.writeUInt32BE(s.ts >>> 0, 4);
      pkt.writeUInt32BE(s.ssrc, 8);
      payload.copy(pkt, 12);
      s.seq = (s.seq + 1) & 0xffff;
      s.ts = (s.ts + 160) >>> 0;
      s.socket.send(pkt, s.remote.port, s.remote.address);
    }
    k += 1;
    setTimeout(tick, Math.max(0, t0 + k * PTIME - performance.now()));
  };
  setTimeout(tick, PTIME);
}

function report() {
  let lost = 0;
  let received = 0;
  let gaps = 0;
  const jitters: number[] = [];
  let active = 0;
  let full = 0;
  const seconds = (performance.now() - windowStart) / 1000;
  for (const s of streams) {
    if (s.received === 0 && s.lostBefore === 0) continue;
    active += 1;
    if (s.windowPackets >= 0.9 * seconds * (1000 / PTIME)) full += 1;
    closeRun(s);
    lost += s.lostBefore;
    gaps += s.gaps;
    jitters.push(s.jitter);
  }
  received = rxInWindow;
  jitters.sort((a, b) => a - b);
  const q = (p: number) => (jitters.length ? Number(jitters[Math.floor(p * (jitters.length - 1))]!.toFixed(2)) : null);
  return {
    seconds: Number(seconds.toFixed(1)),
    streamsLatched: streams.filter((s) => s.remote).length,
    streamsMeasured: active,
    /** Streams that got ≥ 90 % of a 20 ms stream through the whole window: bridged all along. */
    streamsFullWindow: full,
    packetsReceived: received,
    packetsLost: lost,
    lossPercent: received + lost > 0 ? Number(((100 * lost) / (received + lost)).toFixed(4)) : null,
    sequenceGaps: gaps,
    /** |D| per packet pair, pooled (ms). */
    transitDeltaMs: dHist.summary(),
    /** RFC 3550 interarrival jitter at the end of the window, over the streams (ms). */
    rfc3550JitterMs: { p50: q(0.5), p99: q(0.99), max: jitters.length ? Number(jitters.at(-1)!.toFixed(2)) : null },
    /** How late our own sender's clock fired (ms): the part of the jitter that is ours. */
    ownSendLatenessMs: lateHist.summary(),
  };
}

process.on('message', (m: { cmd: string }) => {
  if (m.cmd === 'start') {
    for (const s of streams) resetWindow(s);
    dHist = new Hist();
    lateHist = new Hist();
    rxInWindow = 0;
    windowStart = performance.now();
    measuring = true;
  } else if (m.cmd === 'stop') {
    measuring = false;
    process.send?.({ type: 'report', report: report() });
  } else if (m.cmd === 'status') {
    process.send?.({
      type: 'status',
      latched: streams.filter((s) => s.remote).length,
      rx: streams.reduce((n, s) => n + s.rxTotal, 0),
    });
  } else if (m.cmd === 'exit') {
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));

bindAll()
  .then(() => {
    startClock();
    process.send?.({ type: 'ready' });
  })
  .catch((err) => {
    process.send?.({ type: 'error', message: String(err) });
    process.exit(1);
  });
