import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../../test/db';
import { createEventBus, type EventBus, type EventMap, type EventName } from '../../../platform/bus';
import { fixedClock } from '../../../platform/clock';
import { type DbHandle, openDatabase } from '../../../platform/db';
import { uuidv7Generator } from '../../../platform/ids';
import { createLogger } from '../../../platform/logger';
import { type CallLog, createCallLog } from '../../telephony';
import {
  callAnswered,
  callHeld,
  callResumed,
  callStarted,
  callTransferred,
  onCallEnded,
  recordingStored,
} from '../call-events';
import type { VoiceCallEnded } from '../voice.events';

/**
 * Voice's domain events through the real call log, outbox and bus on a real database: each is
 * staged in the transaction of the call-record row it belongs to, and subscribers read the call
 * record's figures.
 */
const T0 = new Date('2026-05-04T01:00:00.000Z');
const clock = fixedClock(T0);
const log = createLogger('silent');
let tdb: TestDatabase;
let handle: DbHandle;
let bus: EventBus;
let callLog: CallLog;
const seen: Array<{ name: EventName; payload: unknown }> = [];

beforeAll(async () => {
  tdb = await createTestDatabase();
  handle = openDatabase(tdb.url, { max: 5 });
  bus = createEventBus({ db: handle.db, clock, log });
  const gen = uuidv7Generator(clock);
  callLog = createCallLog({ db: handle.db, clock, ids: () => gen.next(), log, bus });
  bus.subscribe('*', (e) => {
    if (e.name.startsWith('voice.') || e.name.startsWith('ivr.')) seen.push({ name: e.name, payload: e.payload });
  });
  bus.start();
});
afterAll(async () => {
  await bus?.stop();
  await handle?.close();
  await tdb?.drop();
});

const eventsOf = (callId: string) => seen.filter((e) => (e.payload as { callId: string }).callId === callId);
const settle = async () => {
  await callLog.flush();
  await bus.drain();
};

