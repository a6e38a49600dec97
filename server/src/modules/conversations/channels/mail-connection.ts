/**
 * What the administrator's "test connection" button of a mail account answers, for IMAP and SMTP
 * alike. `reason` is what the web translates (zh-CN / en-US); `error` is the server's or the
 * socket's own words, shown as detail.
 */
export type MailConnectionFailure =
  /** The host did not answer (refused, unknown name, no route). */
  | 'unreachable'
  | 'timeout'
  /** TLS could not be set up: certificate, protocol, or STARTTLS required but not offered. */
  | 'tls'
  /** The user name or password (or app password) was refused. */
  | 'auth'
  /** IMAP: the mailbox to read does not exist. */
  | 'mailbox'
  /** Anything else the server said. */
  | 'protocol';

export type MailConnectionTest =
  | { ok: true; mailboxes?: string[] }
  | { ok: false; reason: MailConnectionFailure; error: string; mailboxes?: string[] };

type ErrorLike = {
  code?: unknown;
  message?: unknown;
  authenticationFailed?: unknown;
  tlsFailed?: unknown;
  responseCode?: unknown;
  responseText?: unknown;
  response?: unknown;
  cause?: unknown;
};

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'EDNS']);
const TIMEOUT = new Set(['ETIMEDOUT', 'ETIMEOUT', 'CONNECT_TIMEOUT', 'GREETING_TIMEOUT', 'UPGRADE_TIMEOUT']);

/** Sorts an imapflow or nodemailer error into a reason the administrator can act on. */
export function mailConnectionFailure(err: unknown): { reason: MailConnectionFailure; error: string } {
  const e = (typeof err === 'object' && err !== null ? err : {}) as ErrorLike;
  const code = typeof e.code === 'string' ? e.code : '';
  const text = [e.message, e.responseText, typeof e.response === 'string' ? e.response : undefined]
    .filter((t): t is string => typeof t === 'string' && t !== '')
    .join(' — ');
  const error = text || String(err);
  if (e.authenticationFailed === true || code === 'EAUTH' || e.responseCode === 535) return { reason: 'auth', error };
  if (
    e.tlsFailed === true ||
    code === 'ETLS' ||
    code.startsWith('ERR_TLS') ||
    code.startsWith('ERR_SSL') ||
    /CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)
  ) {
    return { reason: 'tls', error };
  }
  if (UNREACHABLE.has(code)) return { reason: 'unreachable', error };
  if (TIMEOUT.has(code)) return { reason: 'timeout', error };
  // nodemailer wraps socket errors (ESOCKET, ECONNECTION) and keeps the socket's words.
  const socketCode = /\b(ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN|ETIMEDOUT)\b/.exec(error)?.[1];
  if (socketCode) return { reason: socketCode === 'ETIMEDOUT' ? 'timeout' : 'unreachable', error };
  if (code === 'ECONNECTION' || code === 'ESOCKET') {
    if (/tls|ssl|certificate/i.test(error)) return { reason: 'tls', error };
    if (/timeout|timed out/i.test(error)) return { reason: 'timeout', error };
  }
  const cause = e.cause as ErrorLike | undefined;
  if (cause && typeof cause === 'object' && typeof cause.code === 'string') {
    const inner = mailConnectionFailure(cause);
    if (inner.reason !== 'protocol') return { reason: inner.reason, error };
  }
  return { reason: 'protocol', error };
}
