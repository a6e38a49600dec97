import { z } from 'zod';
import { LocalDate } from './calendars';

/**
 * Workforce management (排班, issue 17): forecasts and staffing requirements. The Erlang calculators'
 * shapes are in wfm-erlang.ts.
 */

export const FORECAST_METHODS = ['seasonal', 'holt_winters'] as const;
export type ForecastMethod = (typeof FORECAST_METHODS)[number];

export const INTERVAL_MINUTES = [15, 30] as const;

/** A day of the forecast with a planner's uplift (a campaign, a bill run): +20 % is 1.2. */
export const SpecialDay = z.object({
  date: LocalDate,
  uplift: z.number().min(0).max(10),
  name: z.string().trim().max(100).default(''),
});
export type SpecialDay = z.infer<typeof SpecialDay>;

export const CreateForecastBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    queueIds: z.array(z.uuid()).min(1).max(50),
    /** The first forecast day, in the centre's time zone. */
    startDate: LocalDate,
    days: z.int().min(1).max(42).default(7),
    intervalMinutes: z.union([z.literal(15), z.literal(30)]).default(30),
    /** Weeks of history before the start (or before today, whichever is earlier) to learn from. */
    historyWeeks: z.int().min(1).max(104).default(12),
    /** Weeks at the end of the history held out to score each method (the backtest). */
    holdoutWeeks: z.int().min(1).max(4).default(2),
    /** Forced method; by default the one with the lower backtest error per queue. */
    method: z.enum(['auto', ...FORECAST_METHODS]).default('auto'),
    /** Holidays and 调休 days: left out of training, forecast as such. */
    calendarId: z.uuid().nullable().default(null),
    specialDays: z.array(SpecialDay).max(100).default([]),
    /** Days of the history not to learn from (an outage, a one-off campaign). */
    excludeDates: z.array(LocalDate).max(366).default([]),
  })
  .strict();
export type CreateForecastBody = z.input<typeof CreateForecastBody>;

/** A planner's change: the factor multiplies the volume of the day (or of its intervals from–to). */
export const ForecastAdjustment = z
  .object({
    date: LocalDate,
    /** One queue, or all of the forecast's. */
    queueId: z.uuid().nullable().default(null),
    /** Intervals of the day, both inclusive (0 is the first from midnight). */
    fromInterval: z.int().min(0).max(95).optional(),
    toInterval: z.int().min(0).max(95).optional(),
    factor: z.number().min(0).max(10),
    note: z.string().trim().max(200).default(''),
  })
  .refine((a) => a.fromInterval === undefined || a.toInterval === undefined || a.fromInterval <= a.toInterval, {
    message: 'fromInterval after toInterval',
    path: ['toInterval'],
  });
export type ForecastAdjustment = z.infer<typeof ForecastAdjustment>;

export const AdjustForecastBody = z
  .object({ adjustments: z.array(ForecastAdjustment).max(200), note: z.string().trim().max(200).default('') })
  .strict();

export const BacktestScore = z.object({
  /** Σ|actual − forecast| ÷ Σ actual over the held-out intervals (and over daily totals); null: no volume. */
  wapeInterval: z.number().nullable(),
  wapeDay: z.number().nullable(),
});
export type BacktestScore = z.infer<typeof BacktestScore>;

export const ForecastSeriesDay = z.object({
  date: z.string(),
  calls: z.array(z.number()),
  ahtSeconds: z.array(z.number()),
});
export type ForecastSeriesDay = z.infer<typeof ForecastSeriesDay>;

