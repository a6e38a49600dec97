import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Received = { headers: http.IncomingHttpHeaders; body: string; at: number };

/**
 * A real HTTP receiver on 127.0.0.1: records every request and answers the statuses queued with
 * `answer` in turn (200 once the queue is empty).
 */
export async function startReceiver() {
  const received: Received[] = [];
  const queue: Array<{ status: number; body?: string }> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
      const next = queue.shift() ?? { status: 200, body: '{"ok":true}' };
      res.writeHead(next.status, { 'content-type': 'application/json' });
      res.end(next.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    port,
    received,
    answer(...statuses: Array<number | { status: number; body?: string }>) {
      for (const s of statuses) queue.push(typeof s === 'number' ? { status: s, body: `status ${s}` } : s);
    },
    /** Forgets what was received and what was queued. */
    clear() {
      received.length = 0;
      queue.length = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
export type Receiver = Awaited<ReturnType<typeof startReceiver>>;
