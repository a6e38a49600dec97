import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startWechatStandin, type WechatStandin } from '../../../../../test/wechat-standin';
import { createWechatClient, WechatApiError, type WechatApiErrorCode, type WechatClient } from './wechat-client';

const APP_ID = 'wx2c2769f8efd9abc2';
const APP_SECRET = 'standin-secret-0123456789abcdef';
const OPENID = 'oyORnuP8q7ou2gfYjqLzSIWZf0rs';
const START = new Date('2025-03-01T08:00:00Z');
const HOUR = 60 * 60 * 1000;
// The smallest PNG (1×1, transparent).
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

const apiError = (code: WechatApiErrorCode, errcode?: number) =>
  expect.objectContaining({ name: 'WechatApiError', code, ...(errcode === undefined ? {} : { errcode }) });

let wx: WechatStandin;
let clientNow: number;
let client: WechatClient;

beforeEach(async () => {
  wx = await startWechatStandin({ appId: APP_ID, appSecret: APP_SECRET, now: START });
  clientNow = START.getTime();
  client = createWechatClient({ baseUrl: wx.baseUrl, appId: APP_ID, appSecret: APP_SECRET, now: () => clientNow });
  wx.setLastInbound(OPENID, START);
});
afterEach(() => wx.close());

describe('the access token', () => {
  it('is fetched once and shared by 10 concurrent sends', async () => {
    await Promise.all(Array.from({ length: 10 }, (_, i) => client.sendText(OPENID, `消息 ${i}`)));
    expect(wx.tokenRequests).toBe(1);
    expect(wx.sent.map((m) => m.text?.content).sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => `消息 ${i}`).sort(),
    );
  });

  it('is cached until 5 minutes before expires_in, then fetched again', async () => {
    const first = await client.getAccessToken();
    clientNow += 7200_000 - 5 * 60_000 - 1;
    expect(await client.getAccessToken()).toBe(first);
    expect(wx.tokenRequests).toBe(1);
    clientNow += 1;
    expect(await client.getAccessToken()).not.toBe(first);
    expect(wx.tokenRequests).toBe(2);
  });

  it('when WeChat says the token expired (42001), it is refreshed once and the send retried once', async () => {
    await client.sendText(OPENID, 'before');
    wx.expireTokens();
    await Promise.all([client.sendText(OPENID, 'after 1'), client.sendText(OPENID, 'after 2')]);
    expect(wx.tokenRequests).toBe(2);
    // before + two refused + two retried
    expect(wx.sendRequests).toBe(5);
    expect(wx.sent.map((m) => m.text?.content)).toEqual(['before', expect.any(String), expect.any(String)]);
  });

  it('a refusal of the old token that arrives after the refresh does not refresh again', async () => {
    let release!: () => void;
    const late = new Promise<void>((r) => {
      release = r;
    });
    let held = false;
    // The first answer to the "late" send waits until the "early" send has refreshed and retried.
    const slowFetch: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (!held && typeof init?.body === 'string' && init.body.includes('"late"')) {
        held = true;
        await late;
      }
      return res;
    };
    const c = createWechatClient({ baseUrl: wx.baseUrl, appId: APP_ID, appSecret: APP_SECRET, fetch: slowFetch });
    await c.getAccessToken();
    wx.expireTokens();
    const early = c.sendText(OPENID, 'early');
    const lateSend = c.sendText(OPENID, 'late');
    await early;
    release();
    await lateSend;
    expect(wx.tokenRequests).toBe(2);
    expect(wx.sent.map((m) => m.text?.content)).toEqual(['early', 'late']);
  });

  it('a token refused again after the refresh (40001) fails without a third try', async () => {
    wx.rejectTokens(true);
    await expect(client.sendText(OPENID, 'x')).rejects.toThrowError(apiError('api_error', 40001));
    expect(wx.tokenRequests).toBe(2);
    expect(wx.sendRequests).toBe(2);
    expect(wx.sent).toEqual([]);
  });

  it('a wrong secret surfaces as an API error, and the next call asks again', async () => {
    const bad = createWechatClient({ baseUrl: wx.baseUrl, appId: APP_ID, appSecret: 'wrong' });
    await expect(bad.sendText(OPENID, 'x')).rejects.toThrowError(apiError('api_error', 40125));
    await expect(bad.getAccessToken()).rejects.toThrowError(WechatApiError);
    expect(wx.tokenRequests).toBe(2);
  });
});

