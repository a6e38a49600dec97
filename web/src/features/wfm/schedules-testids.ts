/**
 * `data-testid`s of the planner's schedule screens (/wfm?tab=schedules and ?tab=setup);
 * e2e/wfm-schedules.browser.test.ts imports them. The steps it drives: a shift template → agents'
 * rules → a schedule run with its progress → the schedule's summary, coverage chart and grid → publish.
 */
export const SCHEDULE_IDS = {
  schedules: 'wfm-schedules',
  create: 'wfm-schedule-create',
  name: 'wfm-schedule-name',
  forecast: 'wfm-schedule-forecast',
  days: 'wfm-schedule-days',
  timeLimit: 'wfm-schedule-time-limit',
  submit: 'wfm-schedule-submit',
  /** The run's progress; `data-state` holds the job's state, `data-phase` its phase. */
  progress: 'wfm-schedule-progress',
  /** Why a run made no schedule. */
  runProblem: 'wfm-schedule-run-problem',
  open: (id: string) => `wfm-schedule-open-${id}`,

  /** A schedule's detail; `data-state` holds draft / published / discarded. */
  detail: 'wfm-schedule-detail',
  back: 'wfm-schedule-back',
  summary: 'wfm-schedule-summary',
  gap: 'wfm-schedule-gap',
  stages: 'wfm-schedule-stages',
  coverageDay: 'wfm-schedule-coverage-day',
  coverageChart: 'wfm-schedule-coverage-chart',
  grid: 'wfm-schedule-grid',
  /** One shift in the grid; `data-state` holds active / leave / replaced. */
  shift: (id: string) => `wfm-shift-${id}`,
  publish: 'wfm-schedule-publish',
  discard: 'wfm-schedule-discard',

  setup: 'wfm-setup',
  templates: 'wfm-templates',
  templateCreate: 'wfm-template-create',
  templateEdit: (id: string) => `wfm-template-edit-${id}`,
  templateName: 'wfm-template-name',
  windowEarliest: (row: number) => `wfm-template-earliest-${row}`,
  windowLatest: (row: number) => `wfm-template-latest-${row}`,
  lengths: 'wfm-template-lengths',
  breakAdd: 'wfm-template-break-add',
  templateSubmit: 'wfm-template-submit',
  agents: 'wfm-agents',
  agentEdit: (id: string) => `wfm-agent-edit-${id}`,
  agentTemplates: 'wfm-agent-templates',
  agentMinHours: 'wfm-agent-min-hours',
  agentMaxHours: 'wfm-agent-max-hours',
  agentSubmit: 'wfm-agent-submit',
  agentAvailability: 'wfm-agent-availability',
  agentAvailabilityMode: (day: number) => `wfm-agent-availability-${day}`,
} as const;
