import { createHash } from 'node:crypto';

export type SamplePick = { contactId: string; agentId: string };

/** A stable number in [0, 1) for a seed and a key: the draw's only source of chance (reproducible). */
export function seededUnit(seed: string, key: string): number {
  return createHash('md5').update(`${seed}|${key}`).digest().readUInt32BE(0) / 2 ** 32;
}

/**
 * Hands picked contacts to evaluators (质检员) so their work lists even out: each contact goes to the
 * evaluator with the least work (open tasks before this draw plus those given now) who is not the
 * contact's agent; ties go by a seeded order, so the same draw assigns the same way. A contact no
 * evaluator may take (its agent is the only evaluator) is left out and returned apart.
 */
export function assignEvaluators(
  picks: readonly SamplePick[],
  evaluatorIds: readonly string[],
  openLoad: ReadonlyMap<string, number>,
  seed: string,
): { assigned: Array<SamplePick & { evaluatorId: string }>; unassigned: SamplePick[] } {
  const load = new Map(evaluatorIds.map((e) => [e, openLoad.get(e) ?? 0]));
  const tie = new Map(evaluatorIds.map((e) => [e, seededUnit(seed, `evaluator:${e}`)]));
  // The seeded order, each key computed once (a hash per comparison made the sort the slow part).
  const order = picks
    .map((p) => ({ p, k: seededUnit(seed, p.contactId) }))
    .sort((a, b) => a.k - b.k || (a.p.contactId < b.p.contactId ? -1 : a.p.contactId > b.p.contactId ? 1 : 0))
    .map((x) => x.p);
  const assigned: Array<SamplePick & { evaluatorId: string }> = [];
  const unassigned: SamplePick[] = [];
  for (const p of order) {
    let best: string | undefined;
    for (const e of evaluatorIds) {
      if (e === p.agentId) continue;
      if (
        best === undefined ||
        load.get(e)! < load.get(best)! ||
        (load.get(e) === load.get(best) && tie.get(e)! < tie.get(best)!)
      ) {
        best = e;
      }
    }
    if (best === undefined) {
      unassigned.push(p);
      continue;
    }
    load.set(best, load.get(best)! + 1);
    assigned.push({ ...p, evaluatorId: best });
  }
  return { assigned, unassigned };
}

/**
 * An agent's share of random sampling, in percent: the plan's, multiplied for new hires and for
 * agents whose recent mean score is low (both may apply), at most 100.
 */
export function agentRate(
  plan: {
    randomPercent: number;
    newHireDays: number | null;
    newHireFactor: number;
    lowScoreBelow: number | null;
    lowScoreFactor: number;
  },
  agent: { tenureDays: number | null; meanScore: number | null },
): number {
  let rate = plan.randomPercent;
  if (plan.newHireDays !== null && agent.tenureDays !== null && agent.tenureDays < plan.newHireDays)
    rate *= plan.newHireFactor;
  if (plan.lowScoreBelow !== null && agent.meanScore !== null && agent.meanScore < plan.lowScoreBelow)
    rate *= plan.lowScoreFactor;
  return Math.min(100, rate);
}
