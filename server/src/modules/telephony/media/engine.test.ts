import { createSocket, type Socket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../platform/errors';
import { createLogger } from '../../../platform/logger';
import type { PacerTimers } from './clock';
import { createMediaEngine, type MediaEngine, type MediaLeg } from './engine';
import { decodeG711, encodeG711 } from './g711';
import { buildRtp, parseRtp, type RtpPacket, sequenceDelta, timestampDelta } from './rtp';
import { createFakeTimers } from './test-timers';

const log = createLogger('silent');
const engines: MediaEngine[] = [];
const sockets: Socket[] = [];

afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.close();
  for (const socket of sockets.splice(0)) socket.close();
});

/** Port ranges differ per test file: vitest runs files in parallel forks. */
function engine(portMin = 41000, portMax = 41999, timers?: PacerTimers): MediaEngine {
  const created = createMediaEngine({
    host: '127.0.0.1',
    advertisedAddress: '127.0.0.1',
    portMin,
    portMax,
    log,
    ...(timers ? { timers } : {}),
  });
  engines.push(created);
  return created;
}

function tone(hz: number, ms: number, amplitude = 8000): Int16Array {
  const out = new Int16Array((ms * 8000) / 1000);
  for (let i = 0; i < out.length; i++) out[i] = Math.round(amplitude * Math.sin((2 * Math.PI * hz * i) / 8000));
  return out;
}

