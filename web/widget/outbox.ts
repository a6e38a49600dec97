import type { MessageAttachment, VisitorProfile } from '../../contracts/conversations';

/**
 * The visitor's messages the server has not acknowledged yet. Each keeps its clientId for good: the
 * server stores a message once per clientId, so sending an entry again after a network drop can
 * never duplicate it, and the widget may resend everything unacknowledged on every reconnect.
 *
 * `uploading`: its image is still being uploaded (lives in memory only: the bytes cannot be kept);
 * `sending`: ready to go, or written to the socket (`sentAt`) and waiting for the `ack`;
 * `failed`: refused by the server; waits for the visitor's "retry".
 */
export type OutboxState = 'uploading' | 'sending' | 'failed';

export type OutboxEntry = {
  clientId: string;
  text: string;
  attachmentIds: string[];
  /** What the attachments are, to show them before the server has the message. */
  attachments: MessageAttachment[];
  /** The pre-chat answers: they travel with the first message of a conversation. */
  profile?: VisitorProfile;
  createdAt: string;
  state: OutboxState;
  /** The server's error code when it refused the message. */
  error?: string;
  /** Not before this time (ms): a rate-limited message is retried on its own. */
  retryAt?: number;
  /** When it was last written to the socket (ms); cleared on every reconnect so it goes again. */
  sentAt?: number;
  /** A local preview of an image being uploaded (an object URL, never persisted). */
  previewUrl?: string;
};

export type Outbox = readonly OutboxEntry[];

/** How long a rate-limited message waits before it goes again on its own. */
export const RATE_LIMIT_RETRY_MS = 5_000;
/** Codes after which a message is retried automatically, not marked failed. */
const TRANSIENT = new Set(['HTTP.RATE_LIMITED', 'DB.RETRY']);

export const addEntry = (box: Outbox, entry: OutboxEntry): Outbox => [
  ...box.filter((e) => e.clientId !== entry.clientId),
  entry,
];

export const updateEntry = (box: Outbox, clientId: string, patch: Partial<OutboxEntry>): Outbox =>
  box.map((e) => (e.clientId === clientId ? { ...e, ...patch } : e));

export const removeEntry = (box: Outbox, clientId: string): Outbox => box.filter((e) => e.clientId !== clientId);

/** The server stored these clientIds (an `ack`, or the message itself seen by a sync): they leave the box. */
export function acknowledge(box: Outbox, clientIds: Iterable<string | null>): Outbox {
  const done = new Set(clientIds);
  return done.size === 0 ? box : box.filter((e) => !done.has(e.clientId));
}

/** The server refused a message: transient refusals are retried later on their own, others wait for the visitor. */
export function refuse(box: Outbox, clientId: string, code: string, now: number): Outbox {
  if (TRANSIENT.has(code)) {
    return updateEntry(box, clientId, {
      state: 'sending',
      error: code,
      retryAt: now + RATE_LIMIT_RETRY_MS,
      sentAt: undefined,
    });
  }
  return updateEntry(box, clientId, { state: 'failed', error: code, retryAt: undefined, sentAt: undefined });
}

/** The visitor pressed "retry". */
export const retry = (box: Outbox, clientId: string): Outbox =>
  updateEntry(box, clientId, { state: 'sending', error: undefined, retryAt: undefined, sentAt: undefined });

/** After a reconnect nothing written to the old socket counts: every waiting entry goes again. */
export const resetSent = (box: Outbox): Outbox =>
  box.some((e) => e.sentAt !== undefined) ? box.map((e) => ({ ...e, sentAt: undefined })) : box;

/** The entries to write to the socket now, oldest first. */
export const due = (box: Outbox, now: number): OutboxEntry[] =>
  box.filter((e) => e.state === 'sending' && e.sentAt === undefined && (e.retryAt === undefined || e.retryAt <= now));

/** When the next rate-limited entry may go (ms), or undefined. */
export function nextRetryAt(box: Outbox): number | undefined {
  const times = box.filter((e) => e.state === 'sending' && e.retryAt !== undefined).map((e) => e.retryAt as number);
  return times.length ? Math.min(...times) : undefined;
}

/**
 * An entry written to the socket this long ago without an `ack` means the connection is dead without
 * knowing it (a phone that changed networks): the app then drops the socket and reconnects.
 */
export const ACK_TIMEOUT_MS = 10_000;
export const overdue = (box: Outbox, now: number): boolean =>
  box.some((e) => e.state === 'sending' && e.sentAt !== undefined && now - e.sentAt > ACK_TIMEOUT_MS);

/** The wire form of an entry: what `{ t: 'send' }` carries. */
export function wireOf(e: OutboxEntry) {
  return {
    t: 'send' as const,
    clientId: e.clientId,
    text: e.text,
    attachmentIds: e.attachmentIds,
    ...(e.profile ? { profile: e.profile } : {}),
  };
}

/** What survives a reload: entries whose files are uploaded, without local-only fields. */
export function serialize(box: Outbox): string {
  return JSON.stringify(
    box.filter((e) => e.state !== 'uploading').map(({ previewUrl: _p, sentAt: _s, retryAt: _r, ...rest }) => rest),
  );
}

const isString = (v: unknown): v is string => typeof v === 'string';

/** Reads a stored box back, dropping anything that is not an entry (an older version, a hand edit). */
export function restore(json: string | null): Outbox {
  if (!json) return [];
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return [];
  }
  if (!Array.isArray(raw)) return [];
  const out: OutboxEntry[] = [];
  for (const r of raw as Array<Partial<OutboxEntry>>) {
    if (!r || !isString(r.clientId) || !isString(r.text) || !isString(r.createdAt)) continue;
    const attachmentIds = Array.isArray(r.attachmentIds) ? r.attachmentIds.filter(isString) : [];
    if (!r.text.trim() && attachmentIds.length === 0) continue;
    out.push({
      clientId: r.clientId,
      text: r.text,
      attachmentIds,
      attachments: Array.isArray(r.attachments) ? r.attachments : [],
      ...(r.profile && typeof r.profile === 'object' ? { profile: r.profile } : {}),
      createdAt: r.createdAt,
      state: r.state === 'failed' ? 'failed' : 'sending',
      ...(isString(r.error) ? { error: r.error } : {}),
    });
  }
  return out;
}

/** A new message id: unique per browser without crypto.randomUUID (missing outside secure contexts). */
export function newClientId(now: number, random: (n: number) => Uint8Array): string {
  const hex = Array.from(random(8), (b) => b.toString(16).padStart(2, '0')).join('');
  return `w${now.toString(36)}${hex}`;
}
