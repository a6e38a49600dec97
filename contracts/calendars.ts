import { z } from 'zod';

/**
 * Business calendars (营业日历): weekly hours in a time zone, holidays (法定节假日) and make-up working
 * days (调休). The server's `calendars/domain/business-time.ts` evaluates them; these are the HTTP shapes.
 */

const RANGE = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/;

/** Minutes since midnight of a 'HH:MM-HH:MM' range's ends (end may be 24:00); undefined when malformed. */
export function rangeMinutes(range: string): [number, number] | undefined {
  const m = RANGE.exec(range);
  if (!m) return undefined;
  const [h1, m1, h2, m2] = m.slice(1).map(Number) as [number, number, number, number];
  if (h1 > 23 || m1 > 59 || m2 > 59 || h2 > 24 || (h2 === 24 && m2 !== 0)) return undefined;
  const [start, end] = [h1 * 60 + m1, h2 * 60 + m2];
  return end > start ? [start, end] : undefined;
}

export const TimeRange = z
  .string()
  .max(11)
  .refine((s) => rangeMinutes(s) !== undefined, 'HH:MM-HH:MM, the end after the start (24:00 allowed)');

/** A day's ranges: at most 10 (as the IVR's inline hours), none overlapping. */
export const DayHours = z
  .array(TimeRange)
  .max(10)
  .superRefine((ranges, ctx) => {
    const parsed = ranges.map(rangeMinutes).filter((r) => r !== undefined);
    parsed.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < parsed.length; i++) {
      if (parsed[i]![0] < parsed[i - 1]![1]) ctx.addIssue({ code: 'custom', message: 'ranges overlap' });
    }
  });

export function isRealDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}
export const LocalDate = z.string().max(10).refine(isRealDate, 'a real date, YYYY-MM-DD');

export function isTimeZone(s: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: s });
    return true;
  } catch {
    return false;
  }
}
export const TimeZone = z.string().min(1).max(64).refine(isTimeZone, 'an IANA time zone, e.g. Asia/Shanghai');

/** Working hours per ISO weekday, '1' = Monday … '7' = Sunday; a missing or empty day is closed. */
export const WeeklyHours = z
  .object({ 1: DayHours, 2: DayHours, 3: DayHours, 4: DayHours, 5: DayHours, 6: DayHours, 7: DayHours })
  .partial();
export type WeeklyHours = z.infer<typeof WeeklyHours>;

export const DAY_KINDS = ['holiday', 'workday'] as const;
export type DayKind = (typeof DAY_KINDS)[number];

/** A special date: closed all day (holiday) or a make-up working day (workday, 调休) with optional hours. */
export const CalendarDay = z.object({
  date: LocalDate,
  kind: z.enum(DAY_KINDS),
  name: z.string().trim().min(1).max(100),
  /** A workday's own hours; absent → the calendar's makeUpHours, else Monday's. Holidays have none. */
  hours: DayHours.min(1).nullable().optional(),
});
export type CalendarDay = z.infer<typeof CalendarDay>;

export const Calendar = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  timeZone: z.string(),
  weekly: WeeklyHours,
  makeUpHours: z.array(z.string()).nullable(),
  /** Sorted by date. */
  days: z.array(CalendarDay),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Calendar = z.infer<typeof Calendar>;

export const CalendarSummary = Calendar.omit({ days: true }).extend({
  holidayCount: z.number().int(),
  workdayCount: z.number().int(),
});
export type CalendarSummary = z.infer<typeof CalendarSummary>;

/** Create, or (PUT) replace a calendar whole: what is left out of `days` is removed. */
export const CalendarBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    description: z.string().trim().max(1000).default(''),
    timeZone: TimeZone,
    weekly: WeeklyHours,
    makeUpHours: DayHours.min(1).nullable().optional(),
    days: z.array(CalendarDay).max(2000).default([]),
  })
  .superRefine((body, ctx) => {
    const seen = new Set<string>();
    body.days.forEach((d, i) => {
      if (seen.has(d.date)) ctx.addIssue({ code: 'custom', path: ['days', i, 'date'], message: 'date listed twice' });
      seen.add(d.date);
      if (d.kind === 'holiday' && d.hours?.length) {
        ctx.addIssue({ code: 'custom', path: ['days', i, 'hours'], message: 'a holiday has no hours' });
      }
    });
  });
export type CalendarBody = z.input<typeof CalendarBody>;

/**
 * Import holidays and make-up days: CSV text with a `date,name,kind` header (kind = holiday|workday)
 * or JSON rows of the same three fields. Rows are checked one by one and nothing is written unless
 * every row is valid. Imported dates replace the calendar's entry for that date; `replace` first
 * removes every existing day.
 */
export const ImportDaysBody = z
  .object({
    format: z.enum(['csv', 'json']),
    /** With format csv: the file's text, a `date,name,kind` header first. */
    csv: z.string().min(1).max(200_000).optional(),
    /** With format json: the rows. */
    days: z
      .array(z.object({ date: z.string().max(100), name: z.string().max(1000), kind: z.string().max(100) }))
      .min(1)
      .max(2000)
      .optional(),
    replace: z.boolean().default(false),
  })
  .superRefine((b, ctx) => {
    if (b.format === 'csv' && b.csv === undefined)
      ctx.addIssue({ code: 'custom', path: ['csv'], message: 'the CSV text' });
    if (b.format === 'json' && b.days === undefined)
      ctx.addIssue({ code: 'custom', path: ['days'], message: 'the rows' });
  });
export type ImportDaysBody = z.input<typeof ImportDaysBody>;

/** One bad row of an import (`error.details.rows[]` of CALENDARS.IMPORT_INVALID); rows count from 1. */
export type ImportRowIssue = { row: number; field: 'date' | 'name' | 'kind' | 'row'; message: string };

export const ImportNationalBody = z.object({ year: z.number().int().min(2000).max(2100) });

export const ImportResult = z.object({
  calendar: Calendar,
  holidays: z.number().int(),
  workdays: z.number().int(),
});
export type ImportResult = z.infer<typeof ImportResult>;

export const CheckQuery = z.object({ at: z.iso.datetime({ offset: true }).optional() });
export const CheckResult = z.object({
  at: z.string(),
  open: z.boolean(),
  /** The first open instant at or after `at`, null when none within 400 days. */
  nextOpen: z.string().nullable(),
});

/** At most ten years apart: the count walks the calendar day by day. */
export const MinutesQuery = z
  .object({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) })
  .refine((q) => Math.abs(Date.parse(q.to) - Date.parse(q.from)) <= 3660 * 86_400_000, {
    path: ['to'],
    message: 'at most ten years after from',
  });
export const MinutesResult = z.object({ minutes: z.number() });

/** Whole minutes here (the admin's check); services call the domain with fractions. At most ten years. */
export const AddQuery = z.object({
  from: z.iso.datetime({ offset: true }),
  minutes: z.coerce.number().int().min(0).max(5_256_000),
});
export const AddResult = z.object({ at: z.string() });

/** Who still uses a calendar (a 409 CALENDARS.IN_USE lists them in `error.details.usedBy`). */
export type CalendarUse = { kind: 'ivr_flow' | 'queue' | 'sla_policy'; id: string; name: string };
