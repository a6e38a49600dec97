/**
 * bench/chat.ts's book of messages, one per direction (customer → agent, agent → customer): when
 * each was sent, when its screen event arrived, and what arrived twice. Every text the bench sends
 * is `bench <id> t=<ms>` with an id used once, so what arrives is matched by what a person reads.
 */
import { quantiles } from './acd-load-measure';

const TEXT = /^bench (\S+) t=/;

/** The text of message `id` sent at `at` (performance.now(), the bench's clock). */
export const benchText = (id: string, at: number) => `bench ${id} t=${at.toFixed(3)}`;

/** The id a bench text carries, or undefined for any other text (a first message, a system line). */
export const idOfText = (text: string): string | undefined => TEXT.exec(text)?.[1];

export function createDirection() {
  const sent = new Map<string, number>();
  const arrived = new Map<string, number>();
  const messageIds = new Set<string>();
  /** The same stored message delivered twice (the same message id). */
  let sameMessageTwice = 0;
  /** The same text stored twice (two message ids): the server's de-duplication failed. */
  let sameTextTwice = 0;
  let foreign = 0;
  let start = 0;

  return {
    /** Latencies by 10-second window are counted from here. */
    begin(at: number) {
      start = at;
    },
    sent(id: string, at: number) {
      sent.set(id, at);
    },
    arrived(text: string, messageId: string, at: number) {
      const id = idOfText(text);
      if (id === undefined || !sent.has(id)) {
        foreign++;
        return;
      }
      if (messageIds.has(messageId)) {
        sameMessageTwice++;
        return;
      }
      messageIds.add(messageId);
      if (arrived.has(id)) {
        sameTextTwice++;
        return;
      }
      arrived.set(id, at);
    },
    sentAt: (id: string) => sent.get(id),
    /** Sent and not (yet) arrived. */
    missing: () => sent.size - arrived.size,
    figures() {
      const latencies: number[] = [];
      const windows: number[][] = [];
      for (const [id, at] of arrived) {
        const t0 = sent.get(id)!;
        latencies.push(at - t0);
        const w = Math.max(0, Math.floor((t0 - start) / 10_000));
        const win = windows[w] ?? [];
        windows[w] = win;
        win.push(at - t0);
      }
      return {
        sent: sent.size,
        arrived: arrived.size,
        lost: sent.size - arrived.size,
        duplicates: { sameMessageTwice, sameTextTwice },
        /** Screen events of messages this direction did not send (first messages, other texts). */
        notFromTheLoad: foreign,
        latencyMs: quantiles(latencies),
        /** By 10-second window of the send time: a steady cost, or stalls. */
        by10sMs: Array.from(windows, (w, i) => ({ fromSecond: i * 10, ...quantiles(w ?? []) })),
      };
    },
  };
}
export type Direction = ReturnType<typeof createDirection>;
