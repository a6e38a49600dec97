import { existsSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runProcess } from '../test/run-process';
import { apiLogin, type KefuProcess, ROOT, startKefu, stopKefu, tempDataDir } from './kefu-process';

const dataDir = tempDataDir('kefu-restart-');
// Always the embedded server, even when the run itself uses DATABASE_URL (empty means unset).
const env = { KEFU_DATA_DIR: dataDir, KEFU_ADMIN_PASSWORD: 'Restart-admin-1', DATABASE_URL: '' };
const running: KefuProcess[] = [];

afterAll(async () => {
  for (const k of running) {
    if (k.child.exitCode === null) k.child.kill('SIGKILL');
  }
  // A killed Kefu leaves its PostgreSQL behind; the last start stopped that one cleanly.
  rmSync(dataDir, { recursive: true, force: true });
});

function postmasterAlive(): boolean {
  try {
    const pid = Number.parseInt(readFileSync(path.join(dataDir, 'pg/postmaster.pid'), 'utf8'), 10);
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('restart with the embedded database', () => {
  it('loses no acknowledged write when the process is killed with SIGKILL mid-write', {
    timeout: 240_000,
  }, async () => {
    const first = await startKefu(env);
    running.push(first);
    const token = await apiLogin(first.baseUrl, 'admin', env.KEFU_ADMIN_PASSWORD);

    const acknowledged: string[] = [];
    let attempted = 0;
    let stop = false;
    const writer = async (w: number) => {
      for (let i = 0; !stop; i++) {
        attempted++;
        try {
          const r = await fetch(`${first.baseUrl}/api/v1/teams`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify({ name: `w${w}-${i}` }),
          });
          if (r.status === 201) acknowledged.push(((await r.json()) as { id: string }).id);
        } catch {
          return; // the server died under us: this write was never acknowledged
        }
      }
    };
    const writers = Array.from({ length: 8 }, (_, w) => writer(w));
    // Kill once a good number of writes went through, while the writers are still busy.
    while (acknowledged.length < 150) await new Promise((r) => setTimeout(r, 20));
    first.child.kill('SIGKILL');
    await first.exited;
    stop = true;
    await Promise.all(writers);
    expect(postmasterAlive()).toBe(true); // SIGKILL left the embedded PostgreSQL running

    const second = await startKefu(env);
    running.push(second);
    const token2 = await apiLogin(second.baseUrl, 'admin', env.KEFU_ADMIN_PASSWORD);
    const teams = (await (
      await fetch(`${second.baseUrl}/api/v1/teams`, { headers: { authorization: `Bearer ${token2}` } })
    ).json()) as Array<{ id: string }>;
    const stored = new Set(teams.map((t) => t.id));
    const lost = acknowledged.filter((id) => !stored.has(id));
    expect(lost).toEqual([]);
    expect(acknowledged.length).toBeGreaterThanOrEqual(150);
    expect(stored.size).toBeLessThanOrEqual(attempted);

    // The audit chain survived the crash too.
    const verify = await fetch(`${second.baseUrl}/api/v1/audit/verify`, {
      headers: { authorization: `Bearer ${token2}` },
    });
    expect(await verify.json()).toMatchObject({ ok: true });

    // A clean stop takes the database down with it; the next start finds everything again.
    await stopKefu(second);
    expect(postmasterAlive()).toBe(false);
    const third = await startKefu(env);
    running.push(third);
    const token3 = await apiLogin(third.baseUrl, 'admin', env.KEFU_ADMIN_PASSWORD);
    const again = (await (
      await fetch(`${third.baseUrl}/api/v1/teams`, { headers: { authorization: `Bearer ${token3}` } })
    ).json()) as Array<{ id: string }>;
    expect(again.length).toBe(stored.size);
    await stopKefu(third);
  });

  it('a start that fails (the HTTP port is taken) leaves no database running', { timeout: 120_000 }, async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as net.AddressInfo).port;
    const dir = tempDataDir('kefu-failstart-');
    try {
      const r = await runProcess(process.execPath, [path.join(ROOT, 'bin/kefu.mjs'), 'start'], {
        cwd: ROOT,
        env: {
          ...process.env,
          KEFU_SKIP_BUILD: '1',
          KEFU_LOG_LEVEL: 'fatal',
          KEFU_DATA_DIR: dir,
          PORT: String(port),
          KEFU_SIP_PORT: '0',
          DATABASE_URL: '',
        },
        timeoutMs: 100_000,
      });
      expect(r.status).not.toBe(0);
      expect(r.stderr).toContain('EADDRINUSE');
      const pidFile = path.join(dir, 'pg/postmaster.pid');
      expect(existsSync(pidFile)).toBe(false); // postgres removes it when it shuts down cleanly
    } finally {
      blocker.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
