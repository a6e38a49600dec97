/**
 * Runs sipp 3.6.1 (Debian's `sip-tester`) scenarios for tests: callers from `e2e/sipp/` against
 * Kefu, or sipp's own UAS. Each run gets free local SIP and media ports (parallel tests never meet
 * on sipp's defaults 5060/6000), its own trace dir, and a hard deadline: sipp's -timeout only asks
 * it to stop creating calls and waits for the open ones, so after `timeoutMs` (+ 2 s) it is killed.
 *
 * Per-call values go in through an injection file: `fields` rows are written to a SEQUENTIAL CSV
 * and passed with -inf ([field0], [field1], … in the scenario, one row per call, wrapping around);
 * `keys` become -key (generic [keyword]s), `vars` become -set (global variables, [$name]).
 * Results: the exit code (0 all calls succeeded, 1 some failed, 97 stopped by a signal/command,
 * 99 no call processed, 255 fatal — also what -timeout with -timeout_error gives), the cumulative counters from -trace_stat, the final screen
 * (-trace_screen) and the unexpected messages (-trace_err).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freeTcpPort, udpPortFree } from './ports';

export const SIPP = '/usr/bin/sipp';
/** The caller scenarios (caller-menu.xml, caller-abandon.xml, caller-no-dtmf.xml, …). */
export const SIPP_SCENARIOS = path.resolve(import.meta.dirname, '../e2e/sipp');
/** Debian's pcaps: g711a.pcap (7 s of A-law speech, payload 8) and dtmf_2833_<0-9|star|pound>.pcap. */
export const SIPP_PCAPS = '/usr/share/sip-tester';

export type SippOptions = {
  /** A scenario file, or 'uas' / 'uac' for sipp's built-in ones (-sn). */
  scenario: string;
  /** 'host:port' to send to; omit for a UAS that only answers. */
  target?: string;
  /** Calls to make (or answer) before exiting: -m. Default 1. */
  calls?: number;
  /** New calls per second: -r (sipp's default 10). */
  rate?: number;
  /** Concurrent calls at most: -l. */
  limit?: number;
  /** Hard limit for the whole run; also passed as -timeout with -timeout_error. */
  timeoutMs: number;
  /** -t: u1 (UDP, one socket: default), un (UDP, a socket per call), t1, tn (TCP). */
  transport?: 'u1' | 'un' | 't1' | 'tn';
  /** -p: the local SIP port. Default: a free one. */
  localPort?: number;
  /** -mp: the local media port (sipp binds it, and the next ones). Default: a free one. */
  mediaPort?: number;
  /** -key name value: generic keywords, [name] in the scenario. */
  keys?: Record<string, string | number>;
  /** -set name value: global variables, [$name] in the scenario. */
  vars?: Record<string, string | number>;
  /** -inf: an injection CSV of your own (first line SEQUENTIAL, RANDOM or USER). */
  injectionCsv?: string;
  /** Rows for an injection CSV written for this run (SEQUENTIAL): [field0], [field1], … */
  fields?: ReadonlyArray<ReadonlyArray<string | number>>;
  /** -s: the service (user part of the default Request-URI, [service]). */
  service?: string;
  /** -au / -ap: digest credentials for [authentication]. */
  auth?: { user: string; password: string };
  /** Anything else, appended before the target. */
  extraArgs?: string[];
};

/** Cumulative counters from the last -trace_stat line (sipp's "(C)" columns). */
export type SippStats = {
  created: number;
  successful: number;
  failed: number;
  /** Calls still open when sipp stopped. */
  current: number;
  outgoing: number;
  incoming: number;
  /** The Failed…(C) counters that are not zero, e.g. { FailedUnexpectedMessage: 1 }. */
  failures: Record<string, number>;
  /** Every column of the last line, by name. */
  raw: Record<string, string>;
};

export type SippResult = {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Killed by the helper after timeoutMs. */
  timedOut: boolean;
  durationMs: number;
  stats: SippStats | undefined;
  stdout: string;
  stderr: string;
  /** -trace_err: the unexpected messages, if any. */
  errors: string;
  /** -trace_screen: the final statistics screen. */
  screen: string;
  /** The command line, for failure messages. */
  args: string[];
};

export type SippProcess = {
  readonly localPort: number;
  readonly mediaPort: number;
  /** Resolves when sipp exits (by itself, by stop() or by the deadline). */
  readonly result: Promise<SippResult>;
  /** SIGTERM (sipp stops at once, open calls included, and writes its stats), SIGKILL after 2 s. */
  stop(): Promise<SippResult>;
};

/** A port free for TCP and UDP, and optionally the UDP ports just above it (sipp's media uses mp..mp+3). */
export async function freeSippPort(udpSpan = 1): Promise<number> {
  for (let i = 0; i < 100; i++) {
    const port = await freeTcpPort();
    if (port + udpSpan > 65_535) continue;
    let free = true;
    for (let k = 0; k < udpSpan && free; k++) free = await udpPortFree(port + k);
    if (free) return port;
  }
  throw new Error('no free port for sipp');
}

