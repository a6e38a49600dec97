/**
 * Quality's read model when events come in any order and checkers run side by side: a CSAT answer
 * and a complaint order delivered before their contact is projected still count; data that arrives
 * while a contact is being checked is checked next; two nodes never check one contact at once; and
 * a draft is pre-filled only from the rules that actually ran on the contact.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Acd, type Body, setupAcd } from '../../../../../test/acd';
import { buildTestKefu, type KefuOptions } from '../../../../../test/app';
import type { Kefu } from '../../../app';
import { encodeWav } from '../../telephony';
import type { SpeechToText } from '..';
import { stereoCall } from './stereo-call';

let acd: Acd;
let dir: string;
let second: Kefu | undefined;
let options: KefuOptions;

/** What the speech-to-text double was asked, and a hook the tests run in the middle of a check. */
const transcribed: number[] = [];
let duringCheck: (() => Promise<void>) | undefined;
const speechToText: SpeechToText = {
  language: 'zh',
  async transcribe(_samples, _rate, segments) {
    transcribed.push(segments.length);
    const hook = duringCheck;
    duringCheck = undefined;
    await hook?.();
    return segments.map((s) => (s.startMs < 2000 ? '您好，很高兴为您服务' : '好的，再见'));
  },
};

type Staged = 'voice.recording.stored' | 'voice.call.resumed' | 'surveys.answer.recorded' | 'tickets.ticket.created';
const stage = (name: Staged, payload: Body) =>
  acd.t.kefu.bus.transaction((tx) => acd.t.kefu.bus.stage(tx, name, payload as never));
const drain = () => acd.t.kefu.bus.drain();
const scan = () => acd.t.kefu.services.quality.autoChecks.scan();

/** A contact handled by `agent`; `during` runs while it is connected (before it is projected). */
async function handle(
  agent: string,
  opts: { callId?: string; customerId?: string; during?: (contactId: string) => Promise<void> } = {},
): Promise<string> {
  const c = await acd.create('qq', {
    attributes: opts.callId ? { callId: opts.callId } : {},
    customer: { id: opts.customerId ?? `k-${randomUUID()}` },
  });
  await acd.ready(agent);
  await acd.call(agent, 'POST', `/api/v1/contacts/${c.id}/accept`);
  await opts.during?.(c.id);
  await acd.call(agent, 'POST', `/api/v1/contacts/${c.id}/complete`, {
    wrapUp: { disposition: 'resolved', requestType: 'query', notes: '' },
  });
  await acd.call(agent, 'PUT', '/api/v1/agents/me/state', { state: 'not_ready', reason: 'break' });
  await drain();
  return c.id as string;
}

/** A handled call with a 10-second stereo recording stored after it. */
async function recordedCall(agent: string): Promise<string> {
  const callId = randomUUID();
  const wav = encodeWav({
    sampleRate: 8000,
    channels: 2,
    samples: stereoCall(10_000, [
      { party: 'agent', startMs: 1000, endMs: 3000 },
      { party: 'customer', startMs: 3500, endMs: 6000 },
      { party: 'agent', startMs: 6500, endMs: 9000 },
    ]),
  });
  const store = acd.t.kefu.services.recordings!;
  const temp = store.tempPath(callId);
  writeFileSync(temp, wav);
  const recordingId = await store.store(callId, temp, 10_000);
  const contactId = await handle(agent, { callId });
  await stage('voice.recording.stored', {
    callId,
    recordingId,
    kind: 'conversation',
    durationMs: 10_000,
    storedAt: new Date(Date.now() + 1000).toISOString(),
  });
  await drain();
  return contactId;
}

const contact = (id: string) => acd.call('eva', 'GET', `/api/v1/quality/contacts/${id}`);

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'kefu-quality-rm-'));
  options = { recordings: { dir, key: randomBytes(32), keyId: 'test', retentionDays: 180 }, speechToText };
  acd = await setupAcd({
    app: options,
    queues: [{ key: 'qq', offerTimeoutSeconds: 30, wrapUpSeconds: 60 }],
    users: [
      { name: 'ag1', memberships: [{ queue: 'qq' }] },
      { name: 'eva', roles: ['qa'] },
    ],
  });
}, 120_000);

