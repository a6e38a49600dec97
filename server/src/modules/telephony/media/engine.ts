/**
 * The live media layer: RTP sockets per call leg from a port range, and one shared 20 ms pacer
 * that drives every leg with something to play.
 *
 * Why one pacer: a timer per leg means a thousand timers waking separately, each a little late and
 * each paying the event loop's overhead; one tick that walks the playing legs sends all their
 * packets in one burst of `socket.send` calls, and the pacer's drift-free schedule (clock.ts) keeps
 * that burst at the right time. The pacer runs only while some leg is playing (and a second
 * longer, so back-to-back prompts do not restart it). Legs are walked in the same order every tick,
 * so each leg's place in the burst, and with it its offset from the due time, stays the same from
 * packet to packet (it moves only when legs ahead of it stop playing): the burst adds delay, hardly
 * any jitter.
 *
 * Ports: even ports only, handed out round-robin from `portMin..portMax`, so a port just freed is
 * not reused at once (late packets of the old call would land in the new one). RTCP, which would
 * use the odd port above each, is not implemented: no receiver reports are sent or read, loss is
 * counted from sequence numbers instead.
 */
import { createSocket, type Socket } from 'node:dgram';
import { lookup as dnsLookup } from 'node:dns';
import { isIP } from 'node:net';
import type { Logger } from '../../../platform/logger';
import { type Pacer, type PacerTimers, startPacer, systemPacerTimers } from './clock';
import { createLeg, type LegHandle, type MediaLeg } from './leg';
import { badPortRange, engineClosed, noPorts } from './media.errors';

export type { MediaLaw, MediaLeg, Playback, RelaySource } from './leg';

export type MediaEngineOptions = {
  /** Local bind address for RTP sockets, e.g. '127.0.0.1' or '0.0.0.0'. */
  host: string;
  /** The address written into our SDP (c= line), e.g. the NAT external address. */
  advertisedAddress: string;
  /** RTP port range (inclusive); only its even ports are used. */
  portMin: number;
  portMax: number;
  log: Logger;
  timers?: PacerTimers;
};

export type MediaStats = {
  legs: number;
  packetsSent: number;
  packetsReceived: number;
  /** bytesSent + bytesReceived (whole RTP packets, without UDP/IP headers). */
  bytes: number;
  bytesSent: number;
  bytesReceived: number;
  /** Packets missing by sequence number, over all legs (closed ones included). */
  lost: number;
  /** Datagrams dropped on receipt: not RTP, or a payload type not negotiated. */
  ignored: number;
  /**
   * How late paced packets left against their due time, 99th percentile over the last 5 seconds
   * (0.1 ms resolution, capped at 100 ms); 0 when nothing was paced in that window.
   */
  sendLatenessP99Ms: number;
  /** The same over the current second only: what admission control samples (and recovers from). */
  sendLatenessRecentP99Ms: number;
  /** The median over the same window (bench:media reports it beside the 99th percentile). */
  sendLatenessP50Ms: number;
  /** The latest one in the same window. */
  sendLatenessMaxMs: number;
  /**
   * Time one pacer tick spends walking the playing legs (building and sending their packets), 99th
   * percentile over the same window: the engine's own share of the 20 ms budget. Lateness adds to
   * it whatever else delays the timer (other work on the event loop, a CPU shared with others).
   */
  tickWorkP99Ms: number;
  /** Pacer slots skipped after event-loop stalls (each is a 20 ms gap in every playing stream). */
  pacerSkipped: number;
};

export type MediaEngine = {
  /** Binds a UDP socket on a free even port from the range; throws AppError MEDIA.NO_PORTS when exhausted. */
  openLeg(): Promise<MediaLeg>;
  readonly legCount: number;
  stats(): MediaStats;
  /** Closes every leg and stops the pacer; openLeg() afterwards throws MEDIA.ENGINE_CLOSED. */
  close(): Promise<void>;
};

/** Idle ticks before the shared pacer stops (1 s). */
const IDLE_TICKS_BEFORE_STOP = 50;