/** The last line of a -trace_stat CSV, by column. */
export function parseSippStats(csv: string): SippStats | undefined {
  const lines = csv.split('\n').filter((l) => l.trim() !== '');
  if (lines.length < 2) return undefined;
  const names = lines[0]!.split(';');
  const values = lines.at(-1)!.split(';');
  const raw: Record<string, string> = {};
  names.forEach((n, i) => {
    if (n) raw[n] = values[i] ?? '';
  });
  const num = (name: string) => Number(raw[name] ?? 0) || 0;
  const failures: Record<string, number> = {};
  for (const n of names) {
    const m = /^(Failed\w+)\(C\)$/.exec(n);
    if (m && num(n) > 0) failures[m[1]!] = num(n);
  }
  return {
    created: num('TotalCallCreated'),
    successful: num('SuccessfulCall(C)'),
    failed: num('FailedCall(C)'),
    current: num('CurrentCall'),
    outgoing: num('OutgoingCall(C)'),
    incoming: num('IncomingCall(C)'),
    failures,
    raw,
  };
}

export async function startSipp(o: SippOptions): Promise<SippProcess> {
  if (!existsSync(SIPP)) throw new Error(`${SIPP} is missing: apt-get install -y sip-tester`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kefu-sipp-'));
  const localPort = o.localPort ?? (await freeSippPort(1));
  const mediaPort = o.mediaPort ?? (await freeSippPort(4));
  const builtin = o.scenario === 'uas' || o.scenario === 'uac';
  const args = [
    ...(builtin ? ['-sn', o.scenario] : ['-sf', path.resolve(o.scenario)]),
    ...['-i', '127.0.0.1', '-p', String(localPort), '-mp', String(mediaPort)],
    ...['-t', o.transport ?? 'u1'],
    ...['-m', String(o.calls ?? 1)],
    ...(o.rate !== undefined ? ['-r', String(o.rate)] : []),
    ...(o.limit !== undefined ? ['-l', String(o.limit)] : []),
    ...['-timeout', `${Math.ceil(o.timeoutMs)}ms`, '-timeout_error'],
    '-nostdin',
    ...['-trace_stat', '-stf', path.join(dir, 'stats.csv'), '-fd', '1'],
    ...['-trace_screen', '-screen_file', path.join(dir, 'screen.log')],
    ...['-trace_err', '-error_file', path.join(dir, 'errors.log')],
    ...(o.service ? ['-s', o.service] : []),
    ...(o.auth ? ['-au', o.auth.user, '-ap', o.auth.password] : []),
    ...Object.entries(o.keys ?? {}).flatMap(([k, v]) => ['-key', k, String(v)]),
    ...Object.entries(o.vars ?? {}).flatMap(([k, v]) => ['-set', k, String(v)]),
  ];
  if (o.fields) {
    const csv = path.join(dir, 'fields.csv');
    writeFileSync(csv, `SEQUENTIAL\n${o.fields.map((row) => row.join(';')).join('\n')}\n`);
    args.push('-inf', csv);
  }
  if (o.injectionCsv) args.push('-inf', path.resolve(o.injectionCsv));
  args.push(...(o.extraArgs ?? []));
  if (o.target) args.push(o.target);

  const started = Date.now();
  const child: ChildProcess = spawn(SIPP, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => {
    stdout += d;
  });
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  let timedOut = false;
  const kill = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, o.timeoutMs + 2000);
  const read = (f: string) => (existsSync(path.join(dir, f)) ? readFileSync(path.join(dir, f), 'utf8') : '');
  const result = new Promise<SippResult>((resolve) => {
    child.once('error', (err) => {
      stderr += `\nspawn error: ${err.message}`;
    });
    child.once('close', (code, signal) => {
      clearTimeout(kill);
      const stats = parseSippStats(read('stats.csv'));
      // sipp names some traces after the scenario and its pid; collect whatever error logs exist.
      const errors = [
        read('errors.log'),
        ...readdirSync(dir)
          .filter((f) => f.endsWith('_errors.log'))
          .map(read),
      ].join('');
      const screen = read('screen.log');
      rmSync(dir, { recursive: true, force: true });
      resolve({
        code,
        signal,
        timedOut,
        durationMs: Date.now() - started,
        stats,
        stdout,
        stderr,
        errors,
        screen,
        args,
      });
    });
  });

  return {
    localPort,
    mediaPort,
    result,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const hard = setTimeout(() => child.kill('SIGKILL'), 2000);
        await result;
        clearTimeout(hard);
      }
      return result;
    },
  };
}

/** Runs one sipp to its end: `startSipp` and its result. */
export async function runSipp(o: SippOptions): Promise<SippResult> {
  return (await startSipp(o)).result;
}

/** A failure message with what sipp said, for expect(…, message). */
export function describeSipp(r: SippResult): string {
  return [
    `sipp ${r.args.join(' ')}`,
    `exit ${r.code}${r.signal ? ` (${r.signal})` : ''}${r.timedOut ? ', killed at the deadline' : ''}`,
    r.errors && `--- unexpected messages\n${r.errors.slice(-4000)}`,
    r.stderr && `--- stderr\n${r.stderr.slice(-2000)}`,
    r.screen && `--- screen\n${r.screen.slice(-3000)}`,
  ]
    .filter(Boolean)
    .join('\n');
}
