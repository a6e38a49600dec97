import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WebchatSettings } from '../../../../contracts/conversations';
import { packageRoot, webDistFolder } from '../../platform/paths';
import type { WebchatService } from './webchat.service';

/**
 * The customer's side of web chat outside the API: the loader a company's site includes
 * (`/widget.js`), the chat page (`/chat/:key`, the H5 page for mobile browsers and the widget's
 * iframe) and its script and styles. Built by scripts/build.mjs into dist/web/widget/ from
 * web/widget/ (docs/channels-webchat.md).
 */

const ASSETS = {
  'widget.js': 'text/javascript; charset=utf-8',
  'chat-app.js': 'text/javascript; charset=utf-8',
  'chat-app.css': 'text/css; charset=utf-8',
} as const;
type AssetName = keyof typeof ASSETS;
type Asset = { body: Buffer; etag: string; version: string };

// Only what a CSP source list can hold: an allowed origin with `;` or a quote would end the directive.
const CSP_ORIGIN = /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/;
const CSP_HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;
const COLOR = /^#[0-9a-fA-F]{6}$/;

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/**
 * The built files, read from dist/web/widget/ (re-read when they change on disk). A source checkout
 * without a build (`npm run dev`, API tests) builds them in memory with esbuild, once per process.
 */
function widgetAssets(dir: string) {
  const read = new Map<AssetName, { mtimeMs: number; asset: Asset }>();
  let built: Promise<Map<AssetName, Asset> | undefined> | undefined;

  const assetOf = (body: Buffer): Asset => {
    const hash = createHash('sha256').update(body).digest('base64url');
    return { body, etag: `"${hash.slice(0, 27)}"`, version: hash.slice(0, 10) };
  };

  async function buildFromSources(): Promise<Map<AssetName, Asset> | undefined> {
    const src = path.join(packageRoot(), 'web', 'widget');
    if (!existsSync(path.join(src, 'widget.ts'))) return undefined;
    // The same options as scripts/build.mjs.
    const { build } = await import('esbuild');
    const out = await build({
      entryPoints: ['widget.ts', 'chat-app.ts', 'chat-app.css'].map((f) => path.join(src, f)),
      outdir: '/widget',
      bundle: true,
      minify: true,
      format: 'iife',
      target: 'es2019',
      legalComments: 'none',
      write: false,
      logLevel: 'silent',
    });
    return new Map(out.outputFiles.map((f) => [path.basename(f.path) as AssetName, assetOf(Buffer.from(f.contents))]));
  }

  return async (name: AssetName): Promise<Asset | undefined> => {
    const file = path.join(dir, name);
    const stat = await fs.stat(file).catch(() => undefined);
    if (stat) {
      const had = read.get(name);
      if (had && had.mtimeMs === stat.mtimeMs) return had.asset;
      const asset = assetOf(await fs.readFile(file));
      read.set(name, { mtimeMs: stat.mtimeMs, asset });
      return asset;
    }
    built ??= buildFromSources().catch(() => undefined);
    return (await built)?.get(name);
  };
}

/** The visitor's language for server-made pages: English when the browser's first choice is. */
function langOf(req: FastifyRequest): 'zh-CN' | 'en-US' {
  const q = (req.query as { lang?: unknown } | undefined)?.lang;
  const asked = typeof q === 'string' && q ? q : (req.headers['accept-language'] ?? '');
  return /^\s*en\b/i.test(asked) ? 'en-US' : 'zh-CN';
}

const PAGE_TEXT = {
  'zh-CN': {
    loading: '正在加载…',
    noscript: '请启用浏览器的 JavaScript 以使用在线客服。',
    notFoundTitle: '在线客服不可用',
    notFound: '这个在线客服链接无效，或已被停用。',
    hint: '请返回原网页重试，或通过其他方式联系我们。',
  },
  'en-US': {
    loading: 'Loading…',
    noscript: 'Please turn on JavaScript to chat with us.',
    notFoundTitle: 'Chat not available',
    notFound: 'This chat link is not valid, or the chat has been turned off.',
    hint: 'Go back to the page you came from and try again, or contact us another way.',
  },
} as const;

/**
 * Who may frame the page: Kefu itself and the channel's allowed origins. The browser enforces it, so a
 * site not on the list shows the widget's "cannot be shown" note instead of the chat.
 */
export function chatPagePolicy(allowedOrigins: readonly string[], host: string, styleHash: string): string {
  const ancestors = ["'self'", ...allowedOrigins.filter((o) => CSP_ORIGIN.test(o))];
  // 'self' covers ws: and wss: on the same host in current browsers; older Safari needs them named.
  const sockets = CSP_HOST.test(host) ? ` ws://${host} wss://${host}` : '';
  return [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'self' '${styleHash}'`,
    "img-src 'self' blob: data:",
    `connect-src 'self'${sockets}`,
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${ancestors.join(' ')}`,
  ].join('; ');
}

