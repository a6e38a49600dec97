import { existsSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { buildApp, type Kefu } from './app';
import type { Config } from './config';
import { describeHistory, seedDemo } from './demo';
import { createSherpaSpeechToText } from './modules/quality';
import { loadRecordingKey } from './modules/telephony';
import { webhookSecretKeyFrom } from './modules/webhooks';
import { systemClock } from './platform/clock';
import { type DbHandle, openDatabase } from './platform/db';
import { type EmbeddedDb, startEmbeddedPostgres } from './platform/embedded-postgres';
import { uuidv7Generator } from './platform/ids';
import { createLogger, type Logger } from './platform/logger';
import { ensureDatabaseExists, runMigrations } from './platform/migrate';
import { shippedPromptsFolder } from './platform/paths';

export type Runtime = {
  url: string;
  handle: DbHandle;
  embedded: EmbeddedDb | null;
  log: Logger;
  release(): Promise<void>;
};

/**
 * Opens the database this configuration names: the external one, or the embedded server under the
 * data dir (started here, or — for CLI commands while Kefu runs — the one already running).
 */
export async function openRuntime(config: Config, opts: { owner: boolean; log?: Logger }): Promise<Runtime> {
  const log = opts.log ?? createLogger(config.logLevel);
  let url = config.databaseUrl;
  let embedded: EmbeddedDb | null = null;
  let releasePid = async () => {};
  if (!url) {
    const running = runningKefu(config.dataDir);
    if (running && opts.owner) {
      throw new Error(`Kefu is already running with data dir ${config.dataDir} (pid ${running}); stop it first`);
    }
    if (running) {
      url = embeddedUrl(config);
    } else {
      await fs.mkdir(config.dataDir, { recursive: true });
      const pidFile = path.join(config.dataDir, 'kefu.pid');
      await fs.writeFile(pidFile, `${process.pid}\n`);
      releasePid = () => fs.rm(pidFile, { force: true });
      embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.dbPort, log });
      url = embedded.url;
    }
  }
  await ensureDatabaseExists(url);
  const { applied } = await runMigrations(url);
  if (applied) log.info({ applied }, 'database migrations applied');
  const handle = openDatabase(url);
  return {
    url,
    handle,
    embedded,
    log,
    async release() {
      await handle.close().catch(() => {});
      await embedded?.stop().catch(() => {});
      await releasePid();
    },
  };
}

function runningKefu(dataDir: string): number | null {
  const file = path.join(dataDir, 'kefu.pid');
  if (!existsSync(file)) return null;
  const pid = Number.parseInt(readFileSync(file, 'utf8'), 10);
  if (!Number.isInteger(pid) || pid === process.pid) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return null; // left behind by a Kefu that was killed
  }
}

function embeddedUrl(config: Config): string {
  const read = (f: string) => readFileSync(path.join(config.dataDir, f), 'utf8').trim();
  return `postgres://postgres:${encodeURIComponent(read('pg-password'))}@127.0.0.1:${config.dbPort ?? read('pg-port')}/kefu`;
}

/** `kefu start`: database, migrations, first admin, optional demo data, HTTP server. */
export async function start(config: Config, opts: { demo: boolean }): Promise<{ kefu: Kefu; stop(): Promise<void> }> {
  const rt = await openRuntime(config, { owner: true });
  const { log } = rt;
  let kefu: Kefu | undefined;
  try {
    kefu = await listen(rt, config, opts);
  } catch (err) {
    // A start that fails (port taken, a bad seed…) must not leave the embedded database running.
    await rt.release();
    throw err;
  }
  const app = kefu.app;
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await app.close().catch((err) => log.error({ err }, 'closing the HTTP server failed'));
      await rt.release();
    })();
    return stopping;
  };
  return { kefu, stop };
}

