/**
 * What bench/acd-load.ts measures: every API request's latency (by route, by 10-second window, with
 * status counts), Kefu's own request histogram, and CPU seconds from /proc.
 */
import { readdirSync, readFileSync } from 'node:fs';

// biome-ignore lint/suspicious/noExplicitAny: JSON replies, read field by field
export type Reply = { status: number; body: any };
export type ApiOptions = { token?: string; body?: unknown; ip?: string };

export function quantiles(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => (s.length ? Number(s[Math.min(s.length - 1, Math.floor(p * s.length))]!.toFixed(2)) : null);
  return { n: s.length, p50: q(0.5), p95: q(0.95), p99: q(0.99), max: s.length ? Number(s.at(-1)!.toFixed(2)) : null };
}

/** An HTTP client that times each request while `measuring` is on. */
export function createRecorder() {
  const latency = new Map<string, number[]>();
  /** Latencies by 10-second window of the run, to tell a steady cost from stalls. */
  const windows: number[][] = [];
  const statuses = new Map<string, Map<number, number>>();
  let measuring = false;
  let start = 0;
  const rec = {
    baseUrl: '',
    begin() {
      measuring = true;
      start = performance.now();
    },
    end() {
      measuring = false;
    },
    async api(route: string, method: string, url: string, opts: ApiOptions = {}): Promise<Reply> {
      const headers: Record<string, string> = {};
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
      if (opts.ip) headers['x-forwarded-for'] = opts.ip;
      if (opts.body !== undefined) headers['content-type'] = 'application/json';
      const t0 = performance.now();
      const r = await fetch(`${rec.baseUrl}${url}`, {
        method,
        headers,
        ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
      });
      const text = await r.text();
      const ms = performance.now() - t0;
      if (measuring) {
        const key = `${method} ${route}`;
        (latency.get(key) ?? latency.set(key, []).get(key)!).push(ms);
        const w = Math.floor((t0 - start) / 10_000);
        const win = windows[w] ?? [];
        windows[w] = win;
        win.push(ms);
        const st = statuses.get(key) ?? statuses.set(key, new Map()).get(key)!;
        st.set(r.status, (st.get(r.status) ?? 0) + 1);
      }
      return { status: r.status, body: text ? JSON.parse(text) : undefined };
    },
    /** The body when the status is the expected one; throws otherwise. */
    async must(route: string, method: string, url: string, opts: ApiOptions, status = 200): Promise<Reply['body']> {
      const r = await rec.api(route, method, url, opts);
      if (r.status !== status) throw new Error(`${method} ${url}: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body;
    },
    figures() {
      const all = [...latency.values()].flat();
      return {
        requests: all.length,
        overall: quantiles(all),
        byRoute: Object.fromEntries(
          [...latency]
            .sort()
            .map(([k, v]) => [k, { ...quantiles(v), statuses: Object.fromEntries(statuses.get(k) ?? []) }]),
        ),
        by10s: [...windows].map((w, i) => ({ fromSecond: i * 10, ...quantiles(w ?? []) })),
      };
    },
  };
  return rec;
}

/** Server-side request durations from Kefu's Prometheus histogram (bucket upper bounds). */
export async function serverHistogram(baseUrl: string): Promise<Map<string, Map<number, number>>> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const out = new Map<string, Map<number, number>>();
  const re =
    /^kefu_http_request_duration_seconds_bucket\{le="([^"]+)",method="(\w+)",route="([^"]*)",status="\d+"\} (\d+)/;
  for (const line of text.split('\n')) {
    const m = re.exec(line);
    if (!m) continue;
    const key = `${m[2]} ${m[3]!.replace('/api/v1', '')}`;
    const le = m[1] === '+Inf' ? Number.POSITIVE_INFINITY : Number(m[1]) * 1000;
    const b = out.get(key) ?? out.set(key, new Map()).get(key)!;
    b.set(le, (b.get(le) ?? 0) + Number(m[4]));
  }
  return out;
}

export function histogramDelta(before: Map<string, Map<number, number>>, after: Map<string, Map<number, number>>) {
  const res: Record<string, { n: number; p50AtMostMs: number; p99AtMostMs: number }> = {};
  for (const [key, b] of after) {
    const les = [...b.keys()].sort((x, y) => x - y);
    const cum = les.map((le) => (b.get(le) ?? 0) - (before.get(key)?.get(le) ?? 0));
    const n = cum.at(-1) ?? 0;
    if (n === 0) continue;
    const at = (p: number) => les[cum.findIndex((c) => c >= p * n)]!;
    res[key] = { n, p50AtMostMs: at(0.5), p99AtMostMs: at(0.99) };
  }
  return res;
}

/** The process's CPU seconds; with `reaped`, also those of its children that ended (cutime, cstime). */
export function cpuSecondsOf(pid: number, reaped = false): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    const ticks = Number(f[11]) + Number(f[12]) + (reaped ? Number(f[13]) + Number(f[14]) : 0);
    return ticks / 100; // clock ticks, 100 a second
  } catch {
    return Number.NaN;
  }
}

/** Busy CPU seconds of the whole machine (all cores), from /proc/stat. */
export function machineBusySeconds(): number {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = (f[3] ?? 0) + (f[4] ?? 0);
  return (f.reduce((s, x) => s + x, 0) - idle) / 100;
}

/** CPU seconds of the processes descending from `root` (the embedded PostgreSQL and its backends). */
export function descendantsCpuSeconds(root: number): number {
  const parent = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      parent.set(Number(d), Number(readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]));
    } catch {}
  }
  let sum = 0;
  for (const pid of parent.keys()) {
    let p = parent.get(pid);
    while (p !== undefined && p > 1 && p !== root) p = parent.get(p);
    // Backends come and go (the pool closes idle connections): those gone count in their parent's.
    if (p === root) sum += cpuSecondsOf(pid, true);
  }
  return sum;
}
