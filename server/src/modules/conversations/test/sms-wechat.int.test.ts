import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Acd, type Body, eventually, setupAcd } from '../../../../../test/acd';
import { type SmsStandin, startSmsStandin } from '../../../../../test/sms-standin';
import { pushToKefu, startWechatStandin, verifyUrl } from '../../../../../test/wechat-standin';

const SECRET = 'whsec_sms_integration_0123456789';
const TOKEN = 'kefuWechatToken1';
const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const APP_ID = 'wx2c2769f8efd9abc2';
const APP_SECRET = 'app-secret-1';

let acd: Acd;
let base: string;
let sms: SmsStandin;
let wechat: Awaited<ReturnType<typeof startWechatStandin>>;
let smsKey: string;
let wechatKey: string;

async function sql(text: string, params: unknown[]): Promise<void> {
  const c = new pg.Client({ connectionString: acd.t.db.url });
  await c.connect();
  try {
    await c.query(text, params);
  } finally {
    await c.end();
  }
}
const drain = async () => {
  await acd.t.kefu.bus.drain();
  await acd.t.kefu.services.conversationsSender.drain();
  await acd.t.kefu.bus.drain();
};
const conversationsOf = async (who: string, channel: string): Promise<Body[]> =>
  (await acd.call(who, 'GET', `/api/v1/conversations?scope=all&channel=${channel}`)).items;
/** The contact of a conversation, accepted by the agent: the conversation is theirs. */
async function serve(conversationId: string): Promise<void> {
  const c = await eventually(async () => {
    const d = await acd.call('admin', 'GET', `/api/v1/conversations/${conversationId}`);
    const contact = d.contactId ? await acd.contact(d.contactId) : undefined;
    return contact?.state === 'offered' ? contact : undefined;
  });
  await acd.call('sa1', 'POST', `/api/v1/contacts/${c.id}/accept`);
  await drain();
}

beforeAll(async () => {
  acd = await setupAcd({
    queues: [{ key: 'digital', wrapUpSeconds: 30 }],
    users: [
      {
        name: 'sa1',
        memberships: [{ queue: 'digital' }],
        capacity: { voice: 1, chat: 3, email: 5, sms: 5, task: 1, callback: 1 },
      },
    ],
  });
  await acd.t.kefu.app.listen({ host: '127.0.0.1', port: 0 });
  const addr = acd.t.kefu.app.server.address() as { port: number };
  base = `http://127.0.0.1:${addr.port}`;
  sms = await startSmsStandin({ auth: { kind: 'bearer', token: 'tok-1' } });
  wechat = await startWechatStandin({ appId: APP_ID, appSecret: APP_SECRET });
  const s = await acd.call(
    'admin',
    'POST',
    '/api/v1/channels',
    {
      name: '短信 10690001',
      queue: 'digital',
      settings: {
        kind: 'sms',
        number: '10690001',
        provider: 'http',
        webhookSecret: SECRET,
        http: {
          sendUrl: sms.sendUrl,
          auth: { kind: 'bearer', token: 'tok-1' },
          fields: { to: 'mobile', text: 'content', from: 'sender', clientRef: 'outId' },
          responseIdPath: 'data.id',
          inbound: {
            id: 'msgId',
            from: 'mobile',
            to: 'extend',
            text: 'content',
            ref: 'ref',
            total: 'total',
            seq: 'seq',
          },
          report: { id: 'bizId', status: 'stat', statusMap: { DELIVRD: 'delivered', UNDELIV: 'failed' } },
        },
      },
    },
    201,
  );
  smsKey = s.publicKey;
  const w = await acd.call(
    'admin',
    'POST',
    '/api/v1/channels',
    {
      name: '微信公众号',
      queue: 'digital',
      settings: {
        kind: 'wechat',
        appId: APP_ID,
        appSecret: APP_SECRET,
        token: TOKEN,
        encodingAesKey: AES_KEY,
        apiBase: wechat.baseUrl,
      },
    },
    201,
  );
  wechatKey = w.publicKey;
  await acd.ready('sa1');
});
afterAll(async () => {
  await sms?.close();
  await wechat?.close();
  await acd.t.close();
});

