import { Button } from 'antd';
import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The document the e-mail's HTML is shown in. The server sanitised it already; the frame is the
 * second wall: sandboxed without scripts (allow-same-origin only lets the desktop measure its
 * height; with scripts off nothing inside can use it), remote content refused by the CSP (no
 * tracking pixels, no remote fonts), and links open in a new tab outside the sandbox.
 */
function documentOf(html: string): string {
  return `<!doctype html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<base target="_blank">
<style>body{margin:0;font:14px/1.6 system-ui,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:rgba(0,0,0,.88);overflow-wrap:anywhere}img{max-width:100%;height:auto}blockquote{margin:0 0 0 8px;padding-left:8px;border-left:3px solid #d9d9d9;color:#595959}pre{white-space:pre-wrap}</style>
</head><body>${html}</body></html>`;
}

const MAX_HEIGHT = 480;

export function EmailBody({ html, quoted }: { html: string; quoted: string | null }) {
  const frame = useRef<HTMLIFrameElement>(null);
  const [height, setHeight] = useState(40);
  const measure = useCallback(() => {
    const doc = frame.current?.contentDocument;
    if (doc) setHeight(Math.min(MAX_HEIGHT, doc.documentElement.scrollHeight + 2));
  }, []);
  return (
    <div className="chat-email">
      <iframe
        ref={frame}
        title="e-mail"
        className="chat-email-frame"
        sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox"
        srcDoc={documentOf(html)}
        style={{ height }}
        onLoad={measure}
      />
      {quoted ? <QuotedText quoted={quoted} /> : null}
    </div>
  );
}

/** The quoted earlier mail, collapsed until asked for. */
export function QuotedText({ quoted }: { quoted: string }) {
  const { t } = useTranslation();
  const [show, setShow] = useState(false);
  return (
    <>
      <Button size="small" type="link" className="chat-quoted-toggle" onClick={() => setShow((v) => !v)}>
        {show ? t('desktopChat.hideQuoted') : t('desktopChat.showQuoted')}
      </Button>
      {show ? <div className="chat-quoted">{quoted}</div> : null}
    </>
  );
}
