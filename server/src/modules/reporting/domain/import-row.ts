import { hash } from 'node:crypto';
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

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The date part names a day of the calendar (Date.parse would roll 2024-02-30 over to March). */
function realDay(v: string): boolean {
  const y = Number(v.slice(0, 4));
  const m = Number(v.slice(5, 7));
  const d = Number(v.slice(8, 10));
  if (m < 1 || m > 12 || d < 1 || d > DAYS_IN_MONTH[m - 1]!) return false;
  return m !== 2 || d < 29 || (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0));
}

/**
 * A Chinese mobile number as 11 plain digits, which libphonenumber would give as +86 and the digits
 * (not 179…: its 17951-style prefixes are carrier codes it strips). Checked against it in the tests.
 */
const PLAIN_CN_MOBILE = /^1(?:[3-689]\d|7[0-8])\d{8}$/;

/** Numbers without a country code are Chinese, as in the CRM (crm/domain/phone.ts). */
export function phoneE164(raw: string): string | null {
  const t = raw.trim();
  if (PLAIN_CN_MOBILE.test(t)) return `+86${t}`;
  const p = parsePhoneNumberFromString(t, 'CN');
  return p?.isPossible() ? p.number : null;
}

/**
 * A stable UUID for a name (a v5-like UUID from SHA-1): the same external id gives the same contact
 * id, so importing a file again updates rather than duplicates. (One-shot hash on the hex text: a
 * million of them take about a second.)
 */
