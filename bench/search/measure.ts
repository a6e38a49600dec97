/** How the benchmark times a kind of query: ≥ 200 of them, one after another, on one client. */
import type pg from 'pg';
import type { QueryShape } from './schema';

export type Step = { n: number; listMs: number; countMs: number; estimated?: boolean };
export type Kind = {
  name: string;
  what: string;
  params: string[];
  run: (db: pg.Client, param: string) => Promise<Step>;
};

/** A page of 50 and its count, two plain queries (the planner gets them right: see docs/search.md). */
export function plain(shape: QueryShape) {
  return async (db: pg.Client, param: string): Promise<Step> => {
    const t0 = performance.now();
    await db.query(shape.list, [param]);
    const t1 = performance.now();
    const n = (await db.query<{ n: number }>(shape.count, [param])).rows[0]!.n;
    return { n, listMs: t1 - t0, countMs: performance.now() - t1 };
  };
}

/** A search page with its count; searchNewestFirst decides the plan, so list and count are timed as one. */
export const quantile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0;
export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
export const r2 = (x: number) => Math.round(x * 100) / 100;

export async function measure(db: pg.Client, kind: Kind) {
  const list: number[] = [];
  const count: number[] = [];
  const total: number[] = [];
  const matches: number[] = [];
  let estimated = 0;
  for (const param of kind.params) {
    const s = await kind.run(db, param);
    if (s.estimated) estimated++;
    list.push(s.listMs);
    count.push(s.countMs);
    total.push(s.listMs + s.countMs);
    matches.push(s.n);
  }
  const stats = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return { p50: quantile(s, 0.5), p95: quantile(s, 0.95), p99: quantile(s, 0.99), max: s[s.length - 1]! };
  };
  return { list: stats(list), count: stats(count), total: stats(total), matches, estimated };
}
