import { describe, expect, it } from 'vitest';
import {
  collapseQuoted,
  loopVerdict,
  MAX_REFERENCES,
  messageIdsIn,
  newMessageId,
  normaliseMessageId,
  replyHeaders,
  replySubject,
  threadKeys,
  ticketTag,
  withTicketTag,
} from './mail-text';

describe('collapseQuoted', () => {
  it('splits a Gmail reply at "On … wrote:" and keeps the signature visible', () => {
    const text = [
      'The parcel arrived, thank you!',
      '',
      '-- ',
      'Bob Smith',
      'ACME Ltd. +1 555 0100',
      '',
      'On Mon, Dec 7, 2026 at 10:00 AM Kefu Support <service@kefu.test> wrote:',
      '',
      '> Your parcel is on its way.',
      '>',
      '> > Where is my parcel?',
    ].join('\r\n');
    const { visible, quoted } = collapseQuoted(text);
    expect(visible).toBe('The parcel arrived, thank you!\n\n-- \nBob Smith\nACME Ltd. +1 555 0100');
    expect(quoted.split('\n')[0]).toBe('On Mon, Dec 7, 2026 at 10:00 AM Kefu Support <service@kefu.test> wrote:');
    expect(quoted).toContain('> > Where is my parcel?');
  });

  it('recognises "On … wrote:" wrapped over two lines', () => {
    const text =
      'Thanks.\n\nOn Mon, Dec 7, 2026 at 10:00 AM Kefu Customer Service Team <\nservice@kefu.test> wrote:\n> Hello';
    expect(collapseQuoted(text)).toEqual({
      visible: 'Thanks.',
      quoted: 'On Mon, Dec 7, 2026 at 10:00 AM Kefu Customer Service Team <\nservice@kefu.test> wrote:\n> Hello',
    });
  });

  it('recognises the Chinese forms with either colon width, wrapped or not', () => {
    expect(
      collapseQuoted('收到了，谢谢！\n\n在 2026-12-07 10:00:00，"客服" <service@kefu.test> 写道：\n> 已发货').visible,
    ).toBe('收到了，谢谢！');
    expect(collapseQuoted('好的\n\n张三 <zhang@gmail.com> 于2026年12月7日周一 10:00写道:\n\n> 请问').visible).toBe(
      '好的',
    );
    const wrapped = collapseQuoted('好的\n\n客服中心 <service@kefu.test> 于2026年12月7日周一\n上午10:00写道：\n> 请问');
    expect(wrapped.visible).toBe('好的');
    expect(wrapped.quoted.startsWith('客服中心 <service@kefu.test> 于2026年12月7日周一')).toBe(true);
  });

  it('cuts at an Outlook header block with the rule above it, quote marks or not', () => {
    const text = [
      'Please cancel the order.',
      '',
      '________________________________',
      'From: Kefu Support <service@kefu.test>',
      'Sent: Monday, December 7, 2026 10:00 AM',
      'To: Bob <bob@example.com>',
      'Subject: RE: Order 1234',
      '',
      'Your order was shipped.',
    ].join('\n');
    const { visible, quoted } = collapseQuoted(text);
    expect(visible).toBe('Please cancel the order.');
    expect(quoted.startsWith('________________________________\nFrom: Kefu Support')).toBe(true);
    expect(quoted.endsWith('Your order was shipped.')).toBe(true);
  });

  it('cuts at -----Original Message----- and at a Chinese Outlook block', () => {
    expect(collapseQuoted('OK\n-----Original Message-----\nFrom: a@b.c\nold').visible).toBe('OK');
    const zh =
      '请退款\n\n发件人: 客服 <service@kefu.test>\n发送时间: 2026年12月7日 10:00\n收件人: 张三\n主题: 回复: 订单\n\n旧内容';
    expect(collapseQuoted(zh)).toEqual({ visible: '请退款', quoted: zh.slice(zh.indexOf('发件人')) });
  });

  it('cuts at QQ Mail / Foxmail "原始邮件" with full-width colons and non-breaking spaces', () => {
    const text = [
      '我换个地址收货',
      '',
      '------------------\u00a0原始邮件\u00a0------------------',
      '发件人：\u00a0"客服中心"<service@kefu.test>;',
      '发送时间：\u00a02026年12月7日(星期一) 上午10:00',
      '收件人：\u00a0"张三"<zhang@qq.com>;',
      '主题：\u00a0回复：订单问题',
      '',
      '您好，已经发货。',
    ].join('\n');
    const { visible, quoted } = collapseQuoted(text);
    expect(visible).toBe('我换个地址收货');
    expect(quoted).toContain('您好，已经发货。');
    // Without the separator line (Foxmail's plain block), the header block alone is enough.
    expect(collapseQuoted(text.replace(/-{18}.*-{18}\n/, '')).visible).toBe('我换个地址收货');
  });

  it('collapses a trailing block of > lines and moves a signature under it back to visible', () => {
    const text = 'See below.\n\n> old line 1\n> old line 2\n\n-- \nBob';
    expect(collapseQuoted(text)).toEqual({ visible: 'See below.\n\n-- \nBob', quoted: '> old line 1\n> old line 2' });
  });

  it('leaves an interleaved answer visible', () => {
    const text = 'On Mon, Dec 7, 2026 Kefu wrote:\n> Which size?\nXL please\n> Which colour?\nBlue';
    expect(collapseQuoted(text)).toEqual({ visible: text, quoted: '' });
  });

  it('keeps everything visible when nothing would be left (a bare quote)', () => {
    expect(collapseQuoted('> only a quote\n> here')).toEqual({ visible: '> only a quote\n> here', quoted: '' });
  });

  it('keeps forwarded content visible, header block and all', () => {
    const fwd =
      '---------- Forwarded message ---------\nFrom: shop <a@b.c>\nDate: Mon\nSubject: Invoice\nTo: me\n\n> x';
    expect(collapseQuoted(`FYI\n\n${fwd}`)).toEqual({ visible: `FYI\n\n${fwd}`, quoted: '' });
    const apple = 'See this\n\nBegin forwarded message:\n\nFrom: shop <a@b.c>\nSubject: Invoice\nDate: Mon\n\nInvoice';
    expect(collapseQuoted(apple).quoted).toBe('');
  });

  it('leaves a text without a quote as it is', () => {
    expect(collapseQuoted('  Hello,\n\nmy order 1234 has not arrived.\n\n')).toEqual({
      visible: '  Hello,\n\nmy order 1234 has not arrived.',
      quoted: '',
    });
  });
});

