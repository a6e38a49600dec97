import type {
  CreateForecastBody,
  Forecast,
  ForecastAdjustment,
  ForecastComparison,
  ForecastMethod,
  ForecastSummary,
} from '../../../../contracts/wfm';
import type { Actor, AuditLog } from '../../platform/audit';
import type { EventBus } from '../../platform/bus';
import { addDays, localDateTimeText, weekdayOf } from '../../platform/calendar';
import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db';
import type { IdGenerator } from '../../platform/ids';
import type { CalendarsService } from '../calendars';
import { compare } from './domain/backtest';
import { applyAdjustments } from './domain/forecast-adjust';
import type { DayKind } from './domain/forecast-day';
import type { HistoryDayCounts } from './domain/history-days';
import { calendarNotFound, dateOutOfForecast, forecastNotFound, intervalOutOfDay, queueNotFound } from './wfm.errors';
import { type ForecastInput, runForecast } from './wfm.forecast-run';
import type { QueueDirectory, QueueHistories } from './wfm.history';
import type { ForecastRow, WfmRepo } from './wfm.repo';

export type ForecastsDeps = {
  db: Database;
  repo: WfmRepo;
  bus: EventBus;
  audit: AuditLog;
  clock: Clock;
  ids: IdGenerator;
  timezone: string;
  histories: Pick<QueueHistories, 'days'>;
  queues: QueueDirectory;
  calendars: Pick<CalendarsService, 'get'>;
};

/** The earlier of two YYYY-MM-DD dates. */
const earlier = (a: string, b: string) => (a <= b ? a : b);

/** The days of the forecast, and how each is treated (the calendar's holidays and 调休, the planner's special days). */
type Kinds = { kindOf: (date: string) => DayKind; upliftOf: (date: string) => number | undefined };

/**
 * Forecasts (人力预测): each queue's volume and handle time per interval, learnt from the reports'
 * history, saved as versions. A forecast's days are local days in the centre's time zone.
 */
