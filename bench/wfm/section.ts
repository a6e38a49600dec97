/** What every section of `npm run bench:wfm` gets, and the helpers they share. */
export type BenchContext = {
  rounds: number;
  /** BENCH_QUICK=1: smaller batches, for a look while developing. */
  quick: boolean;
  log: (...a: unknown[]) => void;
};

/** A section measures one part of WFM and returns its figures, merged into bench/results/wfm.json. */
export type BenchSection = (ctx: BenchContext) => Promise<Record<string, unknown>>;

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