describe('SMS through the generic HTTP provider', () => {
  const hook = () => `${base}/api/v1/channels/sms/${smsKey}/webhook`;

  it('an incomplete provider configuration is refused with the fields named', async () => {
    const res = await acd.t.request('POST', '/api/v1/channels', {
      token: acd.admin,
      body: {
        name: '坏短信',
        queue: 'digital',
        settings: { kind: 'sms', number: '1069', provider: 'http', http: { sendUrl: 'ftp://x' } },
      },
    });
    expect(res.statusCode).toBe(400);
    const paths = res.json().error.details.fields.map((f: Body) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['settings.http.sendUrl', 'settings.http.webhookSecret']));
  });

  it('a wrongly signed or stale webhook is refused and stores nothing', async () => {
    const bad = await sms.deliverInbound({
      url: hook(),
      secret: SECRET,
      signWith: 'whsec_wrong_secret_0000000',
      body: { msgId: 'x1', mobile: '13800000009', extend: '10690001', content: 'hi' },
    });
    expect(bad.status).toBe(401);
    const stale = await sms.deliverInbound({
      url: hook(),
      secret: SECRET,
      timestamp: Math.floor(Date.now() / 1000) - 3600,
      body: { msgId: 'x2', mobile: '13800000009', extend: '10690001', content: 'hi' },
    });
    expect(stale.status).toBe(401);
    expect(await conversationsOf('admin', 'sms')).toEqual([]);
  });

  it('an inbound SMS (delivered twice, and a long one in two parts) becomes one conversation, answered by SMS with a delivery report', async () => {
    const first = { msgId: 'in-1', mobile: '13800000001', extend: '10690001', content: '我要查话费' };
    expect((await sms.deliverInbound({ url: hook(), secret: SECRET, body: first })).status).toBe(200);
    expect((await sms.deliverInbound({ url: hook(), secret: SECRET, body: first })).status).toBe(200);
    await sms.deliverInbound({
      url: hook(),
      secret: SECRET,
      body: { msgId: 'in-2b', mobile: '13800000001', extend: '10690001', content: '第二段', ref: 7, total: 2, seq: 2 },
    });
    await sms.deliverInbound({
      url: hook(),
      secret: SECRET,
      body: {
        msgId: 'in-2a',
        mobile: '13800000001',
        extend: '10690001',
        content: '第一段，',
        ref: 7,
        total: 2,
        seq: 1,
      },
    });
    const [conv] = await conversationsOf('admin', 'sms');
    expect(conv).toMatchObject({ channel: 'sms', address: '13800000001', status: 'waiting' });
    await serve(conv.id);
    const d = await acd.call('sa1', 'GET', `/api/v1/conversations/${conv.id}`);
    expect(d.messages.filter((m: Body) => m.kind === 'in').map((m: Body) => m.text)).toEqual([
      '我要查话费',
      '第一段，第二段',
    ]);

    const reply = await acd.call(
      'sa1',
      'POST',
      `/api/v1/conversations/${conv.id}/messages`,
      { text: '您本月话费 58 元' },
      201,
    );
    expect(reply.state).toBe('queued');
    await drain();
    expect(sms.accepted().map((r) => r.body)).toEqual([
      { mobile: '13800000001', content: '您本月话费 58 元', sender: '10690001', outId: reply.id },
    ]);
    const providerId = 'sm-1';
    await sms.deliverReport({ url: hook(), secret: SECRET, body: { bizId: providerId, stat: 'DELIVRD' } });
    const after = await acd.call('sa1', 'GET', `/api/v1/conversations/${conv.id}`);
    expect(after.messages.find((m: Body) => m.id === reply.id).state).toBe('delivered');
  });

  it('a part delivered again after its message was joined is taken once: no second message', async () => {
    const [conv] = await conversationsOf('admin', 'sms');
    const count = async () => (await acd.call('admin', 'GET', `/api/v1/conversations/${conv.id}`)).messages.length;
    const before = await count();
    await sms.deliverInbound({
      url: hook(),
      secret: SECRET,
      body: { msgId: 'in-2b', mobile: '13800000001', extend: '10690001', content: '第二段', ref: 7, total: 2, seq: 2 },
    });
    await acd.t.kefu.services.conversationsSms.expireParts(new Date(Date.now() + 120_000));
    expect(await count()).toBe(before);
  });

  it('a provider failure is retried; the reply is sent once the provider is back', async () => {
    const [conv] = await conversationsOf('sa1', 'sms');
    sms.failNext(1, 500);
    const reply = await acd.call(
      'sa1',
      'POST',
      `/api/v1/conversations/${conv.id}/messages`,
      { text: '稍后为您办理' },
      201,
    );
    await drain();
    let d = await acd.call('sa1', 'GET', `/api/v1/conversations/${conv.id}`);
    const m = d.messages.find((x: Body) => x.id === reply.id);
    expect(m).toMatchObject({ state: 'queued' });
    expect(m.error).toMatch(/500/);
    // Due again: the retry's time is moved to now (the backoff is minutes on the real clock).
    await sql(`update conv_messages set next_attempt_at = now() where id = $1`, [reply.id]);
    await drain();
    d = await acd.call('sa1', 'GET', `/api/v1/conversations/${conv.id}`);
    expect(d.messages.find((x: Body) => x.id === reply.id).state).toBe('sent');
  });
});

