/**
 * SIP/media benchmark (issue "Voice", targets on a 2-core machine): call setups per second with
 * < 0.1 % failed calls, 500 concurrent bridged and recorded calls held 60 s with the p99 jitter of
 * the RTP Kefu sends < 5 ms and its loss, setup time p50/p99, CPU per call — and Kamailio as a
 * stateless proxy in front of a sipp UAS at the same stepped rates: the ratio of Kefu's setup rate
 * to that signalling ceiling is the figure we track. `npm run bench:sip` → bench/results/sip.json.
 *
 * Set-up: `kefu start --demo` from the sources on a fresh data dir (embedded PostgreSQL), default
 * digest (MD5), RTP ports 10000-19999. Through the API: queue `sipbench` (wrap-up 0, offer timeout 5 s,
 * no announcements), IVR flow `sipbench` whose start node queues the caller there, DID 4008009999
 * → the flow, AGENTS agent users with voice capacity CAPACITY each (so AGENTS × CAPACITY calls can
 * be bridged at once without creating 500 users), each with a SIP account, logged in and ready.
 * Agent phones: ONE sipp UAS (bench/sip/agent-uas.xml, -rtp_echo). Kefu INVITEs an agent at the
 * source address of its REGISTER (registrar.ts, NAT handling), so the bench sends the REGISTERs
 * (digest MD5, Expires 3600) from a UDP socket on port P, closes it and starts sipp on P.
 * Callers: sipp UAC (bench/sip/caller.xml) at -r R, INVITE→200 timed (-trace_rtt), hold, BYE.
 *
 * Phases (SIP_BENCH_PHASES, default rate,overload,concurrency,kamailio, in that order):
 * - rate: SIP_BENCH_RATES (cps) for SIP_BENCH_STEP_SECONDS each, holds of SIP_BENCH_HOLD_MS; per
 *   step sipp's counters, setup time p50/p99, the call records of the step (bridged to an agent,
 *   with a recording), Kefu's CPU (node + PostgreSQL) per call. A step passes when < 0.1 % of the
 *   calls failed at the SIP level AND < 0.1 % were not bridged with a recording. Stops after a step
 *   with > 5 % failures.
 * - overload (issue 12): Kefu started with KEFU_MAX_CPS = S (SIP_BENCH_SUSTAINABLE, 100; SIP_BENCH_MAX_CPS=off
 *   for automatic shedding alone); per factor of SIP_BENCH_OVERLOAD_FACTORS (1.5,3) callers at factor × S
 *   for SIP_BENCH_OVERLOAD_SECONDS, then at S for SIP_BENCH_RECOVERY_SECONDS, with
 *   bench/sip/caller-overload.xml (503 and Kefu's BYE after the busy prompt are outcomes). Offered,
 *   admitted, shed, shed response and admitted setup p50/p99, goodput (bridged + recorded per second),
 *   abandoned, no_answer agents after, seconds until S is bridged again; figures in sip/overload-figures.ts.
 * - concurrency: SIP_BENCH_CONCURRENT calls opened at SIP_BENCH_RAMP_RATE cps, each held until all
 *   overlapped for SIP_BENCH_HOLD_SECONDS; the callers' media is bench/sip/rtp-endpoint.ts (one
 *   socket per call, sends a paced 20 ms stream; the agent sipp echoes it, so Kefu relays both
 *   ways and records). During the window: jitter (RFC 3550 and p99 of |D|) and loss of what Kefu
 *   sends the callers, calls bridged at the same time (call records answered and not ended), CPU.
 * - kamailio: bench/sip/kamailio.cfg (stateless forward()) → sipp UAS, SIP_BENCH_KAMAILIO_RATES
 *   for SIP_BENCH_KAMAILIO_STEP_SECONDS each, same caller and hold. Its ceiling may be sipp's.
 *
 * Every child (Kefu, sipp, kamailio, the RTP endpoint) is killed on exit, whatever happens.
 */
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NO_ANSWER_REASON } from '../contracts/routing';
import { ROOT, startKefu, tempDataDir } from '../e2e/kefu-process';
import { digestAnswer, parseReply } from '../test/sip-phone';
import { freeSippPort, parseSippStats, type SippStats } from '../test/sipp';
import { cpuSecondsOf, descendantsCpuSeconds, machineBusySeconds, quantiles } from './acd-load-measure';
import { callerFigures, parseCallerLog, recordFigures, recoverySeconds, stepTargets } from './sip/overload-figures';

const env = process.env;
const num = (name: string, dflt: number) => Number(env[name] ?? dflt);
const list = (name: string, dflt: string) =>
  (env[name] ?? dflt)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
const PHASES = new Set(list('SIP_BENCH_PHASES', 'rate,overload,concurrency,kamailio'));
const RATES = list('SIP_BENCH_RATES', '20,50,100,150').map(Number);
const STEP_SECONDS = num('SIP_BENCH_STEP_SECONDS', 20);
const HOLD_MS = num('SIP_BENCH_HOLD_MS', 2000);
const CONCURRENT = num('SIP_BENCH_CONCURRENT', 500);
const RAMP_RATE = num('SIP_BENCH_RAMP_RATE', 25);
const HOLD_SECONDS = num('SIP_BENCH_HOLD_SECONDS', 60);
const KAM_RATES = list('SIP_BENCH_KAMAILIO_RATES', '100,200,400,800,1600').map(Number);
const KAM_STEP_SECONDS = num('SIP_BENCH_KAMAILIO_STEP_SECONDS', 10);
const CONCURRENT_FOR_AGENTS = num('SIP_BENCH_CONCURRENT', 500);
/** Overload phase (issue 12): the sustainable rate S, the spikes as multiples of it, each this long. */
const SUSTAINABLE = num('SIP_BENCH_SUSTAINABLE', 100);
const OVERLOAD_FACTORS = list('SIP_BENCH_OVERLOAD_FACTORS', '1.5,3').map(Number);
const OVERLOAD_SECONDS = num('SIP_BENCH_OVERLOAD_SECONDS', 60);
/** After each spike, callers at S for this long: how soon the center serves S again. */
const RECOVERY_SECONDS = num('SIP_BENCH_RECOVERY_SECONDS', 15);
const OVERLOAD_HOLD_MS = num('SIP_BENCH_OVERLOAD_HOLD_MS', num('SIP_BENCH_HOLD_MS', 2000));
/** KEFU_MAX_CPS for Kefu when the overload phase runs: S by default, 'off' for automatic shedding alone. */
const MAX_CPS_SETTING = env.SIP_BENCH_MAX_CPS ?? String(SUSTAINABLE);
const KEFU_MAX_CPS = /^(off|none|)$/i.test(MAX_CPS_SETTING) ? null : Number(MAX_CPS_SETTING);
const KEFU_MAX_CALLS = env.SIP_BENCH_MAX_CALLS ? Number(env.SIP_BENCH_MAX_CALLS) : null;
/** What the bench number does with a shed call: 'reject' (503) or 'busy_prompt'. */
const OVERLOAD_ACTION = env.SIP_BENCH_OVERLOAD_ACTION ?? 'reject';
/** Voice is exclusive in the routing engine (one call per agent whatever capacity.voice says), so one agent per call. */
const AGENTS = num('SIP_BENCH_AGENTS', CONCURRENT_FOR_AGENTS + 20);
const CAPACITY = num('SIP_BENCH_AGENT_CAPACITY', 1);
const RESULT = env.SIP_BENCH_RESULT ?? path.join(ROOT, 'bench/results/sip.json');
const RTP_BASE = num('SIP_BENCH_RTP_BASE', 30000);
const DID = '4008009999';
/** The concurrency phase's number: a short prompt first, so each caller's RTP endpoint learns Kefu's port. */
const DID_MEDIA = '4008009998';
const ADMIN_PASSWORD = 'SipBench-admin-1';
const AGENT_PASSWORD = 'SipBench-agent-1';
const SIP_PASSWORD = 'sipbench-1234';
const MAX_FAILED = 0.001;
const SCEN = path.join(ROOT, 'bench/sip');
const SIPP = '/usr/bin/sipp';
const KAMAILIO = '/usr/sbin/kamailio';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (x: number | null | undefined, d = 2) => (x == null || !Number.isFinite(x) ? null : Number(x.toFixed(d)));
const log = (...a: unknown[]) => console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...a);

