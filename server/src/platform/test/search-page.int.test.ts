/**
 * searchNewestFirst on real PostgreSQL: whichever plan it picks (the newest-rows window, or the
 * GIN index), the page is exactly the newest matches, and the count is exact, capped or estimated
 * as it says.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/db';
import { type LexemeFrequencies, lexemeFrequencies, type SearchTarget, searchNewestFirst } from '../search-page';
import { toSearchQuery, toSearchVector } from '../text-search';

const ROWS = 3000;
const target: SearchTarget = {
  table: 'search_page_t',
  vector: 'search',
  newest: 'created_at',
  columns: 'id, created_at',
};
let tdb: TestDatabase;
let db: pg.Client;
let frequencies: LexemeFrequencies;

/** Row i: 话费 in one row of 3, 宽带掉线 in one of 7, 稀有 in one of 500, a phone in row 1234. */
function text(i: number): string {
  const words = ['工单'];
  if (i % 3 === 0) words.push('本月话费异常');
  if (i % 7 === 0) words.push('家里宽带掉线');
  if (i % 500 === 0) words.push('稀有问题');
  if (i === 1234) words.push('联系电话13800138000');
  return words.join('，');
}

beforeAll(async () => {
  tdb = await createTestDatabase();
  db = new pg.Client({ connectionString: tdb.url });
  await db.connect();
  await db.query(
    'create table search_page_t (id int primary key, created_at timestamptz not null, search tsvector not null)',
  );
  const vectors = Array.from({ length: ROWS }, (_, i) => toSearchVector([{ text: text(i) }]));
  await db.query(
    `insert into search_page_t select i - 1, timestamptz '2026-01-01' + (i - 1) * interval '1 minute', v::tsvector
       from unnest($1::text[]) with ordinality as u(v, i)`,
    [vectors],
  );
  await db.query('create index on search_page_t using gin (search)');
  await db.query('create index on search_page_t (created_at)');
  await db.query('analyze search_page_t');
  frequencies = await lexemeFrequencies(db, target);
});
afterAll(async () => {
  await db?.end();
  await tdb?.drop();
});

async function truth(q: string) {
  const page = await db.query<{ id: number }>(
    'select id from search_page_t where search @@ $1::tsquery order by created_at desc limit 50',
    [q],
  );
  const n = await db.query<{ n: number }>('select count(*)::int as n from search_page_t where search @@ $1::tsquery', [
    q,
  ]);
  return { ids: page.rows.map((r) => r.id), count: n.rows[0]!.n };
}

describe('searchNewestFirst', () => {
  it('reads which lexemes are common from the statistics', () => {
    expect(frequencies.common.get('话费')).toBeGreaterThan(0.3);
    // A small table lists every lexeme; a phone is there with its tiny share.
    expect(frequencies.common.get('13800138000') ?? 0).toBeLessThan(0.001);
  });

  it.each([
    ['话费', 'window', true],
    ['宽带掉线', 'index', false],
    ['稀有', 'index', false],
    ['13800138000', 'index', false],
    ['8000', 'index', false],
    ['不存在的词', 'index', false],
    ['工单 话费', 'window', true],
  ])('answers %s with the newest matches (%s plan)', async (word, _plan, estimated) => {
    const q = toSearchQuery(word)!;
    const want = await truth(q);
    for (const options of [{ frequencies, window: 300 }, { window: 300 }]) {
      const got = await searchNewestFirst<{ id: number }>(db, target, q, options);
      expect(got.rows.map((r) => r.id)).toEqual(want.ids);
      expect(got.estimated).toBe(estimated);
      if (estimated) expect(Math.abs(got.count - want.count) / want.count).toBeLessThan(0.2);
      else expect(got.count).toBe(want.count);
    }
  });

  it('caps an exact count', async () => {
    const got = await searchNewestFirst(db, target, toSearchQuery('宽带掉线')!, { window: 300, countCap: 100 });
    expect(got).toMatchObject({ count: 100, capped: true, estimated: false });
    expect(got.rows).toHaveLength(50);
  });

  it.each([
    // Estimated counts scale by the planner's estimate of the filter: a column with statistics.
    ['话费', { sql: 'id >= $1', params: [1000] }],
    ['宽带掉线', { sql: 'id >= $1', params: [1000] }],
    ['13800138000', { sql: 'id >= $1', params: [1000] }],
    ['13800138000', { sql: 'id < $1', params: [1000] }],
    // A list smaller than the window is read whole: the count is exact.
    ['话费', { sql: 'id < $1', params: [200] }],
  ])('restricts %s to a filter (%s), on either plan, page by page', async (word, filter) => {
    const q = toSearchQuery(word)!;
    const page = (offset: number) =>
      db.query<{ id: number }>(
        `select id from search_page_t where (${filter.sql}) and search @@ $2::tsquery
          order by created_at desc limit 50 offset ${offset}`,
        [...filter.params, q],
      );
    const n = await db.query<{ n: number }>(
      `select count(*)::int as n from search_page_t where (${filter.sql}) and search @@ $2::tsquery`,
      [...filter.params, q],
    );
    for (const offset of [0, 50]) {
      const want = (await page(offset)).rows.map((r) => r.id);
      for (const options of [{ frequencies, window: 300 }, { window: 300 }]) {
        const got = await searchNewestFirst<{ id: number }>(db, target, q, { ...options, filter, offset });
        expect(got.rows.map((r) => r.id)).toEqual(want);
        if (got.estimated) expect(Math.abs(got.count - n.rows[0]!.n) / n.rows[0]!.n).toBeLessThan(0.25);
        else expect(got.count).toBe(n.rows[0]!.n);
      }
    }
  });

  it('leaves no planner setting behind on the connection', async () => {
    await searchNewestFirst(db, target, toSearchQuery('稀有')!, { frequencies });
    const r = await db.query<{ s: string; i: string }>(
      "select current_setting('enable_seqscan') as s, current_setting('enable_indexscan') as i",
    );
    expect(r.rows[0]).toEqual({ s: 'on', i: 'on' });
  });
});
