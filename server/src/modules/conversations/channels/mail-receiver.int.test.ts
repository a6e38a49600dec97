import nodemailer from 'nodemailer';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loopVerdict } from '../domain/mail-text';
import { parseMail } from './mail-parse';
import { type MailEnvelope, type MailReceiver, startMailReceiver } from './mail-receiver';

type Handler = (raw: Buffer, envelope: MailEnvelope) => Promise<void>;

describe('startMailReceiver', () => {
  let receiver: MailReceiver;
  let handler: Handler;
  const got: Array<{ raw: Buffer; envelope: MailEnvelope }> = [];
  const sender = () =>
    nodemailer.createTransport({ host: '127.0.0.1', port: receiver.port, secure: false, ignoreTLS: true });

  beforeAll(async () => {
    receiver = await startMailReceiver({
      host: '127.0.0.1',
      port: 0,
      allowedRecipients: (a) => a === 'support@kefu.test' || a === 'sales@kefu.test',
      maxBytes: 10_000,
      onMail: (raw, envelope) => handler(raw, envelope),
    });
  });
  afterAll(() => receiver?.close());
  beforeEach(() => {
    got.length = 0;
    handler = async (raw, envelope) => {
      got.push({ raw, envelope });
    };
  });

  it('answers 250 only once onMail has resolved', async () => {
    let release!: () => void;
    let called!: () => void;
    const onMailCalled = new Promise<void>((r) => {
      called = r;
    });
    handler = async (raw, envelope) => {
      got.push({ raw, envelope });
      called();
      await new Promise<void>((r) => {
        release = r;
      });
    };
    let answered = false;
    const sending = sender()
      .sendMail({ from: 'Bob <Bob@Example.com>', to: 'Support@kefu.test', subject: '订单问题', text: '你好' })
      .finally(() => {
        answered = true;
      });
    await onMailCalled;
    // The sender must still be waiting: give a wrong early 250 time to arrive (a bounded wait for
    // something that must not happen; there is no event for it).
    await new Promise((r) => setTimeout(r, 300));
    expect(answered).toBe(false);
    release();
    const info = await sending;
    expect(info.response).toMatch(/^250 /);
    expect(info.accepted).toEqual(['Support@kefu.test']);

    const [{ raw, envelope }] = got as [(typeof got)[number]];
    expect(envelope).toMatchObject({ mailFrom: 'bob@example.com', rcptTo: ['support@kefu.test'] });
    expect(raw.toString().startsWith('Return-Path: <bob@example.com>\r\n')).toBe(true);
    const parsed = await parseMail(raw, { maxAttachmentBytes: 1000, maxAttachments: 1 });
    expect(parsed.subject).toBe('订单问题');
    expect(parsed.text).toBe('你好');
    expect(loopVerdict(parsed.headers).loop).toBe(false);
  });

  it('refuses unknown recipients with 550 at RCPT and takes the known ones', async () => {
    await expect(
      sender().sendMail({ from: 'bob@example.com', to: 'nobody@kefu.test', subject: 'x', text: 'x' }),
    ).rejects.toMatchObject({ responseCode: 550 });
    expect(got).toHaveLength(0);

    const info = await sender().sendMail({
      from: 'bob@example.com',
      to: ['stranger@elsewhere.example', 'sales@kefu.test'],
      subject: 'x',
      text: 'x',
    });
    expect(info.rejected).toEqual(['stranger@elsewhere.example']);
    expect(got.map((g) => g.envelope.rcptTo)).toEqual([['sales@kefu.test']]);
  });

  it('answers 451 when onMail throws, so the sender tries again later', async () => {
    handler = async () => {
      throw new Error('database down');
    };
    await expect(
      sender().sendMail({ from: 'bob@example.com', to: 'support@kefu.test', subject: 'x', text: 'x' }),
    ).rejects.toMatchObject({ responseCode: 451 });
  });

  it('refuses a message over maxBytes with 552, and shows a bounce as a null sender', async () => {
    await expect(
      sender().sendMail({ from: 'bob@example.com', to: 'support@kefu.test', subject: 'big', text: 'x'.repeat(20_000) }),
    ).rejects.toMatchObject({ responseCode: 552 });
    expect(got).toHaveLength(0);

    await sender().sendMail({
      envelope: { from: '', to: 'support@kefu.test' },
      from: 'MAILER-DAEMON@mx.example.com',
      to: 'support@kefu.test',
      subject: 'Undelivered Mail Returned to Sender',
      text: 'x',
    });
    const [{ raw, envelope }] = got as [(typeof got)[number]];
    expect(envelope.mailFrom).toBeNull();
    expect(loopVerdict((await parseMail(raw, { maxAttachmentBytes: 1, maxAttachments: 0 })).headers)).toEqual({
      loop: true,
      reason: 'null-sender',
    });
  });
});
