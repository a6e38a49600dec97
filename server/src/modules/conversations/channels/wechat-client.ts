/**
 * The WeChat Official Account API that Kefu calls: the access token, customer-service messages
 * (客服消息) and temporary media (临时素材). Tests point `baseUrl` at the stand-in of
 * test/wechat-standin.ts.
 */
import { z } from 'zod';

export type WechatApiErrorCode =
  /** errcode 45015: more than 48 hours since the user's last message (or the user unfollowed). */
  | 'window_closed'
  /** Any other non-zero errcode: see `errcode` / `errmsg`. */
  | 'api_error'
  | 'timeout'
  /** No HTTP answer (connection refused, DNS, TLS). */
  | 'unreachable'
  /** An HTTP error status or an answer of the wrong shape (or a download over the limit). */
  | 'bad_reply';

export class WechatApiError extends Error {
  override readonly name = 'WechatApiError';
  constructor(
    readonly code: WechatApiErrorCode,
    message: string,
    readonly errcode?: number,
    readonly errmsg?: string,
  ) {
    super(message);
  }
}

export const WINDOW_CLOSED_ERRCODE = 45015;
/** The token is wrong (40001), invalid (40014) or expired (42001): fetch a new one and try once more. */
const TOKEN_ERRCODES = new Set([40001, 40014, 42001]);
/** WeChat asks for a refresh ahead of expiry: the old token may stop working a little early. */
const TOKEN_MARGIN_MS = 5 * 60 * 1000;

export type WechatClientOptions = {
  /** Default https://api.weixin.qq.com. */
  baseUrl?: string;
  appId: string;
  appSecret: string;
  /** Milliseconds since the epoch; default Date.now. Only decides the token's expiry. */
  now?: () => number;
  fetch?: typeof fetch;
  /** Per request, body included; default 10 s. */
  timeoutMs?: number;
  /** Largest media download accepted; default 20 MiB (WeChat's own limits are 10 MB and below). */
  maxDownloadBytes?: number;
};

export type WechatMedia = { bytes: Buffer; mime: string; filename?: string };

export type WechatClient = {
  /** The cached access token, fetched when missing or within 5 minutes of expiry (one fetch at a time). */
  getAccessToken(): Promise<string>;
  sendText(openid: string, text: string): Promise<void>;
  sendImage(openid: string, mediaId: string): Promise<void>;
  /** Uploads a temporary image (kept 3 days by WeChat); resolves to its media_id. */
  uploadImage(bytes: Uint8Array, filename: string, mime: string): Promise<string>;
  downloadMedia(mediaId: string): Promise<WechatMedia>;
};

const ErrCode = z.union([
  z.number().int(),
  z
    .string()
    .regex(/^-?\d+$/)
    .transform(Number),
]);
const ApiStatus = z.object({ errcode: ErrCode.optional(), errmsg: z.string().optional() });
const TokenReply = z.object({ access_token: z.string().min(1), expires_in: z.number().int().positive() });
const UploadReply = z.object({ media_id: z.string().min(1) });

