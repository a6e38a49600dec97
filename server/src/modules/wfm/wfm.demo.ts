import { addDays, localDateTimeText, weekdayOf } from '../../platform/calendar';
import type { DemoHistory } from '../../platform/module';
import type { Forecasts } from './wfm.forecasts';
import type { QueueDirectory } from './wfm.history';

export const DEMO_FORECAST_NAME = '下周话务预测（演示）';

/**
 * The demo's forecast: next week for every demo queue, learnt from the demo history (two weeks:
 * one trains, one is held out for the backtest), with a planner's +15 % on Monday morning (账单日)
 * saved as version 2. Once: a forecast of that name is kept.
 */
export async function seedDemoForecast(
  deps: { forecasts: Forecasts; queues: QueueDirectory; timezone: string; clock: { now(): Date } },
  history: DemoHistory,
): Promise<void> {
  if ((await deps.forecasts.list()).some((f) => f.name === DEMO_FORECAST_NAME)) return;
  const queueIds = deps.queues().map((q) => q.id);
  if (queueIds.length === 0) return;
  const today = localDateTimeText(deps.timezone, deps.clock.now()).slice(0, 10);
  const monday = addDays(today, 8 - weekdayOf(today));
  const weeks = Math.max(1, Math.floor(history.days / 7));
  const first = await deps.forecasts.create(
    {
      name: DEMO_FORECAST_NAME,
      queueIds: queueIds.slice(0, 50),
      startDate: monday,
      days: 7,
      intervalMinutes: 30,
      historyWeeks: weeks,
      holdoutWeeks: 1,
      method: 'auto',
      calendarId: null,
      specialDays: [],
      excludeDates: [],
    },
    history.actor,
  );
  await deps.forecasts.adjust(
    first.id,
    {
      adjustments: [{ date: monday, queueId: null, fromInterval: 16, toInterval: 23, factor: 1.15, note: '账单日' }],
      note: '账单日上午 +15%',
    },
    history.actor,
  );
  history.counts.wfm = { forecasts: 1 };
}
