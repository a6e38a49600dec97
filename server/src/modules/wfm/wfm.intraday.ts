import type { Intraday } from '../../../../contracts/wfm';
import { addDays, localDateTimeText, zonedInstant } from '../../platform/calendar';
import type { Clock } from '../../platform/clock';
import type { Workload } from '../reporting';
import { requirementCurve, scheduledAgents } from './domain/erlang';
import { dateOutOfForecast } from './wfm.errors';
import type { Forecasts } from './wfm.forecasts';
import type { QueueHistories } from './wfm.history';

/** Calls of evidence before the day's arrivals move the rest of its forecast: the ratio is damped toward 1. */
const PRIOR_CALLS = 20;
/** How far ahead suggestions look while "who will be there" is who is logged in now. */
const LOOKAHEAD_MINUTES = 120;
/** Short by at most this many agents: pull people off training and meetings; more: ask for overtime. */
const SMALL_GAP = 2;

type Query = {
  forecastId: string;
  date?: string;
  targetServiceLevel: number;
  targetAnswerSeconds: number;
  shrinkage: number;
  maxOccupancy: number;
};

/**
 * Intraday (当日调整): today's arrivals against the forecast; the rest of the day re-forecast by the
 * ratio so far, (arrived + 20) ÷ (forecast + 20), so an early quiet half hour does not halve the
 * afternoon; the agents the re-forecast needs (Erlang C per queue, summed) against the agents logged
 * in; and suggestions for the next two hours — short by a little: cancel off-phone activities
 * (training, meetings); short by more: offer overtime; two or more to spare for an hour: offer time off.
 */
