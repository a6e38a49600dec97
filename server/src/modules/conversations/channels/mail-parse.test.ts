import { describe, expect, it } from 'vitest';
import { loopVerdict } from '../domain/mail-text';
import { parseMail } from './mail-parse';

const LIMITS = { maxAttachmentBytes: 1024 * 1024, maxAttachments: 10 };
const mail = (...parts: Array<string | Buffer>) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p.replace(/\r?\n/g, '\r\n')) : p)));
const hex = (h: string) => Buffer.from(h, 'hex');

// GBK bytes, as Foxmail and older Outlook in China send them (TextDecoder checks each below).
const GBK_BODY = hex('c4fabac3a3acced2b5c4b6a9b5a5bbb9c3bbd3d0cad5b5bda3acc7ebb0efc3a6b2e9d2bbcfc2a1a3');
const GBK_WROTE = hex(
  'd4da20323032362d31322d30372031303a3030a3acbfcdb7fe203c73657276696365406b6566752e746573743e20d0b4b5c0a3ba',
);
const GBK_REFUND = hex('b9d8d3dacdcbbfee');

describe('parseMail: Chinese charsets', () => {
  it('the samples are what they claim to be', () => {
    const gbk = new TextDecoder('gbk');
    expect(gbk.decode(GBK_BODY)).toBe('您好，我的订单还没有收到，请帮忙查一下。');
    expect(gbk.decode(GBK_WROTE)).toBe('在 2026-12-07 10:00，客服 <service@kefu.test> 写道：');
    expect(gbk.decode(GBK_REFUND)).toBe('关于退款');
  });

  it('decodes a GBK body (base64), a GB2312 encoded-word sender and a raw 8-bit GBK subject', async () => {
    const body = Buffer.concat([GBK_BODY, Buffer.from('\r\n\r\n'), GBK_WROTE, Buffer.from('\r\n> Shipped.\r\n')]);
    const raw = mail(
      'From: =?GB2312?B?1cXI/Q==?= <zhang@qq.com>\nTo: service@kefu.test\nSubject: ',
      GBK_REFUND,
      '\nMessage-ID: <A1@QQ.COM>\nDate: Mon, 7 Dec 2026 10:00:00 +0800\nMIME-Version: 1.0\n' +
        'Content-Type: text/plain; charset="gbk"\nContent-Transfer-Encoding: base64\n\n',
      `${body.toString('base64')}\n`,
    );
    const p = await parseMail(raw, LIMITS);
    expect(p.subject).toBe('关于退款');
    expect(p.headers.subject).toBe('关于退款');
    expect(p.from).toEqual({ address: 'zhang@qq.com', name: '张三' });
    expect(p.messageId).toBe('<A1@qq.com>');
    expect(p.date?.toISOString()).toBe('2026-12-07T02:00:00.000Z');
    expect(p.visibleText).toBe('您好，我的订单还没有收到，请帮忙查一下。');
    expect(p.quotedText).toBe('在 2026-12-07 10:00，客服 <service@kefu.test> 写道：\n> Shipped.');
  });

  it('decodes a GB2312 encoded-word subject, a quoted-printable GB2312 HTML part and GBK file names', async () => {
    const qp = [...GBK_BODY].map((b) => `=${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
    const raw = mail(
      'From: zhang@163.com\nTo: service@kefu.test\nSubject: =?GB2312?B?tqm1pc7KzOI=?=\nMIME-Version: 1.0\n',
      'Content-Type: multipart/mixed; boundary="b1"\n\n',
      '--b1\nContent-Type: text/html; charset=gb2312\nContent-Transfer-Encoding: quoted-printable\n\n',
      `<p>${qp.slice(0, 60)}=\n${qp.slice(60)}</p>\n`,
      "--b1\nContent-Type: application/pdf\nContent-Disposition: attachment; filename*=gbk''%B7%A2%C6%B1.pdf\n",
      'Content-Transfer-Encoding: base64\n\nJVBERi0xLjQK\n',
      '--b1\nContent-Type: application/pdf; name="=?gb18030?B?t6LGsS5wZGY=?="\n',
      'Content-Disposition: attachment; filename="=?gb18030?B?t6LGsS5wZGY=?="\nContent-Transfer-Encoding: base64\n\nJVBERi0xLjQK\n',
      '--b1--\n',
    );
    const p = await parseMail(raw, LIMITS);
    expect(p.subject).toBe('订单问题');
    expect(p.text).toBe('您好，我的订单还没有收到，请帮忙查一下。');
    expect(p.safeHtml).toBe('<p>您好，我的订单还没有收到，请帮忙查一下。</p>');
    expect(p.attachments.map((a) => [a.filename, a.contentType, a.size, a.content.toString()])).toEqual([
      ['发票.pdf', 'application/pdf', 9, '%PDF-1.4\n'],
      ['发票.pdf', 'application/pdf', 9, '%PDF-1.4\n'],
    ]);
  });
});

describe('parseMail: HTML', () => {
  const hostile = mail(
    'From: Mallory <m@evil.example>\nTo: service@kefu.test\nSubject: hi\nMIME-Version: 1.0\n',
    'Content-Type: multipart/related; boundary="r"\n\n',
    '--r\nContent-Type: text/html; charset=utf-8\n\n',
    '<html><head><title>t</title><style>body{display:none}</style><script>alert(1)</script></head><body>',
    '<p onclick="steal()" style="color:red;position:fixed;background:url(http://x/y)">Hello <b>there</b></p>',
    '<span style="color:rgb(1, 2, 3);background-color:expression(alert(5))">c</span>',
    '<img src="x" onerror="alert(2)"><img src="https://tracker.example/p.gif" alt="pixel">',
    '<img src="cid:logo@shop" alt="logo"><img src="cid:missing@shop">',
    '<img src="data:image/png;base64,iVBORw0KGgo=" alt="inline">',
    '<img src="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=">',
    '<a href="javascript:alert(3)">click</a> <a href="https://shop.example/o/1" onmouseover="x()">order</a>',
    '<iframe src="https://evil.example"></iframe><form action="https://evil.example"><input name="pw"><button>Go</button></form>',
    '<object data="x.swf"></object><svg><script>alert(4)</script></svg>',
    '</body></html>\n',
    '--r\nContent-Type: image/png\nContent-ID: <logo@shop>\nContent-Disposition: inline; filename="logo.png"\n',
    'Content-Transfer-Encoding: base64\n\niVBORw0KGgo=\n--r--\n',
  );

  it('drops scripts, styles, iframes, forms, event handlers and javascript: links', async () => {
    const p = await parseMail(hostile, LIMITS);
    const html = p.safeHtml!;
    expect(html).not.toMatch(/<script|alert|<style|display:none|<iframe|<form|<input|<object|<svg|<title/i);
    expect(html).not.toMatch(/onclick|onerror|onmouseover|javascript:|position|url\(/i);
    expect(html).toContain('<p style="color:red">Hello <b>there</b></p>');
    expect(html).toContain('<span style="color:rgb(1, 2, 3)">c</span>');
    expect(html).toContain('<a rel="noopener noreferrer nofollow" target="_blank">click</a>');
    expect(html).toContain(
      '<a href="https://shop.example/o/1" rel="noopener noreferrer nofollow" target="_blank">order</a>',
    );
  });

  it('keeps images only as cid: references to kept attachments', async () => {
    const p = await parseMail(hostile, LIMITS);
    const srcs = [...p.safeHtml!.matchAll(/<img[^>]*src="([^"]*)"/g)].map((m) => m[1]);
    expect(srcs).toEqual(['cid:logo@shop', 'cid:inline-1@kefu']);
    expect(p.safeHtml).not.toContain('tracker.example');
    expect(p.attachments.map((a) => [a.filename, a.contentType, a.cid, a.inline])).toEqual([
      ['logo.png', 'image/png', 'logo@shop', true],
      ['image-1.png', 'image/png', 'inline-1@kefu', true],
    ]);
    expect(p.attachments[1]!.content.equals(Buffer.from('iVBORw0KGgo=', 'base64'))).toBe(true);
    // The text from the HTML carries neither the data: URL nor the cid: reference.
    expect(p.text).not.toMatch(/data:|cid:|iVBOR/);
    expect(p.text).toContain('Hello there');
  });

  it('collapses Gmail, Outlook and QQ Mail quotes of HTML-only mails', async () => {
    const html = (body: string) =>
      mail('From: a@b.c\nSubject: Re\nMIME-Version: 1.0\nContent-Type: text/html; charset=utf-8\n\n', body);
    const gmail = await parseMail(
      html(
        '<div dir="ltr">Got it, thanks!</div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">' +
          'On Mon, Dec 7, 2026 at 10:00 AM Kefu &lt;service@kefu.test&gt; wrote:<br></div>' +
          '<blockquote class="gmail_quote">Your parcel has shipped.</blockquote></div>',
      ),
      LIMITS,
    );
    expect(gmail.visibleText).toBe('Got it, thanks!');
    expect(gmail.quotedText).toContain('> Your parcel has shipped.');

    const outlook = await parseMail(
      html(
        '<div><p>Please cancel it.</p></div><div id="appendonsend"></div><hr style="display:inline-block;width:98%">' +
          '<div id="divRplyFwdMsg" dir="ltr"><b>From:</b> Kefu &lt;service@kefu.test&gt;<br><b>Sent:</b> Monday, ' +
          'December 7, 2026 10:00 AM<br><b>To:</b> Bob &lt;bob@example.com&gt;<br><b>Subject:</b> RE: Order</div>' +
          '<div>Your order was shipped.</div>',
      ),
      LIMITS,
    );
    expect(outlook.visibleText).toBe('Please cancel it.');
    expect(outlook.quotedText).toContain('Your order was shipped.');

    const qq = await parseMail(
      html(
        '<div>换个地址收货</div><div><br></div><div style="font-size: 12px;font-family: Arial Narrow;padding:2px 0 2px 0;">' +
          '------------------&nbsp;原始邮件&nbsp;------------------</div><div style="font-size: 12px;background:#efefef;' +
          'padding:8px;"><div><b>发件人:</b>&nbsp;"客服中心"&lt;service@kefu.test&gt;;</div><div><b>发送时间:</b>&nbsp;' +
          '2026年12月7日(星期一) 上午10:00</div><div><b>收件人:</b>&nbsp;"张三"&lt;zhang@qq.com&gt;;</div><div>' +
          '<b>主题:</b>&nbsp;回复：订单问题</div></div><div><br></div>您好，已经发货。',
      ),
      LIMITS,
    );
    expect(qq.visibleText).toBe('换个地址收货');
    expect(qq.quotedText).toContain('您好，已经发货。');
  });

  it('a text-only mail has no safeHtml', async () => {
    const p = await parseMail(mail('From: a@b.c\nSubject: x\n\nplain <b>text</b>\n'), LIMITS);
    expect(p.safeHtml).toBeNull();
    expect(p.text).toBe('plain <b>text</b>');
  });
});

describe('parseMail: attachments and headers', () => {
  const withFiles = mail(
    'From: "Bob" <bob@example.com>\nTo: service@kefu.test, "Sales" <sales@kefu.test>\nCc: Team: a@x.com, b@x.com;\n',
    'Reply-To: orders@example.com\nSubject: files\nIn-Reply-To: <p2@kefu.test> (earlier)\n',
    'References: <p1@kefu.test>\n <p2@KEFU.test>\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="m"\n\n',
    '--m\nContent-Type: text/plain\n\nsee attached\n',
    '--m\nContent-Type: text/csv\nContent-Disposition: attachment; filename="../../etc/a.csv"\n\nx,y\n',
    `--m\nContent-Type: application/octet-stream\nContent-Disposition: attachment; filename="big.bin"\n\n${'z'.repeat(2000)}\n`,
    '--m\nContent-Type: text/plain\nContent-Disposition: attachment; filename="b.txt"\n\nb\n',
    '--m\nContent-Type: text/plain\nContent-Disposition: attachment\n\nno name\n--m--\n',
  );

  it('lists oversize and surplus attachments as skipped, in the order of the mail', async () => {
    const p = await parseMail(withFiles, { maxAttachmentBytes: 1000, maxAttachments: 2 });
    expect(p.attachments.map((a) => [a.filename, a.contentType, a.size, a.inline])).toEqual([
      ['a.csv', 'text/csv', 3, false],
      ['b.txt', 'text/plain', 1, false],
    ]);
    expect(p.skippedAttachments).toEqual([
      { filename: 'big.bin', contentType: 'application/octet-stream', size: 2000, reason: 'too-large' },
      { filename: 'attachment-4', contentType: 'text/plain', size: 7, reason: 'too-many' },
    ]);
  });

  it('reads addresses (groups flattened) and the thread headers', async () => {
    const p = await parseMail(withFiles, LIMITS);
    expect(p.to).toEqual([
      { address: 'service@kefu.test', name: '' },
      { address: 'sales@kefu.test', name: 'Sales' },
    ]);
    expect(p.cc.map((a) => a.address)).toEqual(['a@x.com', 'b@x.com']);
    expect(p.replyTo).toEqual([{ address: 'orders@example.com', name: '' }]);
    expect(p.inReplyTo).toBe('<p2@kefu.test>');
    expect(p.references).toEqual(['<p1@kefu.test>', '<p2@kefu.test>']);
    expect(p.messageId).toBeNull();
    expect(p.date).toBeNull();
    expect(p.visibleText).toBe('see attached');
  });

  it('keeps what loopVerdict needs: out-of-office, bounce, list and ordinary mail', async () => {
    const verdict = async (head: string) =>
      loopVerdict((await parseMail(mail(`${head}\nMIME-Version: 1.0\n\nbody\n`), LIMITS)).headers);
    expect(
      await verdict(
        'From: Alice <alice@corp.example>\nSubject: =?UTF-8?B?6Ieq5Yqo5Zue5aSNOiDorqLljZU=?=\nAuto-Submitted: auto-replied\nX-Auto-Response-Suppress: All',
      ),
    ).toEqual({ loop: true, reason: 'auto-submitted' });
    expect(
      await verdict('From: Alice <alice@corp.example>\nSubject: =?UTF-8?B?6Ieq5Yqo5Zue5aSNOiDorqLljZU=?='),
    ).toEqual({
      loop: true,
      reason: 'auto-reply',
    });
    expect(
      await verdict(
        'From: Mail Delivery System <MAILER-DAEMON@mx.kefu.test>\nSubject: Undelivered Mail\nContent-Type: multipart/report;\n report-type=delivery-status; boundary="x"',
      ),
    ).toEqual({ loop: true, reason: 'delivery-report' });
    expect(await verdict('From: MAILER-DAEMON@mx.kefu.test\nSubject: failure')).toEqual({
      loop: true,
      reason: 'mailer-daemon',
    });
    expect(
      await verdict(
        'From: news@shop.example\nSubject: Sale\nList-Id: Shop news <news.shop.example>\nList-Unsubscribe: <mailto:u@shop.example>',
      ),
    ).toEqual({ loop: true, reason: 'mailing-list' });
    expect(await verdict('From: Bob <bob@example.com>\nSubject: Where is my order?')).toEqual({
      loop: false,
      reason: null,
    });
  });
});
