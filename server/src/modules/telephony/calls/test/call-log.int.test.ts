import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../../../test/db';
import { fixedClock } from '../../../../platform/clock';
import { type DbHandle, openDatabase } from '../../../../platform/db';
import { uuidv7Generator } from '../../../../platform/ids';
import { createLogger } from '../../../../platform/logger';
import { telephonyCallLegs, telephonyCalls } from '../../telephony.schema';
import { type CallLog, createCallLog } from '../call-log';

const T0 = new Date('2026-05-04T01:00:00.000Z');
const at = (s: number) => new Date(T0.getTime() + s * 1000);
const clock = fixedClock(T0);
let tdb: TestDatabase;
let handle: DbHandle;
const newLog = (): CallLog => {
  const gen = uuidv7Generator(clock);
  return createCallLog({ db: handle.db, clock, ids: () => gen.next(), log: createLogger('silent') });
};

beforeAll(async () => {
  tdb = await createTestDatabase();
  handle = openDatabase(tdb.url, { max: 5 });
});
afterAll(async () => {
  await handle?.close();
  await tdb?.drop();
});

const callRow = async (id: string) =>
  (await handle.db.select().from(telephonyCalls).where(eq(telephonyCalls.id, id)))[0];
const legRows = async (id: string) =>
  handle.db
    .select()
    .from(telephonyCallLegs)
    .where(eq(telephonyCallLegs.callId, id))
    .orderBy(telephonyCallLegs.startedAt);

const begin = (log: CallLog, extra: Partial<Parameters<CallLog['begin']>[0]> = {}) =>
  log.begin({ direction: 'inbound', caller: '13812345678', called: '4008001234', sipCallId: randomUUID(), ...extra });

