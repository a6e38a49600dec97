/**
 * ACD load test (issue "ACD", Proof): Kefu as a real process on loopback, 200 agents each signed in
 * with a WebSocket, contacts created at 20/s through the API for 2 minutes. Agents are driven by
 * this client: on their own `routing.contact.offered` they accept after a short random delay, talk
 * 1–5 s, complete, and send the wrap-up form. Afterwards, when everything drained, the wallboard's
 * figures must equal counts made here from the stored contacts.
 *
 * `npm run bench:load` → bench/results/load.json; exits 1 when a figure does not reconcile.
 * Env: ACD_LOAD_SECONDS (120), ACD_LOAD_RATE (20 contacts/s), ACD_LOAD_AGENTS (200), ACD_LOAD_QUEUES
 * (4), ACD_LOAD_SERVER=dist to run the production build instead of the sources, ACD_LOAD_CPU_PROF=1
 * to write a CPU profile of the server (its path is printed), DATABASE_URL for an external PostgreSQL,
 * ACD_LOAD_RESULT for another result file (exploratory runs at other rates).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import pg from 'pg';
import WebSocket from 'ws';
import { type KefuProcess, ROOT, startKefu, tempDataDir } from '../e2e/kefu-process';
import {
  cpuSecondsOf,
  createRecorder,
  descendantsCpuSeconds,
  histogramDelta,
  machineBusySeconds,
  type Reply,
  serverHistogram,
} from './acd-load-measure';
import { OPEN_STATES, reconcile } from './acd-load-reconcile';

const SECONDS = Number(process.env.ACD_LOAD_SECONDS ?? 120);
const RATE = Number(process.env.ACD_LOAD_RATE ?? 20);
const AGENTS = Number(process.env.ACD_LOAD_AGENTS ?? 200);
const QUEUES = Number(process.env.ACD_LOAD_QUEUES ?? 4);
const FROM_DIST = process.env.ACD_LOAD_SERVER === 'dist';
const CPU_PROF = process.env.ACD_LOAD_CPU_PROF === '1' ? tempDataDir('kefu-load-prof-') : null;
const ADMIN_PASSWORD = 'Load-admin-1';
const AGENT_PASSWORD = 'Load-agent-1';
/** Share of contacts whose customer gives up after 0.05–1.5 s (often while the offer rings). */
const IMPATIENT = 0.04;
/**
 * One queue more that a quarter of the agents serve only once a contact waited 3 s (membership
 * delay): contacts there really wait, a third of their customers give up after 0.2–5 s, so the
 * figures include waits, short abandons and counted abandons. It gets this share of the contacts.
 */
const SLOW_QUEUE = 'loadslow';
const SLOW_SHARE = 0.1;
const SLOW_IMPATIENT = 0.3;
const TARGET_P99_MS = 100;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const rand = (lo: number, hi: number) => lo + Math.random() * (hi - lo);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(Math.random() * xs.length)]!;

const rec = createRecorder();
const { api, must } = rec;

// ---- the server ----------------------------------------------------------------------------------