// ---- children: every one is killed on exit ---------------------------------------------------------

const children = new Set<ChildProcess>();
function track(c: ChildProcess): ChildProcess {
  children.add(c);
  c.once('exit', () => children.delete(c));
  return c;
}
/** Kefu gets SIGTERM (it stops its embedded PostgreSQL), every other child SIGKILL. */
let kefuPid = 0;
function killAll() {
  for (const c of children) {
    try {
      if (c.pid) process.kill(c.pid, c.pid === kefuPid ? 'SIGTERM' : 'SIGKILL');
    } catch {}
  }
}
process.on('exit', killAll);
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    killAll();
    process.exit(130);
  });
}

// ---- sipp ----------------------------------------------------------------------------------------

type SippRun = {
  code: number | null;
  timedOut: boolean;
  seconds: number;
  stats: SippStats | undefined;
  /** INVITE→200 per call (ms), from -trace_rtt. */
  rtts: number[];
  errors: string;
  /** The scenario's <log> lines (-trace_logs), when the run asked for them. */
  callLog: string;
};

type SippHandle = {
  pid: number;
  dir: string;
  done: Promise<SippRun>;
  stop(): Promise<SippRun>;
  statsNow(): SippStats | undefined;
};

function startSippRun(o: {
  scenario: string;
  args: string[];
  target?: string;
  timeoutMs: number;
  csvRows?: Array<string | number>;
  /** @NAME@ → value in the scenario, written to the run's own copy. */
  replace?: Record<string, string | number>;
  /** Keep the scenario's <log> actions (-trace_logs) in SippRun.callLog. */
  callLog?: boolean;
}): SippHandle {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kefu-sipbench-'));
  let scenario = o.scenario;
  if (o.replace) {
    let text = readFileSync(o.scenario, 'utf8');
    for (const [k, v] of Object.entries(o.replace)) text = text.replaceAll(`@${k}@`, String(v));
    scenario = path.join(dir, path.basename(o.scenario));
    writeFileSync(scenario, text);
  }
  const args = [
    '-sf',
    scenario,
    '-i',
    '127.0.0.1',
    '-nostdin',
    '-trace_stat',
    '-stf',
    path.join(dir, 'stats.csv'),
    '-fd',
    '1',
    '-trace_err',
    '-error_file',
    path.join(dir, 'errors.log'),
    ...(o.callLog ? ['-trace_logs', '-log_file', path.join(dir, 'calls.log')] : []),
    ...o.args,
  ];
  if (o.csvRows) {
    const csv = path.join(dir, 'fields.csv');
    writeFileSync(csv, `SEQUENTIAL\n${o.csvRows.join('\n')}\n`);
    args.push('-inf', csv);
  }
  if (o.target) args.push(o.target);
  const started = Date.now();
  const child = track(spawn(SIPP, args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] }));
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  let timedOut = false;
  const hard = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, o.timeoutMs);
  const read = (f: string) => (existsSync(path.join(dir, f)) ? readFileSync(path.join(dir, f), 'utf8') : '');
  const done = new Promise<SippRun>((resolve) => {
    child.once('close', (code) => {
      clearTimeout(hard);
      const files = readdirSync(dir);
      const rtts: number[] = [];
      for (const f of files.filter((x) => x.endsWith('_rtt.csv'))) {
        for (const line of read(f).split('\n').slice(1)) {
          const v = Number(line.split(';')[1]);
          if (line && Number.isFinite(v)) rtts.push(v);
        }
      }
      const errors = [read('errors.log'), ...files.filter((f) => f.endsWith('_errors.log')).map(read), stderr]
        .join('')
        .slice(-3000);
      resolve({
        code,
        timedOut,
        seconds: (Date.now() - started) / 1000,
        stats: parseSippStats(read('stats.csv')),
        rtts,
        errors,
        callLog: read('calls.log'),
      });
      rmSync(dir, { recursive: true, force: true });
    });
  });
  return {
    pid: child.pid ?? 0,
    dir,
    done,
    statsNow: () => parseSippStats(read('stats.csv')),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 3000);
        const r = await done;
        clearTimeout(t);
        return r;
      }
      return done;
    },
  };
}

/** The agent phones / the UAS behind Kamailio: sipp answering every INVITE, echoing RTP. */
async function startUas(port: number): Promise<SippHandle> {
  const mp = await freeSippPort(4);
  const h = startSippRun({
    scenario: path.join(SCEN, 'agent-uas.xml'),
    args: ['-p', String(port), '-mp', String(mp), '-rtp_echo', '-t', 'u1', '-m', '10000000', '-max_socket', '4096'],
    timeoutMs: 60 * 60_000,
  });
  await sleep(500);
  return h;
}

function callerArgs(o: {
  rate: number;
  calls: number;
  holdMs: number;
  limit: number;
  localPort: number;
  mp: number;
  did?: string;
  /** The caller's number ([caller] in caller-overload.xml). */
  caller?: string;
}) {
  return [
    ...['-p', String(o.localPort), '-mp', String(o.mp), '-t', 'u1'],
    ...['-r', String(o.rate), '-m', String(o.calls), '-l', String(o.limit), '-d', String(o.holdMs)],
    ...['-s', o.did ?? DID, '-trace_rtt', '-rtt_freq', '1', '-max_socket', '4096'],
    ...(o.caller ? ['-key', 'caller', o.caller] : []),
  ];
}

// ---- Kefu's API ----------------------------------------------------------------------------------

