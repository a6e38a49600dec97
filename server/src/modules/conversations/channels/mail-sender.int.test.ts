import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mailHeader, startSmtpPeer } from '../../../../../test/mail-peers';
import { freeTcpPort } from '../../../../../test/ports';
import { newMessageId, replyHeaders, threadKeys, ticketTag, withTicketTag } from '../domain/mail-text';
import { parseMail } from './mail-parse';
import { createMailSender, type MailSender, testSmtpConnection } from './mail-sender';

describe('createMailSender against an SMTP peer', () => {
  let peer: Awaited<ReturnType<typeof startSmtpPeer>>;
  let sender: MailSender;
  const settings = () => ({ host: peer.settings.host, port: peer.settings.port, secure: false });

  beforeAll(async () => {
    peer = await startSmtpPeer();
    sender = createMailSender(settings());
  });
  afterAll(async () => {
    sender?.close();
    await peer?.close();
  });
  beforeEach(() => {
    peer.mails.length = 0;
    peer.refuse(false);
  });

  it('threads a reply: Message-ID, In-Reply-To and References as given, Chinese subject and file name intact', async () => {
    const thread = replyHeaders({ messageId: '<c2@qq.com>', references: ['<k1@mail.kefu.test>', '<c2@qq.com>'] });
    const messageId = newMessageId('mail.kefu.test', 'msg-3');
    const result = await sender.send({
      from: { name: '客服中心', address: 'service@kefu.test' },
      to: { name: '张三', address: 'zhang@qq.com' },
      subject: withTicketTag('回复：订单问题', 'GD20261207-000123'),
      text: '您好，已经为您补发。',
      html: '<p>您好，已经为您补发。</p><img src="cid:logo@kefu">',
      messageId,
      ...thread,
      attachments: [
        { filename: '发票.pdf', content: Buffer.from('%PDF-1.4\n'), contentType: 'application/pdf' },
        { filename: 'logo.png', content: Buffer.from('png'), contentType: 'image/png', cid: 'logo@kefu' },
      ],
    });
    expect(result).toMatchObject({ messageId, accepted: ['zhang@qq.com'], rejected: [] });
    expect(result.response).toMatch(/^250/);

    const [mail] = peer.mails;
    expect(mail?.to).toEqual(['zhang@qq.com']);
    expect(mail?.from).toBe('service@kefu.test');
    const data = mail!.data;
    expect(mailHeader(data, 'Message-ID')).toBe('<msg-3@mail.kefu.test>');
    expect(mailHeader(data, 'In-Reply-To')).toBe('<c2@qq.com>');
    expect(mailHeader(data, 'References')).toBe('<k1@mail.kefu.test> <c2@qq.com>');
    expect(mailHeader(data, 'Auto-Submitted')).toBeUndefined();

    // What the customer's client will see, and what Kefu finds again when the answer comes back.
    const parsed = await parseMail(Buffer.from(data), { maxAttachmentBytes: 1000, maxAttachments: 5 });
    expect(parsed.subject).toBe('回复：订单问题 [Kefu#GD20261207-000123]');
    expect(ticketTag(parsed.subject)).toBe('GD20261207-000123');
    expect(parsed.messageId).toBe(messageId);
    expect(threadKeys(parsed)).toEqual(['<c2@qq.com>', '<k1@mail.kefu.test>']);
    expect(parsed.from).toEqual({ address: 'service@kefu.test', name: '客服中心' });
    expect(parsed.to).toEqual([{ address: 'zhang@qq.com', name: '张三' }]);
    expect(parsed.text).toBe('您好，已经为您补发。');
    expect(parsed.safeHtml).toBe('<p>您好，已经为您补发。</p><img src="cid:logo@kefu" />');
    // nodemailer puts the inline image (multipart/related) before the file (multipart/mixed).
    expect(parsed.attachments.map((a) => [a.filename, a.contentType, a.cid ?? null, a.inline])).toEqual([
      ['logo.png', 'image/png', 'logo@kefu', true],
      ['发票.pdf', 'application/pdf', null, false],
    ]);
  });

  it('marks an automatic answer with Auto-Submitted: auto-replied', async () => {
    await sender.send({
      from: 'service@kefu.test',
      to: 'bob@example.com',
      subject: 'We received your mail [Kefu#GD1]',
      text: 'We will answer within one working day.',
      messageId: newMessageId('mail.kefu.test', 'auto-1'),
      autoSubmitted: true,
    });
    const data = peer.mails[0]!.data;
    expect(mailHeader(data, 'Auto-Submitted')).toBe('auto-replied');
    expect(mailHeader(data, 'X-Auto-Response-Suppress')).toBe('All');
    expect(mailHeader(data, 'In-Reply-To')).toBeUndefined();
  });

  it('throws with the server’s code when it refuses the mail', async () => {
    peer.refuse(true);
    await expect(
      sender.send({
        from: 'service@kefu.test',
        to: 'bob@example.com',
        subject: 'x',
        text: 'x',
        messageId: newMessageId('mail.kefu.test', 'refused'),
      }),
    ).rejects.toMatchObject({ responseCode: 550 });
  });

  it('testSmtpConnection answers ok, or why not', async () => {
    expect(await testSmtpConnection(settings())).toEqual({ ok: true });
    const closed = await freeTcpPort();
    expect(await testSmtpConnection({ ...settings(), port: closed })).toMatchObject({
      ok: false,
      reason: 'unreachable',
    });
  });

  it('testSmtpConnection tells a refused password apart', async () => {
    const guarded = new SMTPServer({
      authOptional: false,
      allowInsecureAuth: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onAuth(auth, _session, cb) {
        if (auth.username === 'agent' && auth.password === 'right') cb(null, { user: 'agent' });
        else cb(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
      },
    });
    await new Promise<void>((r) => guarded.listen(0, '127.0.0.1', r));
    const port = (guarded.server.address() as AddressInfo).port;
    try {
      const s = { host: '127.0.0.1', port, secure: false, user: 'agent' };
      expect(await testSmtpConnection({ ...s, password: 'right' })).toEqual({ ok: true });
      expect(await testSmtpConnection({ ...s, password: 'wrong' })).toMatchObject({ ok: false, reason: 'auth' });
    } finally {
      await new Promise<void>((r) => guarded.close(() => r()));
    }
  });
});
