import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freeTcpPort } from '../test/ports';

export const ROOT = path.resolve(import.meta.dirname, '..');

/** A data dir the embedded PostgreSQL (run as user postgres under root) can enter. */
export function tempDataDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  chmodSync(dir, 0o755);
  return dir;
}

/** A free TCP port for Kefu's HTTP server (test/ports.ts, shared with the sipp and baresip helpers). */
export const freePort = freeTcpPort;

export type KefuProcess = {
  child: ChildProcess;
  baseUrl: string;
  output: () => string;
  exited: Promise<number | null>;
};

/** How to run it: the production build (the default, as `npm start`), or the sources through tsx. */
export type StartOptions = { sources?: boolean; nodeArgs?: string[]; healthTimeoutMs?: number };

/**
 * Runs the production build exactly as `npm start` does (bin/kefu.mjs → dist/server/cli.js) and
 * waits until /healthz answers. `npm test`'s pretest step has built dist/. Benchmarks may run the
 * sources instead (`sources`) with extra node flags such as --cpu-prof.
 */
export async function startKefu(
  env: Record<string, string>,
  args: string[] = [],
  opts: StartOptions = {},
): Promise<KefuProcess> {
  if (!opts.sources && !existsSync(path.join(ROOT, 'dist/server/cli.js'))) {
    throw new Error('dist/ is missing: run `npm run build`');
  }
  const port = env.PORT ?? String(await freePort());
  const entry = opts.sources
    ? ['--import', 'tsx', path.join(ROOT, 'server/src/cli.ts')]
    : [path.join(ROOT, 'bin/kefu.mjs')];
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), ...entry, 'start', ...args], {
    cwd: ROOT,
    // SIP port 0: each Kefu gets a free UDP+TCP port of its own, so parallel test processes never collide.
    env: {
      ...process.env,
      KEFU_SKIP_BUILD: '1',
      KEFU_LOG_LEVEL: 'warn',
      KEFU_SIP_PORT: '0',
      // Tests share two cores with Chromium, sipp and other Kefus: that contention is not Kefu's
      // overload, so in tests the automatic shedding on measured headroom is off unless a test sets it (limits
      // by KEFU_MAX_CPS / KEFU_MAX_CALLS, and e2e/overload.test.ts, still apply). Benchmarks keep
      // the defaults.
      ...(process.env.VITEST
        ? {
            KEFU_OVERLOAD_EVENT_LOOP_MS: '0',
            KEFU_OVERLOAD_MEDIA_LATENESS_MS: '0',
            KEFU_OVERLOAD_ACD_BACKLOG: '0',
            KEFU_OVERLOAD_DB_LATENCY_MS: '0',
          }
        : {}),
      ...env,
      PORT: port,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const baseUrl = `http://127.0.0.1:${port}`;
  const timeoutMs = opts.healthTimeoutMs ?? 90_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Kefu exited with ${child.exitCode}:\n${out}`);
    try {
      const r = await fetch(`${baseUrl}/healthz`);
      if (r.ok) break;
    } catch {}
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`Kefu did not become healthy in ${timeoutMs / 1000} s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { child, baseUrl, output: () => out, exited };
}

export async function stopKefu(k: KefuProcess): Promise<void> {
  if (k.child.exitCode !== null) return;
  k.child.kill('SIGTERM');
  await k.exited;
}

export async function apiLogin(baseUrl: string, username: string, password: string): Promise<string> {
  const r = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!r.ok) throw new Error(`login failed: ${r.status} ${await r.text()}`);
  return ((await r.json()) as { token: string }).token;
}
