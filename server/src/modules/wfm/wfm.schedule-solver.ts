import { startWorker } from '../../platform/worker';
import type { ScheduleInput, ScheduleOptions, ScheduleOutcome, ScheduleStage } from './domain/schedule-types';
import type { ScheduleWorkerMessage, ScheduleWorkerRequest } from './schedule.worker';

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
  return new Promise((resolve, reject) => {
    const worker = startWorker('wfm-schedule.worker', new URL('./schedule.worker.ts', import.meta.url));
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
      void worker.terminate();
    };
    const timer = setTimeout(
      () => finish(() => reject(new Error('the solver did not finish in time'))),
      ((options.timeLimitSeconds ?? 50) + GRACE_SECONDS) * 1000,
    );
    worker.on('message', (m: ScheduleWorkerMessage) => {
      if (m.type === 'stage') onStage(m.stage);
      else if (m.type === 'done') finish(() => resolve(m.outcome));
      else finish(() => reject(new Error(m.message)));
    });
    worker.on('error', (err) => finish(() => reject(err)));
    worker.on('exit', (code) => finish(() => reject(new Error(`the solver's thread stopped (exit ${code})`))));
    worker.postMessage({ input, options } satisfies ScheduleWorkerRequest);
  });
}
