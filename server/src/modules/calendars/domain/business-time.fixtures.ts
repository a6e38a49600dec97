import type { CalendarSpec } from './business-time';

/** China's 2026 public holidays and 调休 make-up days (State Council notice, as in chinese-days). */
export const CN_2026_HOLIDAYS = [
  '2026-01-01',
  '2026-01-02',
  '2026-01-03',
  '2026-02-15',
  '2026-02-16',
  '2026-02-17',
  '2026-02-18',
  '2026-02-19',
  '2026-02-20',
  '2026-02-21',
  '2026-02-22',
  '2026-02-23',
  '2026-04-04',
  '2026-04-05',
  '2026-04-06',
  '2026-05-01',
  '2026-05-02',
  '2026-05-03',
  '2026-05-04',
  '2026-05-05',
  '2026-06-19',
  '2026-06-20',
  '2026-06-21',
  '2026-09-25',
  '2026-09-26',
  '2026-09-27',
  '2026-10-01',
  '2026-10-02',
  '2026-10-03',
  '2026-10-04',
  '2026-10-05',
  '2026-10-06',
  '2026-10-07',
];
export const CN_2026_WORKDAYS = ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'];

const OFFICE = ['08:30-12:00', '13:30-18:00'];

/** 总部服务时间: Mon–Fri 08:30–12:00 and 13:30–18:00 in Shanghai, with 2026's holidays. */
export const SHANGHAI_2026: CalendarSpec = {
  timeZone: 'Asia/Shanghai',
  weekly: { 1: OFFICE, 2: OFFICE, 3: OFFICE, 4: OFFICE, 5: OFFICE },
  holidays: CN_2026_HOLIDAYS,
  workdays: CN_2026_WORKDAYS.map((date) => ({ date })),
};

const NINE_TO_SIX = ['09:00-18:00'];
/** Every day 09:00–18:00 in Berlin: clocks change at 02:00/03:00, outside the hours. */
export const BERLIN_DAYS: CalendarSpec = {
  timeZone: 'Europe/Berlin',
  weekly: {
    1: NINE_TO_SIX,
    2: NINE_TO_SIX,
    3: NINE_TO_SIX,
    4: NINE_TO_SIX,
    5: NINE_TO_SIX,
    6: NINE_TO_SIX,
    7: NINE_TO_SIX,
  },
  holidays: [],
  workdays: [],
};

/** A night shift in New York whose Sunday hours contain the clock change (02:00 local). */
export const NEW_YORK_NIGHTS: CalendarSpec = {
  timeZone: 'America/New_York',
  weekly: { 1: ['00:00-09:00', '20:00-24:00'], 3: ['00:00-09:00'], 5: ['20:00-24:00'], 7: ['00:00-09:00'] },
  holidays: ['2026-07-03'],
  workdays: [{ date: '2026-07-04', hours: ['10:00-14:00'] }],
};
