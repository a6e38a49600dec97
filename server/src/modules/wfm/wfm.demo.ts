import { addDays, localDateTimeText, weekdayOf } from '../../platform/calendar';
import { AppError } from '../../platform/errors';
import type { DemoHistory } from '../../platform/module';
import type { Forecasts } from './wfm.forecasts';
import type { QueueDirectory } from './wfm.history';
import type { ShiftRequests } from './wfm.requests';
import type { ScheduleSetup } from './wfm.schedule-setup';
import type { Schedules } from './wfm.schedules';
import type { Simulations } from './wfm.simulations';

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

export const DEMO_SCHEDULE_NAME = '下周排班（演示）';

/**
 * The demo's schedules: an early and a late shift template, every demo agent on a 32–40 hour
 * contract, next week scheduled against the demo forecast (solved here, in the worker thread, with a
 * short budget) and published, and one leave request waiting for agent05's team lead. Once.
 */
export async function seedDemoSchedule(
  deps: {
    forecasts: Forecasts;
    setup: ScheduleSetup;
    schedules: Schedules;
    requests: ShiftRequests;
    simulations: Simulations;
  },
  history: DemoHistory,
): Promise<void> {
  if ((await deps.schedules.list()).some((s) => s.name === DEMO_SCHEDULE_NAME)) return;
  const forecast = (await deps.forecasts.list()).find((f) => f.name === DEMO_FORECAST_NAME);
  const planner = history.users.get('wfm01');
  if (!forecast || !planner) return;
  const actor = { ...history.actor, userId: planner, name: 'wfm01' };
  const templates = await deps.setup.listTemplates();
  const breaks = [
    { name: '午餐', kind: 'lunch' as const, minutes: 60, paid: false, earliestAfterStart: 180, latestAfterStart: 300 },
    { name: '小休', kind: 'break' as const, minutes: 15, paid: true, earliestAfterStart: 360, latestAfterStart: 450 },
  ];
  const shape = { lengthsMinutes: [540], breaks, weekdays: [1, 2, 3, 4, 5, 6, 7], partTime: false, costPerPaidHour: 1 };
  const ids: string[] = [];
  for (const [name, earliest, latest] of [
    ['早班', 480, 540],
    ['晚班', 720, 780],
  ] as const) {
    const found = templates.find((t) => t.name === name);
    ids.push(
      found?.id ??
        (
          await deps.setup.createTemplate(
            { name, startWindows: [{ earliest, latest, step: 30 }], ...shape, active: true },
            actor,
          )
        ).id,
    );
  }
  const agents = [...history.users].filter(([u]) => /^agent\d+$/.test(u));
  for (const [, userId] of agents) {
    await deps.setup.putAgentRules(
      userId,
      {
        templateIds: ids,
        minWeeklyMinutes: 4 * 480,
        maxWeeklyMinutes: 5 * 480,
        availability: {},
        maxWorkDays: null,
        minConsecutiveDaysOff: null,
        preferredDaysOff: [],
        preferredStartEarliest: null,
        preferredStartLatest: null,
      },
      actor,
    );
  }
  const run = await deps.schedules.runNow(
    {
      name: DEMO_SCHEDULE_NAME,
      requirement: {
        forecastId: forecast.id,
        model: 'erlang_c',
        targetServiceLevel: 0.8,
        targetAnswerSeconds: 20,
        shrinkage: 0,
        maxOccupancy: 0.85,
        volumeFactor: 1,
        ahtFactor: 1,
      },
      days: 7,
      rules: { minRestMinutes: 660, maxConsecutiveDays: 6, maxWorkDays: 5, minConsecutiveDaysOff: 0 },
      timeLimitSeconds: 8,
    },
    actor,
  );
  if (run.status !== 'scheduled') {
    history.progress(`wfm: the demo schedule was not made (${run.status})`);
    return;
  }
  await deps.schedules.publish(run.scheduleId, actor);
  const agent = history.users.get('agent05');
  const shift = agent && (await deps.schedules.get(run.scheduleId)).shifts.find((s) => s.agentId === agent);
  if (agent && shift) {
    await deps.requests.create(
      { kind: 'leave', shiftId: shift.id, reason: '孩子家长会' },
      { ...history.actor, userId: agent, name: 'agent05' },
    );
  }
  // 模拟: the published schedule's first day through the ACD engine, a few replications (seeded, so
  // every demo shows the same figures). A short history (KEFU_DEMO_HISTORY_DAYS) may leave that day
  // without a forecast contact: then there is nothing to simulate, and the demo says so.
  const first = (await deps.schedules.get(run.scheduleId)).startDate;
  let simulations = 0;
  try {
    await deps.simulations.runNow(
      {
        forecastId: forecast.id,
        date: first,
        staffing: { source: 'schedule', scheduleId: run.scheduleId },
        replications: 5,
        seed: 20261214,
        serviceLevelSeconds: 20,
        targetServiceLevel: 0.8,
        patienceSeconds: 120,
        handleDistribution: 'lognormal',
        handleCv: 1,
        wrapUpSeconds: 0,
      },
      actor,
    );
    simulations = 1;
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    history.progress(`wfm: the demo simulation was not run (${err.message})`);
  }
  history.counts.wfm = { ...history.counts.wfm, schedules: 1, simulations, templates: 2, agents: agents.length };
}