describe('call log', () => {
  it('inserts the open call at begin, before the call ends', async () => {
    clock.set(T0);
    const log = newLog();
    const call = begin(log);
    await log.flush();
    const row = await callRow(call.id);
    expect(row).toMatchObject({ caller: '13812345678', called: '4008001234', startedAt: T0, endedAt: null });
    await call.end('caller_hangup');
  });

  it('writes the exact queue, ring, talk and hold durations, the IVR path and every leg at the end', async () => {
    clock.set(T0);
    const log = newLog();
    const queueId = randomUUID();
    const agent = randomUUID();
    const call = begin(log, { flowId: randomUUID(), flowVersion: 3 });
    const caller = call.leg({ kind: 'caller', remote: '13812345678' });
    caller.answered(at(0.5));
    clock.set(at(2));
    call.step({ node: 'welcome', type: 'play' });
    clock.set(at(6));
    call.step({ node: 'menu', type: 'menu', input: '2', result: 'billing' });
    call.step({ node: 'queue', type: 'queue', at: at(9) });
    call.set({ queueId, queuedAt: at(10), attributes: { lang: 'zh-CN' } });
    call.set({ attributes: { vip: 'no' } });
    const missed = call.leg({
      kind: 'agent',
      remote: 'sip:agent02@10.0.0.2',
      agentUserId: randomUUID(),
      startedAt: at(12),
    });
    missed.ringing(at(12.2));
    missed.ended('no_answer', 480, at(19));
    const answering = call.leg({
      kind: 'agent',
      remote: 'sip:agent01@10.0.0.1',
      agentUserId: agent,
      startedAt: at(20),
    });
    answering.ringing(at(21));
    answering.answered(at(25));
    call.holdStarted(at(40));
    call.holdEnded(at(50));
    call.holdStarted(at(60)); // still on hold when the caller hangs up: closes with the call
    call.transferred();
    caller.ended('caller_hangup', undefined, at(70));
    await call.end('caller_hangup', undefined, at(70));

    const row = await callRow(call.id);
    expect(row).toMatchObject({
      queueId,
      queuedAt: at(10),
      answeredAt: at(25),
      endedAt: at(70),
      endReason: 'caller_hangup',
      queueMs: 15_000,
      ringMs: 4_000,
      holdMs: 20_000,
      talkMs: 25_000, // 70 − 25 − 20 on hold
      transfers: 1,
      flowVersion: 3,
      agentUserIds: [agent],
      attributes: { lang: 'zh-CN', vip: 'no' },
      ivrPath: [
        { at: at(2).toISOString(), node: 'welcome', type: 'play' },
        { at: at(6).toISOString(), node: 'menu', type: 'menu', input: '2', result: 'billing' },
        { at: at(9).toISOString(), node: 'queue', type: 'queue' },
      ],
    });
    const legs = await legRows(call.id);
    expect(legs.map((l) => [l.kind, l.remote, l.answeredAt, l.endedAt, l.endReason, l.sipCode])).toEqual([
      ['caller', '13812345678', at(0.5), at(70), 'caller_hangup', null],
      ['agent', 'sip:agent02@10.0.0.2', null, at(19), 'no_answer', 480],
      // The agent leg never ended on its own: it ends with the call.
      ['agent', 'sip:agent01@10.0.0.1', at(25), at(70), 'caller_hangup', null],
    ]);
  });

  it('counts a caller who gave up in the queue from queued to the end, with no ring or talk time', async () => {
    clock.set(T0);
    const log = newLog();
    const call = begin(log);
    call.set({ queueId: randomUUID(), queuedAt: at(5) });
    await call.end('abandoned_queue', undefined, at(47));
    expect(await callRow(call.id)).toMatchObject({
      queueMs: 42_000,
      ringMs: null,
      talkMs: null,
      answeredAt: null,
      holdMs: 0,
      endReason: 'abandoned_queue',
    });
  });

  it('stops the queue time when the call leaves the queue unanswered (voicemail)', async () => {
    clock.set(T0);
    const log = newLog();
    const call = begin(log);
    call.set({ queuedAt: at(5), leftQueueAt: at(35) });
    await call.end('voicemail', undefined, at(95));
    expect(await callRow(call.id)).toMatchObject({ queueMs: 30_000, endReason: 'voicemail' });
  });

  it('ends once: a second end neither rewrites the record nor fails', async () => {
    clock.set(T0);
    const log = newLog();
    const call = begin(log);
    const first = call.end('agent_hangup', undefined, at(30));
    const second = call.end('failed', 500, at(99));
    expect(second).toBe(first);
    await first;
    call.set({ queueId: randomUUID() }); // ignored after the end
    await log.flush();
    expect(await callRow(call.id)).toMatchObject({
      endReason: 'agent_hangup',
      endedAt: at(30),
      sipCode: null,
      queueId: null,
    });
    expect(call.ended).toBe(true);
  });

  it('writes a call that begins and ends in the same tick (the end waits for the insert)', async () => {
    clock.set(T0);
    const log = newLog();
    const call = begin(log, { direction: 'outbound', caller: '4008001234', called: '13900001111' });
    await call.end('failed', 503, at(1));
    expect(await callRow(call.id)).toMatchObject({ direction: 'outbound', endReason: 'failed', sipCode: 503 });
  });

  it('keeps every call of a burst of setups (inserted in batches)', async () => {
    clock.set(T0);
    const log = newLog();
    const calls = Array.from({ length: 250 }, (_, i) => begin(log, { caller: `1380000${String(i).padStart(4, '0')}` }));
    await log.flush();
    const rows = await handle.db
      .select({ id: telephonyCalls.id, endedAt: telephonyCalls.endedAt })
      .from(telephonyCalls);
    const ids = new Set(rows.map((r) => r.id));
    expect(calls.every((c) => ids.has(c.id))).toBe(true);
    await Promise.all(calls.map((c) => c.end('caller_hangup', undefined, at(3))));
  });

  it('at start-up closes calls a previous run left open as system_restart, legs too, and leaves its own live calls', async () => {
    clock.set(T0);
    const crashed = newLog();
    const lost = begin(crashed);
    await crashed.flush();
    // A leg row left open by that run.
    const legId = randomUUID();
    await handle.db
      .insert(telephonyCallLegs)
      .values({ id: legId, callId: lost.id, kind: 'caller', remote: '138', startedAt: T0 });

    clock.set(at(600));
    const restarted = newLog();
    const live = begin(restarted);
    await restarted.flush();
    expect(await restarted.closeInterrupted()).toBe(1);
    expect(await callRow(lost.id)).toMatchObject({ endReason: 'system_restart', endedAt: at(600) });
    expect((await legRows(lost.id))[0]).toMatchObject({ endReason: 'system_restart', endedAt: at(600) });
    expect(await callRow(live.id)).toMatchObject({ endedAt: null });
    expect(await restarted.closeInterrupted()).toBe(0);
    await live.end('caller_hangup');
  });
});
