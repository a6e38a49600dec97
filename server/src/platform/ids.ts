import { randomBytes } from 'node:crypto';
import type { Clock } from './clock';

export type IdGenerator = { next(): string };

/**
 * UUIDv7 (RFC 9562): time-ordered, so primary-key indexes grow at the end instead of scattering
 * writes, and ids from one generator sort in creation order — within one millisecond too, through
 * the 12-bit counter in `rand_a` (RFC 9562 §6.2, method 1), which carries into the timestamp when it
 * runs out rather than ever going backwards.
 */
export function uuidv7Generator(clock: Clock): IdGenerator {
  let lastMs = -1;
  let counter = 0;
  return {
    next() {
      let ms = clock.now().getTime();
      if (ms > lastMs) {
        lastMs = ms;
        counter = randomBytes(2).readUInt16BE() & 0x3ff; // start low: room for 3,000+ ids in one ms
      } else {
        ms = lastMs; // same millisecond, or the clock stepped back
        counter++;
        if (counter > 0xfff) {
          lastMs += 1;
          ms = lastMs;
          counter = 0;
        }
      }
      const b = randomBytes(16);
      const t = BigInt(ms);
      for (let i = 0; i < 6; i++) b[i] = Number((t >> BigInt(8 * (5 - i))) & 0xffn);
      b[6] = 0x70 | (counter >> 8);
      b[7] = counter & 0xff;
      b[8] = (b[8]! & 0x3f) | 0x80;
      const h = b.toString('hex');
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    },
  };
}
