import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitSms } from '../../../../../contracts/sms-segments';
import { createSmsJoiner, type JoinablePiece } from './sms-segments';

/** Runs per property; `FC_RUNS=10000 npx vitest run <this file>` searches harder. */
const RUNS = Number(process.env.FC_RUNS ?? 300);

const GSM_TEXT = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./09:;<=>?¡AZÄÖÑÜ§¿azäöñüà';
const EXTENSION = '\f^{}\\[~]|€';

describe('joining what splitSms split', () => {
  const anyText = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 400, size: 'max' }),
    // every UTF-16 unit, lone surrogates included
    fc.string({
      unit: fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u)),
      maxLength: 400,
      size: 'max',
    }),
    fc.string({ unit: fc.constantFrom(...Array.from(GSM_TEXT + EXTENSION)), maxLength: 500, size: 'max' }),
    fc.string({ unit: fc.constantFrom('客', '服', '😀', 'a', '€'), maxLength: 300, size: 'max' }),
  );

  it('property: join(split(x)) == x through the joiner, parts in any order, some repeated', () => {
    const clock = { t: 0 };
    fc.assert(
      fc.property(
        anyText.chain((text) => {
          // A message that fits one SMS comes without a part header (its repeats are the caller's
          // to drop, by provider id).
          const pieces: JoinablePiece[] = splitSms(text).map((t, i, all) => ({
            from: '+8613800000000',
            text: t,
            ...(all.length > 1 ? { part: { ref: 'r', total: all.length, seq: i + 1 } } : {}),
          }));
          return fc.tuple(
            fc.constant(text),
            fc.shuffledSubarray(pieces, { minLength: pieces.length, maxLength: pieces.length }),
            pieces.length > 1 ? fc.subarray(pieces) : fc.constant([]),
          );
        }),
        ([text, shuffled, repeats]) => {
          const joiner = createSmsJoiner<JoinablePiece>({ now: () => new Date(clock.t), ttlMs: 60_000 });
          const out = [...shuffled, ...repeats].map((p) => joiner.add(p)).filter((j) => j !== undefined);
          expect(out).toHaveLength(1);
          expect(out[0]!.complete).toBe(true);
          expect(out[0]!.text).toBe(text);
          expect(joiner.pending()).toBe(0);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
describe('createSmsJoiner', () => {
  type Piece = JoinablePiece & { id: string };
  const setUp = (ttlMs = 60_000) => {
    let t = Date.parse('2025-03-01T08:00:00Z');
    const joiner = createSmsJoiner<Piece>({ now: () => new Date(t), ttlMs });
    return { joiner, advance: (ms: number) => (t += ms) };
  };
  const part = (seq: number, text: string, o: { from?: string; ref?: string; total?: number } = {}): Piece => ({
    id: `${o.ref ?? '7'}-${seq}`,
    from: o.from ?? '+8613800000001',
    text,
    part: { ref: o.ref ?? '7', total: o.total ?? 3, seq },
  });

  it('passes a message without a part header straight through', () => {
    const { joiner } = setUp();
    expect(joiner.add({ id: 'x', from: 'a', text: 'hi' })).toEqual({
      text: 'hi',
      pieces: [{ id: 'x', from: 'a', text: 'hi' }],
      complete: true,
      missing: [],
    });
  });

  it('joins parts arriving out of order and keeps the caller’s pieces in seq order', () => {
    const { joiner } = setUp();
    expect(joiner.add(part(3, 'C'))).toBeUndefined();
    expect(joiner.add(part(1, 'A'))).toBeUndefined();
    const whole = joiner.add(part(2, 'B'));
    expect(whole?.text).toBe('ABC');
    expect(whole?.pieces.map((p) => p.id)).toEqual(['7-1', '7-2', '7-3']);
  });

  it('keeps messages of different senders, references or totals apart', () => {
    const { joiner } = setUp();
    joiner.add(part(1, 'A'));
    joiner.add(part(1, 'x', { from: '+8613900000000' }));
    joiner.add(part(1, 'y', { ref: '8' }));
    joiner.add(part(1, 'z', { total: 2 }));
    expect(joiner.pending()).toBe(4);
    expect(joiner.add(part(2, 'w', { total: 2 }))?.text).toBe('zw');
  });

  it('swallows a repeated part, also one repeated after its message was emitted', () => {
    const { joiner } = setUp();
    joiner.add(part(1, 'A'));
    expect(joiner.add(part(1, 'A'))).toBeUndefined();
    joiner.add(part(2, 'B'));
    expect(joiner.add(part(3, 'C'))?.text).toBe('ABC');
    expect(joiner.add(part(2, 'B'))).toBeUndefined();
    expect(joiner.pending()).toBe(0);
  });

  it('after the ttl emits what arrived with a marker for each run of missing parts', () => {
    const { joiner, advance } = setUp();
    joiner.add(part(1, 'A', { total: 5 }));
    joiner.add(part(4, 'D', { total: 5 }));
    expect(joiner.nextExpiryAt()?.toISOString()).toBe('2025-03-01T08:01:00.000Z');
    advance(59_999);
    expect(joiner.expire()).toEqual([]);
    advance(1);
    const [late] = joiner.expire();
    expect(late).toMatchObject({ text: 'A[…]D[…]', complete: false, missing: [2, 3, 5] });
    expect(joiner.pending()).toBe(0);
    expect(joiner.nextExpiryAt()).toBeUndefined();
  });

  it('emits a part that comes after its message went out incomplete as a marked fragment', () => {
    const { joiner, advance } = setUp();
    joiner.add(part(1, 'A'));
    advance(60_000);
    joiner.expire();
    expect(joiner.add(part(3, 'C'))).toMatchObject({ text: '[…]C', complete: false, missing: [1, 2] });
    expect(joiner.add(part(1, 'A'))).toBeUndefined();
  });

  it('treats a part repeating a seq with another text as a new message reusing the reference', () => {
    const { joiner } = setUp();
    joiner.add(part(1, 'A'));
    joiner.add(part(2, 'B'));
    expect(joiner.add(part(1, 'X'))).toMatchObject({ text: 'AB[…]', complete: false, missing: [3] });
    joiner.add(part(2, 'Y'));
    expect(joiner.add(part(3, 'Z'))?.text).toBe('XYZ');
    // and once a message is done, the same reference may carry the next one
    joiner.add(part(1, 'P'));
    joiner.add(part(2, 'Q'));
    expect(joiner.add(part(3, 'Z'))?.text).toBe('PQZ');
  });

  it('passes a piece with an impossible header on whole', () => {
    const { joiner } = setUp();
    expect(joiner.add(part(4, 'D'))).toMatchObject({ text: 'D', complete: true });
    expect(joiner.add(part(1, 'solo', { total: 1 }))).toMatchObject({ text: 'solo', complete: true });
  });

  it('uses the caller’s gap marker', () => {
    let t = 0;
    const joiner = createSmsJoiner<JoinablePiece>({ now: () => new Date(t), ttlMs: 10, gapMarker: '…' });
    joiner.add(part(2, 'B'));
    t = 10;
    expect(joiner.expire()[0]?.text).toBe('…B…');
  });
});
