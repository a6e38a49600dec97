/** Strings of the simulation tab (/wfm?tab=simulation) in en-US. */
import type { WfmSimulationMessages } from './locale-simulation.zh-CN';

export const wfmSimulationEnUS: WfmSimulationMessages = {
  form: {
    title: 'Simulate a day',
    intro:
      "The forecast's volumes and handle times, with the chosen staffing, run through the real ACD routing engine in virtual time, many times over: service level, average speed of answer, abandon rate and occupancy per interval, each with its 95 % confidence interval.",
    forecast: 'Forecast',
    forecastRequired: 'Choose a forecast',
    date: 'Day',
    dateRequired: 'Choose a day of the forecast',
    source: 'Staffing',
    agents: 'Agents',
    schedule: 'Published schedule',
    scheduleRequired: 'Choose a published schedule',
    noSchedule: 'No published schedule covers this day',
    target: 'Service level target',
    targetHelp: "The chart's target line; it changes no figure",
    slSeconds: 'Answered within (seconds)',
    replications: 'Replications',
    replicationsHelp:
      'The day is simulated this many times with different random calls; more replications, narrower intervals, longer runs',
    patience: 'Mean patience (seconds)',
    patienceHelp: 'How long callers wait before hanging up (mean of an exponential); empty: nobody abandons',
    patienceNone: 'Nobody abandons',
    submit: 'Run simulation',
  },
  source: { fixed: 'Fixed number', requirement: 'Requirement', schedule: 'Schedule' },
  sourceHelp: {
    fixed: 'This many agents all day.',
    requirement: 'In each interval as many agents as the requirement (Erlang) asks for.',
    schedule: "The published schedule's shifts that day, off the phones during breaks and lunch.",
  },
  progressLabel: 'Simulation progress',
  progress: 'Replication {{done}} of {{total}}',
  failed: 'The simulation failed',
  runs: {
    title: 'Past simulations',
    empty: 'No simulation yet. Choose a forecast and a day and run the first one.',
    forecast: 'Forecast',
    date: 'Day',
    source: 'Staffing',
    createdAt: 'Run at',
  },
  totals: {
    serviceLevel: 'Service level',
    asaSeconds: 'Average speed of answer',
    abandonRate: 'Abandon rate',
    occupancy: 'Occupancy',
  },
  metricShort: { serviceLevel: 'Service level', asaSeconds: 'ASA', abandonRate: 'Abandons', occupancy: 'Occupancy' },
  result: {
    back: 'Back',
    run: '{{replications}} replications · seed {{seed}} · {{contacts}} contacts simulated',
    ciExplained:
      'In brackets, the 95 % confidence interval: from how much the {{replications}} replications differ, the true mean lies in this range with 95 % confidence. Service level is the share of contacts answered within {{seconds}} seconds.',
    chartTitle: '{{metric}} per interval',
    chartHelp: "Shaded: the 95 % confidence interval; bars: agents logged in; times in the centre's time zone.",
    band: '95 % confidence interval',
    agents: 'Agents',
    target: 'Target',
    tableTitle: 'Intervals',
    noIntervals: 'No contacts that day.',
    time: 'Interval',
    forecast: 'Forecast contacts',
    offered: 'Simulated contacts',
  },
};
