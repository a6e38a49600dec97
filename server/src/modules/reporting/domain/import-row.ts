import { createHash } from 'node:crypto';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { ContactImportColumn, ContactImportIssue } from '../../../../../contracts/jobs';
import { CHANNELS } from '../../../../../contracts/routing';
import type { Leg } from './legs';

/**
 * One row of imported contact history (docs/reports.md, "Import"), checked and turned into a leg of
 * the read model (pure). Imported contacts are chains of one leg: their own root.
 */

/** A row as read: cell text by column (empty or absent = not given). */
export type RawRow = Partial<Record<ContactImportColumn, string>>;

export type ImportRow = {
  row: number;
  externalId: string;
  channel: string;
  queue: string;
  /** As given, or `phone:<E.164>` from customerPhone, so FCR can match repeat callers. */
  customerId: string | null;
  enteredAt: number;
  answeredAt: number | null;
  endedAt: number;
  agent: string | null;
  talkMs: number;
  holdMs: number;
  wrapMs: number;
  requestType: string | null;
  disposition: string | null;
  csat: number | null;
  nps: number | null;
  ces: number | null;
};

export type RowCheck = { ok: true; value: ImportRow } | { ok: false; issues: ContactImportIssue[] };

/** ISO 8601 with a date, a time and an explicit offset (Z or ±hh:mm): history from another time zone stays exact. */
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
const MAX_TEXT = 200;
/** A day: no contact waits, talks, holds or wraps up longer. */
const MAX_SECONDS = 86_400;

/** The date part names a day of the calendar (Date.parse would roll 2024-02-30 over to March). */
function realDay(v: string): boolean {
  const y = Number(v.slice(0, 4));
  const m = Number(v.slice(5, 7));
  const d = Number(v.slice(8, 10));
  const day = new Date(Date.UTC(y, m - 1, d));
  return day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
}

/** Numbers without a country code are Chinese, as in the CRM (crm/domain/phone.ts). */
export function phoneE164(raw: string): string | null {
  const p = parsePhoneNumberFromString(raw.trim(), 'CN');
  return p?.isPossible() ? p.number : null;
}

/**
 * A stable UUID for a name (a v5-like UUID from SHA-1): the same external id gives the same contact
 * id, so importing a file again updates rather than duplicates.
 */
