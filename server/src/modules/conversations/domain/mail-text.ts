/**
 * What an e-mail says, as opposed to how it travelled: the quoted history split off a reply, the
 * signs of a machine-written mail (auto-replies, bounces, lists), the ticket tag in a subject and
 * the Message-ID chain that threads replies. Pure: plain strings in, plain values out.
 */

export type CollapsedText = {
  /** What the sender wrote this time (their signature included). */
  visible: string;
  /** The history they quoted under it, '' when there is none. */
  quoted: string;
};

const QUOTE_LINE = /^\s*>/;
/** `-----Original Message-----` (Outlook), `------------------ 原始邮件 ------------------` (QQ Mail, Foxmail). */
const ORIGINAL_SEPARATOR = /^\s*-{2,}\s*(?:original message|original|原始邮件|原邮件)\s*-{2,}\s*$/i;
/** The rule Outlook draws above its From block (underscores), or an `<hr>` after html→text. */
const RULE = /^\s*(?:_{5,}|-{5,})\s*$/;
const FROM_FIELD = /^\s*\*?(?:from|发件人)\s*\*?\s*[:：]/i;
const HEADER_FIELD = /^\s*\*?(?:sent|date|to|cc|subject|发送时间|时间|日期|收件人|抄送|主题)\s*\*?\s*[:：]/i;
/** `On … wrote:`, `在 …写道：`, `… 于 …写道:` — the colon ASCII or full-width. */
const WROTE_END = /(?:\bwrote|写道)\s*[:：]\s*$/i;
/** The first of two lines when a client wrapped its `On … wrote:` (Gmail does at ~78 columns). */
const WROTE_START = /^\s*(?:On\s.*\d|在.*\d|.*于\s*\d)/;
const SIGNATURE = /^-- ?$/;
/** What follows is forwarded content, which is the message, not history to collapse. */
const FORWARD =
  /^\s*(?:-{2,}\s*(?:forwarded message|转发的邮件|转发邮件)\s*-{2,}|begin forwarded message:|开始转发的邮件[:：]?)\s*$/i;

const isBlank = (line: string) => line.trim() === '';

/** The lines without blank ones at either end; the others as they were (`-- ` keeps its space). */
function trimBlankLines(lines: readonly string[]): string {
  let start = 0;
  let end = lines.length;
  while (start < end && isBlank(lines[start]!)) start++;
  while (end > start && isBlank(lines[end - 1]!)) end--;
  return lines.slice(start, end).join('\n');
}

/**
 * From `from` on, is everything quoted (or blank) up to the end or up to a signature? Returns the
 * end of the quote (where a signature under it starts, which goes back to `visible`, or the text's
 * end), or -1 when the sender wrote between or after the quoted lines (an interleaved answer,
 * which must stay visible).
 */
function quoteRunsToEnd(lines: readonly string[], from: number, requireQuoteMarks: boolean): number {
  let seenQuote = false;
  for (let i = from; i < lines.length; i++) {
    const line = lines[i]!;
    if (isBlank(line)) continue;
    if (QUOTE_LINE.test(line)) {
      seenQuote = true;
      continue;
    }
    if (SIGNATURE.test(line) && (seenQuote || requireQuoteMarks)) return i;
    // Unmarked lines before any '>' line: clients that quote without marks (Outlook, QQ Mail).
    if (seenQuote || requireQuoteMarks) return -1;
  }
  return lines.length;
}

function headerBlockAt(lines: readonly string[], i: number): boolean {
  if (!FROM_FIELD.test(lines[i]!)) return false;
  let fields = 0;
  for (let j = i + 1; j < Math.min(lines.length, i + 7); j++) if (HEADER_FIELD.test(lines[j]!)) fields++;
  return fields >= 2;
}

/**
 * Splits a plain-text mail body into what the sender wrote and the history quoted under it.
 *
 * Recognised quote starts, the first one from the top wins: a `-----Original Message-----` /
 * `----- 原始邮件 -----` line; an Outlook/Foxmail/QQ header block (`From:`/`发件人:` followed by
 * two of `Sent:`/`Date:`/`To:`/`Subject:`/`发送时间:`/`收件人:`/`主题:` …), with the rule line above
 * it; `On … wrote:` / `在 …写道：` / `… 于 …写道:` (also wrapped over two lines) followed by the
 * quote; and a block of `>` lines that runs to the end.
 *
 * Decisions:
 * - An interleaved reply (answers between `>` lines) is not collapsed at all: the answers are
 *   what matters, and hiding them would lose the message.
 * - A `-- ` signature stays in `visible`: customers' signatures carry their name, company and
 *   phone number, which an agent wants to see. A signature written under a trailing quote
 *   (bottom-posting clients) is moved back into `visible` for the same reason.
 * - When nothing would be left visible (a bare forward, a reply typed inside the quote), the whole
 *   text is visible and `quoted` is empty: better too much than an empty message.
 * - `---------- Forwarded message ----------` is not a quote: what a customer forwards is the
 *   content.
 */
