import type {
  Cadence,
  CreateReportScheduleBody,
  ReportLanguage,
  ReportPeriod,
  ReportRun,
  ReportSchedule,
  UpdateReportScheduleBody,
} from '../../../../contracts/report-schedules';
import { KpiQuery } from '../../../../contracts/reports';
import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db';
import type { IdGenerator } from '../../platform/ids';
import type { Logger } from '../../platform/logger';
import { createScanner } from '../../platform/scanner';
import type { Mailer } from '../notifications';
import { scheduleNotFound } from './reporting.errors';
import { kpiXlsx } from './reporting.export';
import type { KpiEngine } from './reporting.kpis';
import { latestRunBy, nextRunAt, periodRange, reportSubject } from './reporting.schedules.clock';
import { summaryBodies } from './reporting.schedules.mail';
import type { ScheduleRow, SchedulesRepo } from './reporting.schedules.repo';

/** Who asks: their own schedules, or every one (`routing.manage`, the floor's managers and admins). */
export type ScheduleActor = { userId: string; all: boolean };

export type ScheduleDeps = {
  db: Database;
  repo: SchedulesRepo;
  kpis: KpiEngine;
  mailer: Mailer;
  clock: Clock;
  ids: IdGenerator;
  log: Logger;
  /** The center's zone: a schedule whose query names none runs in it. */
  timezone: string;
  /** The sender's name in subjects (「客服中心日报 …」); default 客服中心 / Contact center. */
  centerName?: string | undefined;
  /** How often the runner looks for due schedules (it also looks once on start). */
  intervalMs?: number;
  /**
   * Whether a user may still have reports sent in their name: enabled and holding `reports.view`
   * (auth's users service). A schedule whose creator lost that is switched off at its next run.
   */
  mayReport(userId: string): Promise<boolean>;
};