let baseUrl = '';
async function api<T>(method: string, url: string, token: string, body?: unknown, ip?: string): Promise<T> {
  const r = await fetch(`${baseUrl}${url}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(ip ? { 'x-forwarded-for': ip } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${url}: ${r.status} ${text.slice(0, 500)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

type CallSummary = {
  id: string;
  startedAt: string;
  answeredAt: string | null;
  endedAt: string | null;
  endReason: string | null;
  sipCode: number | null;
  agents: Array<{ userId: string }>;
  recordingId: string | null;
  queueMs: number | null;
  ringMs: number | null;
};

/** Every call record started in [from, to]. */
async function callsBetween(admin: string, from: Date, to: Date, number?: string): Promise<CallSummary[]> {
  const out: CallSummary[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 200; page++) {
    const q = new URLSearchParams({ from: from.toISOString(), to: to.toISOString(), limit: '500' });
    if (number) q.set('number', number);
    if (cursor) q.set('cursor', cursor);
    const r: { items: CallSummary[]; nextCursor: string | null } = await api('GET', `/api/v1/calls?${q}`, admin);
    out.push(...r.items);
    cursor = r.nextCursor;
    if (!cursor || r.items.length === 0) break;
  }
  return out;
}

function summarizeCalls(calls: CallSummary[]) {
  const ended = calls.filter((c) => c.endedAt);
  const bridged = calls.filter((c) => c.agents.length > 0);
  const recorded = calls.filter((c) => c.recordingId);
  const reasons: Record<string, number> = {};
  for (const c of calls) reasons[c.endReason ?? 'open'] = (reasons[c.endReason ?? 'open'] ?? 0) + 1;
  return {
    records: calls.length,
    ended: ended.length,
    bridged: bridged.length,
    recorded: recorded.length,
    endReasons: reasons,
    /** Queue wait + agent ring (ms), bridged calls: the caller's wait for a person after the 200. */
    toAgentMs: quantiles(bridged.map((c) => (c.queueMs ?? 0) + (c.ringMs ?? 0))),
  };
}

// ---- agent phones: REGISTER from the port sipp will take over ----------------------------------

async function registerAll(sip: { host: string; port: number }, localPort: number, users: string[]): Promise<number> {
  const sock = createSocket('udp4');
  await new Promise<void>((r) => sock.bind(localPort, '127.0.0.1', r));
  const waiting = new Map<string, (reply: ReturnType<typeof parseReply>) => void>();
  sock.on('message', (b) => {
    const reply = parseReply(b);
    const callId = reply.headers.get('call-id')?.[0] ?? '';
    if (reply.status >= 200) waiting.get(callId)?.(reply);
  });
  const uri = `sip:${sip.host}:${sip.port}`;
  const send = (user: string, callId: string, cseq: number, authorization?: string) =>
    new Promise<ReturnType<typeof parseReply>>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no answer to REGISTER ${user}`)), 5000);
      waiting.set(callId, (r) => {
        clearTimeout(t);
        waiting.delete(callId);
        resolve(r);
      });
      const msg = [
        `REGISTER ${uri} SIP/2.0`,
        `Via: SIP/2.0/UDP 127.0.0.1:${localPort};branch=z9hG4bK${callId}${cseq};rport`,
        'Max-Forwards: 70',
        `From: <sip:${user}@${sip.host}>;tag=${cseq}${callId.slice(0, 6)}`,
        `To: <sip:${user}@${sip.host}>`,
        `Call-ID: ${callId}`,
        `CSeq: ${cseq} REGISTER`,
        `Contact: <sip:${user}@127.0.0.1:${localPort}>`,
        'Expires: 3600',
        'User-Agent: kefu-sip-bench',
        ...(authorization ? [`Authorization: ${authorization}`] : []),
        'Content-Length: 0',
      ];
      sock.send(`${msg.join('\r\n')}\r\n\r\n`, sip.port, sip.host);
    });
  let ok = 0;
  try {
    for (const user of users) {
      const callId = `reg${Math.random().toString(36).slice(2, 12)}`;
      const first = await send(user, callId, 1);
      if (first.status !== 401) throw new Error(`REGISTER ${user}: ${first.status}`);
      const challenge = first.headers.get('www-authenticate')?.[0] ?? '';
      const authorization = digestAnswer(challenge, { user, password: SIP_PASSWORD, method: 'REGISTER', uri });
      const second = await send(user, callId, 2, authorization);
      if (second.status !== 200) throw new Error(`REGISTER ${user}: ${second.status} ${second.text.slice(0, 200)}`);
      ok += 1;
    }
  } finally {
    await new Promise<void>((r) => sock.close(() => r()));
  }
  return ok;
}

// ---- measuring -----------------------------------------------------------------------------------

function cpuOf(pid: number) {
  return { node: cpuSecondsOf(pid), db: descendantsCpuSeconds(pid), machine: machineBusySeconds(), at: Date.now() };
}
function cpuDelta(a: ReturnType<typeof cpuOf>, b: ReturnType<typeof cpuOf>, calls: number) {
  const wall = (b.at - a.at) / 1000;
  const node = b.node - a.node;
  const db = b.db - a.db;
  return {
    wallSeconds: round(wall, 1),
    kefuNodeCpuSeconds: round(node),
    postgresCpuSeconds: round(db),
    /** Share of one core. */
    kefuNodeCorePercent: round((100 * node) / wall, 1),
    machineBusyPercent: round((100 * (b.machine - a.machine)) / (wall * os.cpus().length), 1),
    cpuMsPerCall: calls > 0 ? round((1000 * (node + db)) / calls) : null,
    nodeCpuMsPerCall: calls > 0 ? round((1000 * node) / calls) : null,
  };
}

async function eventLoopLag(): Promise<Record<string, number>> {
  try {
    const text = await (await fetch(`${baseUrl}/metrics`)).text();
    const out: Record<string, number> = {};
    for (const m of text.matchAll(/^kefu_nodejs_eventloop_lag_(p50|p99|max)_seconds (\S+)$/gm)) {
      out[`${m[1]}Ms`] = round(Number(m[2]) * 1000) ?? 0;
    }
    return out;
  } catch {
    return {};
  }
}

function sippFigures(r: SippRun) {
  const s = r.stats;
  const created = s?.created ?? 0;
  const failed = s?.failed ?? 0;
  return {
    exitCode: r.code,
    timedOut: r.timedOut,
    created,
    successful: s?.successful ?? 0,
    failed,
    failedPercent: created ? round((100 * failed) / created, 3) : null,
    failures: s?.failures ?? {},
    setupMs: quantiles(r.rtts),
    errorsTail: r.errors ? r.errors.slice(-600) : undefined,
  };
}

// ---- phases --------------------------------------------------------------------------------------

type Ctx = {
  kefuPid: number;
  sip: { host: string; port: number };
  admin: string;
  kefuOutput: () => string;
  agents: Array<{ token: string; ip: string }>;
  /** Kefu's exit code or signal once it has exited (it can run out of memory under a spike). */
  kefuExit: () => string | null;
};

/** Kefu's resident memory (MiB), from /proc. */
function rssMiB(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? round(Number(m[1]) / 1024, 0) : null;
  } catch {
    return null;
  }
}

