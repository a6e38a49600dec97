import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/db';
import { createEventBus, type Envelope, type EventBus } from '../bus';
import { systemClock } from '../clock';
import { type DbHandle, openDatabase } from '../db';
import { createLogger } from '../logger';

let testDb: TestDatabase;
let handle: DbHandle;
const buses: EventBus[] = [];

beforeAll(async () => {
  testDb = await createTestDatabase();
  handle = openDatabase(testDb.url, { max: 5 });
});
afterEach(async () => {
  for (const bus of buses.splice(0)) await bus.stop();
  // Each test starts from an outbox with nothing left to deliver.
  const { rows } = await handle.pool.query('select id from outbox where published_at is null');
  expect(rows).toEqual([]);
});
afterAll(async () => {
  await handle.close();
  await testDb.drop();
});

function newBus(): EventBus {
  // A long poll: delivery in these tests comes from commits and drain(), never from the timer.
  const bus = createEventBus({ db: handle.db, clock: systemClock, log: createLogger('silent'), pollMs: 600_000 });
  buses.push(bus);
  return bus;
}

/** Records every team event a bus hands out, by team name. */
function record(bus: EventBus): string[] {
  const seen: string[] = [];
  bus.subscribe('*', (e) => {
    if (e.name === 'teams.team.created') seen.push((e as Envelope<'teams.team.created'>).payload.name);
  });
  return seen;
}

const team = (name: string) => ({ teamId: randomUUID(), name, leadUserId: null });

async function outboxRows(names: string[]) {
  const { rows } = await handle.pool.query<{ id: number; name: string; published_at: Date | null }>(
    `select id, payload->>'name' as name, published_at from outbox where payload->>'name' = any($1) order by id`,
    [names],
  );
  return rows;
}

