import { randomBytes } from 'node:crypto';
import type { Clock } from './clock';

export type IdGenerator = { next(): string };

/**
 * UUIDv7 (RFC 9562): time-ordered, so primary-key indexes grow at the end instead of scattering
 * writes, and ids sort in creation order.
 */
export function uuidv7Generator(clock: Clock): IdGenerator {
  return {
    next() {
      const ms = BigInt(clock.now().getTime());
      const b = randomBytes(16);
      for (let i = 0; i < 6; i++) b[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn);
      b[6] = (b[6]! & 0x0f) | 0x70;
      b[8] = (b[8]! & 0x3f) | 0x80;
      const h = b.toString('hex');
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    },
  };
}
