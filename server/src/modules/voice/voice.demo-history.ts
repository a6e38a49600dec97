import type { Staged } from '../../platform/bus';
import { createEventBus } from '../../platform/bus';
import { localTime, startOfDay } from '../../platform/calendar';
import { type Clock, fixedClock } from '../../platform/clock';
import type { Database } from '../../platform/db';
import type { Logger } from '../../platform/logger';
import type { DemoHistory } from '../../platform/module';
import { seededRandom } from '../../platform/random';
import type { AgentStateChanged, RoutingHistory, RoutingService, ShiftStep } from '../routing';
import { DEMO_HISTORY_CALL_ID, type TelephonyHistory } from '../telephony';
import { agentActor } from './call-registry';
import type { ReplayCall, ReplayEnv } from './history-call';
import { endTalk, abandon as giveUp, onContactEvents } from './history-contact';
import { startCall } from './history-ivr';
import { planDay } from './history-traffic';
import type { InboundAdmission } from './inbound-admission';

const DAY = 86_400_000;
/** The demo hotline's number (telephony.demo.ts). */
const DEMO_DID = '4008000000';
/** Today's arrivals stop this long before now, so the calls of the last minutes can end by now. */
const TODAY_MARGIN = 20 * 60_000;
/** Commands between waits for their writes: keeps each group's transaction bounded. */
const SETTLE_EVERY = 400;

export type VoiceHistoryDeps = {
  db: Database;
  log: Logger;
  clock: Clock;
  route: InboundAdmission['route'];
  routing: Pick<RoutingService, 'wallboard' | 'reload'>;
  routingHistory: RoutingHistory;
  telephonyHistory: TelephonyHistory;
};

type Agent = {
  id: string;
  username: string;
  state: string;
  busy: Set<string>;
  planned?: ShiftStep;
  pending?: ShiftStep;
};
type Event = { at: number; seq: number; plan: boolean; run: () => Promise<void> | void };

/**
 * The demo history (docs/demo.md): the last `history.days` days of the demo hotline up to now,
 * replayed call by call through the product's own code — the IVR runner, a second ACD on the same
 * database (routing.demo-history.ts) and the call log and recording store on the replay's moving
 * clock (telephony.demo-history.ts) — with the agents working their shifts. Its events are staged in
 * the outbox as live ones are; no phone rings and nothing stays open: at the end every call is over
 * and every agent logged out, and the running ACD reloads. Days already generated (their calls carry
 * the `demo-history-` Call-ID) are not generated again.
 */
