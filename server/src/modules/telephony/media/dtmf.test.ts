import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildTelephoneEvent,
  createDtmfReceiver,
  DTMF_DIGITS,
  type DtmfDigit,
  digitForEvent,
  eventForDigit,
  parseTelephoneEvent,
  planDtmfPackets,
  type TelephoneEventPacket,
} from './dtmf';
import { addTimestamp } from './rtp';

const SSRC = 0x1234;

function packetsFor(digit: DtmfDigit, timestamp: number, durationMs = 100): TelephoneEventPacket[] {
  return planDtmfPackets({ digit, timestamp, durationMs }).map((p) => ({ ...p, ssrc: SSRC }));
}

function receive(packets: TelephoneEventPacket[]): string {
  const receiver = createDtmfReceiver();
  return packets
    .map((p) => receiver.push(p)?.digit ?? '')
    .filter(Boolean)
    .join('');
}

describe('telephone-event payload', () => {
  it('maps event codes 0–15 to the sixteen keys and back', () => {
    expect(DTMF_DIGITS.join('')).toBe('0123456789*#ABCD');
    expect(digitForEvent(10)).toBe('*');
    expect(digitForEvent(11)).toBe('#');
    expect(digitForEvent(15)).toBe('D');
    expect(digitForEvent(16)).toBeUndefined();
    expect(eventForDigit('#')).toBe(11);
    expect(eventForDigit('b')).toBe(13);
  });

  it('reads the RFC 4733 example layout: event 5, end, volume 10, duration 800', () => {
    expect(parseTelephoneEvent(Buffer.from('058a0320', 'hex'))).toEqual({
      event: 5,
      end: true,
      volume: 10,
      duration: 800,
    });
    // The reserved bit is ignored, not mistaken for volume.
    expect(parseTelephoneEvent(Buffer.from('0b4f00a0', 'hex'))).toEqual({
      event: 11,
      end: false,
      volume: 15,
      duration: 160,
    });
    expect(parseTelephoneEvent(Buffer.from('0580', 'hex'))).toBeUndefined();
  });

  it('builds what it parses', () => {
    fc.assert(
      fc.property(
        fc.record({
          event: fc.integer({ min: 0, max: 255 }),
          end: fc.boolean(),
          volume: fc.integer({ min: 0, max: 63 }),
          duration: fc.integer({ min: 0, max: 0xffff }),
        }),
        (event) => {
          expect(parseTelephoneEvent(buildTelephoneEvent(event))).toEqual(event);
        },
      ),
    );
  });
});

describe('DTMF sender', () => {
  it('sends a 100 ms digit as a marked start, updates every 20 ms and three end packets', () => {
    const packets = planDtmfPackets({ digit: '5', timestamp: 8000 });
    expect(packets.map((p) => p.atMs)).toEqual([0, 20, 40, 60, 80, 100, 120, 140]);
    expect(packets.map((p) => p.marker)).toEqual([true, false, false, false, false, false, false, false]);
    expect(new Set(packets.map((p) => p.timestamp))).toEqual(new Set([8000]));
    const events = packets.map((p) => parseTelephoneEvent(p.payload)!);
    expect(events.map((e) => e.duration)).toEqual([160, 320, 480, 640, 800, 800, 800, 800]);
    expect(events.map((e) => e.end)).toEqual([false, false, false, false, false, true, true, true]);
    expect(events.every((e) => e.event === 5 && e.volume === 10)).toBe(true);
  });

  it('allows 50 ms update steps and caps the last update at the tone length', () => {
    const packets = planDtmfPackets({ digit: '#', timestamp: 0, durationMs: 120, packetMs: 50, endPackets: 2 });
    expect(packets.map((p) => p.atMs)).toEqual([0, 50, 100, 150, 200]);
    expect(packets.map((p) => parseTelephoneEvent(p.payload)!.duration)).toEqual([400, 800, 960, 960, 960]);
  });

  it('refuses a tone longer than the 16-bit duration field', () => {
    expect(() => planDtmfPackets({ digit: '1', timestamp: 0, durationMs: 9000 })).toThrow(RangeError);
    expect(() => planDtmfPackets({ digit: 'x' as DtmfDigit, timestamp: 0 })).toThrow(RangeError);
  });
});