async function waitFor(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A bare UDP socket standing in for a phone: records every RTP packet it gets. */
async function rawPeer() {
  const socket = createSocket('udp4');
  sockets.push(socket);
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const packets: RtpPacket[] = [];
  socket.on('message', (datagram) => {
    const parsed = parseRtp(datagram);
    if (parsed.ok) packets.push({ ...parsed.packet, payload: Buffer.from(parsed.packet.payload) });
  });
  return { socket, port: socket.address().port, packets };
}

function offerSdp(port: number, options: { formats?: string; direction?: string; address?: string } = {}): string {
  const formats = options.formats ?? '0 8 101';
  return [
    'v=0',
    'o=phone 1 1 IN IP4 127.0.0.1',
    's=-',
    `c=IN IP4 ${options.address ?? '127.0.0.1'}`,
    't=0 0',
    `m=audio ${port} RTP/AVP ${formats}`,
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:8 PCMA/8000',
    ...(formats.includes('101') ? ['a=rtpmap:101 telephone-event/8000', 'a=fmtp:101 0-16'] : []),
    `a=${options.direction ?? 'sendrecv'}`,
    '',
  ].join('\r\n');
}

async function connectedPair(media: MediaEngine): Promise<[MediaLeg, MediaLeg]> {
  const a = await media.openLeg();
  const b = await media.openLeg();
  const answer = b.answer(a.offer());
  if (!answer.ok) throw new Error(answer.reason);
  const applied = a.applyAnswer(answer.sdp);
  if (!applied.ok) throw new Error(applied.reason);
  return [a, b];
}

describe('media engine: offer/answer', () => {
  it('round-trips an offer between two legs and agrees on PCMU with telephone-event', async () => {
    const media = engine();
    const a = await media.openLeg();
    const b = await media.openLeg();
    expect(a.localPort % 2).toBe(0);
    expect(b.localPort).not.toBe(a.localPort);
    const offer = a.offer();
    expect(offer).toContain(`m=audio ${a.localPort} RTP/AVP 0 8 101\r\n`);
    expect(offer).toContain('c=IN IP4 127.0.0.1\r\n');
    expect(offer).toContain('a=rtpmap:101 telephone-event/8000\r\n');
    expect(offer).toContain('a=fmtp:101 0-16\r\n');
    expect(offer).toContain('a=ptime:20\r\n');
    expect(offer).toContain('a=sendrecv\r\n');
    const answer = b.answer(offer);
    expect(answer.ok && answer.held).toBe(false);
    if (!answer.ok) return;
    expect(answer.sdp).toContain(`m=audio ${b.localPort} RTP/AVP 0 101\r\n`);
    expect(a.applyAnswer(answer.sdp)).toEqual({ ok: true, held: false });
    expect(a.law).toBe('mulaw');
    expect(b.law).toBe('mulaw');
    expect(media.legCount).toBe(2);
  });

  it("takes the offerer's first common codec, and refuses an offer without G.711", async () => {
    const leg = await engine().openLeg();
    const answer = leg.answer(offerSdp(4000, { formats: '8 0 101' }));
    expect(answer.ok).toBe(true);
    expect(leg.law).toBe('alaw');
    expect(leg.answer(offerSdp(4000, { formats: '18' }))).toEqual({ ok: false, reason: 'no_common_codec' });
    expect(leg.answer('garbage').ok).toBe(false);
  });

  it('answers a hold re-offer recvonly/inactive and stops sending, resumes on sendrecv', async () => {
    const peer = await rawPeer();
    const leg = await engine().openLeg();
    expect(leg.answer(offerSdp(peer.port)).ok).toBe(true);

    const hold = leg.answer(offerSdp(peer.port, { direction: 'sendonly' }));
    expect(hold.ok && hold.held).toBe(true);
    expect(hold.ok && hold.sdp).toContain('a=recvonly');
    const legacy = leg.answer(offerSdp(peer.port, { address: '0.0.0.0' }));
    expect(legacy.ok && legacy.held).toBe(true);
    expect(legacy.ok && legacy.sdp).toContain('a=recvonly');
    const inactive = leg.answer(offerSdp(peer.port, { direction: 'inactive' }));
    expect(inactive.ok && inactive.held).toBe(true);
    expect(inactive.ok && inactive.sdp).toContain('a=inactive');
    await leg.play(tone(400, 100)).done;
    expect(peer.packets).toHaveLength(0);

    const resume = leg.answer(offerSdp(peer.port));
    expect(resume.ok && resume.held).toBe(false);
    await leg.play(tone(400, 100)).done;
    await waitFor(() => peer.packets.length === 5);

    leg.setSending(false);
    await leg.play(tone(400, 100)).done;
    await sleep(30);
    expect(peer.packets).toHaveLength(5);
  });
});

describe('media engine: playing', () => {
  it('plays a 1 s tone as 50 packets paced 20 ms apart, with continuous sequence numbers and timestamps', async () => {
    const clock = createFakeTimers();
    const peer = await rawPeer();
    const media = engine(41000, 41999, clock.timers);
    const leg = await media.openLeg();
    const answer = leg.answer(offerSdp(peer.port));
    expect(answer.ok).toBe(true);
    const audio = tone(400, 1000);
    let outcome: string | undefined;
    void leg.play(audio).done.then((o) => {
      outcome = o;
    });
    clock.advance(19);
    expect(media.stats().packetsSent).toBe(0);
    clock.advance(1);
    expect(media.stats().packetsSent).toBe(1); // the first slot is due 20 ms after play()
    clock.advance(960);
    expect(media.stats().packetsSent).toBe(49);
    clock.advance(20);
    expect(media.stats().packetsSent).toBe(50);
    await Promise.resolve();
    expect(outcome).toBeUndefined();
    clock.advance(20); // the slot after the last packet ends the playback
    await Promise.resolve();
    expect(outcome).toBe('finished');
    await waitFor(() => peer.packets.length >= 50);
    expect(peer.packets).toHaveLength(50);
    const [first] = peer.packets;
    expect(first!.marker).toBe(true);
    expect(first!.payloadType).toBe(0);
    for (let i = 1; i < 50; i++) {
      const packet = peer.packets[i]!;
      expect(sequenceDelta(peer.packets[i - 1]!.sequenceNumber, packet.sequenceNumber)).toBe(1);
      expect(timestampDelta(peer.packets[i - 1]!.timestamp, packet.timestamp)).toBe(160);
      expect(packet.marker).toBe(false);
      expect(packet.ssrc).toBe(first!.ssrc);
      expect(packet.payload).toHaveLength(160);
    }
    const received = decodeG711('pcmu', Buffer.concat(peer.packets.map((p) => p.payload)));
    expect(received).toEqual(decodeG711('pcmu', encodeG711('pcmu', audio)));

    // The next prompt continues the same stream: next sequence number, a timestamp jump, marker.
    clock.advance(100);
    const nextPrompt = leg.play([tone(400, 30), tone(600, 30)]).done;
    clock.advance(100);
    expect(await nextPrompt).toBe('finished');
    await waitFor(() => peer.packets.length === 53);
    const next = peer.packets[50]!;
    expect(next.marker).toBe(true);
    expect(sequenceDelta(peer.packets[49]!.sequenceNumber, next.sequenceNumber)).toBe(1);
    expect(timestampDelta(peer.packets[49]!.timestamp, next.timestamp)).toBeGreaterThanOrEqual(160 * 5);
    expect(timestampDelta(peer.packets[49]!.timestamp, next.timestamp) % 160).toBe(0);
    expect(leg.stats().packetsSent).toBe(53);
  });

  it('stops a playback when a new one starts, and loops until stopped', async () => {
    const peer = await rawPeer();
    const leg = await engine().openLeg();
    leg.answer(offerSdp(peer.port));
    const first = leg.play(tone(400, 1000));
    const music = leg.play(tone(500, 40), { loop: true });
    expect(await first.done).toBe('stopped');
    await sleep(300);
    music.stop();
    expect(await music.done).toBe('stopped');
    expect(peer.packets.length).toBeGreaterThanOrEqual(10);
  });

  it('loops without a gap at the seam, even when the audio is not a whole number of frames', async () => {
    const peer = await rawPeer();
    const leg = await engine().openLeg();
    leg.answer(offerSdp(peer.port));
    const audio = new Int16Array(100).fill(4000); // 12.5 ms: every frame crosses the seam
    const music = leg.play(audio, { loop: true });
    await waitFor(() => peer.packets.length >= 5);
    music.stop();
    const decoded = decodeG711('pcmu', Buffer.concat(peer.packets.slice(0, 5).map((p) => p.payload)));
    expect(decoded.every((s) => s === decoded[0] && s > 3000)).toBe(true);
    expect(await leg.play([new Int16Array(0)], { loop: true }).done).toBe('finished');
  });

  it('decodes received audio for onAudio listeners, one frame per packet', async () => {
    const [a, b] = await connectedPair(engine());
    const frames: Int16Array[] = [];
    b.onAudio((frame) => frames.push(frame));
    await a.play(tone(1000, 200)).done;
    await waitFor(() => frames.length === 10);
    expect(frames.every((f) => f.length === 160)).toBe(true);
    expect(b.stats()).toMatchObject({ packetsReceived: 10, lost: 0 });
    expect(b.stats().lastReceivedAt).toBeGreaterThan(0);
  });
});

describe('media engine: DTMF', () => {
  it('sends RFC 4733 digits both ways and reports each once', async () => {
    const [a, b] = await connectedPair(engine());
    const atA: string[] = [];
    const atB: string[] = [];
    a.onDtmf((digit) => atA.push(digit));
    b.onDtmf((digit) => atB.push(digit));
    await Promise.all([a.sendDtmf('5'), a.sendDtmf('#'), a.sendDtmf('d')]);
    await b.sendDtmf('9');
    await waitFor(() => atB.length === 3 && atA.length === 1);
    await sleep(50);
    expect(atB).toEqual(['5', '#', 'D']);
    expect(atA).toEqual(['9']);
  });

  it('paces a digit at 20 ms: 5 updates and 3 end packets with one timestamp', async () => {
    const peer = await rawPeer();
    const leg = await engine().openLeg();
    leg.answer(offerSdp(peer.port));
    await leg.sendDtmf('1');
    await waitFor(() => peer.packets.length === 8);
    const events = peer.packets;
    expect(events.every((p) => p.payloadType === 101 && p.timestamp === events[0]!.timestamp)).toBe(true);
    expect(events.map((p) => p.marker)).toEqual([true, false, false, false, false, false, false, false]);
    expect(events.map((p) => (p.payload[1]! & 0x80) !== 0)).toEqual([
      false,
      false,
      false,
      false,
      false,
      true,
      true,
      true,
    ]);
  });

  it('refuses digits the peer cannot receive', async () => {
    const leg = await engine().openLeg();
    leg.answer(offerSdp(4000, { formats: '0' }));
    await expect(leg.sendDtmf('1')).rejects.toMatchObject({ code: 'MEDIA.NO_TELEPHONE_EVENT' });
    await expect(leg.sendDtmf('x')).rejects.toMatchObject({ code: 'MEDIA.BAD_DIGIT' });
  });
});

describe('media engine: ports and sockets', () => {
  it('throws MEDIA.NO_PORTS when the range is exhausted and reuses a port once it is closed', async () => {
    const media = engine(41100, 41105); // even ports 41100, 41102, 41104
    const legs = [await media.openLeg(), await media.openLeg(), await media.openLeg()];
    expect(legs.map((l) => l.localPort).sort()).toEqual([41100, 41102, 41104]);
    const error = await media.openLeg().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ kind: 'unavailable', code: 'MEDIA.NO_PORTS' });

    legs[1]!.close();
    legs[1]!.close(); // idempotent
    expect(legs[1]!.closed).toBe(true);
    expect(media.legCount).toBe(2);
    const again = await media.openLeg();
    expect(again.localPort).toBe(41102);
    await media.close();
    expect(media.legCount).toBe(0);
    await expect(media.openLeg()).rejects.toMatchObject({ code: 'MEDIA.ENGINE_CLOSED' });
  });

  it('frees the socket on close: another socket can bind the port', async () => {
    const leg = await engine(41200, 41201).openLeg();
    leg.close();
    const socket = createSocket('udp4');
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(leg.localPort, '127.0.0.1', resolve);
    });
  });

  it('latches to the source of the first valid packet (symmetric RTP), ignoring junk and unknown payload types', async () => {
    const advertised = await rawPeer(); // what the phone wrote into its SDP
    const actual = await rawPeer(); // where its packets really come from (NAT)
    const stranger = await rawPeer();
    const media = engine();
    const leg = await media.openLeg();
    leg.answer(offerSdp(advertised.port));

    await leg.play(tone(400, 60)).done;
    await waitFor(() => advertised.packets.length === 3);

    const send = (from: Socket, payloadType: number) =>
      from.send(
        buildRtp({ payloadType, sequenceNumber: 1, timestamp: 0, ssrc: 7, payload: Buffer.alloc(160, 0xff) }),
        leg.localPort,
        '127.0.0.1',
      );
    stranger.socket.send(Buffer.from('not rtp at all'), leg.localPort, '127.0.0.1');
    send(stranger.socket, 96); // not negotiated
    await waitFor(() => media.stats().ignored === 2);
    send(actual.socket, 0);
    await waitFor(() => leg.stats().packetsReceived === 1);
    // Comfort noise (not negotiated) in the same stream: ignored, yet not counted as a loss.
    actual.socket.send(
      buildRtp({ payloadType: 13, sequenceNumber: 2, timestamp: 160, ssrc: 7, payload: Buffer.alloc(1, 40) }),
      leg.localPort,
      '127.0.0.1',
    );
    actual.socket.send(
      buildRtp({ payloadType: 0, sequenceNumber: 3, timestamp: 320, ssrc: 7, payload: Buffer.alloc(160, 0xff) }),
      leg.localPort,
      '127.0.0.1',
    );
    await waitFor(() => leg.stats().packetsReceived === 2);
    expect(leg.stats().lost).toBe(0);
    expect(media.stats().ignored).toBe(3);
    send(stranger.socket, 0); // later sources do not move the latch

    await leg.play(tone(400, 60)).done;
    await waitFor(() => actual.packets.length === 3);
    await sleep(30);
    expect(advertised.packets).toHaveLength(3);
    expect(stranger.packets).toHaveLength(0);
  });
});

