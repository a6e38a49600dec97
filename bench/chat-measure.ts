/**
 * What bench/chat.ts reads of the Kefu process from outside: its resident memory (/proc), a full
 * garbage collection and its heap figures through the V8 inspector (Kefu runs with
 * `--inspect=127.0.0.1:0`; no hook in the server is needed), and its event-loop lag from /metrics.
 */
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';

/** Resident memory of a process in KB (VmRSS of /proc/<pid>/status). */
export function rssKb(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for process ${pid}`);
  return Number(m[1]);
}

/** The inspector's WebSocket address, as node prints it on stderr. */
export function inspectorUrl(output: string): string {
  const m = /Debugger listening on (ws:\/\/\S+)/.exec(output);
  if (!m) throw new Error('the Kefu process printed no inspector address');
  return m[1]!;
}

export type HeapFigures = { rssKb: number; heapUsedKb: number; externalKb: number; arrayBuffersKb: number };

/**
 * A session on the server's inspector: a full GC on demand, and `process.memoryUsage()` read in the
 * server. Only the HeapProfiler and Runtime.evaluate are used (no Debugger domain, which would slow
 * the server down); close it before the load.
 */
export async function openInspector(url: string) {
  const ws = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let nextId = 1;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  ws.on('message', (data) => {
    const m = JSON.parse(String(data)) as { id?: number; result?: unknown; error?: { message: string } };
    if (m.id === undefined) return;
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (m.error) p?.reject(new Error(m.error.message));
    else p?.resolve(m.result);
  });
  const call = (method: string, params: Record<string, unknown> = {}) =>
    new Promise<unknown>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      ws.send(JSON.stringify({ id, method, params }));
    });
  return {
    async gc(): Promise<void> {
      // Twice: objects kept alive by finalizers of the first pass go in the second.
      await call('HeapProfiler.collectGarbage');
      await call('HeapProfiler.collectGarbage');
    },
    async memory(): Promise<HeapFigures> {
      const r = (await call('Runtime.evaluate', {
        expression: 'JSON.stringify(process.memoryUsage())',
        returnByValue: true,
      })) as { result: { value: string } };
      const u = JSON.parse(r.result.value) as Record<'rss' | 'heapUsed' | 'external' | 'arrayBuffers', number>;
      const kb = (x: number) => Math.round(x / 1024);
      return {
        rssKb: kb(u.rss),
        heapUsedKb: kb(u.heapUsed),
        externalKb: kb(u.external),
        arrayBuffersKb: kb(u.arrayBuffers),
      };
    },
    close(): void {
      ws.close();
    },
  };
}
export type Inspector = Awaited<ReturnType<typeof openInspector>>;

/**
 * The server's event-loop lag (prom-client's default metrics, in ms). prom-client resets its
 * histogram on each scrape, so a scrape before the load and one after give the lag during it. Its
 * samples include the monitor's 10 ms resolution, taken out here as for the generator's own.
 */
export async function eventLoopLagMs(baseUrl: string): Promise<{ p50: number; p99: number; max: number }> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const read = (name: string) => {
    const m = new RegExp(`^kefu_nodejs_eventloop_lag_${name}_seconds (\\S+)$`, 'm').exec(text);
    return m ? Math.round((Number(m[1]) * 1000 - 10) * 100) / 100 : Number.NaN;
  };
  return { p50: read('p50'), p99: read('p99'), max: read('max') };
}
