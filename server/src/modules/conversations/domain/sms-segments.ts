/**
 * Joining inbound SMS parts (3GPP TS 23.040 concatenation). Splitting and counting live in
 * contracts/sms-segments.ts, shared with the desktop's composer. Pure: no I/O, the clock is passed in.
 */

/** A concatenated message's header, as the provider reports it: `seq` counts from 1 to `total`. */
export type SmsPartHeader = { ref: string; total: number; seq: number };

/** What the joiner needs of an inbound message; the caller's own fields ride along in `pieces`. */
export type JoinablePiece = { from: string; text: string; part?: SmsPartHeader | undefined };

export type JoinedSms<T extends JoinablePiece> = {
  /** The parts' texts in seq order; where parts are missing, one gap marker per run of them. */
  text: string;
  /** The pieces that make up `text`, in seq order. */
  pieces: T[];
  complete: boolean;
  /** The seqs not in `text` (empty when complete). */
  missing: number[];
};

export type SmsJoiner<T extends JoinablePiece> = {
  /**
   * Takes one inbound message. Returns the whole message when this piece completes it (at once for
   * a message without a part header), nothing while parts are outstanding or for a repeated part.
   */
  add(piece: T): JoinedSms<T> | undefined;
  /** Emits, incomplete, every message whose first part came `ttlMs` or longer ago. */
  expire(): JoinedSms<T>[];
  /** When the oldest outstanding message expires: the caller's next `expire()`. */
  nextExpiryAt(): Date | undefined;
  /** Messages waiting for parts. */
  pending(): number;
};

type Group<T extends JoinablePiece> = { total: number; firstAt: number; pieces: Map<number, T> };

/** Texts already emitted per key, kept `ttlMs` to recognise a provider's repeated delivery. */
type Emitted = { texts: Map<number, string>; until: number };

export const SMS_GAP_MARKER = '[…]';

/**
 * Joins concatenated inbound SMS by (from, ref, total), in seq order. Nothing is dropped unseen:
 * a repeated part (same seq, same text) is the only piece it swallows; a message whose parts do not
 * all come within `ttlMs` is emitted with a marker where each run of parts is missing, and a part
 * arriving after its message was emitted is emitted alone, marked as a fragment. A part that repeats
 * a seq with a different text is a new message reusing the reference (8-bit on most networks): the
 * outstanding one is emitted as it stands and the new one starts.
 *
 * No timer of its own: the caller runs `expire()` at `nextExpiryAt()` (or on an interval).
 */
export function createSmsJoiner<T extends JoinablePiece>(opts: {
  now: () => Date;
  ttlMs: number;
  gapMarker?: string;
}): SmsJoiner<T> {
  const marker = opts.gapMarker ?? SMS_GAP_MARKER;
  const groups = new Map<string, Group<T>>();
  const emitted = new Map<string, Emitted>();
  const nowMs = () => opts.now().getTime();

  const emit = (key: string, total: number, pieces: Map<number, T>): JoinedSms<T> => {
    const ordered: T[] = [];
    const missing: number[] = [];
    let text = '';
    let inGap = false;
    for (let seq = 1; seq <= total; seq++) {
      const p = pieces.get(seq);
      if (p) {
        ordered.push(p);
        text += p.text;
        inGap = false;
      } else {
        missing.push(seq);
        if (!inGap) text += marker;
        inGap = true;
      }
    }
    const seen = emitted.get(key) ?? { texts: new Map<number, string>(), until: 0 };
    for (const [seq, p] of pieces) seen.texts.set(seq, p.text);
    seen.until = nowMs() + opts.ttlMs;
    emitted.set(key, seen);
    return { text, pieces: ordered, complete: missing.length === 0, missing };
  };

  const forgetOld = (now: number) => {
    for (const [key, e] of emitted) if (e.until <= now) emitted.delete(key);
  };

  return {
    add(piece) {
      const h = piece.part;
      const valid =
        h !== undefined &&
        Number.isInteger(h.total) &&
        Number.isInteger(h.seq) &&
        h.total > 1 &&
        h.seq >= 1 &&
        h.seq <= h.total;
      // A header that cannot be right says nothing about the other parts: pass the piece on whole.
      if (!valid) return { text: piece.text, pieces: [piece], complete: true, missing: [] };

      const now = nowMs();
      forgetOld(now);
      const key = JSON.stringify([piece.from, h.ref, h.total]);
      const group = groups.get(key);

      if (!group) {
        const before = emitted.get(key)?.texts.get(h.seq);
        if (before === piece.text) return undefined; // a repeat of a part already passed on
        if (before === undefined && emitted.has(key)) {
          // Its message went out incomplete: this is one of the parts it was missing.
          return emit(key, h.total, new Map([[h.seq, piece]]));
        }
        // A new message under a reference seen before: the old texts must not make its parts look repeated.
        if (before !== undefined) emitted.delete(key);
        groups.set(key, { total: h.total, firstAt: now, pieces: new Map([[h.seq, piece]]) });
        return undefined;
      }

      const same = group.pieces.get(h.seq);
      if (same?.text === piece.text) return undefined;
      if (same) {
        const previous = emit(key, group.total, group.pieces);
        // The previous message's texts must not make this one's parts look like repeats.
        emitted.delete(key);
        groups.set(key, { total: h.total, firstAt: now, pieces: new Map([[h.seq, piece]]) });
        return previous;
      }
      group.pieces.set(h.seq, piece);
      if (group.pieces.size < group.total) return undefined;
      groups.delete(key);
      return emit(key, group.total, group.pieces);
    },

    expire() {
      const now = nowMs();
      forgetOld(now);
      const out: JoinedSms<T>[] = [];
      for (const [key, g] of groups) {
        if (now - g.firstAt < opts.ttlMs) continue;
        groups.delete(key);
        out.push(emit(key, g.total, g.pieces));
      }
      return out;
    },

    nextExpiryAt() {
      let first: number | undefined;
      for (const g of groups.values()) if (first === undefined || g.firstAt < first) first = g.firstAt;
      return first === undefined ? undefined : new Date(first + opts.ttlMs);
    },

    pending: () => groups.size,
  };
}