describe('DTMF receiver', () => {
  it('reports a digit once for its start, updates and three end packets', () => {
    const receiver = createDtmfReceiver();
    const results = packetsFor('7', 1000).map((p) => receiver.push(p));
    expect(results[0]).toEqual({ event: 7, digit: '7', timestamp: 1000, volume: 10 });
    expect(results.slice(1).every((r) => r === undefined)).toBe(true);
  });

  it('reports the same key pressed twice as two digits (two timestamps)', () => {
    expect(receive([...packetsFor('1', 1000), ...packetsFor('1', 3000)])).toBe('11');
  });

  it('still reports a digit whose start and updates were all lost', () => {
    const endsOnly = packetsFor('9', 1000).filter((p) => parseTelephoneEvent(p.payload)!.end);
    expect(receive([...packetsFor('1', 0), ...endsOnly, ...packetsFor('2', 5000)])).toBe('192');
  });

  it('ignores a late packet of an earlier digit arriving after the next one started', () => {
    const first = packetsFor('4', 1000);
    const second = packetsFor('5', 3000);
    const lateEnd = first[first.length - 1]!;
    expect(receive([...first.slice(0, 3), second[0]!, lateEnd, ...second.slice(1), lateEnd])).toBe('45');
  });

  it('takes a new press whose clock jumped back once the previous press ended (sipp replaying pcaps)', () => {
    // dtmf_2833_3.pcap then dtmf_2833_1.pcap: the second file's timestamps are older than the first's.
    expect(receive([...packetsFor('3', 31040), ...packetsFor('1', 13280)])).toBe('31');
    // While the first press is still going, an older start is a stray, not a press.
    const first = packetsFor('3', 31040).filter((p) => !parseTelephoneEvent(p.payload)!.end);
    expect(receive([...first, packetsFor('1', 13280)[0]!])).toBe('3');
  });

  it('reads timestamps across the 32-bit wrap', () => {
    const before = 0xffffff00;
    expect(receive([...packetsFor('1', before), ...packetsFor('2', addTimestamp(before, 1600))])).toBe('12');
  });

  it('treats the next segment of a very long event as the same press', () => {
    // An 8 s first segment (64,000 units at 8 kHz) that never ends…
    const first = packetsFor('0', 0, 8000).filter((p) => !parseTelephoneEvent(p.payload)!.end);
    // …then, RFC 4733 §2.5.1.3, the next segment: a new timestamp where the first stopped, no marker.
    const nextSegment = packetsFor('0', 64_000, 100).map((p) => ({ ...p, marker: false }));
    expect(receive([...first, ...nextSegment, ...packetsFor('0', 80_000)])).toBe('00');
  });

  it('does not mistake a quick second press of the same key for a continuation when packets are lost', () => {
    const firstWithoutEnd = packetsFor('*', 0).filter((p) => !parseTelephoneEvent(p.payload)!.end);
    const secondWithoutStart = packetsFor('*', 2000).slice(1);
    expect(receive([...firstWithoutEnd, ...secondWithoutStart])).toBe('**');
  });

  it('starts afresh when the sender changes SSRC', () => {
    const receiver = createDtmfReceiver();
    const [start] = packetsFor('3', 5000);
    expect(receiver.push(start!)?.digit).toBe('3');
    expect(receiver.push({ ...start!, ssrc: 99, timestamp: 10 })?.digit).toBe('3');
  });

  it('reports flash as an event without a digit and skips payloads too short to read', () => {
    const receiver = createDtmfReceiver();
    expect(receiver.push({ ssrc: SSRC, marker: true, timestamp: 1, payload: Buffer.from('05', 'hex') })).toBe(
      undefined,
    );
    const flash = buildTelephoneEvent({ event: 16, end: false, volume: 0, duration: 160 });
    expect(receiver.push({ ssrc: SSRC, marker: true, timestamp: 1, payload: flash })).toEqual({
      event: 16,
      digit: undefined,
      timestamp: 1,
      volume: 0,
    });
  });

  it('turns any digit string into exactly that string despite loss, duplicates and reordering', () => {
    const digitString = fc.array(fc.constantFrom(...DTMF_DIGITS), { minLength: 1, maxLength: 12 });
    // Per packet: dropped, sent once, or sent twice; then a shuffle within the digit's own packets.
    const damage = fc.array(fc.record({ copies: fc.constantFrom(0, 1, 1, 1, 2), key: fc.double() }), {
      minLength: 8,
      maxLength: 8,
    });
    fc.assert(
      fc.property(
        digitString,
        fc.array(damage, { minLength: 12, maxLength: 12 }),
        fc.integer({ min: 0, max: 0xffffffff }),
        (digits, damages, startTimestamp) => {
          const stream: TelephoneEventPacket[] = [];
          digits.forEach((digit, i) => {
            // 100 ms tones 250 ms apart, so the whole plan of one digit ends before the next begins.
            const packets = packetsFor(digit, addTimestamp(startTimestamp, i * 2000));
            const plan = damages[i]!;
            const kept = packets
              .flatMap((p, j) => Array.from({ length: plan[j]!.copies }, () => ({ p, key: plan[j]!.key })))
              .sort((a, b) => a.key - b.key)
              .map((x) => x.p);
            // Losing every packet of a press loses the digit on any receiver; keep one then.
            stream.push(...(kept.length > 0 ? kept : [packets[packets.length - 1]!]));
          });
          expect(receive(stream)).toBe(digits.join(''));
        },
      ),
      { numRuns: 500 },
    );
  });
});
