import type { Requirements, RequirementsBody } from '../../../../contracts/wfm';
import { zonedInstant } from '../../platform/calendar';
import type { Workload } from '../reporting';
import { type RequirementInterval, requirementCurve, scheduledAgents } from './domain/erlang';
import type { Forecasts } from './wfm.forecasts';

type Body = Required<Pick<RequirementsBody, 'forecastId'>> & {
  model: 'erlang_c' | 'erlang_a';
  targetServiceLevel: number;
  targetAnswerSeconds: number;
  shrinkage: number;
  maxOccupancy: number;
  patienceSeconds?: number;
  maxAbandonRate?: number;
  volumeFactor: number;
  ahtFactor: number;
};

/**
 * Staffing requirements (人力需求) of a whole forecast: every queue's intervals through Erlang C or A
 * with the same targets, then summed per interval. Summing assumes each queue has its own agents
 * (single-skill); the simulation answers for agents shared between queues. Erlang A without a given
 * patience estimates each queue's from its history (total waiting ÷ abandons over the forecast's
 * history weeks); a queue with no abandons has no estimate and is staffed by Erlang C.
 */
export function createStaffing(deps: { forecasts: Forecasts; workload: Pick<Workload, 'waiting'>; timezone: string }) {
  return {
    async requirements(body: Body): Promise<Requirements> {
      const f = await deps.forecasts.forStaffing(body.forecastId);
      const minutes = f.intervalMinutes;
      const patience = new Map<string, number | null>();
      for (const q of f.queues) {
        if (body.model !== 'erlang_a') patience.set(q.queueId, null);
        else if (body.patienceSeconds) patience.set(q.queueId, body.patienceSeconds);
        else {
          const historyStart = new Date(
            zonedInstant(deps.timezone, `${f.startDate}T00:00:00`).getTime() - f.historyWeeks * 7 * 86_400_000,
          );
          const w = await deps.workload.waiting({
            queueId: q.queueId,
            from: historyStart,
            to: zonedInstant(deps.timezone, `${f.startDate}T00:00:00`),
          });
          patience.set(q.queueId, w.abandoned > 0 ? w.waitMs / 1000 / w.abandoned : null);
        }
      }
      // Each queue's curve over all its days at once (runs of equal intervals share one search).
      const curves = f.queues.map((q) => {
        const intervals: RequirementInterval[] = q.days.flatMap((d) =>
          d.calls.map((c, i) => ({
            calls: c * body.volumeFactor,
            ahtSeconds: Math.max(1, (d.ahtSeconds[i] ?? 0) * body.ahtFactor),
          })),
        );
        const p = patience.get(q.queueId);
        const shared = {
          intervalMinutes: minutes,
          targetServiceLevel: body.targetServiceLevel,
          targetAnswerSeconds: body.targetAnswerSeconds,
          maxOccupancy: body.maxOccupancy,
          shrinkage: 0,
        };
        const outcomes = p
          ? requirementCurve(intervals, { ...shared, patienceSeconds: p, maxAbandonRate: body.maxAbandonRate })
          : requirementCurve(intervals, shared);
        return { intervals, outcomes };
      });
      let peak: Requirements['peak'] = { agents: 0, scheduledAgents: 0, at: null };
      const days: Requirements['days'] = [];
      let k = 0;
      for (let d = 0; d < f.days; d++) {
        const date = f.queues[0]?.days[d]?.date ?? '';
        const dayStart = zonedInstant(deps.timezone, `${date}T00:00:00`).getTime();
        const perDay = 1440 / minutes;
        const intervals: Requirements['days'][number]['intervals'] = [];
        for (let i = 0; i < perDay; i++, k++) {
          const cells = curves.map((c) => {
            const iv = c.intervals[k]!;
            const o = c.outcomes[k]!;
            const s = o.kind === 'staffed' ? o.staffing : o.unreachable.atCap;
            return {
              calls: iv.calls,
              ahtSeconds: iv.ahtSeconds,
              agents: s.agents,
              serviceLevel: iv.calls > 0 ? s.serviceLevel : null,
              met: o.kind === 'staffed',
            };
          });
          const agents = cells.reduce((a, c) => a + c.agents, 0);
          const scheduled = scheduledAgents(agents, body.shrinkage);
          const start = new Date(dayStart + i * minutes * 60_000).toISOString();
          if (scheduled > peak.scheduledAgents) peak = { agents, scheduledAgents: scheduled, at: start };
          intervals.push({ start, cells, agents, scheduledAgents: scheduled });
        }
        days.push({
          date,
          intervals,
          scheduledHours: (intervals.reduce((a, x) => a + x.scheduledAgents, 0) * minutes) / 60,
        });
      }
      return {
        forecastId: f.id,
        intervalMinutes: minutes,
        queues: f.queues.map((q) => ({
          queueId: q.queueId,
          queueName: q.queueName,
          patienceSeconds: patience.get(q.queueId) ?? null,
        })),
        days,
        peak,
      };
    },
  };
}
export type Staffing = ReturnType<typeof createStaffing>;
