import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CreateUserBody } from '../../contracts/auth';
import { buildApp } from './app';
import { ConfigError, loadConfig } from './config';
import { describeHistory, seedDemo } from './demo';
import { openRuntime, start } from './main';
import { loadRecordingKey } from './modules/telephony';
import { runWfmCommand, WFM_HELP } from './modules/wfm';
import { systemActor } from './platform/audit';
import { systemClock } from './platform/clock';
import { uuidv7Generator } from './platform/ids';
import { createLogger } from './platform/logger';

/**
 * Kefu built for a command beside (or instead of) the server: the runtime's database, no web app,
 * the server's settings; `extra` adds what one command needs (demo-seed: the keys).
 */
function offlineApp(
  rt: Awaited<ReturnType<typeof openRuntime>>,
  config: ReturnType<typeof loadConfig>,
  extra: Partial<Parameters<typeof buildApp>[0]> = {},
) {
  return buildApp({
    db: rt.handle.db,
    pool: rt.handle.pool,
    clock: systemClock,
    ids: uuidv7Generator(systemClock),
    log: rt.log,
    sessionSeconds: config.sessionSeconds,
    idleLockSeconds: config.idleLockSeconds,
    serveWeb: false,
    timezone: config.timezone,
    ...extra,
  });
}

/** A mistake in the command line: printed without a stack trace. */
class UsageError extends Error {}

const HELP = `kefu — the Kefu (客服) contact center

Usage:
  kefu start [--demo]          start the server (embedded PostgreSQL unless DATABASE_URL is set)
  kefu migrate                 apply database migrations and exit
  kefu user add --username U --password P --display-name N --roles agent[,team_lead…] [--team TEAM] [--phone N]
  kefu demo-seed               load the demo hotline (teams, agents, queues …) and its last 14 days
                               of traffic (KEFU_DEMO_HISTORY=off: without), then exit; run it while
                               Kefu is stopped (the ACD reads its setup at start)
  kefu contacts import FILE [--partial]
                               import contact history (CSV, or JSON lines: .ndjson/.jsonl) into the
                               reports; every row is checked first and a file with bad rows imports
                               nothing unless --partial (docs/reports.md); exit code 1 when rows were
                               rejected
  kefu reporting rebuild       recompute the reports' read model (contacts, agent time, survey
                               answers, work-order SLAs and their quarter-hour sums) from the
                               records, in one transaction: reports show the old figures until it
                               is done; imported history is kept
${WFM_HELP}
  kefu help

Configuration comes from environment variables; see the README.`;

