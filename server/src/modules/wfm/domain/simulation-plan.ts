/** A simulation's input, checked and turned into what a replication needs. */
import type { Channel } from '../../../../../contracts/routing';
import type { AcdAgent, AcdQueue, SimulationInput } from './simulation-model';
import { type Sampler, samplerOf } from './simulation-sampling';

/** Times in milliseconds, rates per millisecond, distributions as samplers. */
export type Plan = {
  seed: string;
  intervals: number;
  intervalMs: number;
  queues: Array<{
    acd: AcdQueue;
    channel: Channel;
    priority: number;
    /** Arrival rate per millisecond, per interval. */
    rates: number[];
    handle: Sampler;
    /** Per interval of arrival, when the queue's handle time varies over the day. */
    handleByInterval: Sampler[] | null;
    patience: Sampler | null;
    serviceLevelMs: number;
  }>;
  agents: Array<{ acd: AcdAgent; wrapUpSeconds: number; logIns: number[]; logOuts: number[] }>;
  shortAbandonMs: number;
};

export function planOf(input: SimulationInput): Plan {
  const K = input.queues[0]?.volume.length ?? 0;
  if (input.queues.length === 0) throw new Error('a simulation needs at least one queue');
  if (K === 0) throw new Error('a simulation needs at least one interval');
  if (!(input.intervalSeconds > 0)) throw new Error(`interval of ${input.intervalSeconds} s`);
  if (!Number.isInteger(input.replications) || input.replications < 1) {
    throw new Error(`replications ${input.replications} must be a whole number ≥ 1`);
  }
  const warmUp = input.warmUpIntervals ?? 0;
  if (!Number.isInteger(warmUp) || warmUp < 0 || warmUp >= K) {
    throw new Error(`warm-up of ${warmUp} intervals leaves none of ${K} to measure`);
  }
  const intervalMs = input.intervalSeconds * 1000;
  const sl = input.serviceLevelSeconds ?? 20;
  const short = input.shortAbandonSeconds ?? 5;
  if (!(short >= 0)) throw new Error(`short abandons of ${short} s`);
  for (const [what, ids] of [
    ['queue', input.queues.map((q) => q.id)],
    ['agent', input.agents.map((a) => a.id)],
  ] as const) {
    unique(ids, what);
  }
  const queues = input.queues.map((q) => {
    if (q.volume.length !== K) throw new Error(`queue ${q.id}: ${q.volume.length} intervals, expected ${K}`);
    for (const v of q.volume) if (!(v >= 0 && Number.isFinite(v))) throw new Error(`queue ${q.id}: volume ${v}`);
    return {
      acd: {
        id: q.id,
        strategy: q.strategy,
        skills: q.skills,
        relaxation: q.relaxation ?? [],
        preferredAgentSeconds: q.preferredAgentSeconds ?? 0,
      },
      channel: q.channel ?? 'voice',
      priority: q.priority ?? 0,
      rates: q.volume.map((v) => v / intervalMs),
      handle: samplerOf(q.handle, `queue ${q.id}: handle time`),
      handleByInterval: handleSamplers(q, K),
      patience: q.patience ? samplerOf(q.patience, `queue ${q.id}: patience`) : null,
      serviceLevelMs: (q.serviceLevelSeconds ?? sl) * 1000,
    };
  });
  const agents = input.agents.map((a) => {
    const { logIns, logOuts } = shiftTimes(a.shifts ?? [{ from: 0, to: K }], K, intervalMs, a.id);
    return {
      acd: { id: a.id, skills: a.skills, capacity: a.capacity ?? {}, memberships: a.memberships },
      wrapUpSeconds: a.wrapUpSeconds ?? 0,
      logIns,
      logOuts,
    };
  });
  return {
    seed: String(input.seed),
    intervals: K,
    intervalMs,
    queues,
    agents,
    shortAbandonMs: short * 1000,
  };
}

/**
 * Log-in and log-out times of an agent's shifts, touching shifts joined. A shift that runs to the
 * end of the day has no log-out: the agent stays until the contacts that arrived are handled
 * (otherwise the last interval's callers would wait for nobody).
 */
function shiftTimes(shifts: readonly { from: number; to: number }[], K: number, intervalMs: number, id: string) {
  const sorted = [...shifts].sort((x, y) => x.from - y.from);
  const logIns: number[] = [];
  const logOuts: number[] = [];
  let open: { from: number; to: number } | null = null;
  for (const s of sorted) {
    if (!Number.isInteger(s.from) || !Number.isInteger(s.to) || s.from < 0 || s.to > K || s.from >= s.to) {
      throw new Error(`agent ${id}: shift [${s.from}, ${s.to}) is not within intervals 0…${K}`);
    }
    if (open && s.from <= open.to) open.to = Math.max(open.to, s.to);
    else {
      if (open) {
        logIns.push(open.from * intervalMs);
        logOuts.push(open.to * intervalMs);
      }
      open = { ...s };
    }
  }
  if (open) {
    logIns.push(open.from * intervalMs);
    if (open.to < K) logOuts.push(open.to * intervalMs);
  }
  return { logIns, logOuts };
}

function handleSamplers(q: SimulationInput['queues'][number], K: number): Sampler[] | null {
  if (!q.handleByInterval) return null;
  if (q.handleByInterval.length !== K) {
    throw new Error(`queue ${q.id}: ${q.handleByInterval.length} handle times, expected ${K}`);
  }
  return q.handleByInterval.map((d, k) => samplerOf(d, `queue ${q.id}: handle time of interval ${k}`));
}

function unique(ids: string[], what: string): void {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) throw new Error(`${what} ${id} is listed twice`);
    seen.add(id);
  }
}