/** Our agents' states on the wallboard, counted ("not_ready:未应答": 3, …). */
async function agentStates(admin: string): Promise<Record<string, number>> {
  const wb = await api<{ agents: Array<{ username: string; state: string; reason: string | null }> }>(
    'GET',
    '/api/v1/wallboard',
    admin,
  );
  const out: Record<string, number> = {};
  for (const a of wb.agents.filter((x) => x.username.startsWith('sipbench'))) {
    const k = a.reason ? `${a.state}:${a.reason}` : a.state;
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

async function ratePhase(ctx: Ctx) {
  const steps = [];
  for (const rate of RATES) {
    const calls = Math.round(rate * STEP_SECONDS);
    const localPort = await freeSippPort(1);
    const mp = await freeSippPort(4);
    const from = new Date();
    const cpu0 = cpuOf(ctx.kefuPid);
    log(`rate ${rate} cps: ${calls} calls, hold ${HOLD_MS} ms`);
    const h = startSippRun({
      scenario: path.join(SCEN, 'caller.xml'),
      args: callerArgs({ rate, calls, holdMs: HOLD_MS, limit: Math.ceil(rate * (HOLD_MS / 1000 + 10)), localPort, mp }),
      target: `${ctx.sip.host}:${ctx.sip.port}`,
      timeoutMs: (STEP_SECONDS + HOLD_MS / 1000 + 60) * 1000,
      csvRows: [mp],
    });
    const r = await h.done;
    const cpu1 = cpuOf(ctx.kefuPid);
    await sleep(2000);
    const records = summarizeCalls(await callsBetween(ctx.admin, from, new Date()));
    const agentsAfter = await agentStates(ctx.admin);
    const sipp = sippFigures(r);
    const notBridged = Math.max(0, sipp.created - records.recorded);
    const step = {
      rate,
      seconds: round(r.seconds, 1),
      achievedCps: round(sipp.created / Math.max(1, r.seconds - HOLD_MS / 1000), 1),
      sipp,
      calls: records,
      notBridgedOrRecorded: notBridged,
      notBridgedPercent: sipp.created ? round((100 * notBridged) / sipp.created, 3) : null,
      cpu: cpuDelta(cpu0, cpu1, sipp.created),
      agentStatesAfter: agentsAfter,
      passed: sipp.created > 0 && sipp.failed / sipp.created < MAX_FAILED && notBridged / sipp.created < MAX_FAILED,
      passedSip: sipp.created > 0 && sipp.failed / sipp.created < MAX_FAILED,
    };
    steps.push(step);
    log(
      `  created ${sipp.created}, failed ${sipp.failed} ${JSON.stringify(sipp.failures)}, setup p50 ${sipp.setupMs.p50} p99 ${sipp.setupMs.p99} ms, bridged ${records.bridged}, recorded ${records.recorded}, CPU ${step.cpu.cpuMsPerCall} ms/call, node ${step.cpu.kefuNodeCorePercent} % core`,
    );
    if (sipp.created === 0 || sipp.failed / sipp.created > 0.05 || notBridged / sipp.created > 0.05) {
      log('  more than 5 % failed: no higher rates');
      break;
    }
    await sleep(3000);
  }
  const best = steps.filter((s) => s.passed).at(-1);
  const bestSip = steps.filter((s) => s.passedSip).at(-1);
  return {
    steps,
    maxSustainedCps: best ? best.rate : 0,
    maxSustainedCpsSipOnly: bestSip ? bestSip.rate : 0,
    setupMsAtMax: best?.sipp.setupMs ?? null,
    cpuMsPerCallAtMax: best?.cpu.cpuMsPerCall ?? null,
  };
}

/** GET /api/v1/voice/overload (issue 12's OverloadStatus); null while Kefu has no such route. */
async function overloadStatus(admin: string): Promise<Record<string, unknown> | null> {
  try {
    return await api<Record<string, unknown>>('GET', '/api/v1/voice/overload', admin);
  } catch {
    return null;
  }
}

/** After a spike Kefu may still answer 500 / time out for a while: try again, a few seconds apart. */
async function retrying<T>(what: string, fn: () => Promise<T>, tries = 6): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i >= tries) throw err;
      log(`  ${what} failed (${String(err).slice(0, 160)}), again in ${2 * i} s`);
      await sleep(2000 * i);
    }
  }
}

/** Our agents not ready with the RONA reason (wallboard). */
const noAnswerCount = (states: Record<string, number>) => states[`not_ready:${NO_ANSWER_REASON}`] ?? 0;

async function setAllReady(ctx: Ctx) {
  for (const t of ctx.agents) {
    await retrying('ready', () => api('PUT', '/api/v1/agents/me/state', t.token, { state: 'ready' }, t.ip));
  }
}

/** Callers of DID at `rate` for `seconds` with caller-overload.xml (shed is an outcome, not a failure). */
async function startOverloadCallers(ctx: Ctx, o: { rate: number; seconds: number; caller: string }) {
  const localPort = await freeSippPort(1);
  const mp = await freeSippPort(4);
  return startSippRun({
    scenario: path.join(SCEN, 'caller-overload.xml'),
    replace: { HOLD_MS: OVERLOAD_HOLD_MS },
    callLog: true,
    args: callerArgs({
      rate: o.rate,
      calls: Math.round(o.rate * o.seconds),
      holdMs: OVERLOAD_HOLD_MS,
      limit: Math.ceil(o.rate * (OVERLOAD_HOLD_MS / 1000 + 20)),
      localPort,
      mp,
      caller: o.caller,
    }),
    target: `${ctx.sip.host}:${ctx.sip.port}`,
    timeoutMs: (o.seconds + OVERLOAD_HOLD_MS / 1000 + 60) * 1000,
    csvRows: [mp],
  });
}