function chatPage(
  key: string,
  s: WebchatSettings,
  lang: 'zh-CN' | 'en-US',
  v: { js: string; css: string },
): { html: string; style: string } {
  const color = COLOR.test(s.color) ? s.color : '#1677ff';
  // The channel's colour before the script runs (no flash of the default blue): allowed by its hash.
  const style = `:root{--kc-color:${color}}`;
  const html = `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="theme-color" content="${color}">
<title>${escapeHtml(s.title)}</title>
<style>${style}</style>
<link rel="stylesheet" href="/chat-app.css?v=${v.css}">
<script src="/chat-app.js?v=${v.js}" defer></script>
</head>
<body>
<div id="kefu-chat" data-key="${escapeHtml(key)}"><p class="kc-center">${PAGE_TEXT[lang].loading}</p></div>
<noscript><p class="kc-center">${PAGE_TEXT[lang].noscript}</p></noscript>
</body>
</html>
`;
  return { html, style };
}

function notFoundPage(lang: 'zh-CN' | 'en-US'): string {
  const t = PAGE_TEXT[lang];
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t.notFoundTitle}</title>
<style>body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;background:#f5f6f8;font:15px/1.6 system-ui,-apple-system,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;color:#1f1f1f}main{max-width:360px;margin:24px;padding:32px 24px;background:#fff;border:1px solid #e5e7eb;border-radius:14px;text-align:center}h1{font-size:18px;margin:0 0 8px}p{margin:0 0 6px;color:#4b5563}</style>
</head>
<body><main><h1>${t.notFoundTitle}</h1><p>${t.notFound}</p><p>${t.hint}</p></main></body>
</html>
`;
}

function sendAsset(req: FastifyRequest, reply: FastifyReply, name: AssetName, asset: Asset | undefined, cache: string) {
  if (!asset) return reply.status(404).type('text/plain; charset=utf-8').send('Not built: run `npm run build`');
  reply
    .header('etag', asset.etag)
    .header('cache-control', cache)
    .header('x-content-type-options', 'nosniff')
    // The loader is loaded by other sites' pages, some of which isolate themselves (COEP).
    .header('cross-origin-resource-policy', 'cross-origin');
  if (req.headers['if-none-match'] === asset.etag) return reply.status(304).send();
  return reply.type(ASSETS[name]).send(asset.body);
}

export function registerWebchatPage(app: FastifyInstance, deps: { webchat: WebchatService; assetsDir?: string }) {
  const asset = widgetAssets(deps.assetsDir ?? path.join(webDistFolder(), 'widget'));
  const opts = { config: { permission: 'public' as const }, schema: { hide: true } };

  // The snippet's URL has no version: a short cache lets a new release reach every site within minutes.
  app.get('/widget.js', opts, async (req, reply) =>
    sendAsset(req, reply, 'widget.js', await asset('widget.js'), 'public, max-age=300'),
  );
  for (const name of ['chat-app.js', 'chat-app.css'] as const) {
    app.get(`/${name}`, opts, async (req, reply) => {
      const a = await asset(name);
      // The page asks for ?v=<hash>: that exact file may be kept for good; anything else is revalidated.
      const v = (req.query as { v?: unknown }).v;
      return sendAsset(req, reply, name, a, a && v === a.version ? 'public, max-age=31536000, immutable' : 'no-cache');
    });
  }

  app.get<{ Params: { key: string } }>('/chat/:key', opts, async (req, reply) => {
    const lang = langOf(req);
    const key = req.params.key;
    const settings = /^[\w-]{8,40}$/.test(key) ? await deps.webchat.widget(key) : undefined;
    reply.header('x-content-type-options', 'nosniff').header('referrer-policy', 'same-origin');
    if (!settings) {
      // Nothing to protect on this page: it may show inside any frame, so a wrong key on a company's
      // site shows this note rather than a browser error.
      return reply
        .status(404)
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'")
        .header('cache-control', 'no-cache')
        .type('text/html; charset=utf-8')
        .send(notFoundPage(lang));
    }
    const [js, css] = await Promise.all([asset('chat-app.js'), asset('chat-app.css')]);
    const page = chatPage(key, settings, lang, { js: js?.version ?? '0', css: css?.version ?? '0' });
    const styleHash = `sha256-${createHash('sha256').update(page.style).digest('base64')}`;
    return reply
      .header('content-security-policy', chatPagePolicy(settings.allowedOrigins, req.host, styleHash))
      .header('cache-control', 'no-cache')
      .header('vary', 'accept-language')
      .type('text/html; charset=utf-8')
      .send(page.html);
  });
}
