import { describe, expect, it } from 'vitest';
import type { VisitorMessage } from '../../contracts/conversations';
import type { OutboxEntry } from './outbox';
import { applyReceipt, lastAgentSeq, lastSeq, mergeMessages, timelineItems, unreadAfter } from './timeline';

const msg = (seq: number, over: Partial<VisitorMessage> = {}): VisitorMessage => ({
  id: `id-${seq}`,
  seq,
  from: 'agent',
  text: `m${seq}`,
  attachments: [],
  authorName: '李客服',
  clientId: null,
  state: 'sent',
  createdAt: '2025-03-01T08:00:00.000Z',
  ...over,
});
const pending = (clientId: string): OutboxEntry => ({
  clientId,
  text: clientId,
  attachmentIds: [],
  attachments: [],
  createdAt: '2025-03-01T08:00:00.000Z',
  state: 'sending',
});

describe('merging messages', () => {
  it('keeps seq order whatever order messages arrive in, each id once', () => {
    let list = mergeMessages([], [msg(3), msg(1)]);
    list = mergeMessages(list, [msg(2), msg(3), msg(1)]);
    expect(list.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(lastSeq(list)).toBe(3);
  });

  it('returns the same list when nothing is new (no re-render)', () => {
    const list = mergeMessages([], [msg(1)]);
    expect(mergeMessages(list, [msg(1)])).toBe(list);
    expect(mergeMessages(list, [])).toBe(list);
  });

  it('takes a newer delivery state from a later copy', () => {
    const list = mergeMessages([msg(1, { from: 'visitor', state: 'received' })], [msg(1, { state: 'read' })]);
    expect(list[0]).toMatchObject({ state: 'read', from: 'visitor' });
  });

  it('counts agent messages for receipts and the unread badge', () => {
    const list = [msg(1, { from: 'visitor' }), msg(2), msg(3, { from: 'system' }), msg(4), msg(5, { from: 'visitor' })];
    expect(lastAgentSeq(list)).toBe(4);
    expect(unreadAfter(list, 2)).toBe(1);
    expect(unreadAfter(list, 0)).toBe(2);
  });

  it("marks the visitor's messages read up to the receipt's seq, never backwards", () => {
    const list = [msg(1, { from: 'visitor', state: 'received' }), msg(2), msg(3, { from: 'visitor', state: 'read' })];
    const after = applyReceipt(list, 2, 'delivered');
    expect(after.map((m) => m.state)).toEqual(['delivered', 'sent', 'read']);
    expect(applyReceipt(after, 3, 'delivered')).toBe(after);
  });
});

describe('the timeline', () => {
  it('shows unacknowledged messages after the stored ones, and never one already stored', () => {
    const stored = [msg(1, { from: 'visitor', clientId: 'a' }), msg(2)];
    const items = timelineItems(stored, [pending('a'), pending('b')]);
    expect(items.map((i) => i.key)).toEqual(['m:id-1', 'm:id-2', 'o:b']);
  });
});