export function createMediaEngine(options: MediaEngineOptions): MediaEngine {
  const timers = options.timers ?? systemPacerTimers;
  const first = options.portMin % 2 === 0 ? options.portMin : options.portMin + 1;
  const portCount = options.portMax >= first ? Math.floor((options.portMax - first) / 2) + 1 : 0;
  if (portCount === 0 || options.portMax > 65535 || options.portMin < 1) {
    throw badPortRange(options.portMin, options.portMax);
  }
  let cursor = 0;
  const usedPorts = new Set<number>();
  const legs = new Map<string, LegHandle>();
  const active = new Set<LegHandle>();
  const counters = { packetsSent: 0, packetsReceived: 0, bytesSent: 0, bytesReceived: 0, ignored: 0 };
  let lostOfClosedLegs = 0;
  let nextId = 1;
  let pacer: Pacer | undefined;
  let skippedBefore = 0;
  let idleTicks = 0;
  let closed = false;
  const lateness = createLatenessWindow();
  const tickWork = createLatenessWindow();

  function onTick(_tick: number, dueAt: number): void {
    const began = timers.now();
    const walked = active.size;
    for (const handle of active) {
      if (!handle.tick(dueAt)) active.delete(handle);
    }
    if (walked > 0) {
      const ended = timers.now();
      tickWork.record(ended - began, ended);
    }
    if (active.size > 0) {
      idleTicks = 0;
    } else if (++idleTicks >= IDLE_TICKS_BEFORE_STOP) {
      stopPacer();
    }
  }

  function stopPacer(): void {
    if (!pacer) return;
    pacer.stop();
    skippedBefore += pacer.skipped;
    pacer = undefined;
  }

  function activate(handle: LegHandle): void {
    active.add(handle);
    idleTicks = 0;
    if (!pacer && !closed) pacer = startPacer({ timers, onTick });
  }

  function released(handle: LegHandle): void {
    active.delete(handle);
    if (legs.delete(handle.leg.id)) {
      usedPorts.delete(handle.leg.localPort);
      lostOfClosedLegs += handle.lost();
    }
  }

  async function bind(port: number): Promise<Socket> {
    const socket = createSocket({ type: options.host.includes(':') ? 'udp6' : 'udp4', lookup: literalLookup });
    await new Promise<void>((resolve, reject) => {
      const fail = (error: Error) => {
        socket.close();
        reject(error);
      };
      socket.once('error', fail);
      socket.bind(port, options.host, () => {
        socket.off('error', fail);
        resolve();
      });
    });
    return socket;
  }

  return {
    async openLeg() {
      if (closed) throw engineClosed();
      for (let tried = 0; tried < portCount; tried++) {
        const port = first + 2 * cursor;
        cursor = (cursor + 1) % portCount;
        if (usedPorts.has(port)) continue;
        usedPorts.add(port); // reserved before the await: concurrent openLeg() calls never race for it
        let socket: Socket;
        try {
          socket = await bind(port);
        } catch (error) {
          usedPorts.delete(port);
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'EADDRINUSE' || code === 'EACCES') continue; // taken by another process
          throw error;
        }
        if (closed) {
          socket.close();
          usedPorts.delete(port);
          throw engineClosed();
        }
        const id = `leg-${nextId++}`;
        const handle = createLeg({
          id,
          socket,
          port,
          advertisedAddress: options.advertisedAddress,
          timers,
          log: options.log,
          counters,
          activate,
          recordLateness: (ms) => lateness.record(ms, timers.now()),
          released,
        });
        legs.set(id, handle);
        return handle.leg;
      }
      throw noPorts(options.portMin, options.portMax, legs.size);
    },

    get legCount() {
      return legs.size;
    },

    stats() {
      let lost = lostOfClosedLegs;
      for (const handle of legs.values()) lost += handle.lost();
      const now = timers.now();
      const window = lateness.summary(now);
      return {
        legs: legs.size,
        packetsSent: counters.packetsSent,
        packetsReceived: counters.packetsReceived,
        bytes: counters.bytesSent + counters.bytesReceived,
        bytesSent: counters.bytesSent,
        bytesReceived: counters.bytesReceived,
        lost,
        ignored: counters.ignored,
        sendLatenessP99Ms: window.p99,
        sendLatenessRecentP99Ms: lateness.summary(now, 1).p99,
        sendLatenessP50Ms: window.p50,
        sendLatenessMaxMs: window.max,
        tickWorkP99Ms: tickWork.summary(now).p99,
        pacerSkipped: skippedBefore + (pacer?.skipped ?? 0),
      };
    },

    async close() {
      closed = true;
      for (const handle of [...legs.values()]) handle.leg.close();
      stopPacer();
    },
  };
}

