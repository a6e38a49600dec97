import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';
import type { Logger } from '../../../platform/logger';

export type MailEnvelope = {
  /** The envelope sender (MAIL FROM), lowercased; null for the null sender `<>` of bounces. */
  mailFrom: string | null;
  /** The accepted recipients (RCPT TO), lowercased. */
  rcptTo: string[];
  remoteAddress: string;
  /** What the client called itself in HELO/EHLO. */
  heloName: string;
};

export type MailReceiverOptions = {
  host: string;
  /** 0 for a free port (see MailReceiver.port). */
  port: number;
  /** Whether Kefu takes mail for this address (lowercased); other recipients get 550 at RCPT. */
  allowedRecipients: (address: string) => boolean;
  /** Larger messages get 552 (advertised with SIZE, so most senders do not even try). */
  maxBytes: number;
  /**
   * Called once per message, raw, with a `Return-Path:` header holding the envelope sender put in
   * front (as the final delivery does, so parseMail and loopVerdict see bounces as such). The
   * sender is answered 250 only after it resolves, and 451 (try again later: senders retry for days)
   * if it throws: a mail is never acknowledged before the caller stored it.
   */
  onMail: (raw: Buffer, envelope: MailEnvelope) => Promise<void>;
  log?: Logger;
  /** The name in the greeting and EHLO answer. Default: the host's name. */
  hostname?: string;
  /** Concurrent connections. Default 20. */
  maxClients?: number;
  /** With a certificate, STARTTLS is offered; without, it is not. */
  tls?: { key: string | Buffer; cert: string | Buffer };
};

export type MailReceiver = { host: string; port: number; close(): Promise<void> };

const smtpError = (responseCode: number, message: string) => Object.assign(new Error(message), { responseCode });

/**
 * An SMTP server for mail forwarded to Kefu (a company's mail server forwarding support@… here, or
 * an MX pointing at Kefu). No sign-in: it accepts mail only for the recipients allowedRecipients
 * says yes to, so it is no open relay.
 */
export async function startMailReceiver(opts: MailReceiverOptions): Promise<MailReceiver> {
  const server = new SMTPServer({
    ...(opts.hostname ? { name: opts.hostname } : {}),
    banner: 'Kefu',
    size: opts.maxBytes,
    authOptional: true,
    disabledCommands: opts.tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
    ...(opts.tls ? { key: opts.tls.key, cert: opts.tls.cert } : {}),
    maxClients: opts.maxClients ?? 20,
    logger: false,
    socketTimeout: 60_000,
    closeTimeout: 10_000,
    onRcptTo(address, _session, cb) {
      const rcpt = address.address.trim().toLowerCase();
      if (opts.allowedRecipients(rcpt)) cb();
      else cb(smtpError(550, `5.1.1 <${rcpt}>: recipient unknown here`));
    },
    onData(stream: SMTPServerDataStream, session, cb) {
      const chunks: Buffer[] = [];
      let bytes = 0;
      stream.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        // Past the limit the rest is read and dropped: the answer is 552 either way.
        if (bytes <= opts.maxBytes) chunks.push(chunk);
      });
      stream.on('error', (err: Error) => cb(err));
      stream.on('end', () => {
        if (stream.sizeExceeded || bytes > opts.maxBytes) {
          cb(smtpError(552, `5.3.4 Message too large (at most ${opts.maxBytes} bytes)`));
          return;
        }
        const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address.trim().toLowerCase() : '';
        const envelope: MailEnvelope = {
          mailFrom: mailFrom || null,
          rcptTo: session.envelope.rcptTo.map((r) => r.address.trim().toLowerCase()),
          remoteAddress: session.remoteAddress,
          heloName: session.hostNameAppearsAs ?? '',
        };
        const raw = Buffer.concat([Buffer.from(`Return-Path: <${mailFrom}>\r\n`), ...chunks]);
        opts.onMail(raw, envelope).then(
          () => cb(),
          (err: unknown) => {
            opts.log?.warn({ err }, 'smtp receiver: mail not stored, sender told to retry');
            cb(smtpError(451, '4.3.0 Temporary failure, try again later'));
          },
        );
      });
    },
  });
  server.on('error', (err) => opts.log?.warn({ err }, 'smtp receiver connection error'));

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const address = server.server.address() as AddressInfo;
  return {
    host: opts.host,
    port: address.port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
