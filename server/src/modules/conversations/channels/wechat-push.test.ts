/**
 * The stand-in's pushes (written apart from wechat-protocol.ts) against a minimal callback built
 * from the protocol functions: each side proves the other speaks the published protocol. The
 * receiver below is also the shape the conversations route takes.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPassiveReply, pushToKefu, startWechatStandin, verifyUrl } from '../../../../../test/wechat-standin';
import {
  buildEncryptedReply,
  buildTextReply,
  createWechatCipher,
  openEncryptedPush,
  parseInbound,
  verifyUrlSignature,
  type WechatInbound,
} from '../domain/wechat-protocol';

const TOKEN = 'kefu-callback-token';
const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const APP_ID = 'wx2c2769f8efd9abc2';
const cipher = createWechatCipher(AES_KEY, APP_ID);

const received: WechatInbound[] = [];
let server: http.Server;
let url: string;

const inbound = (inner: string, from = 'oUser-1') =>
  `<xml><ToUserName><![CDATA[gh_kefu]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName><CreateTime>1740816000</CreateTime>${inner}</xml>`;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const q = new URL(req.url ?? '/', 'http://kefu').searchParams;
    const p = (k: string) => q.get(k) ?? '';
    if (!verifyUrlSignature(TOKEN, p('timestamp'), p('nonce'), p('signature'))) return res.writeHead(403).end();
    if (req.method === 'GET') return res.end(p('echostr'));
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        const body = Buffer.concat(chunks).toString('utf8');
        const safe = p('encrypt_type') === 'aes';
        const xml = safe
          ? openEncryptedPush({
              token: TOKEN,
              cipher,
              timestamp: p('timestamp'),
              nonce: p('nonce'),
              msgSignature: p('msg_signature'),
              body,
            })
          : body;
        const m = parseInbound(xml);
        received.push(m);
        if (m.fromUserName !== p('openid')) return res.writeHead(400).end('openid');
        const reply = buildTextReply({
          toUserName: m.fromUserName,
          fromUserName: m.toUserName,
          createTime: new Date(1740816001_000),
          content: `收到 ${m.type} ]]>`,
        });
        res.end(
          safe
            ? buildEncryptedReply({ cipher, token: TOKEN, xml: reply, timestamp: p('timestamp'), nonce: p('nonce') })
            : reply,
        );
      } catch (e) {
        res.writeHead(400).end(String((e as Error).message));
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/wechat/callback?account=1`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('the URL handshake', () => {
  it('echoes echostr to the right token only', async () => {
    expect(await verifyUrl(url, TOKEN)).toMatchObject({ ok: true, status: 200 });
    expect(await verifyUrl(url, 'another-token')).toMatchObject({ ok: false, status: 403 });
  });
});

describe('pushes', () => {
  it('a plaintext push is signed and read, and the passive reply comes back as XML', async () => {
    const res = await pushToKefu({
      url,
      token: TOKEN,
      appId: APP_ID,
      xml: inbound('<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[在吗？]]></Content><MsgId>1001</MsgId>'),
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<Content><![CDATA[收到 text ]]]]><![CDATA[>]]></Content>');
    expect(received.at(-1)).toMatchObject({ type: 'text', content: '在吗？', fromUserName: 'oUser-1', msgId: '1001' });
  });

  it('a safe-mode push is encrypted and signed as WeChat does, and the encrypted reply opens on its side', async () => {
    const res = await pushToKefu({
      url,
      token: TOKEN,
      aesKey: AES_KEY,
      appId: APP_ID,
      xml: inbound('<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event>', 'oUser-2'),
    });
    expect(res.status).toBe(200);
    const reply = openPassiveReply(await res.text(), { token: TOKEN, aesKey: AES_KEY, appId: APP_ID });
    expect(parseInbound(reply.replace('</xml>', '<MsgId>1</MsgId></xml>'))).toMatchObject({
      type: 'text',
      toUserName: 'oUser-2',
      content: '收到 subscribe ]]>',
    });
    expect(received.at(-1)).toMatchObject({ type: 'subscribe', dedupeKey: 'oUser-2:1740816000:subscribe' });
  });

  it('a push signed with another token, or encrypted for another appId, is refused', async () => {
    const xml = inbound('<MsgType><![CDATA[text]]></MsgType><Content>x</Content><MsgId>1002</MsgId>');
    expect((await pushToKefu({ url, token: 'other', appId: APP_ID, xml })).status).toBe(403);
    const foreign = await pushToKefu({ url, token: TOKEN, aesKey: AES_KEY, appId: 'wx0000000000000000', xml });
    expect(foreign.status).toBe(400);
    expect(await foreign.text()).toContain('another appId');
  });

  it('the stand-in opens the window for the user who pushed (and its clock stamps the push)', async () => {
    const wx = await startWechatStandin({ appId: APP_ID, appSecret: 's', now: new Date('2025-03-01T00:00:00Z') });
    try {
      const res = await wx.pushToKefu({
        url,
        token: TOKEN,
        aesKey: AES_KEY,
        appId: APP_ID,
        xml: inbound('<MsgType><![CDATA[text]]></MsgType><Content>hi</Content><MsgId>1003</MsgId>', 'oUser-3'),
      });
      expect(res.status).toBe(200);
      const token = await (
        await fetch(`${wx.baseUrl}/cgi-bin/token?grant_type=client_credential&appid=${APP_ID}&secret=s`)
      ).json();
      const send = await fetch(`${wx.baseUrl}/cgi-bin/message/custom/send?access_token=${token.access_token}`, {
        method: 'POST',
        body: JSON.stringify({ touser: 'oUser-3', msgtype: 'text', text: { content: 'hello' } }),
      });
      expect(await send.json()).toEqual({ errcode: 0, errmsg: 'ok' });
    } finally {
      await wx.close();
    }
  });
});