/** One spike of overloadPhase: f × S, then S at once, and what both did. */
async function overloadStep(ctx: Ctx, i: number, factor: number) {
  const S = SUSTAINABLE;
  const agentStatesBefore = await retrying('wallboard', () => agentStates(ctx.admin));
  await setAllReady(ctx);
  const agentStatesReady = await retrying('wallboard', () => agentStates(ctx.admin));
  const rate = Math.round(factor * S);
  const spikeCaller = `139110${String(i + 1).padStart(2, '0')}001`;
  const recoveryCaller = `139110${String(i + 1).padStart(2, '0')}002`;
  log(`overload ${factor} × S = ${rate} cps for ${OVERLOAD_SECONDS} s, then ${S} cps for ${RECOVERY_SECONDS} s`);
  const statusBefore = await overloadStatus(ctx.admin);
  const cpu0 = cpuOf(ctx.kefuPid);
  const from = new Date();
  const t0 = Date.now();
  const spike = await startOverloadCallers(ctx, { rate, seconds: OVERLOAD_SECONDS, caller: spikeCaller });
  // During the spike: Kefu's own overload picture and the wallboard, every 5 s.
  const timeline: Array<Record<string, unknown>> = [];
  let lagMid: Record<string, number> = {};
  while (Date.now() - t0 < OVERLOAD_SECONDS * 1000 - 5500) {
    await sleep(5000);
    const st = await overloadStatus(ctx.admin);
    const states = await agentStates(ctx.admin).catch(() => ({}));
    const now = spike.statsNow();
    timeline.push({
      t: round((Date.now() - t0) / 1000, 1),
      kefuRssMiB: rssMiB(ctx.kefuPid),
      sippCreated: now?.created ?? 0,
      sippOpen: now?.current ?? 0,
      admitting: st?.admitting ?? null,
      reasons: st?.reasons ?? null,
      headroom: st?.headroom ?? null,
      agents: states,
    });
    if (timeline.length === Math.round(OVERLOAD_SECONDS / 10)) lagMid = await eventLoopLag();
  }
  await sleep(Math.max(0, t0 + OVERLOAD_SECONDS * 1000 - Date.now()));
  const spikeEnd = Date.now();
  const recovery = await startOverloadCallers(ctx, { rate: S, seconds: RECOVERY_SECONDS, caller: recoveryCaller });
  const spikeRun = await spike.done;
  const agentStatesAtSpikeEnd = await retrying('wallboard', () => agentStates(ctx.admin));
  const recoveryRun = await recovery.done;
  const cpu1 = cpuOf(ctx.kefuPid);
  // RONA matures after the offer timeout (5 s): read the agents once more after it.
  await sleep(6000);
  const agentStatesAfter = await retrying('wallboard', () => agentStates(ctx.admin));
  const statusAfter = await overloadStatus(ctx.admin);
  const lagEnd = await eventLoopLag();
  const to = new Date();
  const spikeCalls = await retrying('calls', () => callsBetween(ctx.admin, from, to, spikeCaller));
  const recoveryCalls = await retrying('calls', () => callsBetween(ctx.admin, from, to, recoveryCaller));
  const spikeSipp = sippFigures(spikeRun);
  const caller = callerFigures(parseCallerLog(spikeRun.callLog), spikeSipp.created);
  const records = recordFigures(spikeCalls, {
    fromMs: t0,
    seconds: OVERLOAD_SECONDS,
    tailSeconds: OVERLOAD_HOLD_MS / 1000 + 2,
  });
  const recoverySipp = sippFigures(recoveryRun);
  const back = recoverySeconds(recoveryCalls, { spikeEndMs: spikeEnd, seconds: RECOVERY_SECONDS, sustainable: S });
  const noAnswerAfter = noAnswerCount(agentStatesAfter);
  const step = {
    factor,
    offeredCps: rate,
    seconds: OVERLOAD_SECONDS,
    callerNumber: spikeCaller,
    /** What the callers saw (sipp, per call). */
    caller,
    /** What Kefu recorded (call records of the step's caller number). */
    records,
    sipp: { ...spikeSipp, setupMs: undefined },
    recovery: {
      offeredCps: S,
      seconds: RECOVERY_SECONDS,
      callerNumber: recoveryCaller,
      secondsUntilServingS: back.seconds,
      bridgedPerSecond: back.bridgedPerSecond,
      caller: callerFigures(parseCallerLog(recoveryRun.callLog), recoverySipp.created),
      records: recordFigures(recoveryCalls, { fromMs: spikeEnd, seconds: RECOVERY_SECONDS, tailSeconds: 0 }),
      sippFailed: recoverySipp.failed,
    },
    agentStatesBefore,
    agentStatesReady,
    agentStatesAtSpikeEnd,
    agentStatesAfter,
    noAnswerAgentsAfter: noAnswerAfter,
    kefuOverload: {
      before: statusBefore,
      after: statusAfter,
      shedByKefu:
        typeof statusBefore?.shedToday === 'number' && typeof statusAfter?.shedToday === 'number'
          ? statusAfter.shedToday - statusBefore.shedToday
          : null,
    },
    timeline,
    kefuEventLoopLag: { mid: lagMid, end: lagEnd },
    cpu: cpuDelta(cpu0, cpu1, records.bridgedRecorded),
    targets: stepTargets({
      sustainable: S,
      caller,
      records,
      noAnswerAgentsAfter: noAnswerAfter,
      recoverySeconds: back.seconds,
    }),
  };
  log(
    `  offered ${caller.offered}, admitted ${caller.admitted}, shed ${caller.shed} (503 ${caller.shed503}, busy prompt ${caller.shedBusyPrompt}, p99 ${caller.shedResponseMs.p99} ms), no outcome ${caller.noOutcome}; goodput ${records.goodputCps} cps (${records.bridgedRecorded} bridged+recorded), admitted setup p50 ${caller.admittedSetupMs.p50} p99 ${caller.admittedSetupMs.p99} ms, abandoned IVR ${records.abandonedIvr} queue ${records.abandonedQueue}`,
  );
  log(
    `  after: ${noAnswerAfter} agents no_answer ${JSON.stringify(agentStatesAfter)}; back to S after ${back.seconds} s ${JSON.stringify(back.bridgedPerSecond)}`,
  );
  return step;
}

/**
 * Issue 12's spike: for each factor f, callers at f × S for OVERLOAD_SECONDS (one caller number per
 * step), then at once callers at S for RECOVERY_SECONDS (another number). Kefu runs with
 * KEFU_MAX_CPS = S unless SIP_BENCH_MAX_CPS=off. Every agent is made ready before each step.
 */
async function overloadPhase(ctx: Ctx) {
  const S = SUSTAINABLE;
  const loadAverageBefore = os.loadavg().map((x) => round(x));
  const steps: Array<
    Awaited<ReturnType<typeof overloadStep>> | { factor: number; error: string; kefuExit: string | null }
  > = [];
  for (const [i, factor] of OVERLOAD_FACTORS.entries()) {
    try {
      steps.push(await overloadStep(ctx, i, factor));
    } catch (err) {
      log(`  overload step ${factor} × S failed: ${String(err).slice(0, 300)}`);
      steps.push({ factor, error: String(err).slice(0, 1000), kefuExit: ctx.kefuExit() });
      if (ctx.kefuExit() !== null) break;
    }
    await sleep(3000);
  }
  return {
    sustainableCps: S,
    kefuMaxCps: KEFU_MAX_CPS,
    kefuMaxCalls: KEFU_MAX_CALLS,
    shedding: KEFU_MAX_CPS === null ? 'automatic only (no KEFU_MAX_CPS)' : `KEFU_MAX_CPS=${KEFU_MAX_CPS}`,
    overloadAction: OVERLOAD_ACTION,
    factors: OVERLOAD_FACTORS,
    seconds: OVERLOAD_SECONDS,
    recoverySeconds: RECOVERY_SECONDS,
    callHoldMs: OVERLOAD_HOLD_MS,
    loadAverageBefore,
    steps,
  };
}

