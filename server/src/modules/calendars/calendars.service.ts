import type {
  Calendar,
  CalendarBody,
  CalendarDay,
  CalendarSummary,
  CalendarUse,
  ImportDaysBody,
  ImportResult,
  WeeklyHours,
} from '../../../../contracts/calendars';
import type { Actor, AuditLog } from '../../platform/audit';
import type { EventBus } from '../../platform/bus';
import type { Clock } from '../../platform/clock';
import { type Database, type DbOrTx, isUniqueViolation, type Tx } from '../../platform/db';
import type { IdGenerator } from '../../platform/ids';
import { calendarInUse, calendarNameTaken, calendarNotFound, neverOpens, noNationalData } from './calendars.errors';
import type { CalendarChanged } from './calendars.events';
import { nationalDays, parseImport } from './calendars.import';
import type { CalendarDayRow, CalendarRow, CalendarsRepo } from './calendars.repo';
import { type BusinessTime, businessTime, type CalendarSpec } from './domain/business-time';

/**
 * Who uses calendars: the IVR (business_hours nodes) and routing (queue hours) come after this module
 * in app.ts, so they register a finder here instead of calendars importing them. Called inside the
 * deleting transaction.
 */
export type CalendarUsageFinder = (tx: DbOrTx, calendarId: string) => Promise<CalendarUse[]>;

export type CalendarsDeps = {
  db: Database;
  repo: CalendarsRepo;
  bus: EventBus;
  audit: AuditLog;
  clock: Clock;
  ids: IdGenerator;
};

const WEEKDAYS = ['1', '2', '3', '4', '5', '6', '7'] as const;

function cleanWeekly(weekly: WeeklyHours): CalendarRow['weekly'] {
  const out: CalendarRow['weekly'] = {};
  for (const d of WEEKDAYS) {
    const ranges = weekly[d];
    if (ranges?.length) out[d] = [...ranges].sort();
  }
  return out;
}

function toDay(d: CalendarDayRow | CalendarDay): CalendarDay {
  return { date: d.date, kind: d.kind, name: d.name, ...(d.hours?.length ? { hours: d.hours } : {}) };
}