export function createWechatClient(opts: WechatClientOptions): WechatClient {
  const base = (opts.baseUrl ?? 'https://api.weixin.qq.com').replace(/\/+$/, '');
  const now = opts.now ?? Date.now;
  const doFetch = opts.fetch ?? fetch;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const maxDownloadBytes = opts.maxDownloadBytes ?? 20 * 1024 * 1024;

  /**
   * One HTTP exchange, reading the body under the same deadline. Messages never carry the URL:
   * it holds the access token (or the secret).
   */
  async function exchange<T>(what: string, url: string, init: RequestInit, read: (res: Response) => Promise<T>) {
    try {
      const res = await doFetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
      return await read(res);
    } catch (e) {
      if (e instanceof WechatApiError) throw e;
      const name = (e as { name?: string }).name;
      if (name === 'TimeoutError' || name === 'AbortError')
        throw new WechatApiError('timeout', `WeChat ${what}: no answer within ${timeoutMs} ms`);
      throw new WechatApiError('unreachable', `WeChat ${what}: ${(e as Error).message}`);
    }
  }

  async function readJson(what: string, res: Response): Promise<unknown> {
    if (!res.ok) throw new WechatApiError('bad_reply', `WeChat ${what}: HTTP ${res.status}`);
    const text = await res.text();
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new WechatApiError('bad_reply', `WeChat ${what}: the answer is not JSON`);
    }
  }

  /** Throws for a non-zero errcode; 45015 gets its own code. */
  function assertOk(what: string, body: unknown): void {
    const status = ApiStatus.safeParse(body);
    if (!status.success) throw new WechatApiError('bad_reply', `WeChat ${what}: unexpected answer`);
    const { errcode, errmsg } = status.data;
    if (errcode === undefined || errcode === 0) return;
    const code = errcode === WINDOW_CLOSED_ERRCODE ? 'window_closed' : 'api_error';
    throw new WechatApiError(code, `WeChat ${what}: ${errcode} ${errmsg ?? ''}`.trim(), errcode, errmsg);
  }

  function parse<S extends z.ZodType>(what: string, schema: S, body: unknown): z.output<S> {
    const r = schema.safeParse(body);
    if (!r.success) throw new WechatApiError('bad_reply', `WeChat ${what}: unexpected answer`);
    return r.data;
  }

  let cached: { token: string; refreshAt: number } | undefined;
  let inflight: Promise<string> | undefined;

  async function fetchToken(): Promise<string> {
    const q = new URLSearchParams({ grant_type: 'client_credential', appid: opts.appId, secret: opts.appSecret });
    const body = await exchange('token', `${base}/cgi-bin/token?${q}`, { method: 'GET' }, (r) => readJson('token', r));
    assertOk('token', body);
    const t = parse('token', TokenReply, body);
    cached = { token: t.access_token, refreshAt: now() + t.expires_in * 1000 - TOKEN_MARGIN_MS };
    return t.access_token;
  }

  function getAccessToken(): Promise<string> {
    if (cached && now() < cached.refreshAt) return Promise.resolve(cached.token);
    // Single flight: every caller waiting for a token shares one request (WeChat limits token
    // requests per day, and each new token shortens the life of the previous one).
    inflight ??= fetchToken().finally(() => {
      inflight = undefined;
    });
    return inflight;
  }

  /** Runs a call with the token; when WeChat refuses the token, refreshes it once and retries once. */
  async function withToken<T>(call: (token: string) => Promise<T>): Promise<T> {
    const token = await getAccessToken();
    try {
      return await call(token);
    } catch (e) {
      if (!(e instanceof WechatApiError) || e.errcode === undefined || !TOKEN_ERRCODES.has(e.errcode)) throw e;
      // Only the caller whose token failed drops it: a caller that failed later with the same old
      // token finds the new one (or the refresh in flight) instead of starting another.
      if (cached?.token === token) cached = undefined;
      return call(await getAccessToken());
    }
  }

  const sendCustom = (what: string, payload: Record<string, unknown>) =>
    withToken(async (token) => {
      const body = await exchange(
        what,
        `${base}/cgi-bin/message/custom/send?${new URLSearchParams({ access_token: token })}`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json; charset=utf-8' },
          body: JSON.stringify(payload),
        },
        (r) => readJson(what, r),
      );
      assertOk(what, body);
    });

  return {
    getAccessToken,

    sendText: (openid, text) => sendCustom('send text', { touser: openid, msgtype: 'text', text: { content: text } }),

    sendImage: (openid, mediaId) =>
      sendCustom('send image', { touser: openid, msgtype: 'image', image: { media_id: mediaId } }),

    uploadImage: (bytes, filename, mime) =>
      withToken(async (token) => {
        // A fresh form per attempt: a retried request cannot reuse a consumed body.
        const form = new FormData();
        form.append('media', new Blob([new Uint8Array(bytes)], { type: mime }), filename);
        const q = new URLSearchParams({ access_token: token, type: 'image' });
        const body = await exchange(
          'upload',
          `${base}/cgi-bin/media/upload?${q}`,
          { method: 'POST', body: form },
          (r) => readJson('upload', r),
        );
        assertOk('upload', body);
        return parse('upload', UploadReply, body).media_id;
      }),

    downloadMedia: (mediaId) =>
      withToken((token) => {
        const q = new URLSearchParams({ access_token: token, media_id: mediaId });
        return exchange('media', `${base}/cgi-bin/media/get?${q}`, { method: 'GET' }, async (res) => {
          if (!res.ok) throw new WechatApiError('bad_reply', `WeChat media: HTTP ${res.status}`);
          const mime = (res.headers.get('content-type') ?? 'application/octet-stream').split(';')[0]!.trim();
          // Errors (and videos, which come as a video_url) are JSON, sent as application/json or text/plain.
          if (mime === 'application/json' || mime === 'text/plain') {
            const body = await readJson('media', res);
            assertOk('media', body);
            throw new WechatApiError('bad_reply', 'WeChat media: a JSON answer (video media are not downloaded here)');
          }
          const bytes = await readLimited(res, maxDownloadBytes);
          const filename = /filename="?([^";]+)"?/i.exec(res.headers.get('content-disposition') ?? '')?.[1];
          return filename ? { bytes, mime, filename } : { bytes, mime };
        });
      }),
  };
}

async function readLimited(res: Response, max: number): Promise<Buffer> {
  const tooLarge = () => new WechatApiError('bad_reply', `WeChat media: larger than ${max} bytes`);
  if (Number(res.headers.get('content-length') ?? 0) > max) {
    await res.body?.cancel();
    throw tooLarge();
  }
  if (!res.body) return Buffer.alloc(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > max) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
