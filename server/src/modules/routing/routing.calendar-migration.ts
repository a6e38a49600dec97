import { createHash } from 'node:crypto';
import type { CalendarBody, WeeklyHours } from '../../../../contracts/calendars';
import type { BusinessHours } from '../../../../contracts/routing';
import { systemActor } from '../../platform/audit';
import type { Logger } from '../../platform/logger';
import type { CalendarsService } from '../calendars';
import type { RoutingService } from './routing.service';

/** A queue's weekly businessHours as a calendar's weekly ranges ('HH:MM-HH:MM' per ISO weekday). */
export function weeklyOf(hours: NonNullable<BusinessHours>): WeeklyHours {
  const weekly: Record<string, string[]> = {};
  for (const h of hours) weekly[String(h.day)] = [...(weekly[String(h.day)] ?? []), `${h.open}-${h.close}`];
  for (const ranges of Object.values(weekly)) ranges.sort();
  return weekly as WeeklyHours;
}

/**
 * Moves queues' weekly businessHours into calendars, once: one calendar per distinct definition (in
 * the center's time zone), named by its content so a rerun finds it, set as the queue's calendarId.
 * businessHours stay as the fallback. Hours the calendar rules refuse (overlapping ranges) stay inline.
 */
export async function migrateQueueHours(deps: {
  routing: Pick<RoutingService, 'listQueues' | 'updateQueue'>;
  calendars: Pick<CalendarsService, 'findByName' | 'create'>;
  timezone: string;
  log: Pick<Logger, 'warn'>;
}): Promise<number> {
  let moved = 0;
  for (const q of deps.routing.listQueues()) {
    if (q.calendarId || !q.businessHours?.length) continue;
    const body: Omit<CalendarBody, 'name'> = { timeZone: deps.timezone, weekly: weeklyOf(q.businessHours) };
    const name = `队列营业时间 ${createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 8)}`;
    try {
      const calendar =
        (await deps.calendars.findByName(name)) ??
        (await deps.calendars.create(
          { ...body, name, description: `由队列 ${q.key} 的营业时间迁移而来` },
          systemActor,
        ));
      await deps.routing.updateQueue(q.key, { calendarId: calendar.id }, systemActor);
      moved++;
    } catch (err) {
      deps.log.warn({ err, queue: q.key }, 'routing: queue business hours not moved to a calendar');
    }
  }
  return moved;
}
