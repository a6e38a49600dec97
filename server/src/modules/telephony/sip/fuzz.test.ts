/**
 * Fuzzing the parser (issue 4, "Proof"): well over 100,000 mutated, truncated and random inputs go
 * through the datagram parser and the stream framer. Whatever arrives, the parser may only throw
 * SipParseError, must finish quickly, and must not keep memory. A failure names the seed and the
 * case number; rerun with `SIP_FUZZ_SEED=<seed> npx vitest run server/src/modules/telephony/sip/fuzz`.
 */
import { isDeepStrictEqual } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../../../test/seeded-random';
import { serializeMessage } from './message';
import { parseDatagram } from './parse';
import { createParseErrorResponse } from './responses';
import { SipParseError } from './sip.errors';
import { takeStreamMessage } from './stream';
import { invite, VALID } from './torture.fixtures';

const SEED = Number(process.env.SIP_FUZZ_SEED ?? 0x5eed_2026);
const ROUNDS = 12;
const PER_ROUND = 10_000;
const TIME_LIMIT_MS = 20_000;

/** mulberry32: tiny, seedable, good enough to pick mutations. */
function prng(seed: number) {
  const next = seededRandom(seed);
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: <T>(xs: readonly T[]): T => xs[int(xs.length)]! };
}
type Rng = ReturnType<typeof prng>;

/** Bytes with meaning to the grammar: mutations that insert them reach deeper code than noise. */
const SPECIAL = Buffer.from('\r\n\t :;,="<>\\%@[]/?&*\x00\x7f\xff');
const HOSTILE_VALUES = [
  ' '.repeat(8000),
  ';'.repeat(4000),
  ','.repeat(8000),
  '"'.repeat(3001),
  '<'.repeat(4000),
  '\\"'.repeat(3000),
  'SIP/2.0/UDP '.repeat(600),
  `SIP/2.0/UDP h${' '.repeat(7000)}:5060`,
  `<sip:${'a'.repeat(7000)}@h>`,
  `sip:${'%'.repeat(7000)}`,
  `${'9'.repeat(400)} INVITE`,
  '[::1'.repeat(1500),
  'Digest '.padEnd(7000, 'a=b,'),
];
const HEADER_NAMES = ['Via', 'v', 'From', 'To', 'Call-ID', 'CSeq', 'Contact', 'Content-Length', 'l', 'Route', 'X-Junk'];

function mutate(rng: Rng, seeds: readonly Buffer[]): Buffer {
  const base = rng.pick(seeds);
  switch (rng.int(11)) {
    case 0: {
      const b = Buffer.from(base);
      for (let n = 1 + rng.int(8); n > 0; n--) {
        const i = rng.int(b.length);
        b[i] = b[i]! ^ (1 << rng.int(8));
      }
      return b;
    }
    case 1: {
      const i = rng.int(base.length + 1);
      const ins = rng.next() < 0.5 ? Buffer.from([rng.pick([...SPECIAL])]) : Buffer.from([rng.int(256)]);
      return Buffer.concat([base.subarray(0, i), ins, base.subarray(i)]);
    }
    case 2: {
      const i = rng.int(base.length);
      const n = 1 + rng.int(16);
      return Buffer.concat([base.subarray(0, i), base.subarray(i + n)]);
    }
    case 3:
      return base.subarray(0, rng.int(base.length + 1));
    case 4: {
      const lines = base.toString('latin1').split('\r\n');
      const i = 1 + rng.int(Math.max(1, lines.length - 1));
      const copies = rng.next() < 0.9 ? 1 + rng.int(3) : 150 + rng.int(100);
      lines.splice(i, 0, ...Array<string>(copies).fill(lines[i] ?? ''));
      return Buffer.from(lines.join('\r\n'), 'latin1');
    }
    case 5: {
      const lines = base.toString('latin1').split('\r\n');
      const i = 1 + rng.int(Math.max(1, lines.length - 1));
      const j = 1 + rng.int(Math.max(1, lines.length - 1));
      [lines[i], lines[j]] = [lines[j] ?? '', lines[i] ?? ''];
      return Buffer.from(lines.join('\r\n'), 'latin1');
    }
    case 6: {
      const lines = base.toString('latin1').split('\r\n');
      const at = 1 + rng.int(Math.max(1, lines.length - 1));
      lines.splice(at, 0, `${rng.pick(HEADER_NAMES)}: ${rng.pick(HOSTILE_VALUES)}`);
      return Buffer.from(lines.join('\r\n'), 'latin1');
    }
    case 7: {
      const b = Buffer.alloc(rng.int(1500));
      for (let i = 0; i < b.length; i++) b[i] = rng.int(256);
      return b;
    }
    case 8: {
      // Random UDP-sized junk, sometimes made of the grammar's own bytes; a random 1 KiB pattern
      // repeated keeps generation cheap next to parsing.
      const pattern = Buffer.alloc(1024);
      const special = rng.next() < 0.5;
      for (let i = 0; i < pattern.length; i++) pattern[i] = special ? SPECIAL[rng.int(SPECIAL.length)]! : rng.int(256);
      return Buffer.alloc(rng.next() < 0.2 ? 65_507 : rng.int(9000), pattern);
    }
    case 9: {
      const other = rng.pick(seeds);
      return Buffer.concat([base.subarray(0, rng.int(base.length)), other.subarray(rng.int(other.length))]);
    }
    default: {
      const text = base
        .toString('latin1')
        .replace(/\d+/, () =>
          rng.pick(['-1', '0', '4294967296', '99999999999999999999', '00000000000000000001', '1e3', '']),
        );
      return Buffer.from(text, 'latin1');
    }
  }
}

