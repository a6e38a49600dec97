import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Acd, setupAcd } from '../../../../../test/acd';

/**
 * The customer-facing pages of web chat outside the API: the chat page (`/chat/:key`) with the policy
 * that keeps it out of sites not allowed, the loader and the page's assets, and the loader's
 * appearance call from a company's page.
 */
let acd: Acd;
let key: string;
let disabledKey: string;

const get = (url: string, headers: Record<string, string> = {}) =>
  acd.t.kefu.app.inject({ method: 'GET', url, headers });

beforeAll(async () => {
  acd = await setupAcd({ queues: [{ key: 'web' }], users: [] });
  const ch = await acd.call(
    'admin',
    'POST',
    '/api/v1/channels',
    {
      name: '官网在线客服',
      queue: 'web',
      settings: {
        kind: 'webchat',
        title: '宽带<客服>',
        color: '#0a7d52',
        allowedOrigins: ['https://shop.example.com', 'http://127.0.0.1:8080'],
      },
    },
    201,
  );
  key = ch.publicKey;
  const off = await acd.call(
    'admin',
    'POST',
    '/api/v1/channels',
    { name: '停用的', queue: 'web', enabled: false, settings: { kind: 'webchat' } },
    201,
  );
  disabledKey = off.publicKey;
});
afterAll(() => acd.t.close());

describe('the chat page', () => {
  it("may be framed only by Kefu and the channel's allowed origins, and runs only its own script", async () => {
    const r = await get(`/chat/${key}`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('text/html');
    const csp = String(r.headers['content-security-policy']);
    const directive = (name: string) =>
      csp
        .split(';')
        .map((d) => d.trim())
        .find((d) => d.startsWith(`${name} `));
    expect(directive('frame-ancestors')).toBe("frame-ancestors 'self' https://shop.example.com http://127.0.0.1:8080");
    expect(directive('script-src')).toBe("script-src 'self'");
    expect(directive('default-src')).toBe("default-src 'none'");
    expect(directive('connect-src')).toContain('ws://localhost:80');
    // The one inline style (the channel's colour) is allowed by its hash, nothing else inline.
    expect(directive('style-src')).toMatch(/^style-src 'self' 'sha256-[A-Za-z0-9+/=]+'$/);
    expect(r.body).toContain(`data-key="${key}"`);
    expect(r.body).toContain('<title>宽带&lt;客服&gt;</title>');
    expect(r.body).toContain(':root{--kc-color:#0a7d52}');
    expect(r.body).not.toMatch(/<script>/);
    const js = /src="(\/chat-app\.js\?v=[\w-]+)"/.exec(r.body)?.[1];
    const css = /href="(\/chat-app\.css\?v=[\w-]+)"/.exec(r.body)?.[1];
    expect(js).toBeDefined();
    expect(css).toBeDefined();

    // The versioned assets may be cached for good; the same file under another version is revalidated.
    const app = await get(js!);
    expect(app.statusCode).toBe(200);
    expect(app.headers['content-type']).toContain('text/javascript');
    expect(app.headers['cache-control']).toContain('immutable');
    expect((await get('/chat-app.js?v=old')).headers['cache-control']).toBe('no-cache');
    expect((await get(css!)).headers['content-type']).toContain('text/css');
    expect((await get(js!, { 'if-none-match': String(app.headers.etag) })).statusCode).toBe(304);
  });

  it('is in English for a browser that asks for it, and for ?lang=en-US', async () => {
    expect((await get(`/chat/${key}`, { 'accept-language': 'en-GB,en;q=0.9' })).body).toContain('<html lang="en-US">');
    expect((await get(`/chat/${key}?lang=en-US`)).body).toContain('<html lang="en-US">');
    expect((await get(`/chat/${key}`, { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' })).body).toContain(
      '<html lang="zh-CN">',
    );
  });

  it('an unknown or disabled key shows a friendly page, in the visitor’s language', async () => {
    for (const k of ['no-such-key-0000', disabledKey, '<script>']) {
      const r = await get(`/chat/${encodeURIComponent(k)}`);
      expect(r.statusCode).toBe(404);
      expect(r.headers['content-type']).toContain('text/html');
      expect(r.body).toContain('在线客服不可用');
      expect(r.body).not.toContain('<script');
    }
    const en = await get('/chat/no-such-key-0000', { 'accept-language': 'en-US' });
    expect(en.body).toContain('Chat not available');
  });
});

describe('the loader', () => {
  it('is served to any site as a small script', async () => {
    const r = await get('/widget.js');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('text/javascript');
    expect(r.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(r.headers['cache-control']).toBe('public, max-age=300');
    expect(r.body).toContain('KefuChat');
    expect(r.rawPayload.length).toBeLessThan(8_000);
  });

  it("reads the widget's colour from an allowed page; a page not allowed learns it is not", async () => {
    const url = `/api/v1/chat/widgets/${key}/appearance`;
    const ok = await get(url, { origin: 'https://shop.example.com' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ title: '宽带<客服>', color: '#0a7d52' });
    expect(ok.headers['access-control-allow-origin']).toBe('*');
    const foreign = await get(url, { origin: 'https://evil.example.net' });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.headers['access-control-allow-origin']).toBe('*');
    expect((await get(`/api/v1/chat/widgets/${disabledKey}/appearance`)).statusCode).toBe(409);
    expect((await get('/api/v1/chat/widgets/no-such-key-0000/appearance')).statusCode).toBe(404);
  });
});