export function collapseQuoted(text: string): CollapsedText {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const cut = findQuote(lines);
  if (!cut) return { visible: trimBlankLines(lines), quoted: '' };
  const visible = [trimBlankLines(lines.slice(0, cut.start)), trimBlankLines(lines.slice(cut.end))]
    .filter((part) => part !== '')
    .join('\n\n');
  if (visible === '') return { visible: trimBlankLines(lines), quoted: '' };
  return { visible, quoted: trimBlankLines(lines.slice(cut.start, cut.end)) };
}

function findQuote(lines: readonly string[]): { start: number; end: number } | undefined {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (FORWARD.test(line)) return undefined;
    if (ORIGINAL_SEPARATOR.test(line)) return { start: i, end: lines.length };
    if (headerBlockAt(lines, i)) {
      let start = i;
      let k = i - 1;
      while (k >= 0 && isBlank(lines[k]!)) k--;
      if (k >= 0 && RULE.test(lines[k]!)) start = k;
      return { start, end: lines.length };
    }
    if (!QUOTE_LINE.test(line) && WROTE_END.test(line)) {
      const end = quoteRunsToEnd(lines, i + 1, false);
      if (end >= 0) {
        const prev = lines[i - 1];
        const twoLines = prev !== undefined && !WROTE_START.test(line) && WROTE_START.test(prev);
        return { start: twoLines ? i - 1 : i, end };
      }
    }
    if (QUOTE_LINE.test(line)) {
      const end = quoteRunsToEnd(lines, i, true);
      if (end >= 0) return { start: i, end };
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Machine-written mail

/** The headers `loopVerdict` reads (lowercase names); parseMail keeps exactly these. */
export const LOOP_HEADERS = [
  'from',
  'sender',
  'return-path',
  'subject',
  'content-type',
  'auto-submitted',
  'x-autoreply',
  'x-autorespond',
  'x-auto-response-suppress',
  'x-autogenerated',
  'precedence',
  'list-id',
  'list-unsubscribe',
] as const;

export type LoopHeader = (typeof LOOP_HEADERS)[number];

export type LoopReason =
  /** A delivery report or read receipt (`Content-Type: multipart/report`). */
  | 'delivery-report'
  /** `Return-Path: <>`: the envelope sender of bounces and auto-replies per RFC 3834. */
  | 'null-sender'
  /** Sent by MAILER-DAEMON or postmaster. */
  | 'mailer-daemon'
  /** `Auto-Submitted:` anything but `no` (RFC 3834). */
  | 'auto-submitted'
  /** X-Autoreply / X-Autorespond / X-Autogenerated, Exchange's X-Auto-Response-Suppress, or an auto-reply subject. */
  | 'auto-reply'
  /** `Precedence: bulk | junk | list | auto_reply`. */
  | 'precedence'
  /** `List-Id` or `List-Unsubscribe`: a mailing list or newsletter. */
  | 'mailing-list';

export type LoopVerdict = { loop: false; reason: null } | { loop: true; reason: LoopReason };

const AUTO_REPLY_SUBJECT =
  /^\s*(?:自动回复|自動回覆|auto(?:matic)?[- ]?reply|autoreply|out of (?:the )?office)\s*[:：]/i;

function addressOf(value: string): string {
  const bracketed = /<([^<>]*)>\s*$/.exec(value);
  return (bracketed ? bracketed[1]! : value).trim().toLowerCase();
}

/**
 * Whether a mail was written by a machine: never answer it automatically (mail loops between two
 * auto-responders), and the caller decides whether it becomes a conversation at all.
 * `headers` are keyed by lowercase name (unknown keys are ignored, so a full header map works too).
 * Return-Path is only there once a mail was delivered: for a mail taken by SMTP, pass the envelope
 * sender as `return-path` (`<>` for a null sender).
 */
export function loopVerdict(headers: Readonly<Record<string, string | undefined>>): LoopVerdict {
  const h = (name: string): string | undefined => {
    for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name && v !== undefined) return v.trim();
    return undefined;
  };
  const verdict = (reason: LoopReason): LoopVerdict => ({ loop: true, reason });

  if (/^multipart\/report\b/i.test(h('content-type') ?? '')) return verdict('delivery-report');
  const returnPath = h('return-path');
  if (returnPath !== undefined && /^<?\s*>?$/.test(returnPath)) return verdict('null-sender');
  for (const name of ['from', 'sender', 'return-path']) {
    const value = h(name);
    if (value && /^(?:mailer-daemon|postmaster)(?:@|$)/.test(addressOf(value))) return verdict('mailer-daemon');
  }
  const autoSubmitted = h('auto-submitted')?.split(';')[0]?.trim().toLowerCase();
  if (autoSubmitted && autoSubmitted !== 'no') return verdict('auto-submitted');
  if (h('x-autoreply') || h('x-autorespond') || h('x-autogenerated')) return verdict('auto-reply');
  if (/\b(?:all|oof|autoreply)\b/i.test(h('x-auto-response-suppress') ?? '')) return verdict('auto-reply');
  if (AUTO_REPLY_SUBJECT.test(h('subject') ?? '')) return verdict('auto-reply');
  if (/^(?:bulk|junk|list|auto_reply)$/i.test(h('precedence') ?? '')) return verdict('precedence');
  if (h('list-id') || h('list-unsubscribe')) return verdict('mailing-list');
  return { loop: false, reason: null };
}

// ---------------------------------------------------------------------------------------------
// Ticket tag in the subject

export const DEFAULT_TAG_PREFIX = 'Kefu';

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const tagPattern = (prefix: string, flags: string) =>
  new RegExp(`\\[\\s*${escapeRegExp(prefix)}\\s*#\\s*([A-Za-z0-9][A-Za-z0-9_-]*)\\s*\\]`, flags);

/**
 * The number in a subject's tag, `[Kefu#GD20261207-000123]` → `GD20261207-000123` (the prefix is
 * matched without regard to case, spaces a client may add inside the brackets are allowed), or
 * undefined. With several tags, the last one (the one Kefu added most recently) counts.
 */
export function ticketTag(subject: string, prefix = DEFAULT_TAG_PREFIX): string | undefined {
  let last: string | undefined;
  for (const m of subject.matchAll(tagPattern(prefix, 'gi'))) last = m[1];
  return last;
}

/** The subject with exactly one tag of `prefix`, for `number`, at its end (any other tag of that prefix removed). */
export function withTicketTag(subject: string, number: string, prefix = DEFAULT_TAG_PREFIX): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(number)) throw new Error(`Not a taggable number: ${number}`);
  const bare = subject
    .replace(tagPattern(prefix, 'gi'), ' ')
    .replace(/\s{2,}/g, ' ')
    .trim();
  return `${bare}${bare ? ' ' : ''}[${prefix}#${number}]`;
}