export async function seedVoiceHistory(deps: VoiceHistoryDeps, history: DemoHistory): Promise<void> {
  const { log } = deps;
  const now = history.until.getTime();
  const tz = deps.routingHistory.timezone;
  // A day is generated once: it has the history's calls, or (before its first call) its agents'
  // shift changes — generating it again would repeat them at the same instants.
  const lastCall = await deps.telephonyHistory.lastCall();
  const lastEvent = await deps.routingHistory.lastAgentEvent();
  const last = [lastCall, lastEvent].filter((d): d is Date => !!d).sort((a, b) => b.getTime() - a.getTime())[0];
  const lastDay = last ? startOfDay(tz, last).getTime() : Number.NEGATIVE_INFINITY;
  const today = startOfDay(tz, history.until).getTime();
  const days: number[] = [];
  for (let i = history.days - 1; i >= 0; i--) {
    const d = startOfDay(tz, new Date(today - i * DAY + 3 * 3_600_000)).getTime();
    if (d > lastDay) days.push(d);
  }
  if (days.length === 0) return;
  if ((await deps.routing.wallboard()).agents.some((a) => a.state !== 'logged_out')) {
    log.warn('demo history skipped: agents are logged in (a replay would change their states)');
    return;
  }
  const route = await deps.route({
    source: { transport: 'UDP', host: '127.0.0.1', port: 5060 },
    called: DEMO_DID,
    caller: 'demo',
  });
  if (!route.ok) {
    log.warn({ reason: route.reason }, 'demo history skipped: the demo hotline does not answer');
    return;
  }

  const clock = fixedClock(new Date(days[0]!));
  const bus = createEventBus({ db: deps.db, clock, log });
  const inbox: Staged[] = [];
  const routing = deps.routingHistory.open({ clock, bus, decided: (events) => inbox.push(...events) });
  await routing.start();
  const telephony = deps.telephonyHistory.open({ clock, bus });
  const promptMs = new Map<string, number>();
  for (const node of Object.values(route.definition.nodes)) {
    for (const ref of 'prompts' in node ? (node.prompts ?? []) : []) {
      if ('prompt' in ref) promptMs.set(`${route.definition.language}/${ref.prompt}`, 0);
    }
  }
  for (const key of ['invalid', 'no-input']) promptMs.set(`${route.definition.language}/${key}`, 0);
  for (const k of promptMs.keys()) {
    const [language, key] = k.split('/') as [string, string];
    promptMs.set(k, await deps.telephonyHistory.promptMs(key, language).catch(() => 2000));
  }

  const agents = new Map<string, Agent>();
  for (const [username, id] of history.users) {
    if (/^(agent\d\d|lead0\d)$/.test(username)) agents.set(id, { id, username, state: 'logged_out', busy: new Set() });
  }
  const counts = { calls: 0, contacts: 0, answered: 0, surveys: 0, recordings: 0, agentStates: 0 };
  const heap: Event[] = [];
  let seq = 0;
  let clamp: number | undefined;
  const nowMs = () => clock.now().getTime();
  const schedule = (at: number, run: Event['run'], plan = false) => heapPush(heap, { at, seq: seq++, plan, run });

  async function setState(a: Agent, step: ShiftStep): Promise<void> {
    if (a.state === step.state && step.state !== 'not_ready') return;
    await routing.setState(
      a.id,
      { state: step.state, ...(step.reason ? { reason: step.reason } : {}) },
      agentActor(a.id),
    );
  }
  const free = (agentId: string, contactId: string) => {
    const a = agents.get(agentId);
    if (!a?.busy.delete(contactId) || a.busy.size > 0 || !a.pending) return;
    const step = a.pending;
    a.pending = undefined;
    schedule(nowMs(), () => setState(a, step));
  };
  const rnd = { current: seededRandom('demo') };
  const env: ReplayEnv = {
    now: nowMs,
    at: (at, fn) => schedule(at, fn),
    horizon: now,
    routing,
    wrapUp: deps.routingHistory.wrapUp,
    callLog: telephony.callLog,
    ...(telephony.record ? { record: telephony.record } : {}),
    promptMs,
    route: { ...route, called: DEMO_DID },
    get rnd() {
      return rnd.current;
    },
    agents: {
      busy: (agentId, contactId) => void agents.get(agentId)?.busy.add(contactId),
      free,
      username: (agentId) => agents.get(agentId)?.username ?? 'phone',
    },
    counts,
  };
  const calls = new Map<string, ReplayCall>();
  const live = new Set<ReplayCall>();

  /** What the ACD decided: calls follow their contacts; agents back from RONA after a moment. */
  function afterCommand(): void {
    while (inbox.length) {
      const events = inbox.splice(0);
      onContactEvents(env, calls, events);
      for (const ev of events) {
        if (ev.name !== 'routing.agent.state_changed') continue;
        const s = ev.payload as AgentStateChanged;
        const a = agents.get(s.userId);
        if (!a) continue;
        counts.agentStates++;
        a.state = s.state;
        if (s.state === 'not_ready' && s.reason === 'no_answer' && clamp === undefined) {
          schedule(nowMs() + env.rnd.int(20_000, 60_000), async () => {
            if (a.planned?.state === 'ready' && !a.pending && a.state === 'not_ready') await setState(a, a.planned);
          });
        }
      }
    }
  }

  let commands = 0;
  let lastWake = Number.NaN;
  let sameWake = 0;
  async function runUntil(end: number): Promise<void> {
    for (;;) {
      const ev = heap[0];
      const wake = routing.nextWakeAt();
      const limit = Math.min(end, clamp ?? end);
      if (wake !== undefined && wake <= limit && (!ev || wake <= ev.at)) {
        sameWake = wake === lastWake ? sameWake + 1 : 0;
        lastWake = wake;
        if (sameWake > 100) throw new Error('demo history: the ACD keeps waking at the same time');
        clock.set(new Date(Math.max(wake, nowMs())));
        await routing.wake();
      } else {
        if (!ev || ev.at > end) return;
        heapPop(heap);
        if (clamp !== undefined && ev.plan) continue; // the day is being closed: no more shift steps
        clock.set(new Date(Math.max(nowMs(), clamp === undefined ? ev.at : Math.min(ev.at, clamp))));
        await ev.run();
      }
      afterCommand();
      if (++commands % SETTLE_EVERY === 0) await routing.replaySettled();
    }
  }

  /** Ends the day at `end`: what is left runs at `end`, callers still waiting or talking hang up, agents log out. */
  async function closeDay(end: number): Promise<void> {
    clamp = end;
    for (let round = 0; ; round++) {
      await runUntil(Number.POSITIVE_INFINITY);
      const open = [...live].filter((c) => c.phase !== 'ended');
      if (open.length === 0 || round > 20) break;
      for (const c of open) {
        if (c.phase === 'queue') {
          c.transferred = false;
          await giveUp(env, c);
        } else if (c.talk) await endTalk(env, c, c.talk, 'caller');
        afterCommand();
      }
    }
    for (const a of agents.values()) {
      a.pending = undefined;
      a.planned = undefined;
      await setState(a, { minute: 0, state: 'logged_out' });
      afterCommand();
    }
    live.clear();
    clamp = undefined;
  }

  const started = Date.now();
  for (const [n, dayStart] of days.entries()) {
    const date = new Date(dayStart + 12 * 3_600_000).toISOString().slice(0, 10);
    rnd.current = seededRandom(`kefu-demo-history-${date}`);
    const { weekday } = localTime(tz, new Date(dayStart + 12 * 3_600_000));
    const dayEnd = Math.min(now, dayStart + DAY - 1);
    env.horizon = dayEnd;
    const plans = deps.routingHistory.shifts(weekday, Number(date.slice(8, 10)), env.rnd);
    for (const a of agents.values()) {
      for (const step of plans.get(a.username) ?? []) {
        schedule(
          dayStart + step.minute * 60_000,
          async () => {
            a.planned = step;
            if (step.state !== 'ready' && a.busy.size > 0) a.pending = step;
            else await setState(a, step);
          },
          true,
        );
      }
    }
    const until = dayStart + DAY > now ? now - TODAY_MARGIN : dayStart + DAY;
    // The most recent days keep two recorded conversations each, so the call log has something to play.
    const recordedDays = days.length >= 3 ? days.slice(-3) : days;
    let toRecord = telephony.record && recordedDays.includes(dayStart) ? 2 : 0;
    planDay(dayStart, weekday, until, env.rnd).forEach((plan, i) => {
      schedule(plan.at, async () => {
        const recordIt = toRecord > 0 && plan.digits[0] === '1' && !plan.callerEnds && !plan.transferAfterMs;
        if (recordIt) toRecord--;
        const sipCallId = `${DEMO_HISTORY_CALL_ID}${date}-${String(i + 1).padStart(4, '0')}`;
        live.add(await startCall(env, calls, plan, sipCallId, recordIt));
      });
    });
    await runUntil(dayEnd);
    await closeDay(dayEnd);
    for (const [contactId, c] of calls) if (c.phase === 'ended') calls.delete(contactId);
    history.progress(`day ${n + 1}/${days.length} (${date}), ${counts.calls.toLocaleString('en-US')} calls`);
  }
  await routing.replaySettled();
  await telephony.callLog.flush();
  await routing.stop();
  // The running ACD reads the agents' last states and today's figures from what the replay wrote.
  await deps.routing.reload();
  log.info({ days: days.length, ...counts, ms: Date.now() - started }, 'demo history generated');
  history.counts.telephony = { calls: counts.calls, recordings: counts.recordings };
  history.counts.routing = { contacts: counts.contacts, 'agent state changes': counts.agentStates };
  history.counts.ivr = { 'survey answers': counts.surveys };
  history.counts.voice = { answered: counts.answered, days: days.length };
}

// ---- a binary heap of events by time, then by the order they were scheduled -------------------------

const before = (a: Event, b: Event) => a.at < b.at || (a.at === b.at && a.seq < b.seq);

function heapPush(h: Event[], e: Event): void {
  h.push(e);
  let i = h.length - 1;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (!before(h[i]!, h[p]!)) break;
    [h[i], h[p]] = [h[p]!, h[i]!];
    i = p;
  }
}

function heapPop(h: Event[]): Event | undefined {
  const top = h[0];
  const last = h.pop();
  if (h.length > 0 && last) {
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && before(h[l]!, h[m]!)) m = l;
      if (r < h.length && before(h[r]!, h[m]!)) m = r;
      if (m === i) break;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }
  return top;
}
