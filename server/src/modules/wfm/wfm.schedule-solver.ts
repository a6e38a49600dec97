import { runInWorker } from '../../platform/worker';
import type { ScheduleInput, ScheduleOptions, ScheduleOutcome, ScheduleStage } from './domain/schedule-types';
import type { ScheduleProgress, ScheduleWorkerRequest } from './schedule.worker';

/** Time allowed beyond the solver's own budget before the worker is stopped (HiGHS overran once by 13 s). */
const GRACE_SECONDS = 60;

/**
 * Solves a schedule in a worker thread (a minute of HiGHS would otherwise stop the ACD's clock and
 * every request). Resolves with the outcome; rejects when the worker fails or overruns for good.
 */
export function solveInWorker(
  input: ScheduleInput,
  options: Omit<ScheduleOptions, 'onStage'>,
  onStage: (stage: ScheduleStage) => void,
): Promise<ScheduleOutcome> {
  return runInWorker<ScheduleWorkerRequest, ScheduleOutcome, ScheduleProgress>(
    'wfm-schedule.worker',
    new URL('./schedule.worker.ts', import.meta.url),
    { input, options },
    {
      label: 'the solver',
      limitMs: ((options.timeLimitSeconds ?? 50) + GRACE_SECONDS) * 1000,
      onProgress: (m) => onStage(m.stage),
    },
  );
}
