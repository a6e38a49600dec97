import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { AddressPolicy } from './domain/address-policy';
import { RESPONSE_HEAD_BYTES } from './domain/rules';

export type SendResult = {
  /** The receiver's status, or null when there was no HTTP answer. */
  status: number | null;
  durationMs: number;
  bodyHead: string | null;
  error: string | null;
};

/** The port through which deliveries leave Kefu (a real HTTP client; tests point it at 127.0.0.1). */
export interface WebhookSender {
  send(url: string, headers: Record<string, string>, body: string): Promise<SendResult>;
}

export class AddressRefused extends Error {}

/**
 * POSTs with Node's own client rather than fetch: its `lookup` hook lets the address policy judge
 * the address actually connected to, so a name that resolves to a private address (or changes to
 * one after the check — DNS rebinding) is refused at connect time.
 */
export function createHttpSender(opts: { policy: AddressPolicy; timeoutMs?: number }): WebhookSender {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const lookup: LookupFunction = (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const list = addresses as dns.LookupAddress[];
      const refused = list.find((a) => !opts.policy.allows(a.address));
      if (refused) return callback(new AddressRefused(`address ${refused.address} is not allowed`), '', 0);
      if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      const first = list[0];
      if (!first) return callback(new Error(`no address for ${hostname}`), '', 0);
      callback(null, first.address, first.family);
    });
  };

  return {
    send(url, headers, body) {
      const started = performance.now();
      const elapsed = () => Math.round(performance.now() - started);
      return new Promise<SendResult>((resolve) => {
        const target = new URL(url);
        const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
        // A literal address skips `lookup`: judge it here.
        if (isIP(host) && !opts.policy.allows(host)) {
          resolve({ status: null, durationMs: 0, bodyHead: null, error: `address ${host} is not allowed` });
          return;
        }
        const client = target.protocol === 'https:' ? https : http;
        let settled = false;
        const finish = (r: SendResult) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve(r);
        };
        const req = client.request(
          target,
          {
            method: 'POST',
            headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
            lookup,
            agent: false,
          },
          (res) => {
            const chunks: Buffer[] = [];
            let size = 0;
            res.on('data', (c: Buffer) => {
              if (size < RESPONSE_HEAD_BYTES) chunks.push(c);
              size += c.length;
              // The head is all the log keeps: stop reading a large answer.
              if (size >= RESPONSE_HEAD_BYTES) res.destroy();
            });
            const done = () =>
              finish({
                status: res.statusCode ?? null,
                durationMs: elapsed(),
                // PostgreSQL text cannot hold NUL: a binary answer must not make the attempt unrecordable.
                bodyHead: Buffer.concat(chunks).subarray(0, RESPONSE_HEAD_BYTES).toString('utf8').replace(/\0/g, ''),
                error: null,
              });
            res.on('end', done);
            res.on('close', done);
            res.on('error', done);
          },
        );
        const timer = setTimeout(() => {
          req.destroy();
          finish({ status: null, durationMs: elapsed(), bodyHead: null, error: `no answer within ${timeoutMs} ms` });
        }, timeoutMs);
        req.on('error', (err) =>
          finish({ status: null, durationMs: elapsed(), bodyHead: null, error: err.message || String(err) }),
        );
        req.end(body);
      });
    },
  };
}