describe('voice domain events', () => {
  it('a queued, answered, held, transferred and recorded call announces each step and ends with its record’s figures', async () => {
    clock.set(T0);
    const trunkId = randomUUID();
    const flowId = randomUUID();
    const queueId = randomUUID();
    const contactId = randomUUID();
    const agentId = randomUUID();
    const recordingId = randomUUID();
    const ended: VoiceCallEnded[] = [];
    // Typed subscription: the payload type follows from the event name.
    bus.subscribe('voice.call.ended', (e) => {
      expectTypeOf(e.payload).toEqualTypeOf<EventMap['voice.call.ended']>();
      ended.push(e.payload);
    });

    const record = callLog.begin({
      direction: 'inbound',
      caller: '13800138000',
      called: '4008000000',
      sipCallId: 'call-1',
      trunkId,
      flowId,
      flowVersion: 2,
    });
    const callId = record.id;
    callStarted(record, {
      callId,
      direction: 'inbound',
      caller: '13800138000',
      called: '4008000000',
      trunkId,
      flowId,
      flowVersion: 2,
      startedAt: clock.now().toISOString(),
    });
    onCallEnded(record, { flowId, flowVersion: 2, outcome: () => 'queued', endedAt: () => undefined });
    record.step({ node: 'menu', type: 'menu', input: '1', result: 'ok' });

    clock.advance(10_000); // 10 s in the flow, then the queue
    const queuedAt = clock.now();
    record.set({ queueId, contactId, queuedAt });
    await settle(); // the open row and call.started are written by now: later events take their own transaction
    const leg = record.leg({ kind: 'agent', remote: 'sip:agent@192.0.2.1', agentUserId: agentId });
    clock.advance(20_000);
    leg.ringing();
    clock.advance(5_000); // answered 25 s after queueing, after 5 s of ringing
    leg.answered();
    const answeredAt = clock.now();
    record.addAgent(agentId);
    record.set({ answeredAt });
    callAnswered(record, {
      callId,
      agentId,
      contactId,
      queueId,
      waitedMs: answeredAt.getTime() - queuedAt.getTime(),
      answeredAt: answeredAt.toISOString(),
    });
    clock.advance(30_000);
    const hold = { callId, contactId, agentId, by: 'desktop' as const };
    record.holdStarted();
    callHeld(record, { ...hold, at: clock.now().toISOString() });
    clock.advance(15_000);
    record.holdEnded();
    callResumed(record, { ...hold, at: clock.now().toISOString(), heldMs: 15_000 });
    await settle();
    record.transferred();
    callTransferred(record, {
      callId,
      by: 'phone',
      fromAgentId: agentId,
      fromContactId: contactId,
      toContactId: null,
      toQueueId: queueId,
      toAgentId: null,
      toNumber: null,
      at: clock.now().toISOString(),
    });
    clock.advance(60_000);
    record.set({ recordingId });
    recordingStored(record, {
      callId,
      recordingId,
      kind: 'conversation',
      durationMs: 105_000,
      storedAt: clock.now().toISOString(),
    });
    await record.end('caller_hangup');
    await settle();

    expect(eventsOf(callId).map((e) => e.name)).toEqual([
      'voice.call.started',
      'voice.call.answered',
      'voice.call.held',
      'voice.call.resumed',
      'voice.call.transferred',
      'voice.recording.stored',
      'ivr.flow.finished',
      'voice.call.ended',
    ]);
    expect(eventsOf(callId).find((e) => e.name === 'voice.call.answered')?.payload).toMatchObject({
      agentId,
      queueId,
      waitedMs: 25_000,
    });
    expect(eventsOf(callId).find((e) => e.name === 'ivr.flow.finished')?.payload).toEqual({
      callId,
      flowId,
      flowVersion: 2,
      path: [{ at: T0.toISOString(), node: 'menu', type: 'menu', input: '1', result: 'ok' }],
      outcome: 'queued',
      startedAt: T0.toISOString(),
      endedAt: clock.now().toISOString(),
    });
    expect(ended).toEqual([
      {
        callId,
        direction: 'inbound',
        caller: '13800138000',
        called: '4008000000',
        trunkId,
        flowId,
        flowVersion: 2,
        queueId,
        contactId,
        agentId,
        agentIds: [agentId],
        startedAt: T0.toISOString(),
        answeredAt: answeredAt.toISOString(),
        endedAt: clock.now().toISOString(),
        ivrMs: 10_000,
        queueMs: 25_000,
        ringMs: 5_000,
        // 105 s from the answer to the end, less 15 s on hold
        talkMs: 90_000,
        holdMs: 15_000,
        transfers: 1,
        endReason: 'caller_hangup',
        sipCode: null,
        recordingId,
      },
    ]);
  });

  it('an outbound call has no IVR run: no ivr.flow.finished, and no time in a flow', async () => {
    const record = callLog.begin({ direction: 'outbound', caller: 'kefu', called: '13900139000', sipCallId: 'dial-1' });
    callStarted(record, {
      callId: record.id,
      direction: 'outbound',
      caller: 'kefu',
      called: '13900139000',
      trunkId: null,
      flowId: null,
      flowVersion: null,
      startedAt: clock.now().toISOString(),
    });
    onCallEnded(record);
    await record.end('no_answer', 486);
    await settle();
    const events = eventsOf(record.id);
    expect(events.map((e) => e.name)).toEqual(['voice.call.started', 'voice.call.ended']);
    expect(events[1]?.payload).toMatchObject({ ivrMs: null, endReason: 'no_answer', sipCode: 486, agentId: null });
  });

  it('a final row that cannot be written publishes no voice.call.ended, and costs the other calls of its batch nothing', async () => {
    const bad = callLog.begin({ direction: 'inbound', caller: '1', called: '2', sipCallId: 'bad' });
    const good = callLog.begin({ direction: 'inbound', caller: '3', called: '4', sipCallId: 'good' });
    onCallEnded(bad);
    onCallEnded(good);
    await callLog.flush();
    // Not a uuid: the row (and with it the event) is refused by the database.
    bad.set({ contactId: 'not-a-contact-id' });
    await Promise.all([bad.end('caller_hangup'), good.end('caller_hangup')]);
    await settle();
    expect(eventsOf(bad.id)).toEqual([]);
    expect(eventsOf(good.id).map((e) => e.name)).toEqual(['voice.call.ended']);
  });
});