export const ForecastQueue = z.object({
  queueId: z.uuid(),
  queueName: z.string(),
  /** The method used; null when there was too little history to forecast (see `shortOfHistory`). */
  method: z.enum(FORECAST_METHODS).nullable(),
  /** Why this method: forced by the planner, won the backtest, or the only one the history allows. */
  chosenBy: z.enum(['planner', 'backtest', 'only_method_available']).nullable(),
  /** Too little history: normal days (not holidays, 调休 or special days) needed and found, weekdays missing. */
  shortOfHistory: z
    .object({ requiredDays: z.int(), availableDays: z.int(), missingWeekdays: z.array(z.int()) })
    .nullable(),
  backtest: z.object({ seasonal: BacktestScore.optional(), holt_winters: BacktestScore.optional() }),
  /** Held-out days: what happened and what the chosen method said (the backtest chart). */
  holdout: z.array(z.object({ date: z.string(), actual: z.array(z.number()), forecast: z.array(z.number()) })),
  /** Before the planner's adjustments. */
  base: z.array(ForecastSeriesDay),
  /** After them: what staffing reads. */
  days: z.array(ForecastSeriesDay),
});
export type ForecastQueue = z.infer<typeof ForecastQueue>;

export const ForecastSummary = z.object({
  id: z.uuid(),
  seriesId: z.uuid(),
  version: z.int(),
  name: z.string(),
  queueIds: z.array(z.uuid()),
  startDate: z.string(),
  days: z.int(),
  intervalMinutes: z.int(),
  method: z.enum(['auto', ...FORECAST_METHODS]),
  historyWeeks: z.int(),
  holdoutWeeks: z.int(),
  calendarId: z.uuid().nullable(),
  specialDays: z.array(SpecialDay),
  excludeDates: z.array(z.string()),
  adjustments: z.array(ForecastAdjustment),
  note: z.string(),
  createdBy: z.uuid(),
  createdAt: z.string(),
});
export type ForecastSummary = z.infer<typeof ForecastSummary>;

export const Forecast = ForecastSummary.extend({ queues: z.array(ForecastQueue) });
export type Forecast = z.infer<typeof Forecast>;

/** A forecast against what happened: per queue and day, with the error. */
export const ForecastComparison = z.object({
  forecastId: z.uuid(),
  queues: z.array(
    z.object({
      queueId: z.uuid(),
      queueName: z.string(),
      days: z.array(
        z.object({
          date: z.string(),
          forecast: z.array(z.number()),
          actual: z.array(z.number()),
          wape: z.number().nullable(),
        }),
      ),
      wapeInterval: z.number().nullable(),
      wapeDay: z.number().nullable(),
    }),
  ),
});
export type ForecastComparison = z.infer<typeof ForecastComparison>;

export const REQUIREMENT_MODELS = ['erlang_c', 'erlang_a'] as const;

/** Agents per interval for a whole forecast, with what-if factors. */
export const RequirementsBody = z
  .object({
    forecastId: z.uuid(),
    model: z.enum(REQUIREMENT_MODELS).default('erlang_c'),
    targetServiceLevel: z.number().gt(0).max(1).default(0.8),
    targetAnswerSeconds: z.number().min(0).max(3600).default(20),
    shrinkage: z.number().min(0).lt(1).default(0),
    maxOccupancy: z.number().gt(0).max(1).default(1),
    /** Erlang A: the callers' mean patience; estimated from the queue's history when left out. */
    patienceSeconds: z.number().gt(0).max(86_400).optional(),
    maxAbandonRate: z.number().min(0).max(1).optional(),
    /** What-if: volume and handle time multiplied by these. */
    volumeFactor: z.number().min(0).max(10).default(1),
    ahtFactor: z.number().gt(0).max(10).default(1),
  })
  .strict();
export type RequirementsBody = z.input<typeof RequirementsBody>;

export const RequirementCell = z.object({
  calls: z.number(),
  ahtSeconds: z.number(),
  agents: z.int(),
  serviceLevel: z.number().nullable(),
  /** False when no staffing meets the targets: `agents` is then the search's cap (see wfm-erlang.ts). */
  met: z.boolean(),
});
export type RequirementCell = z.infer<typeof RequirementCell>;

export const Requirements = z.object({
  forecastId: z.uuid(),
  intervalMinutes: z.int(),
  queues: z.array(z.object({ queueId: z.uuid(), queueName: z.string(), patienceSeconds: z.number().nullable() })),
  days: z.array(
    z.object({
      date: z.string(),
      /** Per interval: each queue's cell (queue order as above), their sum and the scheduled agents. */
      intervals: z.array(
        z.object({ start: z.string(), cells: z.array(RequirementCell), agents: z.int(), scheduledAgents: z.int() }),
      ),
      /** Agent-hours to schedule that day (scheduled agents × interval length). */
      scheduledHours: z.number(),
    }),
  ),
  peak: z.object({ agents: z.int(), scheduledAgents: z.int(), at: z.string().nullable() }),
});
export type Requirements = z.infer<typeof Requirements>;