describe('WeChat official account through the stand-in', () => {
  const url = () => `${base}/api/v1/channels/wechat/${wechatKey}`;
  const xml = (inner: string, from = 'oUser-1', msgId = '6000001') =>
    `<xml><ToUserName><![CDATA[gh_kefu]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName><CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime>${inner}<MsgId>${msgId}</MsgId></xml>`;

  it('answers the URL verification, and refuses a wrong token', async () => {
    expect((await verifyUrl(url(), TOKEN)).ok).toBe(true);
    expect((await verifyUrl(url(), 'wrongToken')).status).toBe(401);
  });

  it('a safe-mode text message becomes a conversation; a push with a wrong signature is refused', async () => {
    const bad = await pushToKefu({
      url: url(),
      token: 'otherToken',
      aesKey: AES_KEY,
      appId: APP_ID,
      xml: xml('<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[伪造]]></Content>'),
    });
    expect(bad.status).toBe(401);
    const msg = xml('<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[你好，宽带坏了]]></Content>');
    const ok = await wechat.pushToKefu({ url: url(), token: TOKEN, aesKey: AES_KEY, appId: APP_ID, xml: msg });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('success');
    // WeChat retries a push it did not get an answer to: stored once.
    await wechat.pushToKefu({ url: url(), token: TOKEN, aesKey: AES_KEY, appId: APP_ID, xml: msg });
    const [conv] = await conversationsOf('admin', 'wechat');
    expect(conv).toMatchObject({ channel: 'wechat', address: 'oUser-1', status: 'waiting' });
    expect(conv.replyWindowClosesAt).not.toBeNull();
    await serve(conv.id);
    const d = await acd.call('sa1', 'GET', `/api/v1/conversations/${conv.id}`);
    expect(d.messages.map((m: Body) => m.text)).toEqual(['你好，宽带坏了']);
  });

  it('an image arrives as a stored file; the reply goes out through the customer service API', async () => {
    const png = Buffer.from(
      '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
        '1f15c4890000000d49444154789c6360000002000100ffff03000006000557bfabd40000000049454e44ae426082',
      'hex',
    );
    const mediaId = wechat.addMedia(png, 'image/png', 'photo.png');
    await wechat.pushToKefu({
      url: url(),
      token: TOKEN,
      aesKey: AES_KEY,
      appId: APP_ID,
      xml: xml(
        `<MsgType><![CDATA[image]]></MsgType><PicUrl><![CDATA[http://x/p.png]]></PicUrl><MediaId><![CDATA[${mediaId}]]></MediaId>`,
        'oUser-1',
        '6000002',
      ),
    });
    const [conv] = await conversationsOf('sa1', 'wechat');
    const d = await acd.call('sa1', 'GET', `/api/v1/conversations/${conv.id}`);
    const img = d.messages.at(-1);
    expect(img.attachments).toMatchObject([{ contentType: 'image/png', image: true }]);
    const file = await acd.t.kefu.app.inject({
      method: 'GET',
      url: `/api/v1/conversations/${conv.id}/files/${img.attachments[0].id}`,
      headers: { authorization: `Bearer ${acd.token('sa1')}` },
    });
    expect(file.rawPayload.equals(png)).toBe(true);

    wechat.setLastInbound('oUser-1', new Date());
    await acd.call('sa1', 'POST', `/api/v1/conversations/${conv.id}/messages`, { text: '已为您报修' }, 201);
    await drain();
    expect(wechat.sent.map((m) => [m.touser, m.msgtype, m.text?.content])).toEqual([['oUser-1', 'text', '已为您报修']]);
  });

  it('a push replayed with the same signed URL is refused; the account’s secret is not sent to a new API address unless typed again', async () => {
    const msg = xml('<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[重放]]></Content>', 'oUser-9', '6000099');
    const first = await wechat.pushToKefu({
      url: url(),
      token: TOKEN,
      aesKey: AES_KEY,
      appId: APP_ID,
      xml: msg,
      nonce: '123456789',
    });
    expect(first.status).toBe(200);
    const again = await wechat.pushToKefu({
      url: url(),
      token: TOKEN,
      aesKey: AES_KEY,
      appId: APP_ID,
      xml: msg,
      nonce: '123456789',
      timestamp: new URL(first.url).searchParams.get('timestamp') ?? undefined,
    });
    expect(again.status).toBe(401);
    const channels = await acd.call('admin', 'GET', '/api/v1/channels');
    const w = channels.find((c: Body) => c.kind === 'wechat');
    const res = await acd.t.request('PATCH', `/api/v1/channels/${w.id}`, {
      token: acd.admin,
      body: { settings: { ...w.settings, apiBase: 'https://evil.example.com' } },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.fields[0].path).toBe('settings.appSecret');
  });

  it('events (a menu click, a location report) are acknowledged and stored nowhere', async () => {
    const before = (
      await acd.call('sa1', 'GET', `/api/v1/conversations/${(await conversationsOf('sa1', 'wechat'))[0].id}`)
    ).messages.length;
    const event = `<xml><ToUserName><![CDATA[gh_kefu]]></ToUserName><FromUserName><![CDATA[oUser-1]]></FromUserName><CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[CLICK]]></Event><EventKey><![CDATA[MENU_1]]></EventKey></xml>`;
    const res = await wechat.pushToKefu({ url: url(), token: TOKEN, aesKey: AES_KEY, appId: APP_ID, xml: event });
    expect(res.status).toBe(200);
    const after = (
      await acd.call('sa1', 'GET', `/api/v1/conversations/${(await conversationsOf('sa1', 'wechat'))[0].id}`)
    ).messages.length;
    expect(after).toBe(before);
  });

  it('after 48 hours without a customer message the reply is refused, and the window is shown', async () => {
    const [conv] = await conversationsOf('sa1', 'wechat');
    await sql(`update conv_conversations set last_inbound_at = now() - interval '49 hours' where id = $1`, [conv.id]);
    const res = await acd.t.request('POST', `/api/v1/conversations/${conv.id}/messages`, {
      token: acd.token('sa1'),
      body: { text: '还在吗' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('CONVERSATIONS.REPLY_WINDOW_CLOSED');
    // Notes are still allowed: the window is about messages to the customer.
    await acd.call(
      'sa1',
      'POST',
      `/api/v1/conversations/${conv.id}/messages`,
      { kind: 'note', text: '客户未回复' },
      201,
    );
  });
});