async function concurrencyPhase(ctx: Ctx) {
  // The rate phase's overload leaves agents 未应答 (RONA → not ready): count them, then make all ready.
  const agentStatesBefore = await agentStates(ctx.admin);
  log(`  agents before the concurrency phase: ${JSON.stringify(agentStatesBefore)}`);
  for (const t of ctx.agents) await api('PUT', '/api/v1/agents/me/state', t.token, { state: 'ready' }, t.ip);
  const agentStatesReady = await agentStates(ctx.admin);
  log(`  after setting them ready: ${JSON.stringify(agentStatesReady)}`);
  const endpoint = track(
    fork(path.join(SCEN, 'rtp-endpoint.ts'), [String(RTP_BASE), String(CONCURRENT)], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  type Msg = { type: string; report?: Record<string, unknown>; latched?: number; rx?: number; message?: string };
  const next = (type: string, timeoutMs = 30_000) =>
    new Promise<Msg>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`rtp endpoint: no ${type}`)), timeoutMs);
      const on = (m: Msg) => {
        if (m.type === type || m.type === 'error') {
          clearTimeout(t);
          endpoint.off('message', on);
          if (m.type === 'error') reject(new Error(m.message));
          else resolve(m);
        }
      };
      endpoint.on('message', on);
    });
  await next('ready');
  const rampSeconds = CONCURRENT / RAMP_RATE;
  const holdMs = Math.round((rampSeconds + HOLD_SECONDS + 8) * 1000);
  const localPort = await freeSippPort(1);
  const mp = await freeSippPort(4);
  const from = new Date();
  log(`concurrency: ${CONCURRENT} calls at ${RAMP_RATE} cps (${rampSeconds} s), each held ${holdMs / 1000} s`);
  const h = startSippRun({
    scenario: path.join(SCEN, 'caller.xml'),
    args: callerArgs({ rate: RAMP_RATE, calls: CONCURRENT, holdMs, limit: CONCURRENT, localPort, mp, did: DID_MEDIA }),
    target: `${ctx.sip.host}:${ctx.sip.port}`,
    timeoutMs: (rampSeconds + holdMs / 1000 + 90) * 1000,
    csvRows: Array.from({ length: CONCURRENT }, (_, i) => RTP_BASE + 2 * i),
  });
  // Ramp: watch calls open in sipp and streams latched at the endpoint.
  const ramp: Array<{ t: number; sippCurrent: number; failed: number; latched: number }> = [];
  const t0 = Date.now();
  while (Date.now() - t0 < (rampSeconds + 3) * 1000) {
    await sleep(2000);
    endpoint.send({ cmd: 'status' });
    const st = await next('status', 5000).catch(() => ({ latched: -1 }) as Msg);
    const s = h.statsNow();
    ramp.push({
      t: round((Date.now() - t0) / 1000, 1) ?? 0,
      sippCurrent: s?.current ?? 0,
      failed: s?.failed ?? 0,
      latched: st.latched ?? -1,
    });
  }
  log(`  ramp done: ${JSON.stringify(ramp.at(-1))}`);
  // The window: every call open (unless it failed), HOLD_SECONDS long.
  const cpu0 = cpuOf(ctx.kefuPid);
  endpoint.send({ cmd: 'start' });
  const windowStart = Date.now();
  const samples: Array<{ t: number; sippCurrent: number; bridgedNow: number; offered: number }> = [];
  let lagMid: Record<string, number> = {};
  while (Date.now() - windowStart < HOLD_SECONDS * 1000) {
    await sleep(Math.min(15_000, HOLD_SECONDS * 1000 - (Date.now() - windowStart)));
    // Call records are written at the start and the end of a call: live state comes from the ACD.
    const wb = await api<{ agents: Array<{ username: string; state: string; offer: string | null }> }>(
      'GET',
      '/api/v1/wallboard',
      ctx.admin,
    );
    const ours = wb.agents.filter((a) => a.username.startsWith('sipbench'));
    const s = h.statsNow();
    samples.push({
      t: round((Date.now() - windowStart) / 1000, 1) ?? 0,
      sippCurrent: s?.current ?? 0,
      bridgedNow: ours.filter((a) => a.state === 'busy').length,
      offered: ours.filter((a) => a.offer).length,
    });
    if (samples.length === 2) lagMid = await eventLoopLag();
    log(`  window ${JSON.stringify(samples.at(-1))}`);
  }
  endpoint.send({ cmd: 'stop' });
  const rtp = (await next('report')).report;
  const cpu1 = cpuOf(ctx.kefuPid);
  const lagEnd = await eventLoopLag();
  log(`  rtp: ${JSON.stringify(rtp)}`);
  const r = await h.done;
  await sleep(3000);
  const records = summarizeCalls(await callsBetween(ctx.admin, from, new Date()));
  endpoint.send({ cmd: 'exit' });
  const sipp = sippFigures(r);
  const minBridged = samples.length ? Math.min(...samples.map((s) => s.bridgedNow)) : 0;
  return {
    agentStatesBefore,
    agentStatesReady,
    target: CONCURRENT,
    rampRate: RAMP_RATE,
    holdSeconds: HOLD_SECONDS,
    callHoldSeconds: holdMs / 1000,
    ramp,
    window: samples,
    concurrentBridgedMin: minBridged,
    concurrentBridgedMax: samples.length ? Math.max(...samples.map((s) => s.bridgedNow)) : 0,
    rtp,
    cpu: cpuDelta(cpu0, cpu1, minBridged),
    kefuEventLoopLag: { mid: lagMid, end: lagEnd },
    sipp,
    calls: records,
  };
}

