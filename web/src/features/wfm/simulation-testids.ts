/**
 * `data-testid`s of the simulation tab (/wfm?tab=simulation); e2e/wfm-simulation.browser.test.ts
 * imports them. The steps it drives: the form → the run's progress → the totals, chart and table.
 */
export const SIMULATION_IDS = {
  simulation: 'wfm-simulation',
  forecast: 'wfm-sim-forecast',
  date: 'wfm-sim-date',
  /** The staffing source's radio group; each option is `source(key)`. */
  source: (key: string) => `wfm-sim-source-${key}`,
  agents: 'wfm-sim-agents',
  schedule: 'wfm-sim-schedule',
  replications: 'wfm-sim-replications',
  patience: 'wfm-sim-patience',
  slSeconds: 'wfm-sim-sl-seconds',
  submit: 'wfm-sim-submit',
  /** The run's progress; `data-state` holds the job's state, `data-done`/`data-total` the replications. */
  progress: 'wfm-sim-progress',
  runProblem: 'wfm-sim-run-problem',
  runs: 'wfm-sim-runs',
  open: (id: string) => `wfm-sim-open-${id}`,

  /** A run's result; `data-id` holds its id. */
  result: 'wfm-sim-result',
  back: 'wfm-sim-back',
  /** A total: serviceLevel, asa, abandonRate, occupancy. */
  total: (key: string) => `wfm-sim-total-${key}`,
  metric: 'wfm-sim-metric',
  chart: 'wfm-sim-chart',
  table: 'wfm-sim-table',
} as const;
