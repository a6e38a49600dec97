import { runInWorker } from '../../platform/worker';
import type { SimulationInput, SimulationResult } from './domain/simulation-model';
import type { SimulationProgress, SimulationWorkerRequest } from './simulation.worker';

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
  return runInWorker<SimulationWorkerRequest, SimulationResult, SimulationProgress>(
    'wfm-simulation.worker',
    new URL('./simulation.worker.ts', import.meta.url),
    { input },
    {
      label: 'the simulation',
      limitMs: TIME_LIMIT_SECONDS * 1000,
      onProgress: (m) => onReplication(m.done, m.total),
    },
  );
}
