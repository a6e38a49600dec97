import type { Requirements } from '../../../../contracts/wfm';

/** One row of the requirements table: a day's peak, its hours to schedule and the intervals no staffing meets. */
export type DaySummary = {
  date: string;
  peakAgents: number;
  peakScheduled: number;
  /** The first interval at the peak of scheduled agents (ISO start); null on a day without calls. */
  peakAt: string | null;
  scheduledHours: number;
  /** Intervals where some queue's targets cannot be met (`met` false). */
  unmetIntervals: number;
};

export function daySummaries(requirements: Requirements): DaySummary[] {
  return requirements.days.map((day) => {
    let peakAgents = 0;
    let peakScheduled = 0;
    let peakAt: string | null = null;
    let unmetIntervals = 0;
    for (const interval of day.intervals) {
      peakAgents = Math.max(peakAgents, interval.agents);
      if (interval.scheduledAgents > peakScheduled) {
        peakScheduled = interval.scheduledAgents;
        peakAt = interval.start;
      }
      if (interval.cells.some((c) => !c.met)) unmetIntervals++;
    }
    return { date: day.date, peakAgents, peakScheduled, peakAt, scheduledHours: day.scheduledHours, unmetIntervals };
  });
}

/** The day's intervals worth a row: those with calls in some queue, or a staffing (a minimum) anyway. */
export function busyIntervals(day: Requirements['days'][number]): Requirements['days'][number]['intervals'] {
  return day.intervals.filter((i) => i.agents > 0 || i.cells.some((c) => c.calls > 0));
}
