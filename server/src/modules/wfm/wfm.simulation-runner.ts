import { startWorker } from '../../platform/worker';
import type { SimulationInput, SimulationResult } from './domain/simulation-model';
import type { SimulationWorkerMessage, SimulationWorkerRequest } from './simulation.worker';

/** A simulation that outlives this has gone wrong (a day of a large centre at 100 replications takes a minute or two). */
const TIME_LIMIT_SECONDS = 900;

/**
 * Runs a simulation in a worker thread: replications of a busy day are seconds to minutes of CPU
 * that would otherwise stop the ACD's clock and every request. Resolves with the result; rejects
 * when the worker fails or overruns.
 */
export function simulateInWorker(
  input: SimulationInput,
  onReplication: (done: number, total: number) => void,
): Promise<SimulationResult> {
  return new Promise((resolve, reject) => {
    const worker = startWorker('wfm-simulation.worker', new URL('./simulation.worker.ts', import.meta.url));
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
      void worker.terminate();
    };
    const timer = setTimeout(
      () => finish(() => reject(new Error('the simulation did not finish in time'))),
      TIME_LIMIT_SECONDS * 1000,
    );
    worker.on('message', (m: SimulationWorkerMessage) => {
      if (m.type === 'replication') onReplication(m.done, m.total);
      else if (m.type === 'done') finish(() => resolve(m.result));
      else finish(() => reject(new Error(m.message)));
    });
    worker.on('error', (err) => finish(() => reject(err)));
    worker.on('exit', (code) => finish(() => reject(new Error(`the simulation's thread stopped (exit ${code})`))));
    worker.postMessage({ input } satisfies SimulationWorkerRequest);
  });
}
