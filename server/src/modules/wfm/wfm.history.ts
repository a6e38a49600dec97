import type { QueueHistory } from '../../../../contracts/wfm';
import { addDays, zonedInstant } from '../../platform/calendar';
import type { Workload } from '../reporting';
import type { DayKind } from './domain/forecast-day';
import { type HistoryDayCounts, historyDays } from './domain/history-days';
import { historyRange, queueNotFound } from './wfm.errors';

export type QueueDirectory = () => ReadonlyArray<{ id: string; name: string }>;

/** Local midnight of every day from `from` to `to`, both included (`to`'s is when the last day ends). */
export function dayStarts(tz: string, from: string, to: string): Array<{ date: string; start: number }> {
  const out: Array<{ date: string; start: number }> = [];
  for (let d = from; d <= to; d = addDays(d, 1))
    out.push({ date: d, start: zonedInstant(tz, `${d}T00:00:00`).getTime() });
  return out;
}

/** At most a year of history in one question (a chart's range; a forecast learns from ≤ 104 weeks). */
const MAX_DAYS = 366;

/** The reports' history of queues laid out as local days of the forecast's intervals. */
export function createQueueHistories(deps: { workload: Workload; timezone: string; queues: QueueDirectory }) {
  const { timezone } = deps;

  /** Each queue's days [from, to). */
  async function days(
    queueIds: readonly string[],
    from: string,
    to: string,
    intervalMinutes: number,
    kindOf: (date: string) => DayKind,
  ): Promise<Map<string, HistoryDayCounts[]>> {
    const quarters =
      to > from
        ? await deps.workload.history({
            queueIds,
            from: zonedInstant(timezone, `${from}T00:00:00`),
            to: zonedInstant(timezone, `${to}T00:00:00`),
          })
        : [];
    const starts = dayStarts(timezone, from, to);
    const byQueue = new Map<string, typeof quarters>();
    for (const q of quarters) {
      const list = byQueue.get(q.queueId) ?? [];
      list.push(q);
      byQueue.set(q.queueId, list);
    }
    return new Map(
      queueIds.map((id) => [id, historyDays({ quarters: byQueue.get(id) ?? [], starts, intervalMinutes, kindOf })]),
    );
  }

  return {
    days,

    /** GET /api/v1/wfm/history: one queue's days, with its callers' patience over the range. */
    async queue(q: { queueId: string; from: string; to: string; intervalMinutes: 15 | 30 }): Promise<QueueHistory> {
      if (!deps.queues().some((x) => x.id === q.queueId)) throw queueNotFound(q.queueId, 'queueId');
      if (q.to <= q.from || addDays(q.from, MAX_DAYS) < q.to) {
        throw historyRange(`to must be after from, at most ${MAX_DAYS} days later`);
      }
      const [list, waiting] = await Promise.all([
        days([q.queueId], q.from, q.to, q.intervalMinutes, () => 'normal'),
        deps.workload.waiting({
          queueId: q.queueId,
          from: zonedInstant(timezone, `${q.from}T00:00:00`),
          to: zonedInstant(timezone, `${q.to}T00:00:00`),
        }),
      ]);
      return {
        queueId: q.queueId,
        intervalMinutes: q.intervalMinutes,
        days: (list.get(q.queueId) ?? []).map((d) => ({
          date: d.date,
          weekday: d.weekday,
          calls: d.calls,
          ahtSeconds: d.handleSeconds.map((s, i) => (d.handled[i]! > 0 ? s / d.handled[i]! : null)),
        })),
        offered: waiting.offered,
        abandoned: waiting.abandoned,
        patienceSeconds: waiting.abandoned > 0 ? waiting.waitMs / 1000 / waiting.abandoned : null,
      };
    },
  };
}
export type QueueHistories = ReturnType<typeof createQueueHistories>;
