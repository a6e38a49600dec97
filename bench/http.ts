/**
 * Baseline figures for the foundation: sign-in (scrypt-bound), an authenticated read, an audited
 * write (transaction + hash-chained audit entry + outbox), and verifying the audit chain. Runs the
 * real app over HTTP on loopback against the embedded PostgreSQL (or DATABASE_URL).
 * `npm run bench:http` → bench/results/http.json
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDataDir } from '../e2e/kefu-process';
import { buildApp } from '../server/src/app';
import { systemClock } from '../server/src/platform/clock';
import { openDatabase } from '../server/src/platform/db';
import { startEmbeddedPostgres } from '../server/src/platform/embedded-postgres';
import { uuidv7Generator } from '../server/src/platform/ids';
import { createLogger } from '../server/src/platform/logger';
import { ensureDatabaseExists, runMigrations } from '../server/src/platform/migrate';

type Stats = {
  n: number;
  concurrency: number;
  seconds: number;
  perSecond: number;
  p50ms: number;
  p95ms: number;
  p99ms: number;
};

async function run(n: number, concurrency: number, op: (i: number) => Promise<void>): Promise<Stats> {
  const lat: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const i = next++;
        const s = performance.now();
        await op(i);
        lat.push(performance.now() - s);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  lat.sort((a, b) => a - b);
  const q = (p: number) => Number(lat[Math.min(lat.length - 1, Math.floor(p * lat.length))]!.toFixed(2));
  return {
    n,
    concurrency,
    seconds: Number(seconds.toFixed(2)),
    perSecond: Math.round(n / seconds),
    p50ms: q(0.5),
    p95ms: q(0.95),
    p99ms: q(0.99),
  };
}

async function main() {
  const log = createLogger('silent');
  let url = process.env.DATABASE_URL;
  let stopDb = async () => {};
  const dir = tempDataDir('kefu-bench-');
  if (!url) {
    const e = await startEmbeddedPostgres({ dataDir: dir, port: undefined, log });
    url = e.url.replace(/\/kefu$/, `/kefu_bench_${Date.now()}`);
    stopDb = e.stop;
  } else {
    const u = new URL(url);
    u.pathname = `/kefu_bench_${Date.now()}`;
    url = u.toString();
  }
  await ensureDatabaseExists(url);
  await runMigrations(url);
  const handle = openDatabase(url, { max: 10 });
  const kefu = await buildApp({
    db: handle.db,
    pool: handle.pool,
    clock: systemClock,
    ids: uuidv7Generator(systemClock),
    log,
    sessionSeconds: 3600,
    idleLockSeconds: 900,
    loginRateLimit: { max: 1_000_000, timeWindow: 60_000 },
    serveWeb: false,
  });
  await kefu.services.users.bootstrapAdmin('Bench-admin-1');
  await kefu.app.listen({ port: 0, host: '127.0.0.1' });
  const addr = kefu.app.server.address();
  const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  const post = (p: string, body: unknown, token?: string) =>
    fetch(base + p, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });

  const login = await run(100, 4, async () => {
    const r = await post('/api/v1/auth/login', { username: 'admin', password: 'Bench-admin-1' });
    if (r.status !== 200) throw new Error(`login ${r.status}`);
    await r.arrayBuffer();
  });
  const token = (
    (await (await post('/api/v1/auth/login', { username: 'admin', password: 'Bench-admin-1' })).json()) as {
      token: string;
    }
  ).token;
  const auth = { authorization: `Bearer ${token}` };
  const read = await run(5000, 16, async () => {
    const r = await fetch(`${base}/api/v1/users/me`, { headers: auth });
    if (r.status !== 200) throw new Error(`me ${r.status}`);
    await r.arrayBuffer();
  });
  const write = await run(2000, 16, async (i) => {
    const r = await post('/api/v1/teams', { name: `bench-${i}` }, token);
    if (r.status !== 201) throw new Error(`team ${r.status}`);
    await r.arrayBuffer();
  });
  const verify = await run(3, 1, async () => {
    const r = await fetch(`${base}/api/v1/audit/verify`, { headers: auth });
    const body = (await r.json()) as { ok: boolean };
    if (!body.ok) throw new Error('audit chain broken');
  });
  const auditRows = (
    (await (await fetch(`${base}/api/v1/audit?pageSize=1`, { headers: auth })).json()) as { total: number }
  ).total;

  const result = {
    bench: 'http',
    at: new Date().toISOString(),
    machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
    database: process.env.DATABASE_URL ? 'external' : 'embedded',
    login,
    authenticatedRead: read,
    auditedWrite: write,
    auditVerify: { ...verify, rows: auditRows, rowsPerSecond: Math.round(auditRows / (verify.p50ms / 1000)) },
  };
  const out = path.resolve(import.meta.dirname, 'results/http.json');
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
  await kefu.app.close();
  await handle.close();
  await stopDb();
  rmSync(dir, { recursive: true, force: true });
}

await main();
