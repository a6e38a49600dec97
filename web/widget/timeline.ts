import type { VisitorMessage } from '../../contracts/conversations';
import type { Outbox, OutboxEntry } from './outbox';

/**
 * The conversation as the widget shows it: stored messages in seq order, each once, whether it came
 * by `ack`, by the broadcast `message`, or again by a `sync` after a reconnect; then the visitor's
 * messages the server has not acknowledged yet.
 */
export function mergeMessages(
  current: readonly VisitorMessage[],
  incoming: readonly VisitorMessage[],
): VisitorMessage[] {
  if (incoming.length === 0) return current as VisitorMessage[];
  const byId = new Map(current.map((m) => [m.id, m]));
  let changed = false;
  for (const m of incoming) {
    const had = byId.get(m.id);
    // A later copy may carry a newer delivery state; it never moves a message (seq is fixed).
    if (had && had.state === m.state) continue;
    byId.set(m.id, had ? { ...had, state: m.state } : m);
    changed = true;
  }
  if (!changed) return current as VisitorMessage[];
  return [...byId.values()].sort((a, b) => a.seq - b.seq);
}

/** The highest seq seen: a reconnect asks for what came after it. */
export const lastSeq = (list: readonly VisitorMessage[]): number => list.reduce((n, m) => Math.max(n, m.seq), 0);

/** The highest seq of an agent's message: what receipts acknowledge. */
export const lastAgentSeq = (list: readonly VisitorMessage[]): number =>
  list.reduce((n, m) => (m.from === 'agent' ? Math.max(n, m.seq) : n), 0);

/** The visitor's messages up to `upToSeq` were delivered or read by the agent. */
export function applyReceipt(
  list: readonly VisitorMessage[],
  upToSeq: number,
  state: 'delivered' | 'read',
): VisitorMessage[] {
  const rank = { received: 0, queued: 0, sent: 1, delivered: 2, read: 3, failed: 0 } as const;
  let changed = false;
  const out = list.map((m) => {
    if (m.from !== 'visitor' || m.seq > upToSeq || rank[m.state] >= rank[state]) return m;
    changed = true;
    return { ...m, state };
  });
  return changed ? out : (list as VisitorMessage[]);
}

export type TimelineItem =
  | { key: string; kind: 'message'; message: VisitorMessage }
  | { key: string; kind: 'pending'; entry: OutboxEntry };

/**
 * What the list shows: stored messages, then outbox entries not yet among them. An entry whose
 * clientId is already stored (its ack was lost, a sync brought it) is not shown twice.
 */
export function timelineItems(messages: readonly VisitorMessage[], outbox: Outbox): TimelineItem[] {
  const stored = new Set(messages.map((m) => m.clientId).filter((c): c is string => c !== null));
  const items: TimelineItem[] = messages.map((m) => ({ key: `m:${m.id}`, kind: 'message', message: m }));
  for (const e of outbox)
    if (!stored.has(e.clientId)) items.push({ key: `o:${e.clientId}`, kind: 'pending', entry: e });
  return items;
}

/** Agent messages after `seenSeq`: the launcher's unread badge while the panel is closed. */
export const unreadAfter = (list: readonly VisitorMessage[], seenSeq: number): number =>
  list.filter((m) => m.from === 'agent' && m.seq > seenSeq).length;