async function main(argv: string[]): Promise<number> {
  const [command, sub, ...rest] = argv;
  // A calculator: no database, no server settings (a bad environment does not stop it).
  if (command === 'wfm') return runWfmCommand(argv.slice(1));
  const config = loadConfig();
  switch (command) {
    case 'start': {
      const { values } = parseArgs({ args: argv.slice(1), options: { demo: { type: 'boolean', default: false } } });
      // Signals are caught from the first moment: one that arrives during start-up (migrations, demo
      // seeding) stops Kefu as soon as it is up, database included, instead of killing it midway.
      let signalled: string | undefined;
      let running: Awaited<ReturnType<typeof start>> | undefined;
      const shutdown = (signal: string) => {
        signalled = signal;
        if (!running) return;
        running.kefu.app.log.info({ signal }, 'shutting down');
        void running.stop().then(() => process.exit(0));
      };
      process.once('SIGINT', () => shutdown('SIGINT'));
      process.once('SIGTERM', () => shutdown('SIGTERM'));
      running = await start(config, { demo: !!values.demo });
      if (signalled) shutdown(signalled);
      return -1; // keep running
    }
    case 'migrate': {
      const rt = await openRuntime(config, { owner: false });
      await rt.release();
      console.log('Database is up to date.');
      return 0;
    }
    case 'demo-seed':
    case 'user': {
      if (command === 'user' && sub !== 'add') {
        console.error(HELP);
        return 2;
      }
      const rt = await openRuntime(config, { owner: false, log: createLogger('warn') });
      try {
        const kefu = await offlineApp(rt, config, {
          // Phone passwords are hashed with the realm: the same one the running Kefu serves.
          sipRealm: config.sipRealm,
          timezone: config.timezone,
          // The demo history keeps a few recordings, encrypted with the key the running Kefu reads.
          ...(command === 'demo-seed'
            ? await (async () => {
                const key = await loadRecordingKey(config.recordingKey, config.dataDir);
                return {
                  // The demo customers' ID numbers are encrypted under the running Kefu's data key.
                  dataKey: key.key,
                  recordings: {
                    dir: path.join(config.dataDir, 'recordings'),
                    ...key,
                    retentionDays: config.recordingRetentionDays,
                  },
                };
              })()
            : {}),
        });
        if (command === 'demo-seed') {
          const { created, byModule, history } = await seedDemo(kefu, undefined, {
            history: config.demoHistory,
            days: config.demoHistoryDays,
            progress: (line) => console.log(`Demo history: ${line}`),
          });
          const parts = Object.entries(byModule).map(([m, n]) => `${m} ${n}`);
          console.log(`Demo data loaded (${created} objects created: ${parts.join(', ')}).`);
          if (history && Object.keys(history.counts).length > 0) {
            const seconds = (history.ms / 1000).toFixed(1);
            console.log(`Demo history of the last 14 days (${seconds} s): ${describeHistory(history.counts)}.`);
          } else if (history) console.log('Demo history: already there (nothing added).');
          // The history's events reach their readers (reports, surveys, timelines) before the exit.
          await kefu.bus.drain();
        } else {
          const { values } = parseArgs({
            args: rest,
            options: {
              username: { type: 'string' },
              password: { type: 'string' },
              'display-name': { type: 'string' },
              roles: { type: 'string', default: 'agent' },
              team: { type: 'string' },
              phone: { type: 'string' },
            },
          });
          const team = values.team ? await kefu.services.teams.findByName(values.team) : undefined;
          if (values.team && !team) throw new UsageError(`--team: no team named ${values.team}`);
          const body = CreateUserBody.safeParse({
            username: values.username,
            password: values.password,
            displayName: values['display-name'] ?? values.username,
            roles: values.roles?.split(',').map((r) => r.trim()),
            teamId: team?.id,
            phone: values.phone,
          });
          if (!body.success) {
            for (const i of body.error.issues) console.error(`--${String(i.path[0] ?? '')}: ${i.message}`);
            return 2;
          }
          const u = await kefu.services.users.create(body.data, { ...systemActor, name: 'cli' });
          console.log(`User ${u.username} created (${u.roles.join(', ')}).`);
        }
        await kefu.app.close();
      } finally {
        await rt.release();
      }
      return 0;
    }
    case 'contacts': {
      const { values, positionals } = parseArgs({
        args: argv.slice(2),
        options: { partial: { type: 'boolean', default: false } },
        allowPositionals: true,
      });
      const file = positionals[0];
      if (sub !== 'import' || !file || positionals.length > 1) {
        console.error(HELP);
        return 2;
      }
      let bytes: number;
      try {
        bytes = statSync(file).size;
      } catch {
        throw new UsageError(`${file}: no such file`);
      }
      const rt = await openRuntime(config, { owner: false, log: createLogger('warn') });
      try {
        const kefu = await offlineApp(rt, config);
        const format = /\.(ndjson|jsonl)$/i.test(file) ? 'ndjson' : 'csv';
        let shown = -1;
        const report = await kefu.services.reporting.contactImport.run(
          { format, stream: createReadStream(file), bytes },
          { partial: !!values.partial },
          (p) => {
            const step = Math.floor(p.percent / 10);
            if (step === shown) return;
            shown = step;
            const of = p.rowsTotal !== undefined ? ` of ${p.rowsTotal}` : '';
            console.log(`${p.phase}: ${Math.floor(p.percent)} % (${p.rowsDone} rows${of}, ${p.errors} problems)`);
          },
        );
        for (const i of report.issues) console.log(`row ${i.row}, ${i.column || '-'}: ${i.message}`);
        if (report.issueCount > report.issues.length) {
          console.log(`… and ${report.issueCount - report.issues.length} more problems`);
        }
        if (report.createdQueues.length > 0)
          console.log(`Queues created (inactive): ${report.createdQueues.join(', ')}`);
        if (report.createdAgents.length > 0)
          console.log(`Agents created (inactive): ${report.createdAgents.join(', ')}`);
        console.log(
          `${report.rows} rows read, ${report.applied} imported (${report.created} new, ${report.updated} changed, ` +
            `${report.unchanged} unchanged), ${report.rejected} rejected in ${report.seconds} s.` +
            (report.rejected > 0 && !report.partial ? ' Nothing was imported: fix the rows or use --partial.' : ''),
        );
        await kefu.app.close();
        return report.rejected > 0 ? 1 : 0;
      } finally {
        await rt.release();
      }
    }
    case 'reporting': {
      if (sub !== 'rebuild' || rest.length > 0) {
        console.error(HELP);
        return 2;
      }
      const rt = await openRuntime(config, { owner: false, log: createLogger('warn') });
      try {
        // Not started (no ACD timers, no outbox delivery, no scheduled mails beside a running Kefu):
        // the rebuild reads records from the database only.
        const kefu = await offlineApp(rt, config);
        console.log("Rebuilding the reports' read model from the records…");
        const started = Date.now();
        let shownAt = 0;
        const counts = await kefu.services.reporting.rebuild((line) => {
          // A line a second at most (a year of a large centre is thousands of pages).
          if (Date.now() - shownAt < 1000) return;
          shownAt = Date.now();
          console.log(`  ${line}`);
        });
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        console.log(
          `Rebuilt in ${seconds} s: ${counts.contacts} contacts (${counts.legs} queue visits), ` +
            `${counts.selfService} self-service calls, ${counts.agentStates} agent state changes, ` +
            `${counts.answers} survey answers, ${counts.tickets} work orders.`,
        );
        await kefu.app.close();
        return 0;
      } finally {
        await rt.release();
      }
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(HELP);
      return 0;
    default:
      console.error(`Unknown command: ${command}\n\n${HELP}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err) => {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78); // EX_CONFIG
    }
    if (err instanceof UsageError || (err as { kind?: string })?.kind === 'conflict') {
      console.error((err as Error).message);
      process.exit(2);
    }
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