function loadGc(): () => void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  return () => {
    gc();
    gc();
  };
}

type Tally = { messages: number; accepted: number; refused: number; answered: number; frames: number };

function check(input: Buffer, tally: Tally): void {
  tally.messages++;
  try {
    const msg = parseDatagram(input);
    tally.accepted++;
    // Whatever the parser accepts, we must be able to write and read back unchanged.
    if (!isDeepStrictEqual(parseDatagram(serializeMessage(msg)), msg))
      throw new Error('changed by a write and re-read');
  } catch (e) {
    if (!(e instanceof SipParseError)) throw e;
    tally.refused++;
    const reply = createParseErrorResponse(e, 'fz');
    if (reply) {
      tally.answered++;
      serializeMessage(reply);
    }
  }
  // The same bytes as a TCP stream: every frame must consume bytes, or the connection would spin.
  let buf = input;
  for (let guard = 0; guard < 10_000; guard++) {
    let frame: ReturnType<typeof takeStreamMessage>;
    try {
      frame = takeStreamMessage(buf);
    } catch (e) {
      if (!(e instanceof SipParseError)) throw e;
      return;
    }
    if (frame.kind === 'incomplete') return;
    tally.frames++;
    if (!(frame.consumed > 0)) throw new Error('stream frame consumed no bytes');
    buf = buf.subarray(frame.consumed);
  }
  throw new Error('stream framer did not make progress');
}

describe('SIP parser under fuzzing', () => {
  it(`survives ${ROUNDS * PER_ROUND} mutated, truncated and random messages without throwing, hanging or leaking`, () => {
    const rng = prng(SEED);
    const seeds = [...Object.values(VALID), invite(), invite({}, { body: 'v=0\r\n' }), invite({ CSeq: '1 ACK' })];
    const gc = loadGc();
    const tally: Tally = { messages: 0, accepted: 0, refused: 0, answered: 0, frames: 0 };
    const heapAfterRound: number[] = [];
    let slowest = { ms: 0, index: -1 };
    let parsingMs = 0;
    const started = performance.now();

    for (let round = 0; round < ROUNDS; round++) {
      for (let n = 0; n < PER_ROUND; n++) {
        const index = tally.messages;
        const input = mutate(rng, seeds);
        const t0 = performance.now();
        try {
          check(input, tally);
        } catch (e) {
          const why = e instanceof Error ? e.message : String(e);
          throw new Error(
            `fuzz case ${index} failed (SIP_FUZZ_SEED=${SEED}): ${why}\ninput (base64): ${input.toString('base64').slice(0, 2000)}`,
          );
        }
        const ms = performance.now() - t0;
        parsingMs += ms;
        if (ms > slowest.ms) slowest = { ms, index };
      }
      gc();
      heapAfterRound.push(process.memoryUsage().heapUsed);
    }
    const elapsed = performance.now() - started;
    const growthMiB = (heapAfterRound.at(-1)! - heapAfterRound[0]!) / 2 ** 20;
    console.log(
      `SIP fuzz (seed ${SEED}): ${tally.messages} inputs in ${(elapsed / 1000).toFixed(1)} s ` +
        `(${(parsingMs / 1000).toFixed(1)} s parsing and checking); ` +
        `${tally.accepted} accepted, ${tally.refused} refused (${tally.answered} answerable), ${tally.frames} stream frames; ` +
        `slowest input ${slowest.ms.toFixed(1)} ms (#${slowest.index}); ` +
        `heap after round 1 ${(heapAfterRound[0]! / 2 ** 20).toFixed(1)} MiB, after the last ${(heapAfterRound.at(-1)! / 2 ** 20).toFixed(1)} MiB`,
    );

    expect(tally.messages).toBeGreaterThanOrEqual(100_000);
    // Both outcomes must be exercised, or the mutations are not reaching the parser's depths.
    expect(tally.accepted).toBeGreaterThan(1000);
    expect(tally.answered).toBeGreaterThan(1000);
    expect(elapsed).toBeLessThan(TIME_LIMIT_MS);
    expect(slowest.ms).toBeLessThan(250);
    expect(growthMiB).toBeLessThan(8);
  }, 60_000);
});
