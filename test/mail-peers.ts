import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export type ReceivedMail = { from: string; to: string[]; data: string };

/**
 * A real SMTP server on loopback that keeps what it receives (no TLS, no sign-in); `refuse(true)`
 * makes it answer every sender with 550, as a server that rejects the mail does.
 */
export async function startSmtpPeer() {
  const mails: ReceivedMail[] = [];
  let refusing = false;
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS', 'AUTH'],
    onMailFrom(_address, _session, cb) {
      if (refusing) cb(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
      else cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          data: Buffer.concat(chunks).toString('utf8'),
        });
        cb();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.server.address() as AddressInfo).port;
  return {
    mails,
    refuse: (on: boolean) => {
      refusing = on;
    },
    settings: { host: '127.0.0.1', port, secure: false, from: '客服中心 <service@kefu.test>' },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** An HTTP SMS provider on loopback: keeps each JSON body; answers 200 unless told otherwise. */
export async function startSmsPeer() {
  const received: Array<Record<string, string>> = [];
  const answers: Array<{ status: number; body: string }> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, string>);
      const a = answers.shift() ?? { status: 200, body: `{"messageId":"sms-${received.length}"}` };
      res.writeHead(a.status, { 'content-type': 'application/json' }).end(a.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    received,
    /** The next answers, in order (then 200 again). */
    answers,
    settings: { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms` },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** A header of a received mail, RFC 2047 words decoded. */
export function mailHeader(data: string, name: string): string | undefined {
  const m = new RegExp(`^${name}: (.+(?:\\r?\\n[ \\t].+)*)`, 'mi').exec(data);
  if (!m) return undefined;
  return m[1]!
    .replace(/\r?\n[ \t]/g, ' ')
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?UTF-8\?B\?([^?]+)\?=/gi, (_, b64: string) => Buffer.from(b64, 'base64').toString('utf8'))
    .replace(/=\?UTF-8\?Q\?([^?]+)\?=/gi, (_, q: string) =>
      decodeURIComponent(q.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, '%$1')),
    );
}
