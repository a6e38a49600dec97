/**
 * A local stand-in of WeChat's Official Account platform for tests, on 127.0.0.1 (port 0):
 *  - the API Kefu calls (`baseUrl`): /cgi-bin/token, /cgi-bin/message/custom/send,
 *    /cgi-bin/media/upload and /cgi-bin/media/get, answering as the published API does (errcode
 *    JSON, tokens that expire, 45015 outside the 48-hour window), by its own clock;
 *  - the pushes WeChat makes to Kefu: `pushToKefu` signs (and in safe mode encrypts) an inbound
 *    XML the way WeChat's servers do, `verifyUrl` makes the echostr handshake.
 *
 * The signing and AES here are written apart from Kefu's wechat-protocol.ts on purpose: a mistake
 * shared by both sides would otherwise pass every test.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, randomInt } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const HOUR = 60 * 60 * 1000;
const WINDOW_MS = 48 * HOUR;
/** After a new token is issued, the previous one keeps working for 5 minutes (as WeChat documents). */
const OLD_TOKEN_GRACE_MS = 5 * 60 * 1000;
const IMAGE_LIMIT = 10 * 1024 * 1024;

export type StandinSentMessage = {
  touser: string;
  msgtype: string;
  text?: { content: string };
  image?: { media_id: string };
  at: Date;
};

export type StandinMedia = { bytes: Buffer; mime: string; filename: string; type: string };

export type StartWechatStandinOptions = {
  appId: string;
  appSecret: string;
  /** expires_in of issued tokens; default 7200. */
  tokenTtlSeconds?: number;
  /** The stand-in's clock at start (then moved only by setNow/advance); default the real time. */
  now?: Date;
};

