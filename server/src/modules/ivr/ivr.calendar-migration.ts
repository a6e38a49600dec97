import { createHash } from 'node:crypto';
import type { CalendarBody, CalendarDay } from '../../../../contracts/calendars';
import { FlowDefinition, type IvrNodeOf, WEEKDAYS } from '../../../../contracts/ivr';
import { type AuditLog, systemActor } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db';
import type { Logger } from '../../platform/logger';
import type { CalendarsService } from '../calendars';
import { DEFAULT_TIMEZONE } from './domain/business-hours';
import type { IvrRepo } from './ivr.repo';

type Deps = {
  db: Database;
  repo: IvrRepo;
  audit: AuditLog;
  clock: Clock;
  log: Pick<Logger, 'warn'>;
  calendars: Pick<CalendarsService, 'findByName' | 'create'>;
};

/** A business_hours node's inline hours as a calendar (a date both holiday and workday stays a holiday, as inline). */
export function calendarOfNode(node: IvrNodeOf<'business_hours'>): Omit<CalendarBody, 'name'> {
  const weekly: CalendarBody['weekly'] = {};
  WEEKDAYS.forEach((d, i) => {
    if (node.weekly[d].length) weekly[String(i + 1) as '1'] = [...node.weekly[d]];
  });
  const holidays = new Set(node.holidays);
  const days: CalendarDay[] = [
    ...[...holidays].map((date) => ({ date, kind: 'holiday' as const, name: '节假日' })),
    ...[...new Set(node.workdays)]
      .filter((d) => !holidays.has(d))
      .map((date) => ({ date, kind: 'workday' as const, name: '调休' })),
  ].sort((a, b) => a.date.localeCompare(b.date));
  return {
    timeZone: node.timezone ?? DEFAULT_TIMEZONE,
    weekly,
    makeUpHours: node.workdayHours?.length ? node.workdayHours : null,
    days,
  };
}

/**
 * Moves the inline hours of flow drafts into calendars, once: each distinct definition becomes one
 * calendar named by its content ("导航营业时间 1a2b3c4d", so a rerun or a second node with the same
 * hours finds it), and the node gets its calendarId. The inline hours stay in the node as the
 * fallback; published versions are never rewritten and keep evaluating their inline hours.
 * Returns how many nodes it moved.
 */
export async function migrateInlineHours(deps: Deps): Promise<number> {
  const { db, repo, audit, clock, log, calendars } = deps;
  let moved = 0;
  for (const flow of await repo.list(db)) {
    const parsed = FlowDefinition.safeParse(flow.draft);
    if (!parsed.success) continue;
    const nodes = { ...parsed.data.nodes };
    const adopted: Array<{ node: string; calendarId: string }> = [];
    for (const [id, node] of Object.entries(nodes)) {
      if (node.type !== 'business_hours' || node.calendarId) continue;
      const body = calendarOfNode(node);
      const hash = createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 8);
      const name = `导航营业时间 ${hash}`;
      try {
        const calendar =
          (await calendars.findByName(name)) ??
          (await calendars.create(
            { ...body, name, description: `由语音导航流程 ${flow.key} 节点 ${id} 的营业时间迁移而来` },
            systemActor,
          ));
        nodes[id] = { ...node, calendarId: calendar.id };
        adopted.push({ node: id, calendarId: calendar.id });
      } catch (err) {
        // Hours the calendar rules refuse (overlapping ranges): the node keeps its inline hours.
        log.warn({ err, flowId: flow.id, node: id }, 'IVR: inline business hours not moved to a calendar');
      }
    }
    if (!adopted.length) continue;
    await db.transaction(async (tx) => {
      await repo.update(tx, flow.id, { draft: { ...(flow.draft as object), nodes }, updatedAt: clock.now() });
      await audit.append(tx, systemActor, {
        action: 'ivr.flow.updated',
        entityType: 'ivr_flow',
        entityId: flow.id,
        details: { calendarsAdopted: adopted },
      });
    });
    moved += adopted.length;
  }
  return moved;
}
