import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../../test/db';
import { seededRandom } from '../../../../../test/seeded-random';
import { type DbHandle, openDatabase } from '../../../platform/db';
import { agentTimeSums, type KpiSpec, onQuarterHours } from '../reporting.query';
import { createReportingRepo } from '../reporting.repo';

const repo = createReportingRepo();
let tdb: TestDatabase;
let h: DbHandle;

beforeAll(async () => {
  tdb = await createTestDatabase();
  h = openDatabase(tdb.url, { max: 4 });
});
afterAll(async () => {
  await h?.close();
  await tdb?.drop();
});

const agents = Array.from({ length: 6 }, (_, i) => `00000000-0000-4000-8000-00000000000${i}`);
const STATES = ['ready', 'reserved', 'busy', 'wrap_up', 'not_ready', 'logged_out'];
const START = Date.parse('2026-03-01T00:00:00Z');
const NOW = new Date(START + 3 * 86_400_000);

/** Random state changes over three days: seconds to hours long, some on quarter-hour edges. */
function changes(seed: number, agentId: string) {
  const rnd = seededRandom(seed);
  const out: Array<{ agentId: string; at: Date; state: string; reason: string | null }> = [];
  for (let t = START + Math.floor(rnd() * 3_600_000); t < NOW.getTime() - 600_000; ) {
    const state = STATES[Math.floor(rnd() * STATES.length)]!;
    out.push({
      agentId,
      at: new Date(t),
      state,
      reason: state === 'not_ready' ? (rnd() < 0.5 ? 'lunch' : 'break') : null,
    });
    const r = rnd();
    const len =
      r < 0.6
        ? 1 + Math.floor(rnd() * 300_000)
        : r < 0.9
          ? Math.floor(rnd() * 3_600_000)
          : Math.floor(rnd() * 10 * 3_600_000);
    t += Math.max(1, len);
    if (rnd() < 0.1) t = Math.ceil(t / 900_000) * 900_000; // exactly on a bucket edge
  }
  return out;
}

const spec = (over: Partial<KpiSpec>): KpiSpec => ({
  from: new Date(START),
  to: NOW,
  tz: 'Asia/Shanghai',
  intervalMinutes: 15,
  now: NOW,
  ...over,
});

const sorted = (rows: Awaited<ReturnType<typeof agentTimeSums>>) =>
  rows
    .map((r) => ({ bucket: r.bucket, sums: r.sums }))
    .sort((a, b) => String(a.bucket).localeCompare(String(b.bucket)));

describe('centre-wide agent time from the sums by quarter hour', () => {
  it('equals the time read from every interval, live and rebuilt states alike, open ones included', async () => {
    // Half the agents through the live path (one change at a time), half as the rebuild writes them.
    for (const [i, agentId] of agents.entries()) {
      const list = changes(1000 + i, agentId);
      if (i % 2 === 0) for (const c of list) await repo.agentState(h.db, c.agentId, c.at, c.state, c.reason);
      else for (let k = 0; k < list.length; k += 7) await repo.agentStates(h.db, list.slice(k, k + 7));
      // The same change again (a replayed event) adds nothing.
      const last = list[list.length - 1]!;
      await repo.agentStates(h.db, [last]);
    }
    const { rows } = await h.pool.query('select count(*)::int as n from reporting_agent_intervals');
    expect(rows[0].n).toBeGreaterThan(50);

    const everyone = agents;
    const questions: Array<Partial<KpiSpec>> = [
      {},
      { time: 'interval', intervalMinutes: 15 },
      { time: 'interval', intervalMinutes: 30, tz: 'Asia/Kathmandu' },
      { time: 'hour', tz: 'America/New_York' },
      { time: 'day' },
      { time: 'day', from: new Date(START + 86_400_000 + 900_000), to: new Date(START + 2 * 86_400_000 - 1_800_000) },
    ];
    for (const q of questions) {
      const s = spec(q);
      expect(onQuarterHours(s)).toBe(true);
      const summed = sorted(await agentTimeSums(h.db, s));
      // Naming every agent reads the intervals themselves.
      const raw = sorted(await agentTimeSums(h.db, { ...s, agentIds: everyone }));
      expect(summed.length).toBeGreaterThan(0);
      expect(summed).toEqual(raw);
    }
  });

  it('a recomputation from the intervals gives the same sums as the ones kept on the way', async () => {
    const before = await h.pool.query(
      'select bucket, state, reason, us from reporting_agent_intervals order by 1, 2, 3',
    );
    await repo.recomputeAgentTime(h.db);
    const after = await h.pool.query(
      'select bucket, state, reason, us from reporting_agent_intervals order by 1, 2, 3',
    );
    expect(after.rows).toEqual(before.rows);
  });

  it('a range off the quarter hours is read from the intervals', () => {
    expect(onQuarterHours(spec({ from: new Date(START + 60_000) }))).toBe(false);
    expect(onQuarterHours(spec({ tz: 'Asia/Kolkata' }))).toBe(true);
  });
});