describe('media engine: re-offers', () => {
  it('follows a re-offer to a new address: the latch starts over', async () => {
    const first = await rawPeer();
    const second = await rawPeer();
    const leg = await engine().openLeg();
    leg.answer(offerSdp(first.port));
    first.socket.send(
      buildRtp({ payloadType: 0, sequenceNumber: 1, timestamp: 0, ssrc: 7, payload: Buffer.alloc(160, 0xff) }),
      leg.localPort,
      '127.0.0.1',
    );
    await waitFor(() => leg.stats().packetsReceived === 1);
    const reoffer = leg.answer(offerSdp(second.port, { formats: '8 101' }));
    expect(reoffer.ok).toBe(true);
    expect(leg.law).toBe('alaw');
    await leg.play(tone(400, 60)).done;
    await waitFor(() => second.packets.length === 3);
    expect(second.packets.every((p) => p.payloadType === 8)).toBe(true);
    expect(first.packets).toHaveLength(0);
  });

  it('does not resolve a host name in c=: it waits for the peer and latches', async () => {
    const peer = await rawPeer();
    const leg = await engine().openLeg();
    expect(leg.answer(offerSdp(peer.port, { address: 'phone.example.invalid' })).ok).toBe(true);
    await leg.play(tone(400, 40)).done;
    expect(leg.stats().packetsSent).toBe(0);
    peer.socket.send(
      buildRtp({ payloadType: 0, sequenceNumber: 1, timestamp: 0, ssrc: 7, payload: Buffer.alloc(160, 0xff) }),
      leg.localPort,
      '127.0.0.1',
    );
    await waitFor(() => leg.stats().packetsReceived === 1);
    await leg.play(tone(400, 40)).done;
    await waitFor(() => peer.packets.length === 2);
  });
});

