import { describe, expect, it } from 'vitest';
import { fixedClock } from '../clock';
import { uuidv7Generator } from '../ids';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The 48-bit Unix millisecond timestamp at the front of a UUIDv7. */
const msOf = (id: string) => Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16);

describe('uuidv7 ids', () => {
  it('are RFC 9562 version 7 UUIDs carrying the clock time in milliseconds', () => {
    const clock = fixedClock('2026-03-02T01:02:03.456Z');
    const ids = uuidv7Generator(clock);
    for (let i = 0; i < 100; i++) {
      const id = ids.next();
      expect(id).toMatch(UUID_V7);
      expect(msOf(id)).toBe(Date.parse('2026-03-02T01:02:03.456Z'));
    }
  });

  it('sort in creation order as the clock moves forward', () => {
    const clock = fixedClock('2026-03-02T00:00:00Z');
    const ids = uuidv7Generator(clock);
    const made: string[] = [];
    for (let i = 0; i < 500; i++) {
      made.push(ids.next());
      // Steps of one millisecond up to a few days: the order holds across byte boundaries too.
      clock.advance(i % 50 === 0 ? 86_400_000 : 1);
    }
    expect([...made].sort()).toEqual(made);
  });

  it('are unique: 10,000 made in the same millisecond never collide', () => {
    const ids = uuidv7Generator(fixedClock('2026-03-02T00:00:00Z'));
    const made = new Set(Array.from({ length: 10_000 }, () => ids.next()));
    expect(made.size).toBe(10_000);
  });
});
