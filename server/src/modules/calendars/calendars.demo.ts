import type { CalendarBody, CalendarDay } from '../../../../contracts/calendars';
import type { DemoContext } from '../../platform/module';
import { nationalDays } from './calendars.import';
import type { CalendarsService } from './calendars.service';

const OFFICE = ['08:30-12:00', '13:30-18:00'];
const ALL_DAY = ['00:00-24:00'];

/** The years whose national schedule the demo loads (those chinese-days knows). */
const DEMO_YEARS = [2026, 2027];

/**
 * The demo's calendars: head office hours (总部服务时间) with China's holidays and 调休 days, and a
 * 7×24 one. Idempotent: found again by name; `demo.refs` gets `calendars.calendar.office` / `.always`.
 */
export async function seedDemoCalendars(calendars: CalendarsService, demo: DemoContext): Promise<number> {
  const days: CalendarDay[] = DEMO_YEARS.flatMap((y) => nationalDays(y) ?? []);
  const wanted: Array<[string, CalendarBody]> = [
    [
      'office',
      {
        name: '总部服务时间',
        description: '周一至周五 08:30–12:00、13:30–18:00，法定节假日休息，调休上班日照常服务',
        timeZone: 'Asia/Shanghai',
        weekly: { 1: OFFICE, 2: OFFICE, 3: OFFICE, 4: OFFICE, 5: OFFICE },
        days,
      },
    ],
    [
      'always',
      {
        name: '7×24 全天候',
        description: '全年无休',
        timeZone: 'Asia/Shanghai',
        weekly: { 1: ALL_DAY, 2: ALL_DAY, 3: ALL_DAY, 4: ALL_DAY, 5: ALL_DAY, 6: ALL_DAY, 7: ALL_DAY },
      },
    ],
  ];
  let created = 0;
  for (const [key, body] of wanted) {
    let calendar = await calendars.findByName(body.name);
    if (!calendar) {
      calendar = await calendars.create(body, demo.actor);
      created++;
    }
    demo.refs.set(`calendars.calendar.${key}`, calendar.id);
  }
  return created;
}
