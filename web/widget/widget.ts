import { LAUNCHER_IDS as ID } from './testids';

/**
 * The loader a company puts on its site with one tag:
 *   <script src="https://kefu.example.com/widget.js" data-key="<publicKey>" async></script>
 * It adds a launcher button and, on the first click, an iframe of the chat page (`/chat/<key>?embed=1`).
 * Everything lives in a shadow root under one <kefu-chat> element, so the host page's styles do not
 * reach it and its styles do not leak out; the only global is `window.KefuChat` (open, close, toggle).
 * Kept tiny (docs/channels-webchat.md: the size budget is 4 KB gzipped).
 */

type Api = { open(): void; close(): void; toggle(): void };
type Msg = { kefu?: unknown; type?: unknown; color?: unknown; count?: unknown };

const w = window as Window & { KefuChat?: Api };
const script = (document.currentScript ??
  document.querySelector('script[data-key][src*="widget.js"]')) as HTMLScriptElement | null;
const key = script?.dataset.key;

if (!w.KefuChat && script && key) {
  const base = new URL(script.src, location.href).origin;
  const en = /^en\b/i.test(script.dataset.lang || navigator.language);
  const T = en
    ? {
        open: 'Chat with us',
        close: 'Close the chat',
        fail: 'The chat cannot be shown on this page.',
        win: 'Open it in a new window',
      }
    : { open: '在线客服', close: '关闭在线客服', fail: '无法在此页面显示在线客服。', win: '在新窗口中打开' };
  const isColor = (c: unknown): c is string => typeof c === 'string' && /^#[0-9a-f]{6}$/i.test(c);
  const cacheKey = `kefu-chat:${key}:color`;
  const stored = (): string | null => {
    try {
      return localStorage.getItem(cacheKey);
    } catch {
      return null;
    }
  };
  const chatUrl = `${base}/chat/${encodeURIComponent(key)}?embed=1&page=${encodeURIComponent(location.origin + location.pathname)}${script.dataset.lang ? `&lang=${encodeURIComponent(script.dataset.lang)}` : ''}`;

  const host = document.createElement('kefu-chat');
  // The element itself is in the host page's DOM: inline !important beats the page's own rules on it.
  host.style.cssText =
    'all:initial!important;display:block!important;position:fixed!important;right:0!important;bottom:0!important;width:0!important;height:0!important;z-index:2147483000!important';
  const root = host.attachShadow({ mode: 'open' });
  const css =
    ':host{all:initial}*{box-sizing:border-box}' +
    '.l{position:fixed;right:20px;bottom:20px;width:56px;height:56px;border-radius:50%;border:0;padding:0;margin:0;cursor:pointer;background:var(--c,#1677ff);color:#fff;box-shadow:0 6px 20px rgba(0,0,0,.22);display:flex;align-items:center;justify-content:center;transition:transform .15s}' +
    '.l:hover{transform:scale(1.06)}.l:focus-visible{outline:3px solid var(--c,#1677ff);outline-offset:3px}.l svg{width:28px;height:28px;fill:currentColor}' +
    '.b{position:absolute;top:-3px;right:-3px;min-width:20px;height:20px;padding:0 6px;border-radius:10px;background:#f5222d;color:#fff;font:600 12px/20px system-ui,sans-serif}' +
    '.p{position:fixed;right:20px;bottom:88px;width:380px;height:640px;max-height:calc(100vh - 108px);border-radius:14px;overflow:hidden;box-shadow:0 12px 48px rgba(0,0,0,.25);background:#f5f6f8;display:none}' +
    '.p.o{display:block}.p iframe{border:0;width:100%;height:100%;display:block}' +
    '.f{position:absolute;inset:0;display:flex;flex-direction:column;align-items:center;justify-content:center;gap:8px;padding:24px;text-align:center;font:14px/1.5 system-ui,sans-serif;color:#444;background:#fff}.f a{color:var(--c,#1677ff)}' +
    '@media (max-width:480px){.p{inset:0;width:auto;height:auto;max-height:none;border-radius:0}.p.o~.l{display:none}}';
  // A constructed sheet where supported: a host page's CSP may refuse inline <style>.
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
  } catch {
    const style = document.createElement('style');
    style.textContent = css;
    root.appendChild(style);
  }

  const panel = document.createElement('div');
  panel.className = 'p';
  panel.id = 'p';
  panel.setAttribute('role', 'region');
  panel.setAttribute('aria-label', T.open);
  panel.dataset.testid = ID.panel;
  const button = document.createElement('button');
  button.className = 'l';
  button.type = 'button';
  button.dataset.testid = ID.launcher;
  button.setAttribute('aria-controls', 'p');
  const badge = document.createElement('span');
  badge.className = 'b';
  badge.hidden = true;
  badge.dataset.testid = ID.badge;
  root.append(panel, button);

  const CHAT =
    'M12 3C6.5 3 2 6.6 2 11c0 2.4 1.3 4.6 3.4 6.1L4.5 21l4.2-2.3c1 .3 2.1.4 3.3.4 5.5 0 10-3.6 10-8S17.5 3 12 3zM7.5 12.3a1.3 1.3 0 1 1 0-2.6 1.3 1.3 0 0 1 0 2.6zm4.5 0a1.3 1.3 0 1 1 0-2.6 1.3 1.3 0 0 1 0 2.6zm4.5 0a1.3 1.3 0 1 1 0-2.6 1.3 1.3 0 0 1 0 2.6z';
  const CLOSE = 'M18.3 5.7 12 12l6.3 6.3-1.4 1.4-6.3-6.3-6.3 6.3-1.4-1.4L9.2 12 2.9 5.7l1.4-1.4 6.3 6.3 6.3-6.3z';
  let frame: HTMLIFrameElement | undefined;
  let opened = false;
  let ready = false;

  // Built node by node: a host page enforcing Trusted Types refuses innerHTML.
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.append(path);
  button.append(svg, badge);
  const paint = () => {
    path.setAttribute('d', opened ? CLOSE : CHAT);
    button.setAttribute('aria-label', opened ? T.close : T.open);
    button.setAttribute('aria-expanded', String(opened));
    panel.classList.toggle('o', opened);
  };
  const setColor = (c: string) => host.style.setProperty('--c', c);
  const tell = (type: string) => frame?.contentWindow?.postMessage({ kefu: 1, type }, base);

  const api: Api = {
    open() {
      if (opened) return;
      opened = true;
      if (!frame) {
        frame = document.createElement('iframe');
        frame.src = chatUrl;
        frame.title = T.open;
        frame.dataset.testid = ID.frame;
        // The chat page learns the embedding origin from the referrer (to answer its postMessages).
        frame.referrerPolicy = 'origin';
        panel.append(frame);
        // No word from the page: the browser refused to frame it (this site is not an allowed origin) or it is unreachable.
        setTimeout(() => {
          if (ready) return;
          const f = document.createElement('div');
          f.className = 'f';
          f.dataset.testid = ID.failed;
          const a = document.createElement('a');
          a.href = chatUrl.replace('embed=1', 'embed=0');
          a.target = '_blank';
          a.rel = 'noopener';
          a.textContent = T.win;
          f.append(T.fail, a);
          panel.append(f);
        }, 10_000);
      } else tell('open');
      badge.hidden = true;
      paint();
      frame.focus();
    },
    close() {
      if (!opened) return;
      opened = false;
      tell('close');
      paint();
      button.focus();
    },
    toggle() {
      if (opened) api.close();
      else api.open();
    },
  };
  button.addEventListener('click', api.toggle);
  root.addEventListener('keydown', (e) => {
    if ((e as KeyboardEvent).key === 'Escape') api.close();
  });
  w.addEventListener('message', (e) => {
    if (!frame || e.source !== frame.contentWindow || e.origin !== base) return;
    const d = e.data as Msg | null;
    if (d?.kefu !== 1) return;
    if (d.type === 'ready') {
      ready = true;
      if (isColor(d.color)) {
        setColor(d.color);
        try {
          localStorage.setItem(cacheKey, d.color);
        } catch {}
      }
    } else if (d.type === 'close') api.close();
    else if (d.type === 'unread') {
      const n = Number(d.count) || 0;
      badge.textContent = n > 99 ? '99+' : String(n);
      badge.hidden = opened || n === 0;
    }
  });
  w.KefuChat = api;

  const show = (color: string | null | undefined) => {
    if (isColor(color)) setColor(color);
    paint();
    (document.body || document.documentElement).append(host);
  };
  const given = script.dataset.color;
  const cached = stored();
  if (isColor(given)) show(given);
  else {
    if (cached) show(cached);
    // The channel's colour (and whether this site may use the widget at all), without delaying the page.
    fetch(`${base}/api/v1/chat/widgets/${encodeURIComponent(key)}/appearance`, { credentials: 'omit' })
      .then((r) => {
        if (r.ok) return r.json() as Promise<{ color?: unknown }>;
        // Unknown or disabled key, or a site not allowed (the answer says so to any origin): no launcher.
        if (r.status < 500) host.remove();
        return null;
      })
      .then((a) => {
        if (!a) return;
        if (isColor(a.color)) {
          try {
            localStorage.setItem(cacheKey, a.color);
          } catch {}
        }
        show(isColor(a.color) ? a.color : cached);
      })
      // A network failure: the launcher in the default colour; the chat page says the rest.
      .catch(() => show(cached));
  }
}