export function createForecasts(deps: ForecastsDeps) {
  const { db, repo, bus, audit, clock, ids, timezone } = deps;

  const today = () => localDateTimeText(timezone, clock.now()).slice(0, 10);
  const queueNames = () => new Map(deps.queues().map((q) => [q.id, q.name]));

  async function kinds(
    calendarId: string | null,
    excluded: readonly string[],
    special: CreateForecastBody['specialDays'],
  ): Promise<Kinds> {
    const byDate = new Map<string, DayKind>();
    if (calendarId) {
      const calendar = await deps.calendars.get(calendarId).catch(() => {
        throw calendarNotFound(calendarId);
      });
      for (const d of calendar.days) byDate.set(d.date, d.kind === 'holiday' ? 'holiday' : 'workday');
    }
    for (const d of excluded) byDate.set(d, 'special');
    const uplift = new Map((special ?? []).map((d) => [d.date, d.uplift]));
    return {
      kindOf: (date) => (uplift.has(date) ? 'special' : (byDate.get(date) ?? 'normal')),
      upliftOf: (date) => uplift.get(date),
    };
  }

  function summary(row: ForecastRow): ForecastSummary {
    return {
      id: row.id,
      seriesId: row.seriesId,
      version: row.version,
      name: row.name,
      queueIds: row.queueIds,
      startDate: row.startDate,
      days: row.days,
      intervalMinutes: row.intervalMinutes,
      method: row.method as ForecastSummary['method'],
      historyWeeks: row.historyWeeks,
      holdoutWeeks: row.holdoutWeeks,
      calendarId: row.calendarId,
      specialDays: row.specialDays,
      excludeDates: row.excludeDates,
      adjustments: row.adjustments,
      note: row.note,
      createdBy: row.createdBy,
      createdAt: row.createdAt.toISOString(),
    };
  }

  function view(row: ForecastRow): Forecast {
    const names = queueNames();
    return {
      ...summary(row),
      queues: row.result.map((q) => ({
        ...q,
        queueName: names.get(q.queueId) ?? q.queueId,
        days: applyAdjustments(q.base, row.adjustments, q.queueId),
      })),
    };
  }

  function comparison(days: Forecast['queues'][number]['days'], actual: readonly HistoryDayCounts[]) {
    const c = compare(days, actual);
    return {
      days: c.days.map((d) => ({ date: d.date, forecast: d.forecast, actual: d.actual, wape: d.wape })),
      wapeInterval: c.wapeInterval,
      wapeDay: c.wapeDay,
    };
  }

  async function load(id: string): Promise<ForecastRow> {
    const row = await repo.findForecast(db, id);
    if (!row) throw forecastNotFound(id);
    return row;
  }

  return {
    async create(
      body: CreateForecastBody & { intervalMinutes: number; days: number; historyWeeks: number; holdoutWeeks: number },
      actor: Actor,
    ): Promise<Forecast> {
      const known = queueNames();
      body.queueIds.forEach((id, i) => {
        if (!known.has(id)) throw queueNotFound(id, `queueIds.${i}`);
      });
      const queueIds = [...new Set(body.queueIds)];
      const k = await kinds(body.calendarId ?? null, body.excludeDates ?? [], body.specialDays ?? []);
      // Learn from the weeks before the start, or before today when the start is further out.
      const to = earlier(body.startDate, today());
      const from = addDays(to, -7 * body.historyWeeks);
      const past = await deps.histories.days(queueIds, from, to, body.intervalMinutes, k.kindOf);
      const days = Array.from({ length: body.days }, (_, i) => {
        const date = addDays(body.startDate, i);
        return { date, weekday: weekdayOf(date) as 1, kind: k.kindOf(date), uplift: k.upliftOf(date) };
      });
      const method = (body.method ?? 'auto') as ForecastInput['method'];
      const result = queueIds.map((queueId) =>
        runForecast({
          queueId,
          history: past.get(queueId) ?? [],
          days,
          holdoutWeeks: body.holdoutWeeks,
          intervalsPerDay: 1440 / body.intervalMinutes,
          method,
        }),
      );
      const id = ids.next();
      const row: ForecastRow = {
        id,
        seriesId: id,
        version: 1,
        name: body.name,
        queueIds,
        startDate: body.startDate,
        days: body.days,
        intervalMinutes: body.intervalMinutes,
        method,
        historyWeeks: body.historyWeeks,
        holdoutWeeks: body.holdoutWeeks,
        calendarId: body.calendarId ?? null,
        specialDays: (body.specialDays ?? []).map((d) => ({ date: d.date, uplift: d.uplift, name: d.name ?? '' })),
        excludeDates: body.excludeDates ?? [],
        adjustments: [],
        note: '',
        result,
        createdBy: actor.userId ?? id,
        createdAt: clock.now(),
      };
      await bus.transaction(async (tx) => {
        await repo.insertForecast(tx, row);
        await audit.append(tx, actor, {
          action: 'wfm.forecast.created',
          entityType: 'forecast',
          entityId: id,
          details: {
            name: row.name,
            queues: queueIds.length,
            startDate: row.startDate,
            days: row.days,
            methods: result.map((r) => r.method),
          },
        });
      });
      return view(row);
    },

    /** The next version of the forecast's series: same computed base, these adjustments (the whole list). */
    async adjust(
      id: string,
      body: { adjustments: ForecastAdjustment[]; note?: string },
      actor: Actor,
    ): Promise<Forecast> {
      const base = await load(id);
      const last = addDays(base.startDate, base.days - 1);
      body.adjustments.forEach((a, i) => {
        if (a.date < base.startDate || a.date > last) throw dateOutOfForecast(a.date, `adjustments.${i}.date`);
        if (a.queueId && !base.queueIds.includes(a.queueId)) throw queueNotFound(a.queueId, `adjustments.${i}.queueId`);
        const perDay = 1440 / base.intervalMinutes;
        for (const key of ['fromInterval', 'toInterval'] as const) {
          const v = a[key];
          if (v !== undefined && v >= perDay) throw intervalOutOfDay(v, perDay, `adjustments.${i}.${key}`);
        }
      });
      return bus.transaction(async (tx) => {
        const version = (await repo.lastVersion(tx, base.seriesId)) + 1;
        const row: ForecastRow = {
          ...base,
          id: ids.next(),
          version,
          adjustments: body.adjustments.map((a) => ({ ...a, queueId: a.queueId ?? null, note: a.note ?? '' })),
          note: body.note ?? '',
          createdBy: actor.userId ?? base.createdBy,
          createdAt: clock.now(),
        };
        await repo.insertForecast(tx, row);
        await audit.append(tx, actor, {
          action: 'wfm.forecast.adjusted',
          entityType: 'forecast',
          entityId: row.id,
          details: { seriesId: row.seriesId, version, adjustments: row.adjustments.length },
        });
        return view(row);
      });
    },

    get: async (id: string): Promise<Forecast> => view(await load(id)),

    async list(): Promise<ForecastSummary[]> {
      return (await repo.latestForecasts(db, 200)).map(summary);
    },

    async versions(id: string): Promise<ForecastSummary[]> {
      const row = await load(id);
      return (await repo.versions(db, row.seriesId)).map(summary);
    },

    /** The forecast against what happened, for its days up to yesterday. */
    async compare(id: string): Promise<ForecastComparison> {
      const row = await load(id);
      const f = view(row);
      const end = addDays(row.startDate, row.days);
      const to = earlier(end, today());
      const actual =
        to > row.startDate
          ? await deps.histories.days(row.queueIds, row.startDate, to, row.intervalMinutes, () => 'normal')
          : new Map();
      return {
        forecastId: id,
        queues: f.queues.map((q) => ({
          queueId: q.queueId,
          queueName: q.queueName,
          ...comparison(q.days, actual.get(q.queueId) ?? []),
        })),
      };
    },

    /** The forecast's days, adjusted, for staffing. */
    async forStaffing(id: string): Promise<Forecast> {
      return view(await load(id));
    },
  };
}
export type Forecasts = ReturnType<typeof createForecasts>;
export type { ForecastMethod };