describe('media engine: timer port', () => {
  it('runs on fake timers: packets go out when fake time reaches their slot, lateness as measured', async () => {
    const clock = createFakeTimers({ lateness: () => 3 }); // every timer fires 3 ms late
    const advance = clock.advance;
    const media = engine(41250, 41299, clock.timers);
    const peer = await rawPeer();
    const leg = await media.openLeg();
    leg.answer(offerSdp(peer.port));
    let outcome: string | undefined;
    void leg.play(tone(400, 100)).done.then((o) => {
      outcome = o;
    });
    advance(19);
    expect(media.stats().packetsSent).toBe(0);
    advance(4); // the first slot was due at 20, its timer fired at 23
    expect(media.stats().packetsSent).toBe(1);
    advance(100);
    expect(media.stats().packetsSent).toBe(5);
    await Promise.resolve();
    expect(outcome).toBe('finished');
    await waitFor(() => peer.packets.length === 5);
    expect(media.stats().sendLatenessP99Ms).toBe(3);
    expect(media.stats().sendLatenessP50Ms).toBe(3);
    expect(media.stats().sendLatenessMaxMs).toBe(3);
  });
});

describe('media engine: many legs', () => {
  // Speed (lateness, CPU) at this scale is measured by `npm run bench:media`, not here: a unit test
  // that fails when the machine is busy says nothing about the code.
  it('paces 200 legs playing at once from one pacer: one packet per leg per slot, every packet, in order', async () => {
    const clock = createFakeTimers();
    const media = engine(41300, 41999, clock.timers);
    const pairs = await Promise.all(Array.from({ length: 100 }, () => connectedPair(media)));
    const legs = pairs.flat();
    // Noise rather than a tone: no two frames alike, so a packet out of place changes the content.
    let seed = 7;
    const audio = Int16Array.from({ length: 16000 }, () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return (seed % 16000) - 8000;
    });
    const heard = new Map(legs.map((leg) => [leg, [] as Buffer[]]));
    for (const leg of legs) leg.onRtpAudio((payload) => heard.get(leg)!.push(Buffer.from(payload)));
    const outcomes = Promise.all(legs.map((leg) => leg.play(audio).done));
    for (let slot = 1; slot <= 100; slot++) {
      clock.advance(20);
      expect(media.stats().packetsSent).toBe(200 * slot);
      await waitFor(() => media.stats().packetsReceived === 200 * slot);
    }
    clock.advance(20);
    expect(await outcomes).toEqual(legs.map(() => 'finished'));
    const stats = media.stats();
    expect(stats).toMatchObject({ legs: 200, packetsSent: 20_000, packetsReceived: 20_000, lost: 0, pacerSkipped: 0 });
    expect(stats.bytes).toBe(20_000 * 172 * 2);
    const expected = encodeG711('pcmu', audio);
    for (const leg of legs) expect(Buffer.concat(heard.get(leg)!).equals(expected)).toBe(true);
  });
});
