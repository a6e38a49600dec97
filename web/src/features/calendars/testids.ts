/** `data-testid`s of the business calendars page; the browser tests (e2e/) import them. */
export const CALENDARS_IDS = {
  create: 'calendars-create',
  formName: 'calendar-form-name',
  formSubmit: 'calendar-form-submit',
  importYear: 'calendar-import-year',
  importNational: 'calendar-import-national',
  checkAt: 'calendar-check-at',
  checkRun: 'calendar-check-run',
  checkResult: 'calendar-check-result',
} as const;
