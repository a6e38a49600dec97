import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SmsHttpAuth } from '../server/src/modules/conversations/channels/sms-http';
import { signSmsWebhook } from '../server/src/modules/conversations/domain/sms-webhook';

/** One request the stand-in received on its send endpoint, and what it answered. */
export type StandinRequest = {
  path: string;
  headers: http.IncomingHttpHeaders;
  contentType: string;
  raw: string;
  /** The body read by its content type: JSON, or form fields. */
  body: Record<string, unknown>;
  answered: number;
};

export type WebhookDelivery = {
  /** Kefu's webhook URL. */
  url: string;
  /** The secret Kefu was configured with. */
  secret: string;
  /** JSON (an object or a list) or, with `format: 'form'`, form fields. */
  body: unknown;
  format?: 'json' | 'form';
  /** Unix seconds to sign with (default now): an old one makes a stale request. */
  timestamp?: number;
  /** Sign with this secret instead: a wrongly signed request. */
  signWith?: string;
  /** Send without the signature headers. */
  unsigned?: boolean;
};

/**
 * A local SMS provider on 127.0.0.1 for the generic HTTP adapter: its send endpoint records every
 * request, checks the configured auth (401 otherwise) and answers `{ data: { id } }` (or `reply`);
 * it can fail the next N sends or leave them unanswered. Towards Kefu it POSTs signed webhooks, as
 * a provider reporting an inbound SMS or a delivery does.
 */
export async function startSmsStandin(
  opts: {
    auth?: SmsHttpAuth;
    /** The JSON answer to the n-th accepted send (from 1). */
    reply?: (n: number, req: StandinRequest) => unknown;
  } = {},
) {
  const requests: StandinRequest[] = [];
  let accepted = 0;
  let failing: { count: number; status: number; body: string } = { count: 0, status: 500, body: '' };
  let stalling = 0;
  const stalled: http.ServerResponse[] = [];

  const authorized = (h: http.IncomingHttpHeaders) => {
    const a = opts.auth ?? { kind: 'none' };
    switch (a.kind) {
      case 'none':
        return true;
      case 'bearer':
        return h.authorization === `Bearer ${a.token}`;
      case 'basic':
        return h.authorization === `Basic ${Buffer.from(`${a.user}:${a.password}`).toString('base64')}`;
      case 'header':
        return h[a.name.toLowerCase()] === a.value;
    }
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const contentType = String(req.headers['content-type'] ?? '');
      let body: Record<string, unknown> = {};
      try {
        body = contentType.includes('json')
          ? (JSON.parse(raw) as Record<string, unknown>)
          : Object.fromEntries(new URLSearchParams(raw));
      } catch {
        // recorded as it came; the test reads `raw`
      }
      const r: StandinRequest = { path: req.url ?? '', headers: req.headers, contentType, raw, body, answered: 0 };
      requests.push(r);
      const answer = (status: number, payload: string) => {
        r.answered = status;
        res.writeHead(status, { 'content-type': 'application/json' }).end(payload);
      };
      if (!authorized(req.headers)) return answer(401, '{"error":"unauthorized"}');
      if (stalling > 0) {
        stalling--;
        stalled.push(res);
        return;
      }
      if (failing.count > 0) {
        failing.count--;
        return answer(failing.status, failing.body);
      }
      accepted++;
      answer(200, JSON.stringify(opts.reply ? opts.reply(accepted, r) : { data: { id: `sm-${accepted}` } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  const deliver = async (d: WebhookDelivery) => {
    const raw =
      d.format === 'form' ? new URLSearchParams(d.body as Record<string, string>).toString() : JSON.stringify(d.body);
    const signed = signSmsWebhook({
      secret: d.signWith ?? d.secret,
      rawBody: raw,
      timestamp: d.timestamp ?? Math.floor(Date.now() / 1000),
    });
    const res = await fetch(d.url, {
      method: 'POST',
      headers: {
        'content-type': d.format === 'form' ? 'application/x-www-form-urlencoded' : 'application/json',
        ...(d.unsigned ? {} : signed),
      },
      body: raw,
    });
    return { status: res.status, body: await res.text() };
  };

  return {
    sendUrl: `http://127.0.0.1:${port}/sms/send`,
    /** Every request to the send endpoint, in order, with the status it was answered. */
    requests,
    /** The sends it accepted (right auth, not failed on purpose). */
    accepted: () => requests.filter((r) => r.answered >= 200 && r.answered < 300),
    /** Answer the next `count` authorized sends with `status` (500 by default). */
    failNext(count: number, status = 500, body = '{"error":"internal error","detail":"provider busy"}') {
      failing = { count, status, body };
    },
    /** Leave the next `count` authorized sends unanswered (until close): a provider that hangs. */
    stallNext(count: number) {
      stalling = count;
    },
    /** POSTs a signed inbound-SMS webhook to Kefu. */
    deliverInbound: deliver,
    /** POSTs a signed delivery-report webhook to Kefu. */
    deliverReport: deliver,
    close: async () => {
      for (const res of stalled) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type SmsStandin = Awaited<ReturnType<typeof startSmsStandin>>;
