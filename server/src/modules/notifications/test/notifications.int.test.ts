import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../platform/logger';
import { createSmtpMailer } from '../notifications.mailer';
import { createCustomerNotifier } from '../notifications.service';
import { createHttpSmsSender, createLoggingSmsSender, SmsRefused } from '../notifications.sms';

type Mail = { from: string; to: string[]; data: string; user: string | undefined };
const mails: Mail[] = [];
let smtp: SMTPServer;
let smtpPort: number;

type SmsRequest = { headers: http.IncomingHttpHeaders; body: string };
const smsRequests: SmsRequest[] = [];
const smsAnswers: Array<{ status: number; body: string }> = [];
let smsServer: http.Server;
let smsUrl: string;

beforeAll(async () => {
  smtp = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    onAuth(auth, _session, cb) {
      if (auth.username === 'kefu' && auth.password === 'smtp-pass') cb(null, { user: auth.username });
      else cb(new Error('Invalid username or password'));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          data: Buffer.concat(chunks).toString('utf8'),
          user: session.user as string | undefined,
        });
        cb();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  smtpPort = (smtp.server.address() as AddressInfo).port;

  smsServer = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      smsRequests.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const a = smsAnswers.shift() ?? { status: 200, body: '{"messageId":"sms-1"}' };
      res.writeHead(a.status, { 'content-type': 'application/json' }).end(a.body);
    });
  });
  await new Promise<void>((r) => smsServer.listen(0, '127.0.0.1', r));
  smsUrl = `http://127.0.0.1:${(smsServer.address() as AddressInfo).port}/sms`;
});
afterAll(async () => {
  await new Promise<void>((r) => smtp.close(() => r()));
  await new Promise<void>((r) => smsServer.close(() => r()));
});

const silent = createLogger('silent');
const smtpSettings = () => ({
  host: '127.0.0.1',
  port: smtpPort,
  secure: false,
  user: 'kefu',
  pass: 'smtp-pass',
  from: '客服中心 <service@kefu.test>',
});

describe('e-mail through SMTP', () => {
  it('delivers a message to a real SMTP server, signed in, with a UTF-8 subject', async () => {
    const mailer = createSmtpMailer(smtpSettings());
    const { messageId } = await mailer.send({ to: 'wang.fang@example.cn', subject: '您的工单已受理', text: '您好' });
    mailer.close();
    expect(messageId).toMatch(/^<.+@.+>$/);
    const mail = mails.at(-1)!;
    expect(mail).toMatchObject({ from: 'service@kefu.test', to: ['wang.fang@example.cn'], user: 'kefu' });
    expect(mail.data).toContain(`Message-ID: ${messageId}`);
    // The subject is encoded (RFC 2047): decoded, it is the Chinese text.
    const encoded = /^Subject: (.+)$/m.exec(mail.data)![1]!;
    const decoded = encoded.replace(/=\?UTF-8\?B\?([^?]+)\?=/gi, (_, b64: string) =>
      Buffer.from(b64, 'base64').toString('utf8'),
    );
    expect(decoded.replace(/\s/g, '')).toBe('您的工单已受理');
  });

  it('a wrong password is an error the caller sees', async () => {
    const mailer = createSmtpMailer({ ...smtpSettings(), pass: 'wrong' });
    await expect(mailer.send({ to: 'a@example.cn', subject: 's', text: 't' })).rejects.toThrow(/Invalid/);
    mailer.close();
  });
});

describe('SMS through the HTTP adapter', () => {
  it('POSTs the default JSON shape with the bearer token and answers the provider id', async () => {
    const sms = createHttpSmsSender({ url: smsUrl, token: 'sms-token' });
    const res = await sms.send({
      to: '+8613800138000',
      text: '【客服中心】您好',
      template: 'ticket.created',
      language: 'zh-CN',
    });
    expect(res).toEqual({ providerId: 'sms-1' });
    const r = smsRequests.at(-1)!;
    expect(r.headers).toMatchObject({ authorization: 'Bearer sms-token', 'content-type': 'application/json' });
    expect(JSON.parse(r.body)).toEqual({
      to: '+8613800138000',
      text: '【客服中心】您好',
      template: 'ticket.created',
      language: 'zh-CN',
    });
  });

  it("fills the operator's body template, escaping quotes and newlines in the text", async () => {
    const sms = createHttpSmsSender({
      url: smsUrl,
      bodyTemplate: '{"phone": "{{to}}", "content": {{text}}, "sign": "kefu"}',
    });
    await sms.send({ to: '13800138000', text: 'a "quoted"\nline' });
    const r = smsRequests.at(-1)!;
    expect(r.headers.authorization).toBeUndefined();
    expect(JSON.parse(r.body)).toEqual({ phone: '13800138000', content: 'a "quoted"\nline', sign: 'kefu' });
  });

  it('a provider refusal (non-2xx) is an error with its status and answer', async () => {
    smsAnswers.push({ status: 422, body: '{"error":"bad number"}' });
    const sms = createHttpSmsSender({ url: smsUrl });
    const err = await sms.send({ to: 'x', text: 't' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SmsRefused);
    expect(err).toMatchObject({ status: 422, body: '{"error":"bad number"}' });
  });
});

describe('customer notifications', () => {
  it('renders the message in the customer language and sends it by e-mail and SMS', async () => {
    const mailer = createSmtpMailer(smtpSettings());
    const notifier = createCustomerNotifier({
      mailer,
      sms: createHttpSmsSender({ url: smsUrl }),
      log: silent,
      center: 'Help Desk',
    });
    const out = await notifier.notify(
      { email: 'john@example.com', phone: '+14155550100', language: 'en-GB' },
      'ticket.created',
      { ticketNumber: 'T-42', customerName: 'John', title: 'No dial tone' },
    );
    mailer.close();
    expect(out).toEqual([
      { channel: 'email', ok: true, id: expect.any(String) },
      { channel: 'sms', ok: true, id: 'sms-1' },
    ]);
    expect(mails.at(-1)!.data).toContain('Subject: [Help Desk] Your ticket T-42 has been received');
    expect(JSON.parse(smsRequests.at(-1)!.body)).toMatchObject({
      text: '[Help Desk] Your ticket T-42 has been received; we will be in touch soon.',
      template: 'ticket.created',
      language: 'en-US',
    });
  });

  it('a channel that fails is reported, not thrown, and the other still goes out', async () => {
    smsAnswers.push({ status: 500, body: 'down' });
    const before = mails.length;
    const mailer = createSmtpMailer(smtpSettings());
    const notifier = createCustomerNotifier({
      mailer,
      sms: createHttpSmsSender({ url: smsUrl }),
      log: silent,
      center: '客服中心',
    });
    const out = await notifier.notify({ email: 'a@example.cn', phone: '13800138000' }, 'ticket.resolved', {
      ticketNumber: 'T-7',
      customerName: '王芳',
      title: '宽带',
    });
    mailer.close();
    expect(out).toEqual([
      { channel: 'email', ok: true, id: expect.any(String) },
      { channel: 'sms', ok: false, error: expect.stringContaining('500') },
    ]);
    expect(mails.length).toBe(before + 1);
  });

  it('without a provider, the logging adapter accepts the SMS', async () => {
    await expect(createLoggingSmsSender(silent).send({ to: '13800138000', text: 'x' })).resolves.toEqual({
      providerId: null,
    });
  });
});