function toCalendar(row: CalendarRow, days: CalendarDayRow[]): Calendar {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    timeZone: row.timeZone,
    weekly: row.weekly,
    makeUpHours: row.makeUpHours ?? null,
    days: days.map(toDay),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The domain's view of a stored calendar. */
export function specOf(c: Pick<Calendar, 'timeZone' | 'weekly' | 'makeUpHours' | 'days'>): CalendarSpec {
  const weekly: CalendarSpec['weekly'] = {};
  for (const d of WEEKDAYS) weekly[Number(d) as 1] = c.weekly[d] ?? [];
  return {
    timeZone: c.timeZone,
    weekly,
    holidays: c.days.filter((d) => d.kind === 'holiday').map((d) => d.date),
    workdays: c.days
      .filter((d) => d.kind === 'workday')
      .map((d) => ({ date: d.date, ...(d.hours?.length ? { hours: d.hours } : {}) })),
    ...(c.makeUpHours?.length ? { makeUpHours: c.makeUpHours } : {}),
  };
}

/** Business calendars (营业日历): hours, holidays and 调休 days that IVR, queues and SLAs run on. */
export function createCalendarsService(deps: CalendarsDeps) {
  const { db, repo, bus, audit, clock, ids } = deps;
  const finders: CalendarUsageFinder[] = [];
  // Built business time by calendar, checked against updated_at on each use so that a change made
  // through another node is seen too; this node's own changes drop the entry at once.
  const cache = new Map<string, { updatedAt: number; bt: BusinessTime }>();

  async function load(dbx: DbOrTx, id: string, lock = false): Promise<Calendar> {
    const row = await repo.find(dbx, id, lock);
    if (!row) throw calendarNotFound(id);
    return toCalendar(row, await repo.days(dbx, id));
  }

  async function guardName<T>(name: string | undefined, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (name && isUniqueViolation(err)) throw calendarNameTaken(name);
      throw err;
    }
  }

  /** Audits, stages the event and bumps updated_at: every change to a calendar goes through here. */
  async function changed(
    tx: Tx,
    actor: Actor,
    calendar: { id: string; name: string },
    change: CalendarChanged['change'],
    action:
      | 'calendars.calendar.created'
      | 'calendars.calendar.updated'
      | 'calendars.calendar.deleted'
      | 'calendars.calendar.days_imported',
    details: Record<string, unknown>,
  ) {
    if (change === 'updated') await repo.update(tx, calendar.id, { updatedAt: clock.now() });
    await audit.append(tx, actor, { action, entityType: 'calendar', entityId: calendar.id, details });
    await bus.stage(tx, 'calendars.calendar.changed', { calendarId: calendar.id, name: calendar.name, change });
  }

  async function after<T extends { id: string }>(fn: () => Promise<T>): Promise<T> {
    const out = await fn();
    cache.delete(out.id);
    return out;
  }

  function dayRows(days: readonly CalendarDay[]) {
    return days.map((d) => ({ date: d.date, kind: d.kind, name: d.name, hours: d.hours?.length ? d.hours : null }));
  }

  async function importDays(id: string, days: CalendarDay[], replace: boolean, actor: Actor, source: string) {
    const calendar = await after(() =>
      bus.transaction(async (tx) => {
        const before = await load(tx, id, true);
        if (replace) await repo.replaceDays(tx, id, dayRows(days));
        else await repo.upsertDays(tx, id, dayRows(days));
        const holidays = days.filter((d) => d.kind === 'holiday').length;
        await changed(tx, actor, before, 'updated', 'calendars.calendar.days_imported', {
          source,
          replace,
          holidays,
          workdays: days.length - holidays,
        });
        return load(tx, id);
      }),
    );
    const holidays = days.filter((d) => d.kind === 'holiday').length;
    return { calendar, holidays, workdays: days.length - holidays } satisfies ImportResult;
  }

  return {
    async list(): Promise<CalendarSummary[]> {
      const [rows, counts] = await Promise.all([repo.list(db), repo.dayCounts(db)]);
      return rows.map((r) => {
        const { days: _days, ...rest } = toCalendar(r, []);
        const c = counts.get(r.id);
        return { ...rest, holidayCount: c?.holiday ?? 0, workdayCount: c?.workday ?? 0 };
      });
    },

    get: (id: string): Promise<Calendar> => load(db, id),

    /** By name, ignoring case (the demo seed and the inline-hours migration find theirs again). */
    async findByName(name: string): Promise<Calendar | undefined> {
      const row = await repo.findByName(db, name.trim());
      return row ? load(db, row.id) : undefined;
    },

    async exists(dbx: DbOrTx, id: string): Promise<boolean> {
      return !!(await repo.find(dbx, id));
    },

    async create(input: CalendarBody, actor: Actor): Promise<Calendar> {
      return guardName(input.name, () =>
        bus.transaction(async (tx) => {
          const now = clock.now();
          const row = await repo.insert(tx, {
            id: ids.next(),
            name: input.name,
            description: input.description ?? '',
            timeZone: input.timeZone,
            weekly: cleanWeekly(input.weekly),
            makeUpHours: input.makeUpHours?.length ? input.makeUpHours : null,
            createdAt: now,
            updatedAt: now,
          });
          await repo.replaceDays(tx, row.id, dayRows(input.days ?? []));
          const created = await load(tx, row.id);
          await changed(tx, actor, row, 'created', 'calendars.calendar.created', {
            name: row.name,
            timeZone: row.timeZone,
            weekly: row.weekly,
            days: created.days.length,
          });
          return created;
        }),
      );
    },

    /** Replaces the calendar whole (hours, make-up hours and the full list of days). */
    async replace(id: string, input: CalendarBody, actor: Actor): Promise<Calendar> {
      return guardName(input.name, () =>
        after(() =>
          bus.transaction(async (tx) => {
            const before = await load(tx, id, true);
            const fields = {
              name: input.name,
              description: input.description ?? '',
              timeZone: input.timeZone,
              weekly: cleanWeekly(input.weekly),
              makeUpHours: input.makeUpHours?.length ? input.makeUpHours : null,
            };
            await repo.update(tx, id, fields);
            await repo.replaceDays(tx, id, dayRows(input.days ?? []));
            const { days: beforeDays, id: _i, createdAt: _c, updatedAt: _u, ...beforeFields } = before;
            await changed(tx, actor, { id, name: input.name }, 'updated', 'calendars.calendar.updated', {
              before: { ...beforeFields, days: beforeDays.length },
              after: { ...fields, days: input.days?.length ?? 0 },
            });
            return load(tx, id);
          }),
        ),
      );
    },

    /** Refused (409 CALENDARS.IN_USE, listing who) while an IVR flow or a queue uses the calendar. */
    async remove(id: string, actor: Actor): Promise<void> {
      await bus.transaction(async (tx) => {
        const before = await load(tx, id, true);
        const usedBy = (await Promise.all(finders.map((f) => f(tx, id)))).flat();
        if (usedBy.length) throw calendarInUse(id, usedBy);
        await repo.delete(tx, id);
        await changed(tx, actor, before, 'deleted', 'calendars.calendar.deleted', {
          name: before.name,
          timeZone: before.timeZone,
          days: before.days.length,
        });
      });
      cache.delete(id);
    },

    importDays: (id: string, body: ImportDaysBody, actor: Actor) =>
      importDays(id, parseImport(body), body.replace ?? false, actor, body.format),

    /** China's holidays and 调休 days of `year` (chinese-days), merged into the calendar's days. */
    async importNational(id: string, year: number, actor: Actor): Promise<ImportResult> {
      const days = nationalDays(year);
      if (!days) throw noNationalData(year);
      return importDays(id, days, false, actor, `national:${year}`);
    },

    /** The calendar's business time, built once and reused until the calendar changes. */
    async businessTime(id: string): Promise<BusinessTime> {
      const row = await repo.find(db, id);
      if (!row) throw calendarNotFound(id);
      const hit = cache.get(id);
      if (hit && hit.updatedAt === row.updatedAt.getTime()) return hit.bt;
      const bt = businessTime(specOf(toCalendar(row, await repo.days(db, id))));
      cache.set(id, { updatedAt: row.updatedAt.getTime(), bt });
      return bt;
    },

    /** Registers who may use a calendar (see CalendarUsageFinder). */
    registerUsage(finder: CalendarUsageFinder): void {
      finders.push(finder);
    },

    /** addMinutes for the admin's check: a calendar that never opens is a 409, not a crash. */
    addMinutes(bt: BusinessTime, from: Date, minutes: number): Date {
      try {
        return bt.addMinutes(from, minutes);
      } catch (err) {
        if (err instanceof RangeError) throw neverOpens(from);
        throw err;
      }
    },

    now: () => clock.now(),
  };
}
export type CalendarsService = ReturnType<typeof createCalendarsService>;