export function createIntraday(deps: {
  forecasts: Forecasts;
  histories: Pick<QueueHistories, 'days'>;
  workload: Pick<Workload, 'staffed'>;
  /** Agents the published schedule has working per interval of a local day (null: nothing published). */
  scheduledOn: (date: string, intervalMinutes: number) => Promise<number[] | null>;
  clock: Clock;
  timezone: string;
}) {
  const { timezone } = deps;
  return {
    async day(q: Query): Promise<Intraday> {
      const f = await deps.forecasts.forStaffing(q.forecastId);
      const now = deps.clock.now();
      const date = q.date ?? localDateTimeText(timezone, now).slice(0, 10);
      const index = f.queues[0]?.days.findIndex((d) => d.date === date) ?? -1;
      if (index < 0) throw dateOutOfForecast(date, 'date');
      const minutes = f.intervalMinutes;
      const perDay = 1440 / minutes;
      const dayStart = zonedInstant(timezone, `${date}T00:00:00`).getTime();
      const intervalMs = minutes * 60_000;
      const elapsed = Math.max(0, Math.min(perDay, Math.floor((now.getTime() - dayStart) / intervalMs)));
      const actualDays = await deps.histories.days(f.queueIds, date, addDays(date, 1), minutes, () => 'normal');

      const queues = f.queues.map((fq) => {
        const forecast = fq.days[index]!.calls;
        const calls = actualDays.get(fq.queueId)?.[0]?.calls ?? new Array<number>(perDay).fill(0);
        let a = 0;
        let fc = 0;
        for (let i = 0; i < elapsed; i++) {
          a += calls[i]!;
          fc += forecast[i]!;
        }
        const ratio = (a + PRIOR_CALLS) / (fc + PRIOR_CALLS);
        const current = Math.min(elapsed, perDay - 1);
        return {
          queueId: fq.queueId,
          queueName: fq.queueName,
          ratio,
          forecast,
          // The current interval's arrivals so far are shown, not used for the ratio (it is not over).
          actual: calls.map((c, i) => (i <= current && dayStart + i * intervalMs <= now.getTime() ? c : null)),
          reforecast: forecast.map((v, i) => (i < elapsed ? calls[i]! : v * ratio)),
          aht: fq.days[index]!.ahtSeconds,
        };
      });

      const needs = queues.map((x) =>
        requirementCurve(
          x.reforecast.map((c, i) => ({ calls: c, ahtSeconds: Math.max(1, x.aht[i] ?? 0) })),
          {
            intervalMinutes: minutes,
            targetServiceLevel: q.targetServiceLevel,
            targetAnswerSeconds: q.targetAnswerSeconds,
            maxOccupancy: q.maxOccupancy,
            shrinkage: 0,
          },
        ),
      );
      const staffed = await deps.workload.staffed({
        from: new Date(dayStart),
        to: new Date(dayStart + perDay * intervalMs),
        now,
      });
      // The mean of the interval's quarter hours that have begun (the current one: so far).
      const loggedIn = new Array<number | null>(perDay).fill(null);
      const sums = new Array<number>(perDay).fill(0);
      for (const s of staffed) {
        const i = Math.floor((s.at.getTime() - dayStart) / intervalMs);
        if (i >= 0 && i < perDay) sums[i]! += s.loggedIn;
      }
      for (let i = 0; i <= Math.min(elapsed, perDay - 1); i++) {
        const begun = Math.min(minutes / 15, Math.ceil((now.getTime() - dayStart - i * intervalMs) / 900_000));
        if (begun > 0) loggedIn[i] = sums[i]! / begun;
      }
      const scheduled = await deps.scheduledOn(date, minutes);
      const intervals = Array.from({ length: perDay }, (_, i) => {
        const required = needs.reduce((sum, n) => {
          const o = n[i]!;
          return sum + (o.kind === 'staffed' ? o.staffing.agents : o.unreachable.atCap.agents);
        }, 0);
        const actualCalls = queues.every((x) => x.actual[i] === null)
          ? null
          : queues.reduce((sum, x) => sum + (x.actual[i] ?? 0), 0);
        return {
          start: new Date(dayStart + i * intervalMs).toISOString(),
          forecastCalls: queues.reduce((sum, x) => sum + x.forecast[i]!, 0),
          actualCalls,
          reforecastCalls: queues.reduce((sum, x) => sum + x.reforecast[i]!, 0),
          required,
          requiredScheduled: scheduledAgents(required, q.shrinkage),
          loggedIn: loggedIn[i] === null ? null : Math.round(loggedIn[i]! * 100) / 100,
          scheduled: scheduled?.[i] ?? 0,
        };
      });

      // Who will be there: the published schedule's agents for the rest of the day; without one, who
      // is there now stands for it, so only the next two hours are judged.
      const current = Math.min(elapsed, perDay - 1);
      const now0 = loggedIn[current] ?? 0;
      const expected = (i: number) => (scheduled ? scheduled[i]! : now0);
      const suggestions: Intraday['suggestions'] = [];
      const last = scheduled ? perDay : Math.min(perDay, current + Math.ceil(LOOKAHEAD_MINUTES / minutes));
      let run: { kind: Intraday['suggestions'][number]['kind']; from: number; to: number; agents: number } | undefined;
      const close = () => {
        if (!run) return;
        const long = (run.to - run.from) * minutes >= 60;
        if (run.kind !== 'offer_time_off' || long) {
          suggestions.push({
            kind: run.kind,
            from: new Date(dayStart + run.from * intervalMs).toISOString(),
            to: new Date(dayStart + run.to * intervalMs).toISOString(),
            agents: run.agents,
          });
        }
        run = undefined;
      };
      for (let i = current; i < last; i++) {
        const gap = intervals[i]!.requiredScheduled - Math.floor(expected(i));
        const kind =
          gap > SMALL_GAP ? 'offer_overtime' : gap > 0 ? 'cancel_activities' : gap <= -2 ? 'offer_time_off' : null;
        if (run && run.kind !== kind) close();
        if (!kind) continue;
        run ??= { kind, from: i, to: i, agents: 0 };
        run.to = i + 1;
        run.agents = Math.max(run.agents, Math.abs(gap));
      }
      close();

      return {
        forecastId: f.id,
        date,
        intervalMinutes: minutes,
        now: now.toISOString(),
        elapsedIntervals: elapsed,
        queues: queues.map(({ aht: _aht, ...x }) => x),
        intervals,
        scheduleKnown: scheduled !== null,
        suggestions,
      };
    },
  };
}
export type IntradayService = ReturnType<typeof createIntraday>;