/** One queue's history as local days (the forecast chart's past), and its callers' patience. */
export const HistoryQuery = z
  .object({
    queueId: z.uuid(),
    from: LocalDate,
    /** Exclusive. */
    to: LocalDate,
    intervalMinutes: z.coerce
      .number()
      .pipe(z.union([z.literal(15), z.literal(30)]))
      .default(30),
  })
  .strict();

export const QueueHistory = z.object({
  queueId: z.uuid(),
  intervalMinutes: z.int(),
  days: z.array(
    z.object({
      date: z.string(),
      weekday: z.int(),
      calls: z.array(z.number()),
      /** Null where nothing was handled. */
      ahtSeconds: z.array(z.number().nullable()),
    }),
  ),
  offered: z.int(),
  abandoned: z.int(),
  /** Mean patience (total waiting ÷ abandons); null without abandons. */
  patienceSeconds: z.number().nullable(),
});
export type QueueHistory = z.infer<typeof QueueHistory>;

/** Intraday (当日调整): today against its forecast, the rest of the day re-forecast, and what to do. */
export const IntradayQuery = z
  .object({
    forecastId: z.uuid(),
    /** A day of the forecast; by default today in the centre's time zone. */
    date: LocalDate.optional(),
    targetServiceLevel: z.coerce.number().gt(0).max(1).default(0.8),
    targetAnswerSeconds: z.coerce.number().int().min(0).max(3600).default(20),
    shrinkage: z.coerce.number().min(0).lt(1).default(0),
    maxOccupancy: z.coerce.number().gt(0).max(1).default(1),
  })
  .strict();

export const INTRADAY_SUGGESTIONS = ['cancel_activities', 'offer_overtime', 'offer_time_off'] as const;

export const Intraday = z.object({
  forecastId: z.uuid(),
  date: z.string(),
  intervalMinutes: z.int(),
  now: z.string(),
  /** Intervals of the day that have ended (the re-forecast starts after them). */
  elapsedIntervals: z.int(),
  queues: z.array(
    z.object({
      queueId: z.uuid(),
      queueName: z.string(),
      /** Arrivals so far ÷ forecast so far, damped toward 1 while little has happened (see docs/wfm.md). */
      ratio: z.number(),
      forecast: z.array(z.number()),
      /** Null for intervals still to come. */
      actual: z.array(z.number().nullable()),
      /** The ended intervals as they happened, the rest as forecast × ratio. */
      reforecast: z.array(z.number()),
    }),
  ),
  intervals: z.array(
    z.object({
      start: z.string(),
      forecastCalls: z.number(),
      actualCalls: z.number().nullable(),
      reforecastCalls: z.number(),
      /** Agents on the phones needed by the re-forecast (Erlang C, summed over queues), and with shrinkage. */
      required: z.int(),
      requiredScheduled: z.int(),
      /** Agents logged in on average (ended and current intervals; null for those to come). */
      loggedIn: z.number().nullable(),
      /** Agents the published schedule has working (breaks out, leave excluded); 0 without one. */
      scheduled: z.number(),
    }),
  ),
  /** Whether a published schedule covers the day: then suggestions judge the rest of the day by it. */
  scheduleKnown: z.boolean(),
  /**
   * Runs of intervals to come where the agents expected — the published schedule's, else those logged
   * in now — fall short of, or exceed, the requirement.
   */
  suggestions: z.array(
    z.object({
      kind: z.enum(INTRADAY_SUGGESTIONS),
      from: z.string(),
      to: z.string(),
      /** Agents short (or spare) at the worst interval of the run. */
      agents: z.int(),
    }),
  ),
});
export type Intraday = z.infer<typeof Intraday>;