describe('the transactional outbox', () => {
  it('never delivers an event staged in a transaction that rolled back', async () => {
    const bus = newBus();
    const seen = record(bus);
    bus.start();

    await expect(
      bus.transaction(async (tx) => {
        await bus.stage(tx, 'teams.team.created', team('rolled back'));
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    await bus.transaction((tx) => bus.stage(tx, 'teams.team.created', team('committed')));
    await bus.drain();

    expect(seen).toEqual(['committed']);
    expect((await outboxRows(['rolled back', 'committed'])).map((r) => r.name)).toEqual(['committed']);
  });

  it('delivers committed events once each, in the order they were staged, and marks them published', async () => {
    const bus = newBus();
    const seen = record(bus);
    bus.start();
    const before = new Date();

    await bus.transaction(async (tx) => {
      for (const n of ['e1', 'e2', 'e3']) await bus.stage(tx, 'teams.team.created', team(n));
    });
    await bus.transaction(async (tx) => {
      for (const n of ['e4', 'e5']) await bus.stage(tx, 'teams.team.created', team(n));
    });
    await bus.drain();
    await bus.drain();

    expect(seen).toEqual(['e1', 'e2', 'e3', 'e4', 'e5']);
    const rows = await outboxRows(['e1', 'e2', 'e3', 'e4', 'e5']);
    expect(rows).toHaveLength(5);
    for (const r of rows) expect(r.published_at?.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
  });

  it('hands subscribers the envelope: outbox id, name, time and payload', async () => {
    const bus = newBus();
    const got: Envelope<'teams.team.created'>[] = [];
    bus.subscribe('teams.team.created', (e) => {
      got.push(e);
    });
    const payload = team('enveloped');
    await bus.transaction((tx) => bus.stage(tx, 'teams.team.created', payload));
    await bus.drain();

    const [row] = await outboxRows(['enveloped']);
    expect(got).toEqual([{ id: row!.id, name: 'teams.team.created', at: expect.any(String), payload }]);
    expect(Number.isNaN(Date.parse(got[0]!.at))).toBe(false);
  });

  it('delivers, once started, what was left in the outbox while no dispatcher ran (crash recovery)', async () => {
    const crashed = newBus();
    const seenByCrashed = record(crashed);
    // Staged and committed, but the process died before delivering it …
    await crashed.transaction((tx) => crashed.stage(tx, 'teams.team.created', team('staged before crash')));
    // … and a row written by another node (or restored from a backup) that nobody delivered.
    await handle.pool.query(`insert into outbox (name, payload, created_at) values ($1, $2, now())`, [
      'teams.team.created',
      team('inserted directly'),
    ]);
    expect(seenByCrashed).toEqual([]);
    expect((await outboxRows(['staged before crash', 'inserted directly'])).map((r) => r.published_at)).toEqual([
      null,
      null,
    ]);

    const restarted = newBus();
    const seen = record(restarted);
    restarted.start();
    await restarted.drain();

    expect(seen).toEqual(['staged before crash', 'inserted directly']);
    expect(seenByCrashed).toEqual([]);
  });

  it('keeps delivering to the other subscribers when one throws, and does not redeliver', async () => {
    const bus = newBus();
    const calls: string[] = [];
    bus.subscribe('teams.team.created', (e) => {
      calls.push(`thrower:${e.payload.name}`);
      throw new Error('subscriber bug');
    });
    bus.subscribe('teams.team.created', async (e) => {
      calls.push(`async-thrower:${e.payload.name}`);
      await Promise.reject(new Error('async subscriber bug'));
    });
    bus.subscribe('teams.team.created', (e) => {
      calls.push(`named:${e.payload.name}`);
    });
    const seen = record(bus);
    bus.start();

    await bus.transaction(async (tx) => {
      await bus.stage(tx, 'teams.team.created', team('t1'));
      await bus.stage(tx, 'teams.team.created', team('t2'));
    });
    await bus.drain();
    await bus.drain();

    expect(calls).toEqual(['thrower:t1', 'async-thrower:t1', 'named:t1', 'thrower:t2', 'async-thrower:t2', 'named:t2']);
    expect(seen).toEqual(['t1', 't2']);
    expect((await outboxRows(['t1', 't2'])).every((r) => r.published_at !== null)).toBe(true);
  });

  it('an unsubscribed handler hears nothing more', async () => {
    const bus = newBus();
    const seen: string[] = [];
    const off = bus.subscribe('teams.team.created', (e) => {
      seen.push(e.payload.name);
    });
    await bus.transaction((tx) => bus.stage(tx, 'teams.team.created', team('heard')));
    await bus.drain();
    off();
    await bus.transaction((tx) => bus.stage(tx, 'teams.team.created', team('not heard')));
    await bus.drain();
    expect(seen).toEqual(['heard']);
  });

  it('two dispatchers on the same outbox (two nodes) deliver each event exactly once between them', async () => {
    const a = newBus();
    const b = newBus();
    const seenA = record(a);
    const seenB = record(b);
    const names = Array.from({ length: 300 }, (_, i) => `n${i}`);
    await handle.db.transaction(async (tx) => {
      for (const n of names) await a.stage(tx, 'teams.team.created', team(n));
    });

    await Promise.all([a.drain(), b.drain(), a.drain(), b.drain()]);

    expect([...seenA, ...seenB].sort()).toEqual([...names].sort());
  });

  it('a batch subscriber gets a backlog in batches of up to 200 of its events, in order, after the single ones', async () => {
    const bus = newBus();
    const order: string[] = [];
    bus.subscribe('teams.team.created', (e) => {
      if (e.payload.name.startsWith('b')) order.push('single');
    });
    const batches: string[][] = [];
    bus.subscribeBatch(['teams.team.created', 'teams.team.updated'], (events) => {
      const names = events.map((e) => e.payload.name).filter((n) => n.startsWith('b'));
      if (names.length === 0) return;
      order.push('batch');
      batches.push(names);
    });
    const failing = bus.subscribeBatch(['teams.team.created'], () => {
      throw new Error('a broken batch handler');
    });
    // 450 events staged while nobody delivers: a backlog, as after a restart.
    const names = Array.from({ length: 450 }, (_, i) => `b${String(i).padStart(3, '0')}`);
    await handle.db.transaction((tx) =>
      bus.stageAll(
        tx,
        names.map((n, i) =>
          i % 3 === 0
            ? { name: 'teams.team.updated' as const, payload: team(n) }
            : { name: 'teams.team.created' as const, payload: team(n) },
        ),
      ),
    );
    bus.start();
    await bus.drain();
    failing();

    expect(batches.flat()).toEqual(names);
    expect(batches.map((b) => b.length)).toEqual([200, 200, 50]);
    // Each delivered batch: its single-event handlers first, then the batch handler once.
    expect(order.filter((o) => o === 'batch')).toHaveLength(3);
    expect(order.at(-1)).toBe('batch');
    // The first batch handler call comes after the single handler of each created team in that batch.
    expect(order.indexOf('batch')).toBe(names.slice(0, 200).filter((_, i) => i % 3 !== 0).length);
  });

  it('a stop ends a backlog after the batch in hand; the rest is delivered, once, after the next start', async () => {
    const bus = newBus();
    const seen = record(bus);
    let stopping: Promise<void> | undefined;
    bus.subscribe('teams.team.created', () => {
      stopping ??= bus.stop();
    });
    const names = Array.from({ length: 450 }, (_, i) => `s${String(i).padStart(3, '0')}`);
    await handle.db.transaction((tx) =>
      bus.stageAll(
        tx,
        names.map((n) => ({ name: 'teams.team.created' as const, payload: team(n) })),
      ),
    );
    bus.start();
    await expect.poll(() => stopping !== undefined).toBe(true);
    await stopping;
    expect(seen).toEqual(names.slice(0, 200));
    expect((await outboxRows(names)).filter((r) => r.published_at === null)).toHaveLength(250);

    bus.start();
    await bus.drain();
    expect(seen).toEqual(names);
  });

  it('a batch handler that throws gets each event of the batch alone: only the bad one is lost', async () => {
    const bus = newBus();
    const got: string[] = [];
    bus.subscribeBatch(['teams.team.created'], (events) => {
      if (events.some((e) => e.payload.name === 'bad')) throw new Error('cannot take this one');
      got.push(...events.map((e) => e.payload.name));
    });
    bus.start();
    await bus.transaction((tx) =>
      bus.stageAll(
        tx,
        ['x1', 'bad', 'x2'].map((n) => ({ name: 'teams.team.created' as const, payload: team(n) })),
      ),
    );
    await bus.drain();
    expect(got).toEqual(['x1', 'x2']);
  });
});
