/**
 * The search literals on real PostgreSQL: every literal the helper makes is valid, and a query
 * finds every text that contains what was asked (recall first), including after a comment's
 * vector is appended with `||` as the tickets module does.
 */
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/db';
import { toSearchQuery, toSearchVector } from '../text-search';

const RUNS = Number(process.env.FC_RUNS ?? 200);
let tdb: TestDatabase;
let db: pg.Client;

beforeAll(async () => {
  tdb = await createTestDatabase();
  db = new pg.Client({ connectionString: tdb.url });
  await db.connect();
});
afterAll(async () => {
  await db?.end();
  await tdb?.drop();
});

/** The indices (0-based) of the pairs whose vector does not match its query. */
async function misses(pairs: ReadonlyArray<readonly [string, string]>): Promise<number[]> {
  const r = await db.query<{ i: string }>(
    `select i - 1 as i from unnest($1::text[], $2::text[]) with ordinality as t(v, q, i)
      where not (v::tsvector @@ q::tsquery)`,
    [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
  );
  return r.rows.map((row) => Number(row.i));
}

// A small alphabet, so that words repeat and runs share characters, as in real complaints.
const han = fc.constantFrom(...'信号差话费宽带套餐停机退款投诉网速慢基站光猫月本电'.split(''));
const latin = fc.constantFrom(...'abcdeRST'.split(''));
const digit = fc.constantFrom(...'0123456789'.split(''));
const sep = fc.constantFrom(' ', '，', '。', '-', ' ', '、', '\n', '：');
const chunk = fc.oneof(
  fc.array(han, { minLength: 1, maxLength: 8 }).map((a) => a.join('')),
  fc.array(latin, { minLength: 1, maxLength: 8 }).map((a) => a.join('')),
  fc.array(digit, { minLength: 1, maxLength: 13 }).map((a) => a.join('')),
);
const text = fc
  .array(fc.tuple(chunk, sep), { minLength: 1, maxLength: 12 })
  .map((parts) => parts.map(([c, s]) => c + s).join(''));

/** What a user may type that the text contains: a piece of a Chinese run, a word, a number's tail. */
function askable(t: string, pick: number): string | undefined {
  const options: string[] = [];
  for (const m of t.matchAll(/\p{Script=Han}+/gu)) {
    const run = m[0];
    for (let i = 0; i < run.length; i++) for (let j = i + 1; j <= run.length; j++) options.push(run.slice(i, j));
  }
  for (const m of t.matchAll(/(?<![\p{L}\p{N}])[a-zA-Z]+(?![a-zA-Z])/gu)) {
    options.push(m[0]);
    if (m[0].length > 3) options.push(m[0].slice(0, 3));
  }
  // A number the way the index keeps it: digits alone, or groups joined by one space, - or .
  for (const m of t.matchAll(/(?<![\p{Script=Latin}\d])\d+(?:[ .-]\d+)*(?![\p{Script=Latin}\d])/gu)) {
    const digits = m[0].replace(/[ .-]/g, '');
    options.push(m[0]);
    for (let n = 4; n < digits.length && digits.length <= 20; n++) options.push(digits.slice(-n));
  }
  return options.length > 0 ? options[pick % options.length] : undefined;
}

describe('text search on PostgreSQL', () => {
  it('accepts every vector and query literal made from any text', async () => {
    const samples = fc.sample(
      fc.tuple(fc.string({ unit: 'grapheme', maxLength: 60 }), fc.string({ maxLength: 30 })),
      RUNS,
    );
    const pairs = samples.map(
      ([v, q]) => [toSearchVector([{ text: v, weight: 'A' }]), toSearchQuery(q) ?? 'x'] as const,
    );
    // Throws on the first invalid literal; matches or not does not matter here.
    await misses(pairs);
  });

  it('finds every text by any piece of Chinese, any word, any number whole or by its last 4+ digits', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(text, fc.nat(), text), { minLength: 20, maxLength: 20 }), async (cases) => {
        const pairs: Array<readonly [string, string]> = [];
        const asked: string[] = [];
        for (const [t, pick, other] of cases) {
          const q = askable(t, pick);
          if (!q) continue;
          // The text sits in the body, after another field, as on a ticket.
          pairs.push([
            toSearchVector([
              { text: other, weight: 'A' },
              { text: t, weight: 'B' },
            ]),
            toSearchQuery(q)!,
          ]);
          asked.push(`${JSON.stringify(q)} in ${JSON.stringify(t)}`);
        }
        const missed = await misses(pairs);
        expect(missed.map((i) => asked[i])).toEqual([]);
      }),
      { numRuns: Math.max(10, RUNS / 10) },
    );
  });

  it('finds a word in a comment appended to a ticket vector, and ranks a subject match higher', async () => {
    const subject = toSearchVector([{ text: '家里宽带经常掉线', weight: 'A' }]);
    const comment = toSearchVector([{ text: '客户要求退还本月话费', weight: 'B' }]);
    const other = toSearchVector([{ text: '话费查询', weight: 'A' }]);
    const r = await db.query<{ found: boolean; across: boolean; rank: number; otherRank: number }>(
      `select ($1::tsvector || $2::tsvector) @@ $3::tsquery as found,
              ($1::tsvector || $2::tsvector) @@ $4::tsquery as across,
              ts_rank($1::tsvector || $2::tsvector, $3::tsquery) as rank,
              ts_rank($5::tsvector, $3::tsquery) as "otherRank"`,
      [subject, comment, toSearchQuery('话费'), toSearchQuery('掉线客户'), other],
    );
    expect(r.rows[0]).toMatchObject({ found: true, across: false });
    expect(r.rows[0]!.otherRank).toBeGreaterThan(r.rows[0]!.rank);
  });

  it('does not find a text that lacks the word', async () => {
    const v = toSearchVector([{ text: '信号很好，话 费正常 13800138000' }]);
    expect(
      await misses([
        [v, toSearchQuery('话费')!],
        [v, toSearchQuery('信号差')!],
        [v, toSearchQuery('0138')!],
      ]),
    ).toEqual([0, 1, 2]);
  });
});