/**
 * Destinations are IP literals (legs never send to a host name); answering those at once lets
 * `socket.send` hand the datagram to the kernel synchronously instead of after a
 * `process.nextTick` per packet (Node's default `dns.lookup` path), which is both cheaper and makes
 * the measured lateness the real one. A host name as the bind address still goes through DNS.
 */
function literalLookup(
  address: string,
  family: unknown,
  callback: (error: NodeJS.ErrnoException | null, address: string, family: number) => void,
): void {
  const version = isIP(address);
  if (version !== 0) {
    callback(null, address, version);
    return;
  }
  const wanted = family === 6 || family === 'IPv6' ? 6 : family === 4 || family === 'IPv4' ? 4 : 0;
  dnsLookup(address, { family: wanted }, (error, resolved, resolvedFamily) =>
    callback(error, resolved, resolvedFamily),
  );
}

const SLOT_MS = 1000;
const SLOTS = 5;
const BUCKET_MS = 0.1;
const BUCKETS = 1000; // 0–100 ms, plus one overflow bucket

/**
 * Durations over a sliding window without keeping samples: a histogram per second for the last five
 * seconds, so recording is O(1) per packet at any number of legs and stats() is cheap.
 */
function createLatenessWindow() {
  const counts = new Uint32Array(SLOTS * (BUCKETS + 1));
  const maxima = new Float64Array(SLOTS);
  const slotOf = new Float64Array(SLOTS).fill(-1);
  return {
    record(ms: number, at: number): void {
      const second = Math.floor(at / SLOT_MS);
      const slot = second % SLOTS;
      if (slotOf[slot] !== second) {
        counts.fill(0, slot * (BUCKETS + 1), (slot + 1) * (BUCKETS + 1));
        maxima[slot] = 0;
        slotOf[slot] = second;
      }
      const late = Math.max(0, ms);
      counts[slot * (BUCKETS + 1) + Math.min(BUCKETS, Math.floor(late / BUCKET_MS))]!++;
      if (late > maxima[slot]!) maxima[slot] = late;
    },
    /** Over the last `slots` seconds (the current one included). */
    summary(at: number, slots = SLOTS): { p50: number; p99: number; max: number } {
      const second = Math.floor(at / SLOT_MS);
      const merged = new Float64Array(BUCKETS + 1);
      let total = 0;
      let max = 0;
      for (let slot = 0; slot < SLOTS; slot++) {
        if (slotOf[slot]! <= second - slots) continue;
        for (let b = 0; b <= BUCKETS; b++) merged[b]! += counts[slot * (BUCKETS + 1) + b]!;
        if (maxima[slot]! > max) max = maxima[slot]!;
      }
      for (let b = 0; b <= BUCKETS; b++) total += merged[b]!;
      if (total === 0) return { p50: 0, p99: 0, max: 0 };
      const percentile = (share: number): number => {
        const rank = Math.ceil(total * share);
        let seen = 0;
        for (let b = 0; b <= BUCKETS; b++) {
          seen += merged[b]!;
          if (seen >= rank) return Math.min(max, (b + 1) * BUCKET_MS);
        }
        return max;
      };
      return { p50: percentile(0.5), p99: percentile(0.99), max };
    },
  };
}