export async function startWechatStandin(opts: StartWechatStandinOptions) {
  const ttlMs = (opts.tokenTtlSeconds ?? 7200) * 1000;
  let clock = (opts.now ?? new Date()).getTime();
  const tokens = new Map<string, { expiresAt: number; revoked: boolean }>();
  const lastInbound = new Map<string, number>();
  const media = new Map<string, StandinMedia>();
  const sent: StandinSentMessage[] = [];
  const counts = { tokenRequests: 0, sendRequests: 0, uploadRequests: 0, mediaRequests: 0 };
  let rejectingTokens = false;
  let holding = false;
  const held: Array<() => void> = [];

  const json = (res: http.ServerResponse, body: unknown, contentType = 'application/json; encoding=utf-8') =>
    res.writeHead(200, { 'content-type': contentType }).end(JSON.stringify(body));
  const fail = (res: http.ServerResponse, errcode: number, errmsg: string, contentType?: string) =>
    json(res, { errcode, errmsg: `${errmsg} rid: standin-${randomBytes(4).toString('hex')}` }, contentType);

  /** The errcode WeChat answers for this access_token, or 0 when it is good. */
  function tokenProblem(token: string | null): [number, string] | undefined {
    if (!token) return [41001, 'access_token missing'];
    const t = tokens.get(token);
    if (!t || t.revoked || rejectingTokens) return [40001, 'invalid credential, access_token is invalid or not latest'];
    if (clock >= t.expiresAt) return [42001, 'access_token expired'];
    return undefined;
  }

  function issueToken(): { access_token: string; expires_in: number } {
    for (const t of tokens.values()) t.expiresAt = Math.min(t.expiresAt, clock + OLD_TOKEN_GRACE_MS);
    const token = randomBytes(48).toString('base64url');
    tokens.set(token, { expiresAt: clock + ttlMs, revoked: false });
    return { access_token: token, expires_in: ttlMs / 1000 };
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer) {
    const url = new URL(req.url ?? '/', 'http://standin');
    const q = url.searchParams;
    const route = `${req.method} ${url.pathname}`;

    if (route === 'GET /cgi-bin/token') {
      counts.tokenRequests++;
      if (q.get('grant_type') !== 'client_credential') return fail(res, 40002, 'invalid grant_type');
      if (q.get('appid') !== opts.appId) return fail(res, 40013, 'invalid appid');
      if (q.get('secret') !== opts.appSecret) return fail(res, 40125, 'invalid appsecret');
      return json(res, issueToken());
    }

    const known = ['POST /cgi-bin/message/custom/send', 'POST /cgi-bin/media/upload', 'GET /cgi-bin/media/get'];
    if (!known.includes(route)) return res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    const problem = tokenProblem(q.get('access_token'));

    if (route === 'POST /cgi-bin/message/custom/send') {
      counts.sendRequests++;
      if (problem) return fail(res, ...problem);
      let msg: { touser?: unknown; msgtype?: unknown; text?: { content?: unknown }; image?: { media_id?: unknown } };
      try {
        msg = JSON.parse(body.toString('utf8'));
      } catch {
        return fail(res, 47001, 'data format error');
      }
      if (typeof msg.touser !== 'string' || msg.touser === '') return fail(res, 40003, 'invalid openid');
      const last = lastInbound.get(msg.touser);
      if (last === undefined || clock - last > WINDOW_MS)
        return fail(res, 45015, 'response out of time limit or subscription is canceled');
      if (msg.msgtype === 'text') {
        if (typeof msg.text?.content !== 'string' || msg.text.content === '')
          return fail(res, 47001, 'data format error');
        sent.push({ touser: msg.touser, msgtype: 'text', text: { content: msg.text.content }, at: new Date(clock) });
      } else if (msg.msgtype === 'image') {
        const id = msg.image?.media_id;
        if (typeof id !== 'string' || !media.has(id)) return fail(res, 40007, 'invalid media_id');
        sent.push({ touser: msg.touser, msgtype: 'image', image: { media_id: id }, at: new Date(clock) });
      } else {
        return fail(res, 40008, 'invalid message type');
      }
      return json(res, { errcode: 0, errmsg: 'ok' });
    }

    if (route === 'POST /cgi-bin/media/upload') {
      counts.uploadRequests++;
      if (problem) return fail(res, ...problem);
      const type = q.get('type') ?? '';
      if (!['image', 'voice', 'video', 'thumb'].includes(type)) return fail(res, 40004, 'invalid media type');
      let file: FormDataEntryValue | null = null;
      try {
        const form = await new Request('http://standin/', {
          method: 'POST',
          headers: { 'content-type': req.headers['content-type'] ?? '' },
          body: new Uint8Array(body),
        }).formData();
        file = form.get('media');
      } catch {
        return fail(res, 41005, 'media data missing');
      }
      if (!file || typeof file === 'string') return fail(res, 41005, 'media data missing');
      if (type === 'image' && file.size > IMAGE_LIMIT) return fail(res, 40009, 'invalid image size');
      const id = addMedia(
        Buffer.from(await file.arrayBuffer()),
        file.type || 'application/octet-stream',
        file.name,
        type,
      );
      return json(res, { type, media_id: id, created_at: Math.floor(clock / 1000) });
    }

    // GET /cgi-bin/media/get: the file itself, or JSON (as text/plain) for an error.
    counts.mediaRequests++;
    if (problem) return fail(res, ...problem, 'text/plain');
    const m = media.get(q.get('media_id') ?? '');
    if (!m) return fail(res, 40007, 'invalid media_id', 'text/plain');
    return res
      .writeHead(200, {
        'content-type': m.mime,
        'content-disposition': `attachment; filename="${m.filename}"`,
        'content-length': m.bytes.length,
        'cache-control': 'no-cache, must-revalidate',
      })
      .end(m.bytes);
  }

  function addMedia(bytes: Buffer, mime: string, filename?: string, type = 'image'): string {
    const id = randomBytes(32).toString('base64url');
    media.set(id, { bytes, mime, filename: filename ?? `${id}.${mime.split('/')[1] ?? 'bin'}`, type });
    return id;
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const go = () =>
        handle(req, res, Buffer.concat(chunks)).catch((e: unknown) => {
          res.writeHead(500).end(String(e));
        });
      if (holding) held.push(go);
      else void go();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    baseUrl,
    appId: opts.appId,
    appSecret: opts.appSecret,
    /** Every accepted customer-service message, in order. */
    sent,
    media,
    get tokenRequests() {
      return counts.tokenRequests;
    },
    get sendRequests() {
      return counts.sendRequests;
    },
    get uploadRequests() {
      return counts.uploadRequests;
    },
    get mediaRequests() {
      return counts.mediaRequests;
    },
    /** The stand-in's clock: token expiry and the 48-hour window are judged by it. */
    now: () => new Date(clock),
    setNow(d: Date) {
      clock = d.getTime();
    },
    advance(ms: number) {
      clock += ms;
    },
    /** Every token issued so far is now expired: the next API call answers 42001. */
    expireTokens() {
      for (const t of tokens.values()) t.expiresAt = Math.min(t.expiresAt, clock);
    },
    /** While on, every access token is refused with 40001 (a token that never works). */
    rejectTokens(on: boolean) {
      rejectingTokens = on;
    },
    /** When the user last wrote to the account (what opens the 48-hour window). */
    setLastInbound(openid: string, at: Date) {
      lastInbound.set(openid, at.getTime());
    },
    /** A file as if a user had sent it (its media_id goes in an inbound image/voice push). */
    addMedia: (bytes: Uint8Array, mime: string, filename?: string) => addMedia(Buffer.from(bytes), mime, filename),
    /** While on, requests are held unanswered (a slow WeChat); `hold(false)` answers them. */
    hold(on: boolean) {
      holding = on;
      if (!on) for (const go of held.splice(0)) go();
    },
    /**
     * Pushes an inbound message as WeChat would, on the stand-in's clock, and records the user's
     * message (opening the 48-hour window) unless it is an unsubscribe.
     */
    async pushToKefu(p: Omit<PushOptions, 'timestamp'> & { timestamp?: string }) {
      const from = /<FromUserName><!\[CDATA\[([^\]]*)\]\]><\/FromUserName>/.exec(p.xml)?.[1];
      if (from && !/<Event><!\[CDATA\[unsubscribe\]\]><\/Event>/.test(p.xml)) lastInbound.set(from, clock);
      return pushToKefu({ ...p, timestamp: p.timestamp ?? String(Math.floor(clock / 1000)) });
    },
    close() {
      for (const go of held.splice(0)) go();
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}
export type WechatStandin = Awaited<ReturnType<typeof startWechatStandin>>;

// ---------------------------------------------------------------------------------------------
// The push side: WeChat's servers calling Kefu.

const sha1Sorted = (...parts: string[]) => createHash('sha1').update(parts.sort().join('')).digest('hex');

function aesKey(encodingAesKey: string): Buffer {
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  if (encodingAesKey.length !== 43 || key.length !== 32) throw new Error('EncodingAESKey must be 43 characters');
  return key;
}

/** WeChat's envelope: random(16) ‖ uint32be(len) ‖ msg ‖ appId, PKCS#7 to 32 bytes, AES-256-CBC, IV = key[0..16). */
export function wechatEncrypt(encodingAesKey: string, appId: string, xml: string): string {
  const key = aesKey(encodingAesKey);
  const msg = Buffer.from(xml, 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(msg.length, 0);
  const plain = Buffer.concat([randomBytes(16), len, msg, Buffer.from(appId, 'utf8')]);
  const n = 32 - (plain.length % 32);
  const c = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  c.setAutoPadding(false);
  return Buffer.concat([c.update(Buffer.concat([plain, Buffer.alloc(n, n)])), c.final()]).toString('base64');
}

export type PushOptions = {
  /** Kefu's callback URL as configured in WeChat (its own query string is kept). */
  url: string;
  token: string;
  /** Safe mode (安全模式) when set: the body is the encrypted envelope. */
  aesKey?: string;
  appId: string;
  /** The plaintext inbound XML. */
  xml: string;
  /** Unix seconds; default now. */
  timestamp?: string;
  /** Default a random 9–10 digit number, like WeChat's. */
  nonce?: string;
};

/** POSTs an inbound message exactly as WeChat does: signature, timestamp, nonce, openid (and in safe mode encrypt_type=aes and msg_signature). */
export async function pushToKefu(p: PushOptions): Promise<Response> {
  const timestamp = p.timestamp ?? String(Math.floor(Date.now() / 1000));
  const nonce = p.nonce ?? String(randomInt(100_000_000, 2_147_483_647));
  const url = new URL(p.url);
  url.searchParams.set('signature', sha1Sorted(p.token, timestamp, nonce));
  url.searchParams.set('timestamp', timestamp);
  url.searchParams.set('nonce', nonce);
  const openid = /<FromUserName><!\[CDATA\[([^\]]*)\]\]><\/FromUserName>/.exec(p.xml)?.[1];
  if (openid) url.searchParams.set('openid', openid);
  let body = p.xml;
  if (p.aesKey) {
    const encrypt = wechatEncrypt(p.aesKey, p.appId, p.xml);
    const to = /<ToUserName><!\[CDATA\[([^\]]*)\]\]><\/ToUserName>/.exec(p.xml)?.[1] ?? '';
    body = `<xml><ToUserName><![CDATA[${to}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`;
    url.searchParams.set('encrypt_type', 'aes');
    url.searchParams.set('msg_signature', sha1Sorted(p.token, timestamp, nonce, encrypt));
  }
  return fetch(url, { method: 'POST', headers: { 'content-type': 'text/xml' }, body });
}

