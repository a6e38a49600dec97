import type { z } from 'zod';
import type {
  CreateScheduleBody,
  Schedule,
  ScheduleRunResult,
  ScheduleSummary,
  Shift,
} from '../../../../contracts/wfm-schedules';
import type { Actor, AuditLog } from '../../platform/audit';
import type { EventBus } from '../../platform/bus';
import { addDays, weekdayOf, zonedInstant } from '../../platform/calendar';
import type { Clock } from '../../platform/clock';
import type { Database, DbOrTx } from '../../platform/db';
import { AppError } from '../../platform/errors';
import type { IdGenerator } from '../../platform/ids';
import type { Jobs } from '../../platform/jobs';
import type { Logger } from '../../platform/logger';
import type { UsersService } from '../auth';
import { rosterPresence } from './domain/schedule-presence';
import { validateRoster } from './domain/schedule-rules';
import type { RosterShift, ScheduleInput, ScheduleStage, Weekday } from './domain/schedule-types';
import { dateOutOfForecast, scheduleNotFound, scheduleState } from './wfm.errors';
import type { ScheduleSetup } from './wfm.schedule-setup';
import { solverAgent, solverTemplate } from './wfm.schedule-setup';
import { solveInWorker } from './wfm.schedule-solver';
import type { ScheduleRow, SchedulesRepo, ShiftRow } from './wfm.schedules.repo';
import type { Staffing } from './wfm.staffing';

export type CreateScheduleValues = z.output<typeof CreateScheduleBody>;

/** `wfm.schedule.published`: these agents have new shifts (the desktop refreshes "my schedule"). */
export type SchedulePublished = { scheduleId: string; agentIds: string[]; from: string; to: string; at: string };

declare module '../../platform/bus' {
  interface EventMap {
    'wfm.schedule.published': SchedulePublished;
  }
}

export type SchedulesDeps = {
  db: Database;
  repo: SchedulesRepo;
  bus: EventBus;
  audit: AuditLog;
  clock: Clock;
  ids: IdGenerator;
  jobs: Jobs;
  log: Logger;
  timezone: string;
  staffing: Pick<Staffing, 'requirements'>;
  setup: Pick<ScheduleSetup, 'agents'>;
  users: Pick<UsersService, 'profiles'>;
};

const LIST_LIMIT = 50;
const two = (n: number) => String(n).padStart(2, '0');

/** The instant of minute `minute` (may pass 1440) of the local day `date`. */
export function localMinute(tz: string, date: string, minute: number): Date {
  const day = addDays(date, Math.floor(minute / 1440));
  const m = minute % 1440;
  return zonedInstant(tz, `${day}T${two(Math.floor(m / 60))}:${two(m % 60)}:00`);
}

export const rosterShiftOf = (r: ShiftRow): RosterShift => ({
  agentId: r.agentId,
  templateId: r.templateId,
  date: r.date,
  start: r.startMinute,
  lengthMinutes: r.lengthMinutes,
  paidMinutes: r.paidMinutes,
  breaks: r.breaks,
});

function badInput(message: string, path: string, detail: string): AppError {
  return new AppError('WFM.SCHEDULE_INPUT', message, { fields: [{ location: 'body', path, message: detail }] });
}

/**
 * Schedules (排班表): a run builds the solver's input from a forecast's requirement, the templates
 * and the agents' rules, and solves it as a job in a worker thread; the roster is saved as a draft,
 * which a planner publishes (agents then see their shifts) or discards.
 */
