import { parentPort } from 'node:worker_threads';
import type { WorkerMessage } from '../../platform/worker';
import type { SimulationInput, SimulationResult } from './domain/simulation-model';
import { simulateCenter } from './wfm.simulation';

/** What the simulation worker is sent, and what it sends back (wfm.simulation-runner.ts). */
export type SimulationWorkerRequest = { input: SimulationInput };
export type SimulationProgress = { type: 'replication'; done: number; total: number };
export type SimulationWorkerMessage = WorkerMessage<SimulationResult, SimulationProgress>;

// One run per worker: the thread ends with it.
parentPort?.once('message', (req: SimulationWorkerRequest) => {
  const post = (m: SimulationWorkerMessage) => parentPort!.postMessage(m);
  try {
    const result = simulateCenter(req.input, {
      onReplication: (done, total) => post({ type: 'replication', done, total }),
    });
    post({ type: 'done', result });
  } catch (err) {
    post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
});
