import { describe, expect, it } from 'vitest';
import type { ConversationDetail, ConversationMessage } from '../../../../../contracts/conversations';
import {
  lastInboundSeq,
  type MessageCreatedEvent,
  mergeDetail,
  mergeMessages,
  messageOfEvent,
  missedBefore,
  previewOf,
  withState,
} from './messages';

const CID = '00000000-0000-4000-8000-000000000001';
const msg = (seq: number, over: Partial<ConversationMessage> = {}): ConversationMessage => ({
  id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
  conversationId: CID,
  seq,
  kind: 'in',
  text: `m${seq}`,
  html: null,
  quoted: null,
  subject: null,
  attachments: [],
  authorId: null,
  authorName: null,
  state: 'received',
  error: null,
  clientId: null,
  createdAt: '2026-03-01T08:00:00.000Z',
  ...over,
});
const detail = (messages: ConversationMessage[], more: boolean): ConversationDetail =>
  ({ id: CID, messages, more }) as unknown as ConversationDetail;

describe('mergeMessages', () => {
  it('shows a message once when the live event, the send reply and a resync all bring it', () => {
    const sent = msg(3, { kind: 'out', state: 'sent', clientId: 'c1' });
    const merged = mergeMessages(mergeMessages([msg(1), msg(2)], [sent]), [sent, msg(2)]);
    expect(merged.map((m) => m.seq)).toEqual([1, 2, 3]);
  });

  it('orders by seq whatever the arrival order', () => {
    expect(mergeMessages([msg(5), msg(2)], [msg(4), msg(1), msg(3)]).map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('never moves a delivery state back: a late reply saying "sent" keeps the ✓✓ read', () => {
    const read = msg(2, { kind: 'out', state: 'read' });
    const [m] = mergeMessages([read], [{ ...read, state: 'sent' }]);
    expect(m!.state).toBe('read');
    const [retried] = mergeMessages([{ ...read, state: 'failed', error: 'timeout' }], [{ ...read, state: 'sent' }]);
    expect(retried).toMatchObject({ state: 'sent', error: null });
  });

  it('keeps the e-mail HTML the HTTP reply gave when the live event (without HTML) comes after', () => {
    const mail = msg(1, { html: '<p>hi</p>', quoted: '> before', subject: 'Re: order' });
    const [m] = mergeMessages([mail], [{ ...mail, html: null, quoted: null }]);
    expect(m).toMatchObject({ html: '<p>hi</p>', quoted: '> before' });
  });

  it('keeps one message per seq, the later arrival', () => {
    const other = msg(2, { id: '00000000-0000-4000-8000-0000000000ff', text: 'other' });
    expect(mergeMessages([msg(1), msg(2)], [other]).map((m) => m.text)).toEqual(['m1', 'other']);
  });
});

describe('mergeDetail', () => {
  it('keeps the older pages loaded by scrolling when the last page is fetched again', () => {
    const prev = detail([msg(1), msg(2), msg(3), msg(4)], false);
    const fresh = detail([msg(3), msg(4), msg(5)], true);
    const merged = mergeDetail(prev, fresh);
    expect(merged.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(merged.more).toBe(false);
  });

  it('drops what it held when the fresh page does not reach back to it (a gap)', () => {
    const merged = mergeDetail(detail([msg(1), msg(2)], false), detail([msg(10), msg(11)], true));
    expect(merged.messages.map((m) => m.seq)).toEqual([10, 11]);
    expect(merged.more).toBe(true);
  });
});

describe('live events', () => {
  it('turns a message event into a message of the pane', () => {
    const e: MessageCreatedEvent = {
      conversationId: CID,
      channel: 'webchat',
      agentId: 'a',
      unread: 1,
      message: {
        id: msg(7).id,
        seq: 7,
        kind: 'in',
        text: '在吗',
        subject: null,
        attachments: [],
        authorId: null,
        authorName: null,
        state: 'received',
        clientId: 'w-1',
        createdAt: '2026-03-01T08:00:00.000Z',
      },
    };
    expect(messageOfEvent(e)).toMatchObject({ conversationId: CID, seq: 7, text: '在吗', html: null, error: null });
  });

  it('asks for a resync only when a seq was skipped', () => {
    expect(missedBefore([msg(1), msg(2)], 3)).toBe(false);
    expect(missedBefore([msg(1), msg(2)], 2)).toBe(false);
    expect(missedBefore([msg(1), msg(2)], 4)).toBe(true);
    expect(missedBefore([], 9)).toBe(false);
  });

  it('marks delivery on the named messages only, never backwards', () => {
    const list = [msg(1, { kind: 'out', state: 'sent' }), msg(2, { kind: 'out', state: 'read' })];
    const next = withState(list, [list[0]!.id, list[1]!.id], 'delivered', null);
    expect(next.map((m) => m.state)).toEqual(['delivered', 'read']);
    expect(withState(list, [list[0]!.id], 'failed', 'rejected')[0]).toMatchObject({ state: 'sent' });
  });

  it('reads up to the last customer message', () => {
    expect(lastInboundSeq([msg(1), msg(2, { kind: 'out' }), msg(3, { kind: 'note' })])).toBe(1);
    expect(lastInboundSeq([])).toBe(0);
  });

  it('previews the first line, or an attachment', () => {
    expect(previewOf(' 第一行\n第二行', 0)).toBe('第一行');
    expect(previewOf('', 2)).toBe('[attachment]');
    expect(previewOf('x'.repeat(200), 0)).toHaveLength(120);
  });
});
