/** A calendar was created, changed (hours, days, imports) or deleted: drop cached business time. */
export type CalendarChanged = { calendarId: string; name: string; change: 'created' | 'updated' | 'deleted' };

declare module '../../platform/bus' {
  interface EventMap {
    'calendars.calendar.changed': CalendarChanged;
  }
}
