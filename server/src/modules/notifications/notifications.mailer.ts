import nodemailer from 'nodemailer';
import type { Logger } from '../../platform/logger';

export type SmtpSettings = {
  host: string;
  port: number;
  /** TLS from the first byte (465); otherwise STARTTLS when offered. */
  secure: boolean;
  user?: string | undefined;
  pass?: string | undefined;
  /** The From header, e.g. `客服中心 <service@example.com>`. */
  from: string;
};

/** A file sent with a message (a report's XLSX): nodemailer encodes it as a MIME part. */
export type MailAttachment = { filename: string; content: Buffer; contentType: string };

/** `to` may list several addresses separated by commas (one message, every recipient sees the list). */
export type MailMessage = {
  to: string;
  subject: string;
  text: string;
  html?: string;
  attachments?: readonly MailAttachment[];
};

/** The port for outgoing e-mail. */
export interface Mailer {
  readonly kind: 'smtp' | 'log';
  send(message: MailMessage): Promise<{ messageId: string }>;
  close(): void;
}

/** Sends through an SMTP server with nodemailer (pooled connections). */
export function createSmtpMailer(s: SmtpSettings, opts: { tls?: { rejectUnauthorized: boolean } } = {}): Mailer {
  const transport = nodemailer.createTransport({
    host: s.host,
    port: s.port,
    secure: s.secure,
    pool: true,
    ...(s.user ? { auth: { user: s.user, pass: s.pass ?? '' } } : {}),
    ...(opts.tls ? { tls: opts.tls } : {}),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    kind: 'smtp',
    async send(m) {
      const info = await transport.sendMail({
        from: s.from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        html: m.html,
        ...(m.attachments?.length
          ? {
              attachments: m.attachments.map((a) => ({
                filename: a.filename,
                content: a.content,
                contentType: a.contentType,
              })),
            }
          : {}),
      });
      return { messageId: info.messageId };
    },
    close: () => transport.close(),
  };
}

/**
 * Without SMTP settings, e-mail is written to the log: an installation works (and shows what it
 * would have sent) before anyone configures a mail server.
 */
export function createLoggingMailer(log: Logger): Mailer {
  let n = 0;
  return {
    kind: 'log',
    async send(m) {
      const messageId = `<log-${Date.now()}-${++n}@kefu>`;
      // The address masked (personal data); the subject at info, the body only at debug.
      log.info(
        {
          to: m.to
            .split(',')
            .map((a) => a.trim().replace(/^(.).*@/, '$1***@'))
            .join(', '),
          subject: m.subject,
          messageId,
          ...(m.attachments?.length
            ? { attachments: m.attachments.map((a) => ({ filename: a.filename, bytes: a.content.length })) }
            : {}),
        },
        'e-mail not sent (no SMTP configured)',
      );
      log.debug({ messageId, text: m.text }, 'e-mail body (not sent)');
      return { messageId };
    },
    close() {},
  };
}