const BATCH = 20;
/** A claimed run not recorded by then (its node died) is taken again. */
const LEASE_MS = 10 * 60_000;
/** A failed run is tried again a minute later, at most this many times, then waits for its next run. */
export const MAX_RETRIES = 3;
const RETRY_MS = 60_000;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function toSchedule(r: ScheduleRow): ReportSchedule {
  return {
    id: r.id,
    name: r.name,
    createdBy: r.createdBy,
    recipients: r.recipients,
    language: r.language as ReportLanguage,
    period: r.period as ReportPeriod,
    cadence: r.cadence as Cadence,
    query: r.query as Record<string, unknown>,
    tz: r.tz,
    enabled: r.enabled,
    lastRunAt: r.lastRunAt?.toISOString() ?? null,
    lastStatus: (r.lastStatus as ReportSchedule['lastStatus']) ?? null,
    lastError: r.lastError,
    nextRunAt: r.nextRunAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** lastError of a schedule switched off because its creator was disabled or lost `reports.view`. */
export const CREATOR_NO_ACCESS = 'creator_no_access';

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 1000);

/**
 * Scheduled reports: CRUD, "send now", and the runner — one timer that every minute claims the due
 * schedules (SKIP LOCKED, leased), runs the KPI report of each one's period, mails it with the XLSX
 * attached and records the run and the next one. Missed runs while down are run once at start-up.
 */
export function createReportSchedules(deps: ScheduleDeps) {
  const { db, repo, clock, log } = deps;

  const centerOf = (lang: ReportLanguage) => deps.centerName ?? (lang === 'zh-CN' ? '客服中心' : 'Contact center');

  async function visible(id: string, who: ScheduleActor): Promise<ScheduleRow> {
    const r = await repo.find(db, id);
    // Another user's schedule is as absent as a missing one to someone who may not manage it.
    if (!r || (!who.all && r.createdBy !== who.userId)) throw scheduleNotFound(id);
    return r;
  }

  /** Runs one schedule's report for the period before `at` and mails it; never throws. */
  async function execute(r: ScheduleRow, at: Date): Promise<ReportRun> {
    const lang = r.language as ReportLanguage;
    const period = r.period as ReportPeriod;
    const range = periodRange(period, r.tz, at);
    const subject = reportSubject(period, lang, range, centerOf(lang));
    try {
      const query = KpiQuery.parse({ ...(r.query as object), from: range.from, to: range.to, tz: r.tz, lang });
      const report = await deps.kpis.report(query);
      const xlsx = await kpiXlsx(report, lang);
      const { text, html } = summaryBodies(report.total, lang, subject, range.label);
      await deps.mailer.send({
        to: r.recipients.join(', '),
        subject,
        text,
        html,
        attachments: [
          { filename: `${subject.replace(/[\\/:*?"<>|\s]+/g, '_')}.xlsx`, content: xlsx, contentType: XLSX_TYPE },
        ],
      });
      return { status: 'sent', from: range.from, to: range.to, subject, error: null };
    } catch (err) {
      log.warn({ err, scheduleId: r.id }, 'scheduled report not sent');
      return { status: 'failed', from: range.from, to: range.to, subject, error: errorText(err) };
    }
  }

  /**
   * A claimed run: its range is the run it serves — a retry reports what the first attempt would
   * have, runs missed while down are one run, the latest.
   */
  async function runClaimed(r: ScheduleRow, now: Date): Promise<void> {
    // Mails go out in the creator's name: nothing once they may no longer read the reports.
    if (!(await deps.mayReport(r.createdBy))) {
      await repo.update(db, r.id, {
        enabled: false,
        nextRunAt: null,
        lastRunAt: clock.now(),
        lastStatus: 'failed',
        lastError: CREATOR_NO_ACCESS,
        failures: 0,
        retrySlotAt: null,
        updatedAt: clock.now(),
      });
      log.warn(
        { scheduleId: r.id, createdBy: r.createdBy },
        'scheduled report switched off: its creator has no access',
      );
      return;
    }
    const slot = r.retrySlotAt ?? latestRunBy(r.cadence as Cadence, r.tz, r.nextRunAt ?? now, now);
    const run = await execute(r, slot);
    await db.transaction(async (tx) => {
      // The schedule as it is now: an edit or a delete while the run was under way wins.
      const fresh = await repo.lock(tx, r.id);
      if (!fresh) return;
      const now = clock.now();
      const regular = () => (fresh.enabled ? nextRunAt(fresh.cadence as Cadence, fresh.tz, now) : null);
      const failures = run.status === 'failed' ? r.failures + 1 : 0;
      const retry = run.status === 'failed' && failures <= MAX_RETRIES && fresh.enabled;
      await repo.update(tx, r.id, {
        lastRunAt: now,
        lastStatus: run.status,
        lastError: run.error,
        failures: retry ? failures : 0,
        retrySlotAt: retry ? slot : null,
        nextRunAt: retry ? new Date(now.getTime() + RETRY_MS) : regular(),
      });
    });
  }

  async function batch(): Promise<number> {
    const now = clock.now();
    const claimed = await db.transaction((tx) => repo.claimDue(tx, now, BATCH, new Date(now.getTime() + LEASE_MS)));
    for (const r of claimed) await runClaimed(r, now);
    return claimed.length;
  }

  const scanner = createScanner({
    what: 'scheduled reports',
    batchSize: BATCH,
    intervalMs: deps.intervalMs ?? 60_000,
    batch,
    log,
  });

  return {
    scan: scanner.scan,
    async list(who: ScheduleActor): Promise<ReportSchedule[]> {
      return (await repo.list(db, who.all ? undefined : who.userId)).map(toSchedule);
    },
    async get(id: string, who: ScheduleActor): Promise<ReportSchedule> {
      return toSchedule(await visible(id, who));
    },
    async create(body: CreateReportScheduleBody, who: ScheduleActor): Promise<ReportSchedule> {
      const now = clock.now();
      const tz = body.query.tz ?? deps.timezone;
      const r = await repo.insert(db, {
        id: deps.ids.next(),
        name: body.name,
        createdBy: who.userId,
        recipients: body.recipients,
        language: body.language,
        query: body.query,
        tz,
        period: body.period,
        cadence: body.cadence,
        enabled: body.enabled,
        nextRunAt: body.enabled ? nextRunAt(body.cadence, tz, now) : null,
        failures: 0,
        createdAt: now,
        updatedAt: now,
      });
      return toSchedule(r);
    },
    async update(id: string, body: UpdateReportScheduleBody, who: ScheduleActor): Promise<ReportSchedule> {
      await visible(id, who);
      const r = await db.transaction(async (tx) => {
        const before = await repo.lock(tx, id);
        if (!before) throw scheduleNotFound(id);
        const now = clock.now();
        const query = body.query ?? (before.query as CreateReportScheduleBody['query']);
        const tz = query.tz ?? (body.query ? deps.timezone : before.tz);
        const cadence = body.cadence ?? (before.cadence as Cadence);
        const enabled = body.enabled ?? before.enabled;
        // A new timing (or a schedule switched back on) starts afresh from now.
        const retimed =
          body.cadence !== undefined ||
          tz !== before.tz ||
          enabled !== before.enabled ||
          (enabled && !before.nextRunAt);
        return repo.update(tx, id, {
          ...(body.name !== undefined ? { name: body.name } : {}),
          ...(body.recipients !== undefined ? { recipients: body.recipients } : {}),
          ...(body.language !== undefined ? { language: body.language } : {}),
          ...(body.period !== undefined ? { period: body.period } : {}),
          ...(body.query !== undefined ? { query } : {}),
          cadence,
          tz,
          enabled,
          ...(retimed
            ? { nextRunAt: enabled ? nextRunAt(cadence, tz, now) : null, failures: 0, retrySlotAt: null }
            : {}),
          updatedAt: now,
        });
      });
      return toSchedule(r!);
    },
    async remove(id: string, who: ScheduleActor): Promise<void> {
      await visible(id, who);
      await repo.delete(db, id);
    },
    /** Sends the report of the period before now, at once (a test of the settings); the timing is untouched. */
    async runNow(id: string, who: ScheduleActor): Promise<ReportRun> {
      const r = await visible(id, who);
      const run = await execute(r, clock.now());
      await repo.update(db, id, { lastRunAt: clock.now(), lastStatus: run.status, lastError: run.error });
      return run;
    },
    start: scanner.start,
    stop: scanner.stop,
  };
}
export type ReportSchedules = ReturnType<typeof createReportSchedules>;