async function startServer(env: Record<string, string>): Promise<KefuProcess> {
  const k = await startKefu(env, [], {
    sources: !FROM_DIST,
    nodeArgs: CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF}`] : [],
    healthTimeoutMs: 120_000,
  });
  rec.baseUrl = k.baseUrl;
  return k;
}

// ---- agents ------------------------------------------------------------------------------------

type Agent = { name: string; id: string; token: string; ip: string; ws?: WebSocket };
const tally = {
  created: 0,
  createFailed: 0,
  abandonAttempts: 0,
  abandoned: 0,
  abandonTooLate: 0,
  offersSeen: 0,
  accepted: 0,
  acceptRefused: 0,
  completed: 0,
  wrappedUp: 0,
  agentErrors: 0,
  ronas: 0,
};
const events = new Map<string, number>();
const work = new Set<Promise<void>>();
function track(p: Promise<void>) {
  work.add(p);
  p.finally(() => work.delete(p));
}

async function handleOffer(a: Agent, contactId: string): Promise<void> {
  await sleep(rand(100, 600));
  const acc = await api('/contacts/:id/accept', 'POST', `/api/v1/contacts/${contactId}/accept`, { token: a.token });
  if (acc.status !== 200) {
    tally.acceptRefused++; // the customer gave up while it rang
    return;
  }
  tally.accepted++;
  await sleep(rand(1000, 5000));
  const done = await api('/contacts/:id/complete', 'POST', `/api/v1/contacts/${contactId}/complete`, {
    token: a.token,
    body: {},
  });
  if (done.status !== 200) {
    tally.agentErrors++;
    return;
  }
  tally.completed++;
  await sleep(rand(200, 800));
  const w = await api('/contacts/:id/wrap-up', 'POST', `/api/v1/contacts/${contactId}/wrap-up`, {
    token: a.token,
    body: {
      disposition: pick(['resolved', 'resolved', 'follow_up', 'work_order']),
      requestType: pick(['inquiry', 'query', 'service', 'fault']),
      notes: 'load test',
    },
  });
  if (w.status === 200) tally.wrappedUp++;
  else tally.agentErrors++;
}

function connect(
  a: Agent | { token: string; id: string; name: string },
  onEvent: (name: string, p: Reply['body']) => void,
) {
  return new Promise<WebSocket>((resolve, reject) => {
    const ws = new WebSocket(`${rec.baseUrl.replace('http', 'ws')}/api/v1/realtime`, {
      headers: { authorization: `Bearer ${a.token}` },
    });
    ws.once('error', reject);
    ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as { type: string; name?: string; payload?: unknown };
      if (m.type === 'hello') resolve(ws);
      if (m.type !== 'event' || !m.name) return;
      events.set(m.name, (events.get(m.name) ?? 0) + 1);
      onEvent(m.name, m.payload);
    });
  });
}

// ---- the run -----------------------------------------------------------------------------------

async function main() {
  const dir = tempDataDir('kefu-load-');
  const env: Record<string, string> = {
    KEFU_DATA_DIR: dir,
    KEFU_ADMIN_PASSWORD: ADMIN_PASSWORD,
    // Each agent signs in from its own desktop (X-Forwarded-For), so the per-address login limit holds.
    KEFU_TRUST_PROXY: '127.0.0.1',
  };
  let dbUrl: string;
  let dropDb = async () => {};
  if (process.env.DATABASE_URL) {
    const u = new URL(process.env.DATABASE_URL);
    const name = `kefu_load_${Date.now()}`;
    const admin = new pg.Client({ connectionString: u.toString() });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    u.pathname = `/${name}`;
    dbUrl = u.toString();
    env.DATABASE_URL = dbUrl;
    dropDb = async () => {
      const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  } else {
    env.DATABASE_URL = '';
    dbUrl = '';
  }

  const setupStart = performance.now();
  const server = await startServer(env);
  if (!dbUrl) {
    const read = (f: string) => readFileSync(path.join(dir, f), 'utf8').trim();
    dbUrl = `postgres://postgres:${encodeURIComponent(read('pg-password'))}@127.0.0.1:${read('pg-port')}/kefu`;
  }
  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  let mismatches: string[] = [];
  try {
    const admin = (await must('/auth/login', 'POST', '/api/v1/auth/login', {
      body: { username: 'admin', password: ADMIN_PASSWORD },
    })) as { token: string };
    const A = admin.token;
    const queueKeys = Array.from({ length: QUEUES }, (_, i) => `load${i + 1}`);
    for (const key of [...queueKeys, SLOW_QUEUE]) {
      await must(
        '/queues',
        'POST',
        '/api/v1/queues',
        {
          token: A,
          body: { key, name: `负载 ${key}`, offerTimeoutSeconds: 15, wrapUpSeconds: 30, shortAbandonSeconds: 1 },
        },
        201,
      );
    }
    // Agents: a home queue (priority 1) and the next one as backup (priority 2): 2 × 200/4 members each.
    const agents: Agent[] = [];
    const names = Array.from({ length: AGENTS }, (_, i) => `load${String(i + 1).padStart(3, '0')}`);
    await pool(names, 4, async (name, i) => {
      const u = await must(
        '/users',
        'POST',
        '/api/v1/users',
        {
          token: A,
          body: { username: name, password: AGENT_PASSWORD, displayName: name, roles: ['agent'] },
        },
        201,
      );
      await must('/agents/:id/routing', 'PUT', `/api/v1/agents/${u.id}/routing`, {
        token: A,
        body: {
          skills: [],
          memberships: [
            { queue: queueKeys[i % QUEUES], priority: 1, delaySeconds: 0 },
            { queue: queueKeys[(i + 1) % QUEUES], priority: 2, delaySeconds: 0 },
            ...(i % 4 === 0 ? [{ queue: SLOW_QUEUE, priority: 3, delaySeconds: 3 }] : []),
          ],
        },
      });
      const ip = `10.1.${Math.floor(i / 250)}.${(i % 250) + 1}`;
      const login = await must('/auth/login', 'POST', '/api/v1/auth/login', {
        ip,
        body: { username: name, password: AGENT_PASSWORD },
      });
      agents.push({ name, id: u.id, token: login.token, ip });
    });
    // One socket per agent; a supervisor's socket and wallboard alongside.
    await pool(agents, 20, async (a) => {
      a.ws = await connect(a, (name, p) => {
        if (name === 'routing.contact.offered' && p.agentId === a.id) {
          tally.offersSeen++;
          track(handleOffer(a, p.contactId).catch(() => void tally.agentErrors++));
        }
        if (name === 'routing.agent.state_changed' && p.userId === a.id && p.state === 'not_ready') {
          tally.ronas++; // the offer rang out: the agent goes ready again, as a person would
          track(
            api('/agents/me/state', 'PUT', '/api/v1/agents/me/state', {
              token: a.token,
              body: { state: 'ready' },
            }).then(() => undefined),
          );
        }
      });
    });
    const supWs = await connect({ token: A, id: '', name: 'admin' }, () => {});
    await pool(agents, 10, (a) =>
      must('/agents/me/state', 'PUT', '/api/v1/agents/me/state', { token: a.token, body: { state: 'ready' } }),
    );
    const setupSeconds = (performance.now() - setupStart) / 1000;
    console.log(
      `setup: ${AGENTS} agents signed in and ready, ${agents.length + 1} sockets, in ${setupSeconds.toFixed(1)} s`,
    );

    // ---- load --------------------------------------------------------------------------------
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const histBefore = await serverHistogram(rec.baseUrl);
    const serverCpu0 = cpuSecondsOf(server.child.pid!);
    const pgCpu0 = descendantsCpuSeconds(server.child.pid!);
    const machine0 = machineBusySeconds();
    const clientCpu0 = process.cpuUsage();
    rec.begin();
    const t0 = performance.now();
    const total = Math.round(SECONDS * RATE);
    let boardRuns = true;
    const board = (async () => {
      while (boardRuns) {
        await api('/wallboard', 'GET', '/api/v1/wallboard', { token: A });
        await sleep(1000);
      }
    })();
    const creations: Promise<void>[] = [];
    for (let i = 0; i < total; i++) {
      const due = t0 + (i * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      creations.push(
        (async () => {
          const slow = Math.random() < SLOW_SHARE;
          const r = await api('/contacts', 'POST', '/api/v1/contacts', {
            token: A,
            body: {
              channel: 'task',
              queue: slow ? SLOW_QUEUE : pick(queueKeys),
              priority: Math.random() < 0.1 ? 5 : 0,
              subject: `load ${i}`,
              customer: { name: `客户${i}`, phone: `138${String(i).padStart(8, '0')}` },
              attributes: { ivr: pick(['1', '2', '3']) },
            },
          });
          if (r.status !== 201) {
            tally.createFailed++;
            return;
          }
          tally.created++;
          if (Math.random() < (slow ? SLOW_IMPATIENT : IMPATIENT)) {
            await sleep(slow ? rand(200, 5000) : rand(50, 1500));
            tally.abandonAttempts++;
            const ab = await api('/contacts/:id/abandon', 'POST', `/api/v1/contacts/${r.body.id}/abandon`, {
              token: A,
            });
            if (ab.status === 200) tally.abandoned++;
            else tally.abandonTooLate++;
          }
        })(),
      );
      if (i > 0 && i % (RATE * 10) === 0) {
        console.log(
          `  ${Math.round((performance.now() - t0) / 1000)} s: ${tally.created} created, ${tally.wrappedUp} wrapped up`,
        );
      }
    }
    // The pace the generator kept (the last contact went out at this time).
    const generatorSeconds = (performance.now() - t0) / 1000;
    await Promise.all(creations);
    // Drain: every contact reaches an end and every agent finished its notes.
    const drainDeadline = Date.now() + 60_000;
    for (;;) {
      const open = Number(
        (await db.query('select count(*) from routing_contacts where state = any($1)', [OPEN_STATES])).rows[0].count,
      );
      if (open === 0 && work.size === 0) break;
      if (Date.now() > drainDeadline) {
        mismatches.push(`did not drain in 60 s: ${open} contacts open, ${work.size} agent tasks running`);
        break;
      }
      await sleep(250);
    }
    boardRuns = false;
    await board;
    rec.end();
    const loadSeconds = (performance.now() - t0) / 1000;
    const clientCpu = process.cpuUsage(clientCpu0);
    const serverCpu = cpuSecondsOf(server.child.pid!) - serverCpu0;
    const pgCpu = descendantsCpuSeconds(server.child.pid!) - pgCpu0;
    const machineBusy = machineBusySeconds() - machine0;
    loop.disable();
    const histAfter = await serverHistogram(rec.baseUrl);

    // ---- reconcile ----------------------------------------------------------------------------
    await sleep(300); // the last events on their way to the sockets
    const wall = await must('/wallboard', 'GET', '/api/v1/wallboard', { token: A });
    const { stored, shown, problems } = await reconcile(db, wall, [...queueKeys, SLOW_QUEUE], tally);
    mismatches.push(...problems);

    const { requests, overall, byRoute, by10s } = rec.figures();
    const eventsTotal = [...events.values()].reduce((s, x) => s + x, 0);
    const result = {
      at: new Date().toISOString(),
      machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
      config: {
        seconds: SECONDS,
        contactsPerSecond: RATE,
        agents: AGENTS,
        queues: QUEUES,
        membersPerQueue: (AGENTS / QUEUES) * 2,
        slowQueue: {
          share: SLOW_SHARE,
          members: Math.ceil(AGENTS / 4),
          memberDelaySeconds: 3,
          impatient: SLOW_IMPATIENT,
        },
        server: FROM_DIST ? 'dist (production build)' : 'sources via tsx',
        database: process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded PostgreSQL',
        agentBehaviour: 'accept after 0.1–0.6 s, talk 1–5 s, complete, wrap-up form after 0.2–0.8 s',
        impatientShare: IMPATIENT,
      },
      setupSeconds: Number(setupSeconds.toFixed(1)),
      load: {
        generatorSeconds: Number(generatorSeconds.toFixed(1)),
        seconds: Number(loadSeconds.toFixed(1)),
        requests,
        requestsPerSecond: Math.round(requests / loadSeconds),
        contactsPerSecond: Number((tally.created / generatorSeconds).toFixed(2)),
      },
      latencyMs: {
        overall,
        byRoute,
        by10s,
      },
      serverSideMs: histogramDelta(histBefore, histAfter),
      target: { p99BelowMs: TARGET_P99_MS, met: (overall.p99 ?? Number.POSITIVE_INFINITY) < TARGET_P99_MS },
      cpuSeconds: {
        kefu: Number(serverCpu.toFixed(1)),
        // The embedded server's processes (none of ours with DATABASE_URL).
        postgres: Number(pgCpu.toFixed(1)),
        client: Number(((clientCpu.user + clientCpu.system) / 1e6).toFixed(1)),
        // Everything the machine did meanwhile, and the part that was none of the above: other
        // work on a shared machine shows here (and in the latencies).
        machineBusy: Number(machineBusy.toFixed(1)),
        machineCapacity: Number(((await import('node:os')).cpus().length * loadSeconds).toFixed(1)),
        otherProcesses: Number(
          (machineBusy - serverCpu - pgCpu - (clientCpu.user + clientCpu.system) / 1e6).toFixed(1),
        ),
      },
      // The histogram's samples include its 10 ms resolution: taken out here.
      clientEventLoopDelayMs: {
        p50: Number((loop.percentile(50) / 1e6 - 10).toFixed(2)),
        p99: Number((loop.percentile(99) / 1e6 - 10).toFixed(2)),
        max: Number((loop.max / 1e6 - 10).toFixed(2)),
      },
      events: {
        sockets: agents.length + 1,
        total: eventsTotal,
        perSecond: Math.round(eventsTotal / loadSeconds),
        byName: Object.fromEntries([...events].sort()),
      },
      outcomes: tally,
      reconcile: { ok: mismatches.length === 0, mismatches, wallboard: shown, stored },
    };
    mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
    const file = process.env.ACD_LOAD_RESULT ?? path.join(ROOT, 'bench/results/load.json');
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    console.log(
      JSON.stringify({ load: result.load, overall, target: result.target, reconcile: result.reconcile.ok }, null, 2),
    );
    for (const [k, v] of Object.entries(byRoute))
      console.log(`  ${k.padEnd(32)} n=${v.n} p50=${v.p50} p95=${v.p95} p99=${v.p99} ms`);
    if (mismatches.length) console.error(`RECONCILE FAILED:\n  ${mismatches.join('\n  ')}`);
    for (const a of agents) a.ws?.terminate();
    supWs.terminate();
  } catch (err) {
    mismatches = [String(err)];
    console.error(err);
    console.error(server.output().slice(-4000));
  } finally {
    await db.end().catch(() => {});
    server.child.kill('SIGTERM');
    await new Promise((r) => (server.child.exitCode !== null ? r(null) : server.child.once('exit', r)));
    await dropDb().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
  if (CPU_PROF) console.log(`CPU profile of the server: ${CPU_PROF}`);
  process.exit(mismatches.length ? 1 : 0);
}

/** Runs `fn` over `items`, `n` at a time. */
async function pool<T>(items: T[], n: number, fn: (x: T, i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i]!, i);
      }
    }),
  );
}

void main();