export function stableUuid(namespace: string, name: string): string {
  const h = createHash('sha1').update(`kefu:${namespace}:${name}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

export const importedContactId = (externalId: string) => stableUuid('contact', externalId);

/**
 * Checks a row and returns it typed, or every problem of it by column. `toE164` normalises
 * customerPhone (the caller may memoise it: numbers repeat).
 */
export function checkRow(raw: RawRow, row: number, toE164: (s: string) => string | null = phoneE164): RowCheck {
  const issues: ContactImportIssue[] = [];
  const bad = (column: ContactImportColumn, message: string) => issues.push({ row, column, message });
  const cell = (c: ContactImportColumn) => (raw[c] ?? '').trim();
  const text = (c: ContactImportColumn, required: boolean): string | null => {
    const v = cell(c);
    if (v === '') {
      if (required) bad(c, 'required');
      return null;
    }
    if (v.length > MAX_TEXT) bad(c, `at most ${MAX_TEXT} characters`);
    return v;
  };
  const time = (c: ContactImportColumn, required: boolean): number | null => {
    const v = cell(c);
    if (v === '') {
      if (required) bad(c, 'required');
      return null;
    }
    const t = ISO_WITH_OFFSET.test(v) && realDay(v) ? Date.parse(v.replace(' ', 'T')) : Number.NaN;
    if (Number.isNaN(t)) {
      bad(c, 'an ISO 8601 time with an offset, e.g. 2024-03-01T09:30:00+08:00');
      return null;
    }
    return t;
  };
  const seconds = (c: ContactImportColumn): number | null => {
    const v = cell(c);
    if (v === '') return null;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0 || n > MAX_SECONDS) {
      bad(c, `seconds from 0 to ${MAX_SECONDS}`);
      return null;
    }
    return Math.round(n * 1000);
  };
  const score = (c: ContactImportColumn, min: number, max: number): number | null => {
    const v = cell(c);
    if (v === '') return null;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) {
      bad(c, `a whole number from ${min} to ${max}`);
      return null;
    }
    return n;
  };

  const externalId = text('externalId', true);
  const channel = cell('channel');
  if (!(CHANNELS as readonly string[]).includes(channel)) bad('channel', `one of ${CHANNELS.join(', ')}`);
  const queue = text('queue', true);
  let customerId = text('customerId', false);
  const phone = cell('customerPhone');
  if (phone !== '') {
    const e164 = toE164(phone);
    if (!e164) bad('customerPhone', 'not a phone number');
    else customerId ??= `phone:${e164}`;
  }
  const enteredAt = time('enteredQueueAt', true);
  const answeredAt = time('answeredAt', false);
  const endedAt = time('endedAt', true);
  const agent = text('agent', false);
  const talk = seconds('talkSeconds');
  const hold = seconds('holdSeconds') ?? 0;
  const wrap = seconds('wrapUpSeconds') ?? 0;
  const requestType = text('requestType', false);
  const disposition = text('disposition', false);
  const csat = score('csat', 1, 5);
  const nps = score('nps', 0, 10);
  const ces = score('ces', 1, 7);

  if (enteredAt !== null && answeredAt !== null && answeredAt < enteredAt) {
    bad('answeredAt', 'before enteredQueueAt');
  }
  if (endedAt !== null && answeredAt !== null && endedAt < answeredAt) bad('endedAt', 'before answeredAt');
  else if (endedAt !== null && enteredAt !== null && endedAt < enteredAt) bad('endedAt', 'before enteredQueueAt');
  if (answeredAt === null && cell('answeredAt') === '') {
    // Not answered: nobody talked, held or wrapped up.
    if (talk) bad('talkSeconds', 'must be empty or 0 when answeredAt is empty');
    if (hold) bad('holdSeconds', 'must be empty or 0 when answeredAt is empty');
    if (wrap) bad('wrapUpSeconds', 'must be empty or 0 when answeredAt is empty');
  }
  const conversation = answeredAt !== null && endedAt !== null ? endedAt - answeredAt : 0;
  if (answeredAt !== null && endedAt !== null && endedAt >= answeredAt && hold > conversation) {
    bad('holdSeconds', 'longer than the conversation (endedAt − answeredAt)');
  }
  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    value: {
      row,
      externalId: externalId!,
      channel,
      queue: queue!,
      customerId,
      enteredAt: enteredAt!,
      answeredAt,
      endedAt: endedAt!,
      agent: answeredAt !== null ? agent : null,
      // Talk as given, else the conversation less hold.
      talkMs: answeredAt === null ? 0 : (talk ?? conversation - hold),
      holdMs: answeredAt === null ? 0 : hold,
      wrapMs: answeredAt === null ? 0 : wrap,
      requestType,
      disposition,
      csat,
      nps,
      ces,
    },
  };
}

/** The read model's leg of an imported row: its own root, answered or abandoned, handled when answered. */
export function legOfImported(r: ImportRow, queueId: string, agentId: string | null): Leg {
  const answered = r.answeredAt !== null;
  return {
    id: importedContactId(r.externalId),
    parentId: null,
    channel: r.channel,
    queueId,
    agentId: answered ? agentId : null,
    customerId: r.customerId,
    callId: null,
    requestType: r.requestType,
    disposition: r.disposition,
    enteredAt: new Date(r.enteredAt),
    answeredAt: answered ? new Date(r.answeredAt!) : null,
    endedAt: new Date(r.endedAt),
    completedAt: answered ? new Date(r.endedAt + r.wrapMs) : null,
    waitMs: Math.max(0, (r.answeredAt ?? r.endedAt) - r.enteredAt),
    outcome: answered ? 'answered' : 'abandoned',
    handled: answered,
    talkMs: r.talkMs,
    holdMs: r.holdMs,
    wrapMs: r.wrapMs,
    rona: 0,
    transferred: false,
  };
}
