import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Acd, type Body, eventually, setupAcd } from '../../../../../test/acd';
import { type Dovecot, startDovecot } from '../../../../../test/dovecot';
import { startSmtpPeer } from '../../../../../test/mail-peers';

let acd: Acd;
let dovecot: Dovecot;
let smtp: Awaited<ReturnType<typeof startSmtpPeer>>;
const SUPPORT = 'support@kefu.test';

const mail = (o: { from?: string; id: string; subject: string; body: string; headers?: string[] }) =>
  [
    `From: ${o.from ?? '王女士 <wang@example.com>'}`,
    `To: 客服中心 <${SUPPORT}>`,
    `Subject: =?UTF-8?B?${Buffer.from(o.subject).toString('base64')}?=`,
    `Message-ID: <${o.id}>`,
    `Date: ${new Date().toUTCString()}`,
    ...(o.headers ?? []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    o.body,
    '',
  ].join('\r\n');

const drain = async () => {
  await acd.t.kefu.bus.drain();
  await acd.t.kefu.services.conversationsSender.drain();
  await acd.t.kefu.bus.drain();
};
const emailConversations = async (): Promise<Body[]> =>
  (await acd.call('admin', 'GET', '/api/v1/conversations?scope=all&channel=email')).items;
const header = (raw: string, name: string) =>
  new RegExp(`^${name}:\\s*(.*(?:\\r?\\n[ \\t].*)*)`, 'im')
    .exec(raw)?.[1]
    ?.replace(/\r?\n[ \t]+/g, ' ')
    .trim();

beforeAll(async () => {
  dovecot = await startDovecot({ users: [{ name: 'support', password: 'secret-1' }] });
  smtp = await startSmtpPeer();
  acd = await setupAcd({
    app: { mailReceiver: { host: '127.0.0.1', port: 0 } },
    queues: [{ key: 'mail', wrapUpSeconds: 30 }],
    users: [
      {
        name: 'ea1',
        memberships: [{ queue: 'mail' }],
        capacity: { voice: 1, chat: 3, email: 5, sms: 5, task: 1, callback: 1 },
      },
    ],
  });
  const imap = dovecot.imapSettings('support');
  await acd.call(
    'admin',
    'POST',
    '/api/v1/channels',
    {
      name: '客服邮箱',
      queue: 'mail',
      settings: {
        kind: 'email',
        address: SUPPORT,
        displayName: '客服中心',
        imap: { host: imap.host, port: imap.port, secure: false, user: imap.user, password: imap.password },
        smtp: { host: '127.0.0.1', port: smtp.settings.port, secure: false },
        signature: '客服中心 400-000-0000',
        autoReply: '您的邮件已收到，编号 {{number}}。',
      },
    },
    201,
  );
  await acd.ready('ea1');
});
afterAll(async () => {
  await acd?.t.close();
  await smtp?.close();
  await dovecot?.stop();
});

describe('e-mail against a real Dovecot (IMAP) and SMTP on loopback', () => {
  let conversationId: string;
  let replyId: string;

  it('a customer mail becomes a contact; the mailbox answers once with the number, marked as automatic', async () => {
    await dovecot.appendMessage(
      'support',
      mail({ id: 'c1@example.com', subject: '宽带故障', body: '您好，我家宽带从昨天起断网。' }),
    );
    const [conv] = await eventually(async () => {
      const list = await emailConversations();
      return list.length ? list : undefined;
    }, 15_000);
    conversationId = conv.id;
    expect(conv).toMatchObject({
      channel: 'email',
      address: 'wang@example.com',
      customerName: '王女士',
      subject: '宽带故障',
    });
    await drain();
    const auto = await eventually(async () => smtp.mails.find((m) => m.to.includes('wang@example.com')));
    expect(header(auto.data, 'Auto-Submitted')).toBe('auto-replied');
    expect(header(auto.data, 'In-Reply-To')).toBe('<c1@example.com>');
    expect((await simpleParser(auto.data)).text).toMatch(/您的邮件已收到，编号 [0-9A-F]{10}。/);
  });

  it('the agent replies: the mail threads to the customer’s and carries the number in its subject', async () => {
    const d = await acd.call('admin', 'GET', `/api/v1/conversations/${conversationId}`);
    const contact = await eventually(async () => {
      const c = await acd.contact(d.contactId);
      return c.state === 'offered' ? c : undefined;
    });
    expect(contact.channel).toBe('email');
    await acd.call('ea1', 'POST', `/api/v1/contacts/${contact.id}/accept`);
    await drain();
    const reply = await acd.call(
      'ea1',
      'POST',
      `/api/v1/conversations/${conversationId}/messages`,
      { text: '已为您安排师傅上门。' },
      201,
    );
    replyId = reply.id;
    await drain();
    const sent = smtp.mails.filter((m) => m.to.includes('wang@example.com'));
    expect(sent).toHaveLength(2);
    const out = sent[1]!.data;
    expect(header(out, 'In-Reply-To')).toBe('<c1@example.com>');
    expect(header(out, 'References')).toContain('<c1@example.com>');
    expect(header(out, 'Message-ID')).toBe(`<${replyId}@kefu.test>`);
    expect(header(out, 'Auto-Submitted')).toBeUndefined();
    const parsed = await simpleParser(out);
    expect(parsed.text).toContain('已为您安排师傅上门。');
    expect(parsed.text).toContain('400-000-0000');
    expect(parsed.subject).toMatch(/^Re: 宽带故障 \[Kefu#[0-9A-F]{10}\]$/);
  });

  it('the customer’s reply joins the same conversation, its quote collapsed', async () => {
    await dovecot.appendMessage(
      'support',
      mail({
        id: 'c2@example.com',
        subject: 'Re: 宽带故障',
        body: '好的，谢谢！\n\n在 2026年12月7日 10:00，客服中心 写道：\n> 已为您安排师傅上门。',
        headers: [`In-Reply-To: <${replyId}@kefu.test>`, `References: <c1@example.com> <${replyId}@kefu.test>`],
      }),
    );
    const d = await eventually(async () => {
      const x = await acd.call('ea1', 'GET', `/api/v1/conversations/${conversationId}`);
      return x.messages.filter((m: Body) => m.kind === 'in').length === 2 ? x : undefined;
    }, 15_000);
    const last = d.messages.filter((m: Body) => m.kind === 'in').at(-1);
    expect(last.text).toBe('好的，谢谢！');
    expect(last.quoted).toContain('已为您安排师傅上门');
    expect(await emailConversations()).toHaveLength(1);
  });

  it('an auto-responder’s answer is kept in the thread but never answered; one from a stranger starts nothing', async () => {
    const before = smtp.mails.length;
    await dovecot.appendMessage(
      'support',
      mail({
        id: 'ooo1@example.com',
        subject: '自动回复: 宽带故障',
        body: '我正在休假，12月10日回来。',
        headers: ['Auto-Submitted: auto-replied', `In-Reply-To: <${replyId}@kefu.test>`],
      }),
    );
    await dovecot.appendMessage(
      'support',
      mail({
        from: 'MAILER-DAEMON <mailer-daemon@example.org>',
        id: 'bounce1@example.org',
        subject: 'Undelivered Mail Returned to Sender',
        body: 'This is the mail system.',
      }),
    );
    await eventually(async () => {
      const x = await acd.call('ea1', 'GET', `/api/v1/conversations/${conversationId}`);
      return x.messages.some((m: Body) => m.text.includes('休假'));
    }, 15_000);
    // The bounce is read after the out-of-office (UID order): by now it has been handled too.
    await eventually(async () => {
      const st = acd.t.kefu.services.conversationsMail.status((await emailConversations())[0].channelId);
      return st?.lastRoundAt ? true : undefined;
    });
    await drain();
    expect(smtp.mails.length).toBe(before);
    expect(await emailConversations()).toHaveLength(1);
  });

  it('a mail with a NUL byte in its text is stored without it, and the mailbox goes on', async () => {
    const raw = [
      'From: 孙小姐 <sun@example.com>',
      `To: ${SUPPORT}`,
      'Subject: nul',
      'Message-ID: <nul1@example.com>',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'hello=00world',
      '',
    ].join('\r\n');
    await dovecot.appendMessage('support', raw);
    const conv = await eventually(
      async () => (await emailConversations()).find((c) => c.address === 'sun@example.com'),
      15_000,
    );
    const d = await acd.call('admin', 'GET', `/api/v1/conversations/${conv.id}`);
    expect(d.messages[0].text).toBe('helloworld');
  });

  it('mail forwarded to the SMTP receiver is taken the same way; unknown recipients are refused', async () => {
    const addr = acd.t.kefu.services.conversationsMail.receiverAddress()!;
    const t = nodemailer.createTransport({ host: addr.host, port: addr.port, secure: false, ignoreTLS: true });
    await t.sendMail({
      from: '李先生 <li@example.com>',
      to: SUPPORT,
      subject: '发票问题',
      text: '请问发票什么时候开？',
      messageId: '<f1@example.com>',
    });
    await expect(
      t.sendMail({ from: 'li@example.com', to: 'nobody@kefu.test', subject: 'x', text: 'x' }),
    ).rejects.toMatchObject({ responseCode: 550 });
    const list = await emailConversations();
    expect(list.map((c) => c.address).sort()).toEqual(['li@example.com', 'sun@example.com', 'wang@example.com']);
  });
});
