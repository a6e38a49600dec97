/**
 * The SIP fuzzer's input generator, shared by the parser fuzz (`fuzz.test.ts`) and the live
 * transport fuzz (`../transport/live-fuzz.test.ts`): seeded mutations (bit flips, inserted grammar
 * bytes, deletions, truncation, duplicated or swapped lines, hostile header values, random bytes,
 * UDP-sized junk, splices, odd numbers) of valid messages, plus a GC hook for memory checks.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { seededRandom } from '../../../../../test/seeded-random';
import { invite, VALID } from './torture.fixtures';

/** mulberry32: tiny, seedable, good enough to pick mutations. */
export function prng(seed: number) {
  const next = seededRandom(seed);
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: <T>(xs: readonly T[]): T => xs[int(xs.length)]! };
}
export type Rng = ReturnType<typeof prng>;

/** Bytes with meaning to the grammar: mutations that insert them reach deeper code than noise. */
export const SPECIAL = Buffer.from('\r\n\t :;,="<>\\%@[]/?&*\x00\x7f\xff');
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

export function mutate(rng: Rng, seeds: readonly Buffer[]): Buffer {
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

/** `gc()` twice, without starting node with --expose-gc. */
export function loadGc(): () => void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  return () => {
    gc();
    gc();
  };
}

/** The valid messages the mutations start from: the torture fixtures and a few INVITEs. */
export function fuzzSeeds(): Buffer[] {
  return [...Object.values(VALID), invite(), invite({}, { body: 'v=0\r\n' }), invite({ CSeq: '1 ACK' })];
}