/** The server-configuration handshake: GET with signature, timestamp, nonce and echostr; Kefu must echo echostr. */
export async function verifyUrl(url: string, token: string) {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = String(randomInt(100_000_000, 2_147_483_647));
  const echostr = String(randomInt(1, 2 ** 47));
  const u = new URL(url);
  u.searchParams.set('signature', sha1Sorted(token, timestamp, nonce));
  u.searchParams.set('echostr', echostr);
  u.searchParams.set('timestamp', timestamp);
  u.searchParams.set('nonce', nonce);
  const res = await fetch(u);
  const body = await res.text();
  return { ok: res.status === 200 && body === echostr, status: res.status, body, echostr };
}

/**
 * What WeChat does with a safe-mode passive reply: checks MsgSignature over Encrypt, TimeStamp and
 * Nonce, decrypts, and checks the appId. Returns the reply XML; throws when any check fails.
 */
export function openPassiveReply(body: string, p: { token: string; aesKey: string; appId: string }): string {
  const field = (name: string) =>
    new RegExp(`<${name}>(?:<!\\[CDATA\\[([^\\]]*)\\]\\]>|([^<]*))</${name}>`)
      .exec(body)
      ?.slice(1)
      .find((v) => v);
  const encrypt = field('Encrypt');
  const signature = field('MsgSignature');
  const timestamp = field('TimeStamp');
  const nonce = field('Nonce');
  if (!encrypt || !signature || !timestamp || !nonce) throw new Error(`not an encrypted reply: ${body.slice(0, 200)}`);
  if (sha1Sorted(p.token, timestamp, nonce, encrypt) !== signature) throw new Error('MsgSignature does not match');
  const key = aesKey(p.aesKey);
  const d = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
  d.setAutoPadding(false);
  const plain = Buffer.concat([d.update(Buffer.from(encrypt, 'base64')), d.final()]);
  const content = plain.subarray(0, plain.length - plain[plain.length - 1]!);
  const len = content.readUInt32BE(16);
  if (content.subarray(20 + len).toString('utf8') !== p.appId) throw new Error('the reply names another appId');
  return content.subarray(20, 20 + len).toString('utf8');
}