afterAll(async () => {
  await second?.app.close();
  await acd?.t.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('events in any order', () => {
  it('keeps a CSAT answer and a complaint order delivered before their contact is projected', async () => {
    const customerId = `k-${randomUUID()}`;
    const id = await handle('ag1', {
      customerId,
      // The customer complains while still on the line (a complaint order made during the call),
      // and an answer about the contact is delivered before routing's completion.
      during: async (contactId) => {
        const now = new Date().toISOString();
        await stage('surveys.answer.recorded', {
          answerId: randomUUID(),
          channel: 'ivr',
          contactId,
          callId: null,
          queueId: null,
          agentId: null,
          ticketId: null,
          customerId,
          csat: 2,
          nps: null,
          ces: null,
          answeredAt: now,
        });
        await stage('tickets.ticket.created', {
          ticketId: randomUUID(),
          number: 'T-1',
          subject: '投诉：宽带一直断线',
          type: 'complaint',
          priority: 'high',
          status: 'new',
          customerId,
          ownerUserId: acd.id('ag1'),
          assigneeUserId: null,
          assigneeGroupId: null,
          channel: 'voice',
          times: {
            createdAt: now,
            updatedAt: now,
            respondedAt: null,
            resolvedAt: null,
            stoppedAt: null,
            responseDueAt: null,
            resolveDueAt: null,
            slaState: 'running',
            breachedAt: null,
          },
        });
        await drain();
        expect(await acd.status('eva', 'GET', `/api/v1/quality/contacts/${contactId}`)).toBe(404);
      },
    });
    expect(await contact(id)).toMatchObject({ csat: 2, complaint: true });
    // A later answer still counts as before: the lowest one stands.
    for (const csat of [1, 5]) {
      await stage('surveys.answer.recorded', {
        answerId: randomUUID(),
        channel: 'sms',
        contactId: id,
        callId: null,
        queueId: null,
        agentId: null,
        ticketId: null,
        customerId,
        csat,
        nps: null,
        ces: null,
        answeredAt: new Date().toISOString(),
      });
    }
    await drain();
    expect((await contact(id)).csat).toBe(1);
  });
});

describe('automatic checks', () => {
  it('checks again what arrived while a check was running', async () => {
    const id = await recordedCall('ag1');
    // While the recording is being transcribed, the call's hold is delivered.
    duringCheck = async () => {
      await stage('voice.call.resumed', {
        callId: randomUUID(),
        contactId: id,
        agentId: acd.id('ag1'),
        by: 'desktop',
        at: new Date(Date.now() + 80_000).toISOString(),
        heldMs: 70_000,
      });
      await drain();
    };
    await scan();
    expect(duringCheck).toBeUndefined();
    await scan();
    const c = await contact(id);
    expect(c.holdMs).toBe(70_000);
    expect(c.findings.map((f: Body) => f.rule)).toContain('long-hold');
    expect((await acd.t.handle.pool.query('select 1 from quality_contacts where auto_check_due')).rowCount).toBe(0);
  });

  it('lets two nodes never check the same contact at once', async () => {
    second = await buildTestKefu(acd.t.handle, options);
    await second.app.ready();
    // Its outbox dispatcher stays out of it: the first node delivers, so the tests' drain() holds.
    await second.bus.stop();
    const id = await recordedCall('ag1');
    transcribed.length = 0;
    let secondTook = -1;
    // In the middle of the first node's check, the second node's pass looks for due contacts.
    duringCheck = async () => {
      secondTook = await second!.services.quality.autoChecks.scan();
    };
    expect(await scan()).toBe(1);
    expect(secondTook).toBe(0);
    // One check: each party's channel transcribed once.
    expect(transcribed).toHaveLength(2);
    expect((await contact(id)).autoCheckedAt).not.toBeNull();
  });
});

describe('pre-filled drafts', () => {
  const start = async (contactId: string) =>
    (await acd.call('eva', 'POST', '/api/v1/quality/evaluations', { contactId }, 201)).autoSuggestions;

  it('leave the items of rules that did not run for the evaluator', async () => {
    // No call, no recording, no transcript: no rule had anything to look at.
    const bare = await handle('ag1');
    // A call without its recording: only the long-hold rule (the call's holds) ran.
    const unrecorded = await handle('ag1', { callId: randomUUID() });
    await scan();
    expect((await contact(bare)).autoCheckedAt).not.toBeNull();
    expect(await start(bare)).toEqual({});
    expect(await start(unrecorded)).toEqual({ hold: 'pass' });
  });

  it('pre-fill every linked item when the recording and its transcript were checked', async () => {
    const id = await recordedCall('ag1');
    await scan();
    expect(await start(id)).toEqual({
      greeting: 'pass',
      'no-dead-air': 'pass',
      hold: 'pass',
      closing: 'pass',
      forbidden: 'pass',
      interrupting: 'pass',
    });
  });
});