describe('customer-service messages', () => {
  it('a text is sent as the published JSON (touser, msgtype, text.content)', async () => {
    await client.sendText(OPENID, '您好，请问有什么可以帮您？');
    expect(wx.sent).toEqual([
      { touser: OPENID, msgtype: 'text', text: { content: '您好，请问有什么可以帮您？' }, at: START },
    ]);
  });

  it('after 48 hours without a message from the user, 45015 surfaces as the window error', async () => {
    wx.advance(47 * HOUR);
    await client.sendText(OPENID, 'still open');
    wx.advance(2 * HOUR);
    const refused = client.sendText(OPENID, 'too late');
    await expect(refused).rejects.toThrowError(apiError('window_closed', 45015));
    await expect(refused).rejects.toMatchObject({ errmsg: expect.stringContaining('response out of time limit') });
    expect(wx.sent.map((m) => m.text?.content)).toEqual(['still open']);
    // A new message from the user opens it again.
    wx.setLastInbound(OPENID, wx.now());
    await client.sendText(OPENID, 'open again');
  });

  it('a user who never wrote cannot be messaged', async () => {
    await expect(client.sendText('o-stranger', 'hi')).rejects.toThrowError(apiError('window_closed', 45015));
  });

  it('an image is uploaded, then sent by its media_id', async () => {
    const mediaId = await client.uploadImage(PNG, '截图.png', 'image/png');
    expect(wx.media.get(mediaId)).toMatchObject({ mime: 'image/png', filename: '截图.png', type: 'image' });
    expect(wx.media.get(mediaId)?.bytes.equals(PNG)).toBe(true);
    await client.sendImage(OPENID, mediaId);
    expect(wx.sent).toEqual([{ touser: OPENID, msgtype: 'image', image: { media_id: mediaId }, at: START }]);
    await expect(client.sendImage(OPENID, 'no-such-media')).rejects.toThrowError(apiError('api_error', 40007));
  });

  it('an upload refused for an expired token is sent again whole', async () => {
    await client.getAccessToken();
    wx.expireTokens();
    const mediaId = await client.uploadImage(PNG, 'a.png', 'image/png');
    expect(wx.uploadRequests).toBe(2);
    expect(wx.media.get(mediaId)?.bytes.equals(PNG)).toBe(true);
  });
});

describe('media download', () => {
  it("returns a user's file with its type and name", async () => {
    const bytes = Buffer.from('GIF89a…not really');
    const id = wx.addMedia(bytes, 'image/gif', 'from-user.gif');
    const m = await client.downloadMedia(id);
    expect(m.mime).toBe('image/gif');
    expect(m.filename).toBe('from-user.gif');
    expect(m.bytes.equals(bytes)).toBe(true);
  });

  it('an unknown media_id is an API error (WeChat answers JSON as text/plain)', async () => {
    await expect(client.downloadMedia('gone')).rejects.toThrowError(apiError('api_error', 40007));
  });

  it('refuses a file over the limit', async () => {
    const small = createWechatClient({
      baseUrl: wx.baseUrl,
      appId: APP_ID,
      appSecret: APP_SECRET,
      maxDownloadBytes: 10,
    });
    await expect(small.downloadMedia(wx.addMedia(Buffer.alloc(11), 'image/jpeg'))).rejects.toThrowError(
      apiError('bad_reply'),
    );
  });
});

describe('a slow or absent WeChat', () => {
  it('times out', async () => {
    const impatient = createWechatClient({ baseUrl: wx.baseUrl, appId: APP_ID, appSecret: APP_SECRET, timeoutMs: 200 });
    wx.hold(true);
    await expect(impatient.getAccessToken()).rejects.toThrowError(apiError('timeout'));
    wx.hold(false);
  });

  it('is unreachable', async () => {
    const url = wx.baseUrl;
    await wx.close();
    const gone = createWechatClient({ baseUrl: url, appId: APP_ID, appSecret: APP_SECRET });
    await expect(gone.getAccessToken()).rejects.toThrowError(apiError('unreachable'));
    wx = await startWechatStandin({ appId: APP_ID, appSecret: APP_SECRET }); // for afterEach
  });

  it('error messages never carry the access token or the secret', async () => {
    const token = await client.getAccessToken();
    wx.rejectTokens(true);
    const e = await client.sendText(OPENID, 'x').then(
      () => undefined,
      (err: unknown) => err as Error,
    );
    expect(e?.message).toMatch(/40001/);
    expect(e?.message).not.toContain(token);
    expect(e?.message).not.toContain(APP_SECRET);
  });
});