/** `Re: ` in front of a subject unless it already starts with a reply prefix (Re/RE/回复/答复/AW/SV). */
export function replySubject(subject: string): string {
  return /^\s*(?:re|aw|sv|回复|答复|回覆)\s*[:：]/i.test(subject) ? subject.trim() : `Re: ${subject.trim()}`;
}

// ---------------------------------------------------------------------------------------------
// Threading

/** How many Message-IDs a References header keeps: the thread's first and the latest ones. */
export const MAX_REFERENCES = 20;

/**
 * A Message-ID in one form: `<local@domain>`, the domain lowercased (it is case-insensitive; the
 * local part is not), or undefined for something that is not one.
 */
export function normaliseMessageId(value: string): string | undefined {
  const m = /<?\s*([^<>\s@]+)@([^<>\s@]+?)\s*>?$/.exec(value.trim());
  return m ? `<${m[1]}@${m[2]!.toLowerCase()}>` : undefined;
}

/** Every Message-ID in a header value (`References` lists them; `In-Reply-To` may carry comments). */
export function messageIdsIn(value: string | readonly string[] | null | undefined): string[] {
  if (!value) return [];
  const text = typeof value === 'string' ? value : value.join(' ');
  const bracketed = text.match(/<[^<>\s]+@[^<>\s]+>/g);
  const found = bracketed ?? text.split(/\s+/);
  return found.map(normaliseMessageId).filter((id): id is string => id !== undefined);
}

/** `<id@domain>` for a message Kefu sends; characters a Message-ID cannot hold become '-'. */
export function newMessageId(domain: string, id: string): string {
  const d = domain.trim().toLowerCase();
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(d)) {
    throw new Error(`Not a domain for a Message-ID: ${domain}`);
  }
  const local = id.replace(/[^A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]/g, '-');
  if (!local) throw new Error('A Message-ID needs an id');
  return `<${local}@${d}>`;
}

/**
 * In-Reply-To and References for a reply to `parent`: its References plus its own Message-ID,
 * without repeats, capped at MAX_REFERENCES by keeping the thread's first id and the newest ones
 * (RFC 5322 §3.6.4 leaves trimming to the writer; the first and last are what threading needs).
 */
export function replyHeaders(parent: { messageId: string; references: readonly string[] }): {
  inReplyTo: string;
  references: string[];
} {
  const inReplyTo = normaliseMessageId(parent.messageId);
  if (!inReplyTo) throw new Error(`Not a Message-ID: ${parent.messageId}`);
  const chain = [...new Set([...messageIdsIn(parent.references).filter((id) => id !== inReplyTo), inReplyTo])];
  const references = chain.length <= MAX_REFERENCES ? chain : [chain[0]!, ...chain.slice(-(MAX_REFERENCES - 1))];
  return { inReplyTo, references };
}

/**
 * Every Message-ID a mail answers, normalised, nearest first: In-Reply-To, then References from
 * the newest back to the thread's first. The caller looks them up in that order.
 */
export function threadKeys(parsed: {
  inReplyTo?: string | null | undefined;
  references?: string | readonly string[] | null | undefined;
}): string[] {
  return [...new Set([...messageIdsIn(parsed.inReplyTo), ...messageIdsIn(parsed.references).reverse()])];
}