export function stableUuid(namespace: string, name: string): string {
  const x = hash('sha1', `kefu:${namespace}:${name}`, 'hex');
  // Version 5 in the 13th digit, the RFC 4122 variant (10xx) in the 17th.
  const variant = VARIANT[Number.parseInt(x[16]!, 16) & 3]!;
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-5${x.slice(13, 16)}-${variant}${x.slice(17, 20)}-${x.slice(20, 32)}`;
}
const VARIANT = ['8', '9', 'a', 'b'];

export const importedContactId = (externalId: string) => stableUuid('contact', externalId);

type Issues = ContactImportIssue[];
const cellOf = (raw: RawRow, c: ContactImportColumn) => (raw[c] ?? '').trim();

function textOf(raw: RawRow, c: ContactImportColumn, required: boolean, row: number, issues: Issues): string | null {
  const v = cellOf(raw, c);
  if (v === '') {
    if (required) issues.push({ row, column: c, message: 'required' });
    return null;
  }
  if (v.length > MAX_TEXT) issues.push({ row, column: c, message: `at most ${MAX_TEXT} characters` });
  return v;
}

function timeOf(raw: RawRow, c: ContactImportColumn, required: boolean, row: number, issues: Issues): number | null {
  const v = cellOf(raw, c);
  if (v === '') {
    if (required) issues.push({ row, column: c, message: 'required' });
    return null;
  }
  const t = ISO_WITH_OFFSET.test(v) && realDay(v) ? Date.parse(v.replace(' ', 'T')) : Number.NaN;
  if (Number.isNaN(t)) {
    issues.push({ row, column: c, message: 'an ISO 8601 time with an offset, e.g. 2024-03-01T09:30:00+08:00' });
    return null;
  }
  return t;
}

function secondsOf(raw: RawRow, c: ContactImportColumn, row: number, issues: Issues): number | null {
  const v = cellOf(raw, c);
  if (v === '') return null;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0 || n > MAX_SECONDS) {
    issues.push({ row, column: c, message: `seconds from 0 to ${MAX_SECONDS}` });
    return null;
  }
  return Math.round(n * 1000);
}

function scoreOf(raw: RawRow, c: ContactImportColumn, min: number, max: number, row: number, issues: Issues) {
  const v = cellOf(raw, c);
  if (v === '') return null;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) {
    issues.push({ row, column: c, message: `a whole number from ${min} to ${max}` });
    return null;
  }
  return n;
}

/**
 * Checks a row and returns it typed, or every problem of it by column. `toE164` normalises
 * customerPhone (the caller may memoise it: numbers repeat).
 */
export function checkRow(raw: RawRow, row: number, toE164: (s: string) => string | null = phoneE164): RowCheck {
  // Plain functions over (raw, issues), no closures per row: a million rows are checked in a loop.
  const issues: ContactImportIssue[] = [];

  const externalId = textOf(raw, 'externalId', true, row, issues);
  const channel = cellOf(raw, 'channel');
  if (!(CHANNELS as readonly string[]).includes(channel))
    issues.push({ row, column: 'channel', message: `one of ${CHANNELS.join(', ')}` });
  const queue = textOf(raw, 'queue', true, row, issues);
  let customerId = textOf(raw, 'customerId', false, row, issues);
  const phone = cellOf(raw, 'customerPhone');
  if (phone !== '') {
    const e164 = toE164(phone);
    if (!e164) issues.push({ row, column: 'customerPhone', message: 'not a phone number' });
    else customerId ??= `phone:${e164}`;
  }
  const enteredAt = timeOf(raw, 'enteredQueueAt', true, row, issues);
  const answeredAt = timeOf(raw, 'answeredAt', false, row, issues);
  const endedAt = timeOf(raw, 'endedAt', true, row, issues);
  const agent = textOf(raw, 'agent', false, row, issues);
  const talk = secondsOf(raw, 'talkSeconds', row, issues);
  const hold = secondsOf(raw, 'holdSeconds', row, issues) ?? 0;
  const wrap = secondsOf(raw, 'wrapUpSeconds', row, issues) ?? 0;
  const requestType = textOf(raw, 'requestType', false, row, issues);
  const disposition = textOf(raw, 'disposition', false, row, issues);
  const csat = scoreOf(raw, 'csat', 1, 5, row, issues);
  const nps = scoreOf(raw, 'nps', 0, 10, row, issues);
  const ces = scoreOf(raw, 'ces', 1, 7, row, issues);

  if (enteredAt !== null && answeredAt !== null && answeredAt < enteredAt) {
    issues.push({ row, column: 'answeredAt', message: 'before enteredQueueAt' });
  }
  if (endedAt !== null && answeredAt !== null && endedAt < answeredAt)
    issues.push({ row, column: 'endedAt', message: 'before answeredAt' });
  else if (endedAt !== null && enteredAt !== null && endedAt < enteredAt)
    issues.push({ row, column: 'endedAt', message: 'before enteredQueueAt' });
  if (answeredAt === null && cellOf(raw, 'answeredAt') === '') {
    // Not answered: nobody talked, held or wrapped up.
    if (talk) issues.push({ row, column: 'talkSeconds', message: 'must be empty or 0 when answeredAt is empty' });
    if (hold) issues.push({ row, column: 'holdSeconds', message: 'must be empty or 0 when answeredAt is empty' });
    if (wrap) issues.push({ row, column: 'wrapUpSeconds', message: 'must be empty or 0 when answeredAt is empty' });
  }
  const conversation = answeredAt !== null && endedAt !== null ? endedAt - answeredAt : 0;
  if (answeredAt !== null && endedAt !== null && endedAt >= answeredAt && hold > conversation) {
    issues.push({ row, column: 'holdSeconds', message: 'longer than the conversation (endedAt − answeredAt)' });
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

/** What an imported row's leg derives from it: answered or abandoned, when it completed (after wrap-up), its wait. */
export function outcomeOfImported(r: ImportRow): { answered: boolean; completedAt: number | null; waitMs: number } {
  const answered = r.answeredAt !== null;
  return {
    answered,
    completedAt: answered ? r.endedAt + r.wrapMs : null,
    waitMs: Math.max(0, (r.answeredAt ?? r.endedAt) - r.enteredAt),
  };
}

/** The read model's leg of an imported row: its own root, answered or abandoned, handled when answered. */
export function legOfImported(r: ImportRow, queueId: string, agentId: string | null): Leg {
  const { answered, completedAt, waitMs } = outcomeOfImported(r);
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
    completedAt: completedAt === null ? null : new Date(completedAt),
    waitMs,
    outcome: answered ? 'answered' : 'abandoned',
    handled: answered,
    talkMs: r.talkMs,
    holdMs: r.holdMs,
    wrapMs: r.wrapMs,
    rona: 0,
    ronaAgentIds: [],
    transferred: false,
  };
}
