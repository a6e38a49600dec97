import type { AgentRules, ShiftTemplate, ShiftTemplateValues, WfmAgent } from '../../../../contracts/wfm-schedules';
import type { Actor, AuditLog } from '../../platform/audit';
import type { EventBus } from '../../platform/bus';
import type { Clock } from '../../platform/clock';
import { type Database, isUniqueViolation } from '../../platform/db';
import { AppError } from '../../platform/errors';
import type { IdGenerator } from '../../platform/ids';
import type { RoutingService } from '../routing';
import type {
  BreakRule,
  DayAvailability,
  ScheduleAgent,
  ShiftTemplate as SolverTemplate,
  Weekday,
} from './domain/schedule-types';
import { agentNotFound, templateNotFound } from './wfm.errors';
import type { SchedulesRepo, TemplateRow } from './wfm.schedules.repo';

export type ScheduleSetupDeps = {
  db: Database;
  repo: SchedulesRepo;
  bus: EventBus;
  audit: AuditLog;
  clock: Clock;
  ids: IdGenerator;
  routing: Pick<RoutingService, 'listAgentRouting'>;
};

export function toTemplate(r: TemplateRow): ShiftTemplate {
  return { id: r.id, name: r.name, ...r.definition, active: r.active, updatedAt: r.updatedAt.toISOString() };
}

/** A stored template as the solver takes it. */
export function solverTemplate(r: TemplateRow): SolverTemplate {
  const d = r.definition;
  return {
    id: r.id,
    name: r.name,
    startWindows: d.startWindows,
    lengthsMinutes: d.lengthsMinutes,
    breaks: d.breaks as BreakRule[],
    weekdays: d.weekdays as SolverTemplate['weekdays'],
    partTime: d.partTime,
    costPerPaidHour: d.costPerPaidHour,
  };
}

/** An agent's stored rules as the solver takes them. */
export function solverAgent(userId: string, rules: AgentRules, skills: string[]): ScheduleAgent {
  const availability: ScheduleAgent['availability'] = {};
  for (const [day, a] of Object.entries(rules.availability)) {
    if (a) availability[Number(day) as 1] = a as DayAvailability;
  }
  const daysOff =
    rules.maxWorkDays !== null || rules.minConsecutiveDaysOff !== null
      ? {
          ...(rules.maxWorkDays !== null ? { maxWorkDays: rules.maxWorkDays } : {}),
          ...(rules.minConsecutiveDaysOff !== null ? { minConsecutiveDaysOff: rules.minConsecutiveDaysOff } : {}),
        }
      : undefined;
  return {
    id: userId,
    templateIds: rules.templateIds,
    availability,
    minWeeklyMinutes: rules.minWeeklyMinutes,
    maxWeeklyMinutes: rules.maxWeeklyMinutes,
    skills,
    ...(daysOff ? { daysOff } : {}),
    preferences: {
      daysOff: rules.preferredDaysOff as Weekday[],
      ...(rules.preferredStartEarliest !== null ? { startEarliest: rules.preferredStartEarliest } : {}),
      ...(rules.preferredStartLatest !== null ? { startLatest: rules.preferredStartLatest } : {}),
    },
  };
}

const uniqueName = (err: unknown) =>
  isUniqueViolation(err)
    ? new AppError('WFM.TEMPLATE_NAME_TAKEN', 'A shift template with this name exists', {
        fields: [{ location: 'body', path: 'name', message: 'already used by another template' }],
      })
    : err;

/**
 * What a schedule is made from (排班设置): shift templates and each agent's rules. Agents are the
 * ACD's (those with routing), with their skills; rules are kept here.
 */
export function createScheduleSetup(deps: ScheduleSetupDeps) {
  const { db, repo, bus, audit, clock, ids } = deps;

  async function agents(): Promise<WfmAgent[]> {
    const routed = await deps.routing.listAgentRouting();
    const rules = new Map((await repo.agentRules(db)).map((r) => [r.userId, r.rules]));
    return routed.map((a) => ({
      userId: a.userId,
      displayName: a.displayName,
      username: a.username,
      teamId: a.teamId,
      skills: a.skills.map((s) => s.skill),
      rules: rules.get(a.userId) ?? null,
    }));
  }

  return {
    async listTemplates(): Promise<ShiftTemplate[]> {
      return (await repo.templates(db)).map(toTemplate);
    },
    async createTemplate(body: ShiftTemplateValues, actor: Actor): Promise<ShiftTemplate> {
      const now = clock.now();
      const { name, active, ...definition } = body;
      const row: TemplateRow = { id: ids.next(), name, definition, active, createdAt: now, updatedAt: now };
      await bus
        .transaction(async (tx) => {
          await repo.insertTemplate(tx, row);
          await audit.append(tx, actor, {
            action: 'wfm.shift_template.created',
            entityType: 'shift_template',
            entityId: row.id,
            details: { name },
          });
        })
        .catch((err) => {
          throw uniqueName(err);
        });
      return toTemplate(row);
    },
    async updateTemplate(id: string, body: ShiftTemplateValues, actor: Actor): Promise<ShiftTemplate> {
      const { name, active, ...definition } = body;
      const row = await bus
        .transaction(async (tx) => {
          const updated = await repo.updateTemplate(tx, id, { name, active, definition, updatedAt: clock.now() });
          if (!updated) throw templateNotFound(id);
          await audit.append(tx, actor, {
            action: 'wfm.shift_template.updated',
            entityType: 'shift_template',
            entityId: id,
            details: { name, active },
          });
          return updated;
        })
        .catch((err) => {
          throw uniqueName(err);
        });
      return toTemplate(row);
    },
    agents,
    async putAgentRules(userId: string, body: AgentRules, actor: Actor): Promise<WfmAgent> {
      const agent = (await agents()).find((a) => a.userId === userId);
      if (!agent) throw agentNotFound(userId);
      const known = new Set((await repo.templates(db, body.templateIds)).map((t) => t.id));
      const missing = body.templateIds.findIndex((t) => !known.has(t));
      if (missing >= 0) {
        throw new AppError('WFM.TEMPLATE_NOT_FOUND', `No shift template ${body.templateIds[missing]}`, {
          fields: [{ location: 'body', path: `templateIds.${missing}`, message: 'no such shift template' }],
        });
      }
      await bus.transaction(async (tx) => {
        await repo.upsertAgentRules(tx, {
          userId,
          rules: body,
          updatedBy: actor.userId ?? userId,
          updatedAt: clock.now(),
        });
        await audit.append(tx, actor, {
          action: 'wfm.agent_rules.updated',
          entityType: 'user',
          entityId: userId,
          details: {
            templates: body.templateIds.length,
            minWeeklyMinutes: body.minWeeklyMinutes,
            maxWeeklyMinutes: body.maxWeeklyMinutes,
          },
        });
      });
      return { ...agent, rules: body };
    },
  };
}
export type ScheduleSetup = ReturnType<typeof createScheduleSetup>;
