import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import { type MailConnectionTest, mailConnectionFailure } from './mail-connection';
import type { MailAddress } from './mail-parse';

/** The SMTP server a mail account replies through (often the same provider as its IMAP). */
export type SmtpAccountSettings = {
  host: string;
  port: number;
  /** TLS from the first byte (465). Otherwise STARTTLS, see `startTls`. */
  secure: boolean;
  user?: string;
  password?: string;
  /** Without `secure`: true = STARTTLS required, false = never, unset = when offered. */
  startTls?: boolean;
  tls?: { rejectUnauthorized?: boolean; servername?: string };
};

type Recipient = string | MailAddress;

export type OutgoingMail = {
  from: Recipient;
  to: Recipient | readonly Recipient[];
  cc?: readonly Recipient[];
  replyTo?: Recipient;
  subject: string;
  text: string;
  html?: string;
  /** `<id@domain>` from newMessageId: the caller knows it before sending, to thread the answer to it. */
  messageId: string;
  inReplyTo?: string;
  references?: readonly string[];
  /** `cid` makes an inline image for `<img src="cid:…">` in `html`. */
  attachments?: ReadonlyArray<{ filename: string; content: Buffer; contentType: string; cid?: string }>;
  /**
   * An automatic answer (the "we got your mail" reply): `Auto-Submitted: auto-replied` (RFC 3834)
   * and `X-Auto-Response-Suppress: All` (Exchange), so the other side's auto-responder stays quiet.
   */
  autoSubmitted?: boolean;
};

export type SendResult = {
  messageId: string;
  /** Recipients the server took. */
  accepted: string[];
  /** Recipients the server refused while taking the others (all refused: send throws). */
  rejected: string[];
  /** The server's last answer, e.g. `250 2.0.0 Ok: queued as …`. */
  response: string;
};

export type MailSender = {
  /** Throws nodemailer's error (with `responseCode`, e.g. 550) when the server refuses the mail. */
  send(mail: OutgoingMail): Promise<SendResult>;
  close(): void;
};

function transportOptions(s: SmtpAccountSettings, pool: boolean) {
  return {
    host: s.host,
    port: s.port,
    secure: s.secure,
    pool,
    ...(s.user ? { auth: { user: s.user, pass: s.password ?? '' } } : {}),
    ...(s.startTls === true ? { requireTLS: true } : s.startTls === false ? { ignoreTLS: true } : {}),
    ...(s.tls ? { tls: s.tls } : {}),
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  };
}

const addressText = (a: string | Mail.Address): string => (typeof a === 'string' ? a : (a.address ?? ''));
const toAddress = (r: Recipient): string | Mail.Address =>
  typeof r === 'string' ? r : { name: r.name, address: r.address };

/** Sends replies through one account's SMTP server with nodemailer (pooled connections). */
export function createMailSender(settings: SmtpAccountSettings): MailSender {
  const transport = nodemailer.createTransport(transportOptions(settings, true));
  return {
    async send(m) {
      const to = (Array.isArray(m.to) ? m.to : [m.to]) as Recipient[];
      const info = await transport.sendMail({
        from: toAddress(m.from),
        to: to.map(toAddress),
        ...(m.cc?.length ? { cc: m.cc.map(toAddress) } : {}),
        ...(m.replyTo ? { replyTo: toAddress(m.replyTo) } : {}),
        subject: m.subject,
        text: m.text,
        ...(m.html ? { html: m.html } : {}),
        messageId: m.messageId,
        ...(m.inReplyTo ? { inReplyTo: m.inReplyTo } : {}),
        ...(m.references?.length ? { references: [...m.references] } : {}),
        ...(m.attachments?.length
          ? {
              attachments: m.attachments.map((a) => ({
                filename: a.filename,
                content: a.content,
                contentType: a.contentType,
                ...(a.cid ? { cid: a.cid, contentDisposition: 'inline' as const } : {}),
              })),
            }
          : {}),
        ...(m.autoSubmitted
          ? { headers: { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All' } }
          : {}),
      });
      return {
        messageId: info.messageId,
        accepted: (info.accepted ?? []).map(addressText),
        rejected: (info.rejected ?? []).map(addressText),
        response: info.response ?? '',
      };
    },
    close: () => transport.close(),
  };
}

/** Connects and signs in (nodemailer's verify), then hangs up; never throws. */
export async function testSmtpConnection(settings: SmtpAccountSettings): Promise<MailConnectionTest> {
  const transport = nodemailer.createTransport(transportOptions(settings, false));
  try {
    await transport.verify();
    return { ok: true };
  } catch (err) {
    return { ok: false, ...mailConnectionFailure(err) };
  } finally {
    transport.close();
  }
}
