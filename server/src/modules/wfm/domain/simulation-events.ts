/**
 * What happens next in a simulated centre. `ref` is the queue (arrival), contact (end, abandon) or
 * agent (log-in, log-out) index; a wake is the engine's own timer (nextWakeAt: wrap-ups ending,
 * relaxation steps, membership delays).
 */
export type EventKind = 'arrival' | 'end' | 'abandon' | 'logIn' | 'logOut' | 'wake';

export type SimEvent = { at: number; seq: number; kind: EventKind; ref: number };

/**
 * Future events, soonest first; events at the same moment in the order they were scheduled, so a
 * run is reproducible. A binary heap: the simulation schedules and takes one per engine call.
 */
export class EventQueue {
  private readonly heap: SimEvent[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  /** When the next event happens (infinity: none left). */
  peekAt(): number {
    return this.heap[0]?.at ?? Number.POSITIVE_INFINITY;
  }

  push(at: number, kind: EventKind, ref: number): void {
    const h = this.heap;
    const e: SimEvent = { at, seq: this.seq++, kind, ref };
    let i = h.length;
    h.push(e);
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = h[p]!;
      if (!before(e, parent)) break;
      h[i] = parent;
      i = p;
    }
    h[i] = e;
  }

  pop(): SimEvent | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (top === undefined || last === undefined || h.length === 0) return top;
    // Sift the last event down from the root, moving children up instead of swapping.
    const n = h.length;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && before(h[r]!, h[l]!) ? r : l;
      const child = h[c]!;
      if (!before(child, last)) break;
      h[i] = child;
      i = c;
    }
    h[i] = last;
    return top;
  }
}

function before(x: SimEvent, y: SimEvent): boolean {
  return x.at < y.at || (x.at === y.at && x.seq < y.seq);
}
