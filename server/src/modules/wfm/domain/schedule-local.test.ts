import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../platform/random';
import { anyPlacement, placedBreaks } from './schedule-breaks';
import { agentCanWork, listCandidates } from './schedule-candidates';
import { flattenRequired, intervalCost } from './schedule-coverage';
import { improveRoster, type LocalShift } from './schedule-local';
import { loadSolver } from './schedule-lp';
import { seedWeeks } from './schedule-roster';
import { validateRoster } from './schedule-rules';
import { sampleScheduleInput } from './schedule-sample';
import { DEFAULT_WEIGHTS, type ScheduleInput } from './schedule-types';

function weekInput() {
  const input = sampleScheduleInput(seededRandom('local-search'), {
    agents: 8,
    fullTimeTemplates: 3,
    partTimeTemplates: 2,
    intervalMinutes: 30,
  });
  const candidates = listCandidates(input);
  const eligible = input.agents.map((a) => candidates.filter((c) => agentCanWork(input, a, c)).map((c) => c.index));
  return { input, candidates, eligible };
}

/** A first roster that meets the rules: each agent's own week from the seed MIPs, breaks anywhere valid. */
async function firstRoster({ input, candidates, eligible }: ReturnType<typeof weekInput>): Promise<LocalShift[]> {
  const seeded = seedWeeks(
    await loadSolver(),
    input,
    candidates,
    eligible,
    new Map(),
    input.agents.map((_, a) => a),
  );
  if (seeded.kind !== 'feasible') throw new Error('the generated week should be feasible');
  return seeded.seeds.flatMap((week, agent) =>
    week.map((c) => ({
      agent,
      candidate: c,
      offsets: anyPlacement(candidates[c]!.template.breaks, candidates[c]!.length, 15)!,
    })),
  );
}

function objectiveOf(input: ScheduleInput, present: Float64Array): number {
  return flattenRequired(input).reduce((s, req, t) => s + intervalCost(req, present[t]!, DEFAULT_WEIGHTS, 0.5), 0);
}

describe('improveRoster', () => {
  it('never makes the roster worse, and the roster it returns still meets every hard rule', async () => {
    const week = weekInput();
    const { input, candidates, eligible } = week;
    const initial = await firstRoster(week);
    const unchanged = improveRoster(input, candidates, eligible, initial, DEFAULT_WEIGHTS, {
      seconds: 0,
      breakStep: 15,
    });
    const result = improveRoster(input, candidates, eligible, initial, DEFAULT_WEIGHTS, { seconds: 1, breakStep: 15 });
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
  });

  it('keeps its presence in step with the shifts and breaks it returns', async () => {
    const week = weekInput();
    const { input, candidates, eligible } = week;
    const result = improveRoster(input, candidates, eligible, await firstRoster(week), DEFAULT_WEIGHTS, {
      seconds: 1,
      breakStep: 15,
    });
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
    expect(objectiveOf(input, result.present)).toBeLessThanOrEqual(result.objective);
  });
});