describe('loopVerdict', () => {
  it('an ordinary customer mail is not a loop', () => {
    expect(
      loopVerdict({
        from: '"Bob" <bob@example.com>',
        'return-path': '<bob@example.com>',
        subject: 'Order 1234',
        'content-type': 'multipart/alternative; boundary="x"',
        'auto-submitted': 'no',
      }),
    ).toEqual({ loop: false, reason: null });
  });

  it('an out-of-office reply is one (Exchange, RFC 3834, QQ-style subject)', () => {
    expect(
      loopVerdict({
        from: 'Alice <alice@corp.example>',
        subject: 'Automatic reply: Order 1234',
        'auto-submitted': 'auto-replied',
      }),
    ).toEqual({ loop: true, reason: 'auto-submitted' });
    expect(loopVerdict({ 'X-Auto-Response-Suppress': 'All', from: 'a@corp.example' }).reason).toBe('auto-reply');
    expect(loopVerdict({ 'x-auto-response-suppress': 'DR, RN' }).loop).toBe(false);
    expect(loopVerdict({ 'x-autoreply': 'yes' }).reason).toBe('auto-reply');
    expect(loopVerdict({ subject: '自动回复：您的来信已收到' }).reason).toBe('auto-reply');
  });

  it('a bounce from MAILER-DAEMON is one, and so is a null Return-Path and a delivery report', () => {
    expect(
      loopVerdict({ from: 'Mail Delivery System <MAILER-DAEMON@mx.example.com>', subject: 'Undelivered' }),
    ).toEqual({ loop: true, reason: 'mailer-daemon' });
    expect(loopVerdict({ from: 'PostMaster@qq.com' }).reason).toBe('mailer-daemon');
    expect(loopVerdict({ from: 'a@b.c', 'return-path': '<>' }).reason).toBe('null-sender');
    expect(
      loopVerdict({ from: 'a@b.c', 'content-type': 'multipart/report; report-type=delivery-status; boundary=b' })
        .reason,
    ).toBe('delivery-report');
  });

  it('a list mail is one, by List-Id, List-Unsubscribe or Precedence', () => {
    expect(loopVerdict({ from: 'news@shop.example', 'list-id': '<news.shop.example>' })).toEqual({
      loop: true,
      reason: 'mailing-list',
    });
    expect(loopVerdict({ 'list-unsubscribe': '<mailto:u@x>' }).reason).toBe('mailing-list');
    expect(loopVerdict({ precedence: 'bulk' }).reason).toBe('precedence');
    expect(loopVerdict({ precedence: 'first-class' }).loop).toBe(false);
  });
});

