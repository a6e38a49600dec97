/**
 * The business-time contract of the calendars module, declared structurally: tickets does not import
 * calendars (it merges later), yet the real `BusinessTime` is assignable to this type.
 */
export type Pause = { from: Date; to: Date };

export type BusinessTimeLike = {
  isOpen(at: Date): boolean;
  nextOpen(at: Date): Date | undefined;
  addMinutes(from: Date, minutes: number, pauses?: readonly Pause[]): Date;
  minutesBetween(a: Date, b: Date, pauses?: readonly Pause[]): number;
};

const MINUTE = 60_000;

/** Pauses sorted and merged, empty ones dropped: the arithmetic below walks them in order. */
function normalise(pauses: readonly Pause[]): Pause[] {
  const sorted = pauses.filter((p) => p.to > p.from).sort((a, b) => a.from.getTime() - b.from.getTime());
  const out: Pause[] = [];
  for (const p of sorted) {
    const last = out[out.length - 1];
    if (last && p.from <= last.to) {
      if (p.to > last.to) last.to = p.to;
    } else out.push({ from: p.from, to: p.to });
  }
  return out;
}

/**
 * Always open (24×7): what a policy without a calendar runs on. Real behaviour, not a stand-in —
 * pauses still stop the clock.
 */
export const ALWAYS_OPEN: BusinessTimeLike = {
  isOpen: () => true,
  nextOpen: (at) => at,
  addMinutes(from, minutes, pauses = []) {
    let t = from.getTime();
    let left = minutes * MINUTE;
    for (const p of normalise(pauses)) {
      const pf = p.from.getTime();
      const pt = p.to.getTime();
      if (pt <= t) continue;
      if (pf <= t) {
        t = pt;
        continue;
      }
      if (t + left <= pf) break;
      left -= pf - t;
      t = pt;
    }
    return new Date(Math.round(t + left));
  },
  minutesBetween(a, b, pauses = []) {
    if (b <= a) return 0;
    let ms = b.getTime() - a.getTime();
    for (const p of normalise(pauses)) {
      const from = Math.max(p.from.getTime(), a.getTime());
      const to = Math.min(p.to.getTime(), b.getTime());
      if (to > from) ms -= to - from;
    }
    return ms / MINUTE;
  },
};
