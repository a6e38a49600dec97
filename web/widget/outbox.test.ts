import { describe, expect, it } from 'vitest';
import type { VisitorMessage } from '../../contracts/conversations';
import {
  ACK_TIMEOUT_MS,
  acknowledge,
  addEntry,
  due,
  newClientId,
  type Outbox,
  type OutboxEntry,
  overdue,
  RATE_LIMIT_RETRY_MS,
  refuse,
  resetSent,
  restore,
  retry,
  serialize,
  updateEntry,
  wireOf,
} from './outbox';
import { mergeMessages, timelineItems } from './timeline';

const entry = (clientId: string, over: Partial<OutboxEntry> = {}): OutboxEntry => ({
  clientId,
  text: `text ${clientId}`,
  attachmentIds: [],
  attachments: [],
  createdAt: '2025-03-01T08:00:00.000Z',
  state: 'sending',
  ...over,
});
const sent = (box: Outbox, now: number) => {
  let b = box;
  for (const e of due(b, now)) b = updateEntry(b, e.clientId, { sentAt: now });
  return b;
};

describe('the outbox', () => {
  it('sends each waiting message once per connection, oldest first, and again after a reconnect', () => {
    let box: Outbox = [];
    box = addEntry(box, entry('a'));
    box = addEntry(box, entry('b'));
    expect(due(box, 0).map((e) => e.clientId)).toEqual(['a', 'b']);
    box = sent(box, 1);
    expect(due(box, 2)).toEqual([]);
    box = resetSent(box);
    expect(due(box, 3).map((e) => e.clientId)).toEqual(['a', 'b']);
  });

  it('an ack takes the message out; an unknown ack changes nothing', () => {
    let box: Outbox = [entry('a'), entry('b')];
    box = acknowledge(box, ['a']);
    expect(box.map((e) => e.clientId)).toEqual(['b']);
    expect(acknowledge(box, ['zzz', null])).toEqual(box);
  });

  it('a rate-limited message goes again by itself later; another refusal waits for "retry"', () => {
    let box: Outbox = sent([entry('a'), entry('b')], 1000);
    box = refuse(box, 'a', 'HTTP.RATE_LIMITED', 1000);
    box = refuse(box, 'b', 'CONVERSATIONS.ATTACHMENT_NOT_FOUND', 1000);
    expect(box.map((e) => e.state)).toEqual(['sending', 'failed']);
    expect(due(box, 1000 + RATE_LIMIT_RETRY_MS - 1)).toEqual([]);
    expect(due(box, 1000 + RATE_LIMIT_RETRY_MS).map((e) => e.clientId)).toEqual(['a']);
    box = retry(box, 'b');
    expect(box[1]).toMatchObject({ state: 'sending', error: undefined });
    expect(due(box, 2000).map((e) => e.clientId)).toEqual(['b']);
  });

  it('a message unacknowledged for too long marks the connection as dead', () => {
    const box = sent([entry('a')], 1000);
    expect(overdue(box, 1000 + ACK_TIMEOUT_MS)).toBe(false);
    expect(overdue(box, 1001 + ACK_TIMEOUT_MS)).toBe(true);
    expect(overdue(refuse(box, 'a', 'X', 0), 1_000_000)).toBe(false);
  });

  it('survives a reload without uploads in progress or local previews; failed ones stay failed', () => {
    const box: Outbox = [
      entry('a', { sentAt: 5, previewUrl: 'blob:x', profile: { name: '张三' } }),
      entry('b', { state: 'uploading' }),
      entry('c', { state: 'failed', error: 'X' }),
      entry('d', { retryAt: 99, attachmentIds: ['00000000-0000-4000-8000-000000000001'], text: '' }),
    ];
    const back = restore(serialize(box));
    expect(back.map((e) => [e.clientId, e.state])).toEqual([
      ['a', 'sending'],
      ['c', 'failed'],
      ['d', 'sending'],
    ]);
    expect(back[0]).not.toHaveProperty('previewUrl');
    expect(back[0]).not.toHaveProperty('sentAt');
    expect(back[0]!.profile).toEqual({ name: '张三' });
    expect(back[2]).not.toHaveProperty('retryAt');
  });

  it('ignores a stored box it cannot read', () => {
    expect(restore(null)).toEqual([]);
    expect(restore('{')).toEqual([]);
    expect(restore('{"a":1}')).toEqual([]);
    expect(restore('[null, 3, {"clientId": 1}, {"clientId":"x","text":" ","createdAt":"t"}]')).toEqual([]);
  });

  it('puts the pre-chat answers on the wire only when the message has them', () => {
    expect(wireOf(entry('a'))).toEqual({ t: 'send', clientId: 'a', text: 'text a', attachmentIds: [] });
    expect(wireOf(entry('a', { profile: { name: 'Li' } })).profile).toEqual({ name: 'Li' });
  });

  it('makes ids that differ with the random bytes and stay within the server limit', () => {
    const a = newClientId(1_700_000_000_000, (n) => new Uint8Array(n).fill(1));
    const b = newClientId(1_700_000_000_000, (n) => new Uint8Array(n).fill(2));
    expect(a).not.toBe(b);
    expect(a.length).toBeLessThanOrEqual(100);
  });
});

/**
 * A drop in the middle of a burst, end to end through the pure parts: a server that stores by
 * clientId (as the real one does), a connection that loses some acks and some sends, and a widget
 * that resends everything unacknowledged on each reconnect. Every message ends up stored and shown once.
 */
describe('resending through network drops', () => {
  type Server = { stored: VisitorMessage[] };
  const store = (s: Server, e: OutboxEntry): VisitorMessage => {
    const had = s.stored.find((m) => m.clientId === e.clientId);
    if (had) return had;
    const m: VisitorMessage = {
      id: `id-${e.clientId}`,
      seq: s.stored.length + 1,
      from: 'visitor',
      text: e.text,
      attachments: [],
      authorName: null,
      clientId: e.clientId,
      state: 'received',
      createdAt: e.createdAt,
    };
    s.stored.push(m);
    return m;
  };

  it('stores and shows each message exactly once whatever is lost on the way', () => {
    // A fixed pattern of fates: the send is lost, stored but the ack is lost, or all goes well.
    const fates = ['lost', 'ackLost', 'ok', 'ackLost', 'lost', 'ok', 'ok', 'ackLost'] as const;
    const server: Server = { stored: [] };
    let box: Outbox = [];
    let shown: VisitorMessage[] = [];
    for (let i = 0; i < 6; i++) box = addEntry(box, entry(`m${i}`));
    let f = 0;
    for (let round = 0; round < 10 && box.length > 0; round++) {
      box = resetSent(box);
      // On reconnect the widget first syncs: what the server stored meanwhile comes back.
      shown = mergeMessages(shown, server.stored);
      box = acknowledge(
        box,
        shown.map((m) => m.clientId),
      );
      for (const e of due(box, round)) {
        box = updateEntry(box, e.clientId, { sentAt: round });
        const fate = fates[f++ % fates.length];
        if (fate === 'lost') continue;
        const m = store(server, e);
        if (fate === 'ackLost') continue;
        shown = mergeMessages(shown, [m]);
        box = acknowledge(box, [m.clientId]);
      }
    }
    expect(box).toEqual([]);
    expect(server.stored.map((m) => m.clientId).sort()).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5']);
    expect(timelineItems(shown, box).map((i) => i.key)).toHaveLength(6);
  });
});