describe('ticket tags', () => {
  it('finds the number in a subject, whatever a client did to it', () => {
    expect(ticketTag('Re: 订单问题 [Kefu#GD20261207-000123]')).toBe('GD20261207-000123');
    expect(ticketTag('RE: [ kefu # GD20261207-000123 ] x')).toBe('GD20261207-000123');
    expect(ticketTag('Re: Order [Shop#K-1] [Kefu#K-2]', 'Shop')).toBe('K-1');
    expect(ticketTag('Order [#123]')).toBeUndefined();
    expect(ticketTag('Order [Kefu#]')).toBeUndefined();
  });

  it('puts exactly one tag at the end', () => {
    expect(withTicketTag('订单问题', 'GD20261207-000123')).toBe('订单问题 [Kefu#GD20261207-000123]');
    expect(withTicketTag('Re: x [Kefu#OLD-1] y', 'NEW-2')).toBe('Re: x y [Kefu#NEW-2]');
    expect(withTicketTag('', 'A1', 'Help')).toBe('[Help#A1]');
    expect(ticketTag(withTicketTag('a [b]', 'X-9', 'S.p'), 'S.p')).toBe('X-9');
    expect(() => withTicketTag('x', 'a]b')).toThrow();
  });

  it('adds Re: once', () => {
    expect(replySubject('Order')).toBe('Re: Order');
    expect(replySubject('RE: Order')).toBe('RE: Order');
    expect(replySubject('回复：订单')).toBe('回复：订单');
  });
});

describe('threading', () => {
  it('makes and normalises Message-IDs', () => {
    expect(newMessageId('Mail.Kefu.TEST', 'msg 1/2')).toBe('<msg-1/2@mail.kefu.test>');
    expect(() => newMessageId('not a domain', 'x')).toThrow();
    expect(normaliseMessageId(' <Abc@Example.COM> ')).toBe('<Abc@example.com>');
    expect(normaliseMessageId('abc@example.com')).toBe('<abc@example.com>');
    expect(normaliseMessageId('no-at-sign')).toBeUndefined();
    expect(messageIdsIn("<a@x> (Bob's message of Monday)")).toEqual(['<a@x>']);
  });

  it('builds In-Reply-To and References for a reply, capped, without repeats', () => {
    expect(replyHeaders({ messageId: '<p@x>', references: ['<r@x>', '<q@x>', '<p@x>'] })).toEqual({
      inReplyTo: '<p@x>',
      references: ['<r@x>', '<q@x>', '<p@x>'],
    });
    const long = Array.from({ length: 50 }, (_, i) => `<m${i}@x>`);
    const { references } = replyHeaders({ messageId: '<last@x>', references: long });
    expect(references).toHaveLength(MAX_REFERENCES);
    expect(references[0]).toBe('<m0@x>');
    expect(references.at(-1)).toBe('<last@x>');
    expect(references.at(-2)).toBe('<m49@x>');
  });

  it('lists what a reply points to, nearest first', () => {
    expect(threadKeys({ inReplyTo: '<c@X.com>', references: ['<a@x.com>', '<b@x.com>', '<c@x.com>'] })).toEqual([
      '<c@x.com>',
      '<b@x.com>',
      '<a@x.com>',
    ]);
    expect(threadKeys({ references: '<a@x> <b@x>' })).toEqual(['<b@x>', '<a@x>']);
    expect(threadKeys({})).toEqual([]);
  });
});