export function createSchedules(deps: SchedulesDeps) {
  const { db, repo, bus, audit, clock, ids, jobs, log, timezone } = deps;

  async function names(db: DbOrTx, userIds: string[]) {
    const profiles = await deps.users.profiles(db, [...new Set(userIds)]);
    return new Map(profiles.map((p) => [p.id, p]));
  }
  async function templateNames(db: DbOrTx, templateIds: string[]) {
    return new Map((await repo.templates(db, [...new Set(templateIds)])).map((t) => [t.id, t.name]));
  }

  /** Answer shapes for shifts, with agents' and templates' names. */
  async function shiftViews(db: DbOrTx, rows: ShiftRow[]): Promise<Shift[]> {
    const people = await names(
      db,
      rows.map((r) => r.agentId),
    );
    const templates = await templateNames(
      db,
      rows.map((r) => r.templateId),
    );
    return rows.map((r) => ({
      id: r.id,
      scheduleId: r.scheduleId,
      agentId: r.agentId,
      agentName: people.get(r.agentId)?.displayName ?? '',
      templateId: r.templateId,
      templateName: templates.get(r.templateId) ?? '',
      date: r.date,
      startAt: r.startAt.toISOString(),
      endAt: r.endAt.toISOString(),
      paidMinutes: r.paidMinutes,
      breaks: r.breaks.map((b) => ({
        name: b.name,
        kind: b.kind,
        paid: b.paid,
        startAt: localMinute(timezone, r.date, b.start).toISOString(),
        endAt: localMinute(timezone, r.date, b.start + b.minutes).toISOString(),
      })),
      state: r.state as Shift['state'],
    }));
  }

  function summary(r: ScheduleRow, counts: { shiftCount: number; agentCount: number }): ScheduleSummary {
    return {
      id: r.id,
      name: r.name,
      forecastId: r.forecastId,
      startDate: r.startDate,
      days: r.days,
      intervalMinutes: r.intervalMinutes,
      state: r.state as ScheduleSummary['state'],
      ...counts,
      gap: r.gap,
      underAgentHours: r.underAgentHours,
      overAgentHours: r.overAgentHours,
      createdBy: r.createdBy,
      createdAt: r.createdAt.toISOString(),
      publishedAt: r.publishedAt?.toISOString() ?? null,
    };
  }

  /** The solver's input: the requirement of the chosen days, the templates, the agents' rules and last week. */
  async function buildInput(body: CreateScheduleValues): Promise<{ input: ScheduleInput; forecastId: string }> {
    const req = await deps.staffing.requirements(body.requirement);
    const first = body.startDate ?? req.days[0]?.date;
    const from = req.days.findIndex((d) => d.date === first);
    if (!first || from < 0) throw dateOutOfForecast(first ?? '', 'startDate');
    // The forecast may end before `days` do: the run covers the days it has.
    const chosen = req.days.slice(from, from + body.days);
    const perDay = 1440 / req.intervalMinutes;
    if (chosen.some((d) => d.intervals.length !== perDay)) {
      throw badInput('The forecast does not cover whole days', 'requirement.forecastId', 'days must be whole');
    }

    const allTemplates = await repo.templates(db, body.templateIds);
    if (body.templateIds) {
      const known = new Set(allTemplates.map((t) => t.id));
      const i = body.templateIds.findIndex((t) => !known.has(t));
      if (i >= 0) throw badInput(`No shift template ${body.templateIds[i]}`, `templateIds.${i}`, 'no such template');
    }
    const templates = body.templateIds ? allTemplates : allTemplates.filter((t) => t.active);
    if (!templates.length) throw badInput('No active shift template', 'templateIds', 'create a shift template first');
    const templateIds = new Set(templates.map((t) => t.id));

    const everyone = await deps.setup.agents();
    let agents = everyone.filter((a) => a.rules);
    if (body.agentIds) {
      const byId = new Map(everyone.map((a) => [a.userId, a]));
      body.agentIds.forEach((id, i) => {
        const a = byId.get(id);
        if (!a) throw badInput(`No agent ${id} in the ACD`, `agentIds.${i}`, 'not an agent');
        if (!a.rules)
          throw badInput(`${a.displayName} has no scheduling rules`, `agentIds.${i}`, 'no scheduling rules');
      });
      const wanted = new Set(body.agentIds);
      agents = agents.filter((a) => wanted.has(a.userId));
    }
    if (!agents.length) throw badInput('No agent has scheduling rules', 'agentIds', 'give agents rules first');
    for (const a of agents) {
      if (!a.rules!.templateIds.some((t) => templateIds.has(t))) {
        const path = body.agentIds ? `agentIds.${body.agentIds.indexOf(a.userId)}` : 'templateIds';
        throw badInput(`${a.displayName} may work none of these templates`, path, 'no allowed template');
      }
    }

    // Last week's published shifts: rest before the first shift, and the run of days already worked.
    const start = zonedInstant(timezone, `${first}T00:00:00`);
    const before = await repo.publishedShifts(db, {
      from: new Date(start.getTime() - 8 * 86_400_000),
      to: start,
      agentIds: agents.map((a) => a.userId),
      activeOnly: true,
    });
    const previous = new Map<string, { lastShiftEnd?: number; consecutiveDaysWorked?: number }>();
    for (const a of agents) {
      const mine = before.filter((s) => s.agentId === a.userId);
      const last = mine.at(-1);
      const worked = new Set(mine.map((s) => s.date));
      let run = 0;
      while (worked.has(addDays(first, -(run + 1)))) run++;
      previous.set(a.userId, {
        ...(last ? { lastShiftEnd: Math.round((last.endAt.getTime() - start.getTime()) / 60_000) } : {}),
        consecutiveDaysWorked: run,
      });
    }

    const input: ScheduleInput = {
      horizon: {
        days: chosen.map((d) => ({ date: d.date, weekday: weekdayOf(d.date) as Weekday })),
        intervalMinutes: req.intervalMinutes as 15 | 30,
        required: chosen.map((d) => d.intervals.map((x) => x.scheduledAgents)),
      },
      templates: templates.map(solverTemplate),
      agents: agents.map((a) => {
        const agent = solverAgent(a.userId, a.rules!, a.skills);
        const prev = previous.get(a.userId);
        return {
          ...agent,
          templateIds: agent.templateIds.filter((t) => templateIds.has(t)),
          ...(prev && (prev.lastShiftEnd !== undefined || prev.consecutiveDaysWorked) ? { previous: prev } : {}),
        };
      }),
      rules: {
        minRestMinutes: body.rules.minRestMinutes,
        maxConsecutiveDays: body.rules.maxConsecutiveDays,
        daysOff: { maxWorkDays: body.rules.maxWorkDays, minConsecutiveDaysOff: body.rules.minConsecutiveDaysOff },
      },
    };
    return { input, forecastId: req.forecastId };
  }

  async function solveAndSave(
    body: CreateScheduleValues,
    built: { input: ScheduleInput; forecastId: string },
    actor: Actor,
    jobId: string | null,
    progress: (p: { percent: number; phase: string }) => void,
  ): Promise<ScheduleRunResult> {
    const { input } = built;
    const started = performance.now();
    let stage: ScheduleStage | 'starting' = 'starting';
    // The solver's stages take unequal shares of its budget: the elapsed share of the budget is the
    // honest figure, with the stage named beside it.
    const report = () => {
      const share = (performance.now() - started) / 1000 / body.timeLimitSeconds;
      progress({ percent: Math.min(95, Math.round(share * 95)), phase: stage });
    };
    const tick = setInterval(report, 1000);
    let outcome: Awaited<ReturnType<typeof solveInWorker>>;
    try {
      outcome = await solveInWorker(input, { timeLimitSeconds: body.timeLimitSeconds }, (s) => {
        stage = s;
        report();
      });
    } finally {
      clearInterval(tick);
    }
    if (outcome.status === 'invalid' || outcome.status === 'no_solution') return outcome;
    if (outcome.status === 'infeasible') {
      const people = await names(
        db,
        outcome.agents.map((a) => a.agentId),
      );
      return {
        status: 'infeasible',
        agents: outcome.agents.map((a) => ({
          agentId: a.agentId,
          agentName: people.get(a.agentId)?.displayName ?? '',
          code: a.code,
          ...a.details,
        })),
      };
    }
    // The roster is checked against every hard rule from the input alone before anyone sees it.
    const violations = validateRoster(input, outcome.roster);
    if (violations.length) {
      log.error({ violations: violations.slice(0, 20) }, 'wfm: the solver broke a rule');
      throw new Error(`the roster breaks ${violations.length} rules (first: ${violations[0]!.code})`);
    }
    progress({ percent: 97, phase: 'saving' });
    const id = ids.next();
    const now = clock.now();
    const row: ScheduleRow = {
      id,
      name: body.name,
      forecastId: built.forecastId,
      startDate: input.horizon.days[0]!.date,
      days: input.horizon.days.length,
      intervalMinutes: input.horizon.intervalMinutes,
      state: 'draft',
      input,
      coverage: input.horizon.days.map((d, i) => ({
        date: d.date,
        required: input.horizon.required[i]!.map((v) => Math.round(v * 1e4) / 1e4),
        scheduled: outcome.coverage.scheduled[i]!,
      })),
      gap: outcome.gap,
      underAgentHours: outcome.coverage.underAgentHours,
      overAgentHours: outcome.coverage.overAgentHours,
      stages: outcome.stages.map((s) => ({
        name: s.name,
        status: s.status,
        seconds: Math.round(s.seconds * 100) / 100,
      })),
      jobId,
      createdBy: actor.userId!,
      createdAt: now,
      publishedAt: null,
      publishedBy: null,
    };
    const shifts: ShiftRow[] = outcome.roster.shifts.map((s) => ({
      id: ids.next(),
      scheduleId: id,
      agentId: s.agentId,
      templateId: s.templateId,
      date: s.date,
      startMinute: s.start,
      lengthMinutes: s.lengthMinutes,
      paidMinutes: s.paidMinutes,
      startAt: localMinute(timezone, s.date, s.start),
      endAt: localMinute(timezone, s.date, s.start + s.lengthMinutes),
      breaks: s.breaks,
      state: 'active',
    }));
    await bus.transaction(async (tx) => {
      await repo.insertSchedule(tx, row, shifts);
      await audit.append(tx, actor, {
        action: 'wfm.schedule.created',
        entityType: 'schedule',
        entityId: id,
        details: {
          name: row.name,
          startDate: row.startDate,
          days: row.days,
          agents: input.agents.length,
          shifts: shifts.length,
          gapPercent: row.gap.gapPercent,
        },
      });
    });
    return { status: 'scheduled', scheduleId: id, gapPercent: outcome.gap.gapPercent };
  }

  return {
    /** Checks the input now (400 at once) and solves it as a job: follow `GET /api/v1/jobs/:id`. */
    async start(body: CreateScheduleValues, actor: Actor): Promise<{ jobId: string }> {
      const built = await buildInput(body);
      const jobId = await jobs.start('wfm.schedule', actor.userId, (job) =>
        solveAndSave(body, built, actor, job.id, (p) => job.progress(p)),
      );
      return { jobId };
    },

    /** Solves at once, without a job (the demo seed; the CLI): still in the worker thread. */
    async runNow(body: CreateScheduleValues, actor: Actor): Promise<ScheduleRunResult> {
      return solveAndSave(body, await buildInput(body), actor, null, () => {});
    },

    async list(): Promise<ScheduleSummary[]> {
      return (await repo.schedules(db, LIST_LIMIT)).map((r) => summary(r, r));
    },

    async get(id: string): Promise<Schedule> {
      const row = await repo.schedule(db, id);
      if (!row || row.state === 'discarded') throw scheduleNotFound(id);
      const shifts = await shiftViews(db, await repo.shiftsOf(db, id));
      const people = await names(
        db,
        row.input.agents.map((a) => a.id),
      );
      const agents = row.input.agents
        .map((a) => ({
          userId: a.id,
          displayName: people.get(a.id)?.displayName ?? '',
          teamId: people.get(a.id)?.teamId ?? null,
        }))
        .sort((p, q) => p.displayName.localeCompare(q.displayName, 'zh-CN'));
      return {
        ...summary(row, { shiftCount: shifts.length, agentCount: new Set(shifts.map((s) => s.agentId)).size }),
        agents,
        shifts,
        coverage: row.coverage,
        stages: row.stages,
      };
    },

    /** Agents see it from now on; it replaces what an earlier publication said about the same days. */
    async publish(id: string, actor: Actor): Promise<ScheduleSummary> {
      return bus.transaction(async (tx) => {
        const row = await repo.schedule(tx, id, true);
        if (!row || row.state === 'discarded') throw scheduleNotFound(id);
        if (row.state !== 'draft') throw scheduleState(row.state, 'draft');
        const now = clock.now();
        const dates = row.coverage.map((d) => d.date);
        const replaced = await repo.replaceShiftsOn(tx, id, dates);
        await repo.setSchedule(tx, id, { state: 'published', publishedAt: now, publishedBy: actor.userId });
        const shifts = await repo.shiftsOf(tx, id);
        const agentIds = [...new Set(shifts.map((s) => s.agentId))];
        await bus.stage(tx, 'wfm.schedule.published', {
          scheduleId: id,
          agentIds,
          from: dates[0]!,
          to: dates.at(-1)!,
          at: now.toISOString(),
        });
        await audit.append(tx, actor, {
          action: 'wfm.schedule.published',
          entityType: 'schedule',
          entityId: id,
          details: { name: row.name, agents: agentIds.length, shifts: shifts.length, replacedShifts: replaced },
        });
        return summary(
          { ...row, state: 'published', publishedAt: now },
          { shiftCount: shifts.length, agentCount: agentIds.length },
        );
      });
    },

    async discard(id: string, actor: Actor): Promise<void> {
      await bus.transaction(async (tx) => {
        const row = await repo.schedule(tx, id, true);
        if (!row || row.state === 'discarded') throw scheduleNotFound(id);
        if (row.state !== 'draft') throw scheduleState(row.state, 'draft');
        await repo.setSchedule(tx, id, { state: 'discarded' });
        await audit.append(tx, actor, {
          action: 'wfm.schedule.discarded',
          entityType: 'schedule',
          entityId: id,
          details: { name: row.name },
        });
      });
    },

    /** Published shifts of some agents (or everyone) starting on the local days [from, to]. */
    async publishedShifts(q: { from: string; to: string; agentIds?: string[] }): Promise<Shift[]> {
      const rows = await repo.publishedShifts(db, {
        from: zonedInstant(timezone, `${q.from}T00:00:00`),
        to: zonedInstant(timezone, `${addDays(q.to, 1)}T00:00:00`),
        ...(q.agentIds ? { agentIds: q.agentIds } : {}),
      });
      return shiftViews(db, rows);
    },
    /** The published shifts of the caller and their team's colleagues (to choose a swap). */
    async teamShifts(userId: string, q: { from: string; to: string }): Promise<Shift[]> {
      const people = await deps.users.profiles(db);
      const teamId = people.find((p) => p.id === userId)?.teamId ?? null;
      const colleagues = people.filter(
        (p) => p.id === userId || (teamId !== null && !p.disabled && p.teamId === teamId),
      );
      return this.publishedShifts({ ...q, agentIds: colleagues.map((p) => p.id) });
    },
    shiftViews: (rows: ShiftRow[]) => shiftViews(db, rows),

    /** Agents the published schedules have working per interval of a local day; null when none covers it. */
    async scheduledOn(date: string, intervalMinutes: number): Promise<number[] | null> {
      const prev = addDays(date, -1);
      const rows = await repo.publishedShifts(db, {
        from: zonedInstant(timezone, `${prev}T00:00:00`),
        to: zonedInstant(timezone, `${addDays(date, 1)}T00:00:00`),
      });
      if (!rows.some((r) => r.date === date)) return null;
      const active = rows.filter((r) => r.state === 'active').map(rosterShiftOf);
      return rosterPresence([prev, date], intervalMinutes, active)[1]!;
    },
  };
}
export type Schedules = ReturnType<typeof createSchedules>;