/** Builds the app on an open runtime, bootstraps the admin, seeds, listens; closes the app if that fails. */
async function listen(rt: Runtime, config: Config, opts: { demo: boolean }): Promise<Kefu> {
  const { log } = rt;
  const recordingKey = await loadRecordingKey(config.recordingKey, config.dataDir);
  // A configured model that cannot load stops the start with its reason (a typo in the path).
  const speechToText = config.stt ? await createSherpaSpeechToText(config.stt) : undefined;
  const kefu = await buildApp({
    db: rt.handle.db,
    pool: rt.handle.pool,
    clock: systemClock,
    ids: uuidv7Generator(systemClock),
    log,
    sessionSeconds: config.sessionSeconds,
    idleLockSeconds: config.idleLockSeconds,
    secureCookies: config.secureCookies,
    trustProxy: config.trustProxy,
    timezone: config.timezone,
    sipRealm: config.sipRealm,
    sipDigest: config.sipDigest,
    overload: config.overload,
    webhookAllowCidrs: config.webhookAllowCidrs,
    webhookSecretKey: webhookSecretKeyFrom(recordingKey.key),
    smtp: config.smtp,
    sms: config.sms,
    publicBaseUrl: config.publicUrl,
    ...(speechToText ? { speechToText } : {}),
    // Opened when the app is ready (before the HTTP port); closed with the app on shutdown.
    sip: {
      host: config.sipHost,
      port: config.sipPort,
      externalAddress: config.sipExternalAddress,
      rtpPorts: config.rtpPorts,
      // Admins' uploads override the shipped prompts key by key.
      promptDirs: [path.join(config.dataDir, 'prompts'), shippedPromptsFolder()],
    },
    // The one data key: recordings use it as is, the CRM derives its ID-number keys from it.
    dataKey: recordingKey.key,
    conversationFiles: { dir: path.join(config.dataDir, 'conversations', 'files') },
    ...(config.mailReceiver ? { mailReceiver: config.mailReceiver } : {}),
    ticketAttachments: {
      dir: path.join(config.dataDir, 'tickets', 'attachments'),
      maxBytes: config.attachmentMaxBytes,
    },
    recordings: {
      dir: path.join(config.dataDir, 'recordings'),
      ...recordingKey,
      retentionDays: config.recordingRetentionDays,
    },
  });
  let admin: Awaited<ReturnType<typeof kefu.services.users.bootstrapAdmin>>;
  try {
    admin = await kefu.services.users.bootstrapAdmin(config.adminPassword);
    if (opts.demo || config.demo) {
      const { created, byModule, history } = await seedDemo(kefu, undefined, {
        history: config.demoHistory,
        days: config.demoHistoryDays,
        progress: (line) => log.info(`demo history: ${line}`),
      });
      log.info({ created, byModule }, 'demo data loaded');
      if (history && Object.keys(history.counts).length > 0) {
        log.info({ ms: history.ms }, `demo history generated: ${describeHistory(history.counts)}`);
      }
    }
    await kefu.app.listen({ port: config.port, host: config.host });
  } catch (err) {
    await kefu.app.close().catch(() => {});
    throw err;
  }
  const shown = (host: string) => {
    const h = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
    return h.includes(':') ? `[${h}]` : h;
  };
  const url = `http://${shown(config.host)}:${config.port}`;
  const sip = kefu.sipAddress();
  // Printed to the terminal, not the log: the generated password is shown exactly once.
  const lines = [
    ``,
    `  Kefu 客服 is running at ${url}`,
    ...(sip
      ? [`  SIP (agent phones): ${shown(sip.host)}:${sip.port} over UDP and TCP, realm "${config.sipRealm}"`]
      : []),
    `  Database: ${rt.embedded ? `embedded PostgreSQL in ${config.dataDir}` : 'external (DATABASE_URL)'}`,
  ];
  if (admin) {
    lines.push(
      `  First administrator: username "admin", password ${admin.generated ? `"${admin.password}" (generated; shown only now — change it after signing in)` : 'from KEFU_ADMIN_PASSWORD'}`,
    );
  }
  if (opts.demo || config.demo)
    lines.push(
      '  Demo users: agent01 … agent20, lead01 … lead03, super01, qa01, wfm01 (password demo1234);',
      '  demo SIP accounts agent01 … agent20, lead01 … lead03, super01 (password demo1234); hotline DID 4008000000',
    );
  process.stdout.write(`${lines.join('\n')}\n\n`);
  return kefu;
}