async function kamailioPhase() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kefu-kamailio-'));
  const uasPort = await freeSippPort(1);
  const kPort = await freeSippPort(1);
  const cfg = readFileSync(path.join(SCEN, 'kamailio.cfg'), 'utf8')
    .replaceAll('@LISTEN_PORT@', String(kPort))
    .replaceAll('@UAS_PORT@', String(uasPort))
    .replaceAll('@CHILDREN@', String(num('SIP_BENCH_KAMAILIO_CHILDREN', 2)));
  writeFileSync(path.join(dir, 'kamailio.cfg'), cfg);
  const uas = await startUas(uasPort);
  const kam = track(
    spawn(
      KAMAILIO,
      [
        '-f',
        path.join(dir, 'kamailio.cfg'),
        '-DD',
        '-E',
        '-m',
        '64',
        '-M',
        '8',
        '-P',
        path.join(dir, 'k.pid'),
        '-Y',
        dir,
        '-w',
        dir,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    ),
  );
  let kamOut = '';
  kam.stderr?.on('data', (d) => {
    kamOut += d;
  });
  await sleep(1500);
  if (kam.exitCode !== null) throw new Error(`kamailio exited: ${kamOut.slice(-2000)}`);
  const steps = [];
  try {
    for (const rate of KAM_RATES) {
      const calls = Math.round(rate * KAM_STEP_SECONDS);
      const localPort = await freeSippPort(1);
      const mp = await freeSippPort(4);
      log(`kamailio ${rate} cps: ${calls} calls`);
      const h = startSippRun({
        scenario: path.join(SCEN, 'caller.xml'),
        args: callerArgs({
          rate,
          calls,
          holdMs: HOLD_MS,
          limit: Math.ceil(rate * (HOLD_MS / 1000 + 10)),
          localPort,
          mp,
        }),
        target: `127.0.0.1:${kPort}`,
        timeoutMs: (KAM_STEP_SECONDS + HOLD_MS / 1000 + 60) * 1000,
        csvRows: [mp],
      });
      const busy0 = machineBusySeconds();
      const r = await h.done;
      const busy1 = machineBusySeconds();
      const sipp = sippFigures(r);
      const step = {
        rate,
        seconds: round(r.seconds, 1),
        achievedCps: round(sipp.created / Math.max(1, r.seconds - HOLD_MS / 1000), 1),
        sipp,
        machineBusyPercent: round((100 * (busy1 - busy0)) / (r.seconds * os.cpus().length), 1),
        passed: sipp.created > 0 && sipp.failed / sipp.created < MAX_FAILED,
      };
      steps.push(step);
      log(
        `  created ${sipp.created}, failed ${sipp.failed} ${JSON.stringify(sipp.failures)}, setup p50 ${sipp.setupMs.p50} p99 ${sipp.setupMs.p99} ms, achieved ${step.achievedCps} cps, machine ${step.machineBusyPercent} %`,
      );
      if (!step.passed) break;
      await sleep(2000);
    }
  } finally {
    kam.kill('SIGTERM');
    await sleep(500);
    if (kam.exitCode === null) kam.kill('SIGKILL');
    await uas.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const best = steps.filter((s) => s.passed).at(-1);
  return {
    config: 'bench/sip/kamailio.cfg (stateless forward(), sl + maxfwd only)',
    steps,
    maxSustainedCps: best?.rate ?? 0,
    /** The highest step passed; when it is the last one, the ceiling was not reached (or is sipp's). */
    ceilingReached: steps.some((s) => !s.passed),
  };
}

// ---- main ----------------------------------------------------------------------------------------

async function main() {
  for (const bin of [SIPP, ...(PHASES.has('kamailio') ? [KAMAILIO] : [])]) {
    if (!existsSync(bin)) throw new Error(`${bin} is missing: apt-get install -y sip-tester kamailio`);
  }
  const started = new Date();
  const result: Record<string, unknown> = {
    bench: 'sip',
    date: started.toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memGiB: round(os.totalmem() / 2 ** 30, 1),
      node: process.version,
      loadAverageAtStart: os.loadavg().map((x) => round(x)),
    },
    parameters: {
      phases: [...PHASES],
      rates: RATES,
      stepSeconds: STEP_SECONDS,
      holdMs: HOLD_MS,
      concurrent: CONCURRENT,
      rampRate: RAMP_RATE,
      holdSeconds: HOLD_SECONDS,
      overload: {
        sustainableCps: SUSTAINABLE,
        factors: OVERLOAD_FACTORS,
        seconds: OVERLOAD_SECONDS,
        recoverySeconds: RECOVERY_SECONDS,
        callHoldMs: OVERLOAD_HOLD_MS,
        kefuMaxCps: KEFU_MAX_CPS,
        kefuMaxCalls: KEFU_MAX_CALLS,
        overloadAction: OVERLOAD_ACTION,
        caller:
          'sipp UAC bench/sip/caller-overload.xml: 503 (ACKed) and a BYE from Kefu within the hold are outcomes, one log line per call with INVITE → final response',
      },
      kamailioRates: KAM_RATES,
      kamailioStepSeconds: KAM_STEP_SECONDS,
      agents: AGENTS,
      agentVoiceCapacity: CAPACITY,
      failedCallsLimitPercent: MAX_FAILED * 100,
      kefu: 'kefu start --demo from the sources (tsx), embedded PostgreSQL, default digest (MD5), RTP 10000-19999, log level warn',
      caller: 'sipp 3.6.1 UAC bench/sip/caller.xml over UDP (one socket), PCMA + telephone-event',
      agentPhones:
        'one sipp UAS bench/sip/agent-uas.xml with -rtp_echo; REGISTERs sent by the bench from the same port first',
      setupTime: "sipp rtd: the caller's INVITE sent → 200 OK received (-trace_rtt), per call",
      passRule:
        'rate step passes: < 0.1 % of the calls failed in sipp AND < 0.1 % of them lack a call record bridged to an agent with a recording',
      jitter:
        'concurrency window, at the callers’ RTP endpoint: |D| per packet pair (RFC 3550 D: arrival spacing − RTP timestamp spacing), pooled p99; plus RFC 3550 J per stream. What Kefu sends the caller while bridged is the agent phone’s echo of the caller stream, relayed without pacing, so the figure includes our own sender (ownSendLatenessMs) and sipp’s echo',
    },
  };
  const write = () => {
    mkdirSync(path.dirname(RESULT), { recursive: true });
    writeFileSync(RESULT, `${JSON.stringify(result, null, 2)}\n`);
  };

  const needsKefu = PHASES.has('rate') || PHASES.has('overload') || PHASES.has('concurrency');
  if (needsKefu) {
    const dataDir = tempDataDir('kefu-sipbench-');
    // Admission limits only for a run with the overload phase (Kefu reads them once, at start);
    // none inherited from the shell otherwise.
    delete process.env.KEFU_MAX_CPS;
    delete process.env.KEFU_MAX_CALLS;
    const limits: Record<string, string> = {};
    if (PHASES.has('overload') && KEFU_MAX_CPS !== null) limits.KEFU_MAX_CPS = String(KEFU_MAX_CPS);
    if (PHASES.has('overload') && KEFU_MAX_CALLS !== null) limits.KEFU_MAX_CALLS = String(KEFU_MAX_CALLS);
    result.kefuLimits = limits;
    log(`starting Kefu ${JSON.stringify(limits)}`);
    const kefu = await startKefu(
      {
        KEFU_DATA_DIR: dataDir,
        KEFU_ADMIN_PASSWORD: ADMIN_PASSWORD,
        DATABASE_URL: '',
        KEFU_LOG_LEVEL: env.SIP_BENCH_KEFU_LOG_LEVEL ?? 'warn',
        KEFU_RTP_PORTS: '10000-19999',
        KEFU_TRUST_PROXY: '127.0.0.1',
        ...limits,
      },
      ['--demo'],
      // SIP_BENCH_NODE_ARGS: extra node flags for Kefu, e.g. "--cpu-prof --cpu-prof-dir=/tmp/kefu-prof".
      {
        sources: true,
        healthTimeoutMs: 120_000,
        nodeArgs: list('SIP_BENCH_NODE_ARGS', '').flatMap((a) => a.split(' ')),
      },
    );
    track(kefu.child);
    kefuPid = kefu.child.pid ?? 0;
    baseUrl = kefu.baseUrl;
    let uas: SippHandle | undefined;
    try {
      const m = /SIP \(agent phones\): ([\d.]+):(\d+)/.exec(kefu.output());
      if (!m) throw new Error(`no SIP address in the banner:\n${kefu.output()}`);
      const sip = { host: m[1]!, port: Number(m[2]) };
      const admin = (
        await api<{ token: string }>('POST', '/api/v1/auth/login', '', { username: 'admin', password: ADMIN_PASSWORD })
      ).token;
      log('setting up queue, flow, number and agents');
      await api('POST', '/api/v1/queues', admin, {
        key: 'sipbench',
        name: 'SIP bench',
        wrapUpSeconds: 0,
        offerTimeoutSeconds: 5,
        announcePosition: false,
        announceEstimatedWait: false,
      });
      const flow = await api<{ id: string }>('POST', '/api/v1/ivr/flows', admin, {
        key: 'sipbench',
        name: 'SIP bench',
        definition: {
          language: 'zh-CN',
          start: 'queue',
          nodes: {
            queue: {
              type: 'queue',
              queue: 'sipbench',
              announceEverySeconds: 0,
              announcePosition: false,
              announceWait: false,
              next: 'bye',
            },
            bye: { type: 'hangup', prompts: [] },
          },
        },
      });
      await api('POST', `/api/v1/ivr/flows/${flow.id}/publish`, admin, {});
      const didNumber = await api<{ id: string }>('POST', '/api/v1/telephony/numbers', admin, {
        number: DID,
        flowId: flow.id,
      });
      if (PHASES.has('overload') && OVERLOAD_ACTION !== 'reject') {
        await api('PATCH', `/api/v1/telephony/numbers/${didNumber.id}`, admin, { overloadAction: OVERLOAD_ACTION });
      }
      // Kefu relays in a bridge only what arrives, and our RTP endpoint only knows where to send once
      // Kefu sent it something: a short prompt before the queue starts the media both ways.
      const mediaFlow = await api<{ id: string }>('POST', '/api/v1/ivr/flows', admin, {
        key: 'sipbench-media',
        name: 'SIP bench (media)',
        definition: {
          language: 'en-US',
          start: 'hello',
          nodes: {
            hello: { type: 'play', prompts: [{ prompt: 'digit-1' }], next: 'queue' },
            queue: {
              type: 'queue',
              queue: 'sipbench',
              announceEverySeconds: 0,
              announcePosition: false,
              announceWait: false,
              next: 'bye',
            },
            bye: { type: 'hangup', prompts: [] },
          },
        },
      });
      await api('POST', `/api/v1/ivr/flows/${mediaFlow.id}/publish`, admin, {});
      await api('POST', '/api/v1/telephony/numbers', admin, { number: DID_MEDIA, flowId: mediaFlow.id });
      const users: string[] = [];
      const tokens: Array<{ token: string; ip: string }> = [];
      const createAgent = async (i: number) => {
        const username = `sipbench${String(i).padStart(3, '0')}`;
        const u = await api<{ id: string }>('POST', '/api/v1/users', admin, {
          username,
          password: AGENT_PASSWORD,
          displayName: `SIP bench ${i}`,
          roles: ['agent'],
        });
        await api('POST', '/api/v1/telephony/phones', admin, { username, password: SIP_PASSWORD, agentUserId: u.id });
        await api('PUT', `/api/v1/agents/${u.id}/routing`, admin, {
          skills: [],
          memberships: [{ queue: 'sipbench', priority: 1, delaySeconds: 0 }],
          capacity: { voice: CAPACITY },
        });
        const ip = `10.77.${i >> 8}.${i & 255}`;
        const t = await api<{ token: string }>(
          'POST',
          '/api/v1/auth/login',
          '',
          { username, password: AGENT_PASSWORD },
          ip,
        );
        users.push(username);
        tokens.push({ token: t.token, ip });
      };
      let nextAgent = 1;
      await Promise.all(
        Array.from({ length: 6 }, async () => {
          while (nextAgent <= AGENTS) await createAgent(nextAgent++);
        }),
      );
      log(`${AGENTS} agents created`);
      const phonePort = await freeSippPort(1);
      const registered = await registerAll(sip, phonePort, users);
      log(`${registered} agent phones registered from 127.0.0.1:${phonePort}; starting the sipp UAS there`);
      uas = await startUas(phonePort);
      for (const t of tokens) await api('PUT', '/api/v1/agents/me/state', t.token, { state: 'ready' }, t.ip);
      log('agents ready');
      const kefuExit = () =>
        kefu.child.exitCode !== null || kefu.child.signalCode !== null
          ? String(kefu.child.exitCode ?? kefu.child.signalCode)
          : null;
      const ctx: Ctx = { kefuPid: kefu.child.pid!, sip, admin, kefuOutput: kefu.output, agents: tokens, kefuExit };
      const outSince = kefu.output().length;
      if (PHASES.has('rate')) {
        result.rate = await ratePhase(ctx);
        write();
      }
      if (PHASES.has('overload')) {
        await sleep(3000);
        result.overload = await overloadPhase(ctx);
        write();
      }
      if (PHASES.has('concurrency') && kefuExit() === null) {
        await sleep(3000);
        result.concurrency = await concurrencyPhase(ctx);
        write();
      }
      if (kefuExit() !== null) {
        result.kefuExited = {
          exit: kefuExit(),
          outputTail: kefu.output().slice(-1500),
          note: 'Kefu exited during the run: the phases after that were not run',
        };
        log(`Kefu exited (${kefuExit()}): phases after it skipped`);
      }
      const uasRun = await uas.stop();
      uas = undefined;
      result.agentPhones = { registered, sipp: sippFigures(uasRun) };
      const logLines = kefu
        .output()
        .slice(outSince)
        .split('\n')
        .filter((l) => /"level":(40|50|60)|WARN|ERROR/i.test(l));
      result.kefuWarnings = {
        count: logLines.length,
        sample: [...new Set(logLines.map((l) => l.replace(/"time":\d+,?/, '').slice(0, 400)))].slice(0, 15),
      };
    } finally {
      if (env.SIP_BENCH_KEFU_LOG) writeFileSync(env.SIP_BENCH_KEFU_LOG, kefu.output());
      if (uas) await uas.stop().catch(() => {});
      kefu.child.kill('SIGTERM');
      await Promise.race([kefu.exited, sleep(15_000)]);
      if (kefu.child.exitCode === null) kefu.child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  if (PHASES.has('kamailio')) {
    result.kamailio = await kamailioPhase();
    write();
  }

  // ---- targets ----
  const rate = result.rate as Awaited<ReturnType<typeof ratePhase>> | undefined;
  const conc = result.concurrency as Awaited<ReturnType<typeof concurrencyPhase>> | undefined;
  const kam = result.kamailio as Awaited<ReturnType<typeof kamailioPhase>> | undefined;
  const over = result.overload as Awaited<ReturnType<typeof overloadPhase>> | undefined;
  if (over) {
    // Issue 12's targets per spike, and the concurrency phase that follows it.
    const after = conc
      ? {
          target: `the concurrency phase after the spikes bridges all ${CONCURRENT}`,
          measured: conc.concurrentBridgedMin,
          met: conc.concurrentBridgedMin >= CONCURRENT,
        }
      : null;
    const perStep = over.steps.map((st) =>
      'error' in st
        ? { factor: st.factor, error: st.error, kefuExit: st.kefuExit }
        : { factor: st.factor, offeredCps: st.offeredCps, ...st.targets },
    );
    // A step that could not be measured (Kefu gone, API down) fails every target.
    const met = [
      ...over.steps.flatMap((st) => ('error' in st ? [false] : Object.values(st.targets).map((t) => t.met))),
      after?.met ?? null,
    ];
    result.overloadTargets = {
      shedding: over.shedding,
      steps: perStep,
      concurrencyAfter: after,
      /** Every target met (null: not measured, e.g. nothing was shed). */
      allMet: met.every((m) => m !== false),
    };
  }
  const rtp = conc?.rtp as { transitDeltaMs?: { p99: number | null }; lossPercent?: number | null } | undefined;
  result.targets = {
    setupRate: rate
      ? { target: '≥ 100 cps with < 0.1 % failed', measured: rate.maxSustainedCps, met: rate.maxSustainedCps >= 100 }
      : null,
    concurrentRecorded: conc
      ? {
          target: '≥ 500 bridged recorded calls for 60 s',
          measured: conc.concurrentBridgedMin,
          met: conc.concurrentBridgedMin >= 500,
        }
      : null,
    jitterP99: conc
      ? { target: '< 5 ms', measuredMs: rtp?.transitDeltaMs?.p99 ?? null, met: (rtp?.transitDeltaMs?.p99 ?? 99) < 5 }
      : null,
    rtpLossPercent: conc ? { measured: rtp?.lossPercent ?? null } : null,
    setupMs: rate ? rate.setupMsAtMax : null,
    cpuMsPerCall: rate ? rate.cpuMsPerCallAtMax : null,
  };
  result.kamailioRatio =
    rate && kam && kam.maxSustainedCps > 0
      ? {
          kefuCps: rate.maxSustainedCps,
          kamailioCps: kam.maxSustainedCps,
          ratio: round(rate.maxSustainedCps / kam.maxSustainedCps, 3),
          note: kam.ceilingReached
            ? 'Kamailio failed at the next step'
            : 'Kamailio passed every step: its ceiling is above the highest rate tried (sipp may be the limit), so the ratio is an upper bound',
        }
      : null;
  result.durationSeconds = round((Date.now() - started.getTime()) / 1000, 0);
  write();
  log(
    'summary',
    JSON.stringify(
      { targets: result.targets, overloadTargets: result.overloadTargets, kamailioRatio: result.kamailioRatio },
      null,
      2,
    ),
  );
  log(`→ ${path.relative(ROOT, RESULT)}`);
}

const deadline = setTimeout(
  () => {
    console.error('bench:sip: the whole run exceeded SIP_BENCH_DEADLINE_SECONDS; killing everything');
    killAll();
    process.exit(2);
  },
  num(
    'SIP_BENCH_DEADLINE_SECONDS',
    900 + (PHASES.has('overload') ? OVERLOAD_FACTORS.length * (OVERLOAD_SECONDS + RECOVERY_SECONDS + 45) : 0),
  ) * 1000,
);
deadline.unref();

main()
  .then(() => {
    killAll();
    process.exit(0);
  })
  .catch((err) => {
    console.error(err);
    killAll();
    process.exit(1);
  });
