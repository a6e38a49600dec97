import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../platform/random';
import { annealRoster } from './schedule-anneal';
import { placedBreaks } from './schedule-breaks';
import { agentCanWork, listCandidates } from './schedule-candidates';
import { flattenRequired, intervalCost } from './schedule-coverage';
import type { LocalShift } from './schedule-local';
import { loadSolver } from './schedule-lp';
import { seedWeeks } from './schedule-roster';
import { validateRoster } from './schedule-rules';
import { sampleScheduleInput } from './schedule-sample';
import { DEFAULT_WEIGHTS } from './schedule-types';

async function week() {
  const input = sampleScheduleInput(seededRandom('anneal'), {
    agents: 12,
    fullTimeTemplates: 4,
    partTimeTemplates: 2,
    intervalMinutes: 30,
  });
  const candidates = listCandidates(input);
  const eligible = input.agents.map((a) => candidates.filter((c) => agentCanWork(input, a, c)).map((c) => c.index));
  const all = input.agents.map((_, a) => a);
  const seeded = seedWeeks(await loadSolver(), input, candidates, eligible, new Map(), all);
  if (seeded.kind !== 'feasible') throw new Error('the generated week should be feasible');
  const initial: LocalShift[] = seeded.seeds.flatMap((w, agent) =>
    w.map((candidate) => ({ agent, candidate, offsets: [] })),
  );
  return { input, candidates, eligible, initial };
}

describe('annealRoster', () => {
  it('improves on the seed weeks, keeps every hard rule, and its presence and objective are those of its roster', async () => {
    const { input, candidates, eligible, initial } = await week();
    const options = { seconds: 5, breakStep: 15, iterationsPerSlot: 0 };
    const unchanged = annealRoster(input, candidates, eligible, initial, DEFAULT_WEIGHTS, options);
    const result = annealRoster(input, candidates, eligible, initial, DEFAULT_WEIGHTS, {
      ...options,
      iterationsPerSlot: 3000,
    });
    expect(result.moves).toBeGreaterThan(0);
    expect(result.objective).toBeLessThan(unchanged.objective);

    const shifts = result.shifts.map((s) => {
      const c = candidates[s.candidate]!;
      return {
        agentId: input.agents[s.agent]!.id,
        templateId: c.template.id,
        date: input.horizon.days[c.dayIndex]!.date,
        start: c.start,
        lengthMinutes: c.length,
        paidMinutes: c.paidMinutes,
        breaks: placedBreaks(c.template, c.start, s.offsets),
      };
    });
    expect(validateRoster(input, { shifts })).toEqual([]);

    // Presence recounted from the shifts and breaks it returns; the objective from that presence.
    const present = new Float64Array(result.present.length);
    const add = (from: number, to: number, sign: number) => {
      for (let t = 0; t < present.length; t++) {
        const overlap = Math.min(to, (t + 1) * 30) - Math.max(from, t * 30);
        if (overlap > 0) present[t]! += (sign * overlap) / 30;
      }
    };
    for (const s of result.shifts) {
      const c = candidates[s.candidate]!;
      add(c.absStart, c.absEnd, 1);
      c.template.breaks.forEach((rule, r) => {
        add(c.absStart + s.offsets[r]!, c.absStart + s.offsets[r]! + rule.minutes, -1);
      });
    }
    expect(Array.from(result.present, (v) => Math.round(v * 1e6))).toEqual(
      Array.from(present, (v) => Math.round(v * 1e6)),
    );
    const coverage = flattenRequired(input).reduce(
      (s, req, t) => s + intervalCost(req, present[t]!, DEFAULT_WEIGHTS, 0.5),
      0,
    );
    // Paid cost and preferences come on top of coverage.
    expect(result.objective).toBeGreaterThan(coverage);
  });

  it('gives the same roster for the same seed and number of moves', async () => {
    const { input, candidates, eligible, initial } = await week();
    const options = { seconds: 30, breakStep: 15, iterationsPerSlot: 500, seed: 3 };
    const a = annealRoster(input, candidates, eligible, initial, DEFAULT_WEIGHTS, options);
    const b = annealRoster(input, candidates, eligible, initial, DEFAULT_WEIGHTS, options);
    expect(b.shifts).toEqual(a.shifts);
    expect(b.objective).toBe(a.objective);
  });
});
