import { parentPort } from 'node:worker_threads';
import type { WorkerMessage } from '../../platform/worker';
import { scheduleWeek } from './domain/schedule';
import type { ScheduleInput, ScheduleOptions, ScheduleOutcome, ScheduleStage } from './domain/schedule-types';

/** What the schedule worker is sent, and what it sends back (wfm.schedule-solver.ts). */
export type ScheduleWorkerRequest = { input: ScheduleInput; options: Omit<ScheduleOptions, 'onStage'> };
export type ScheduleProgress = { type: 'stage'; stage: ScheduleStage };
export type ScheduleWorkerMessage = WorkerMessage<ScheduleOutcome, ScheduleProgress>;

// One solve per worker: the thread ends with it (HiGHS's memory goes with the thread).
parentPort?.once('message', (req: ScheduleWorkerRequest) => {
  const post = (m: ScheduleWorkerMessage) => parentPort!.postMessage(m);
  scheduleWeek(req.input, { ...req.options, onStage: (stage) => post({ type: 'stage', stage }) })
    .then((outcome) => post({ type: 'done', result: outcome }))
    .catch((err: unknown) => post({ type: 'error', message: err instanceof Error ? err.message : String(err) }));
});
