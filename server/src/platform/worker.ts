import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

/**
 * Starts a worker thread on a TypeScript entry, for CPU-bound work that must not hold the event loop
 * (the ACD, the SIP stack and every request share it). Production runs the entry that
 * scripts/build.mjs bundled next to the server (`dist/server/<name>.js`); development and tests load
 * the source through tsx. Talk to it with messages: it gets no workerData.
 */
export function startWorker(name: string, source: URL): Worker {
  const built = new URL(`./${name}.js`, import.meta.url);
  if (existsSync(built)) return new Worker(built);
  return new Worker(new URL('./ts-worker.mjs', import.meta.url), { workerData: { entry: source.href } });
}

/**
 * What a one-shot worker (runInWorker) sends back: any number of progress messages of its own, then
 * one `done` with the result or one `error`.
 */
export type WorkerMessage<Result, Progress extends { type: string }> =
  | Progress
  | { type: 'done'; result: Result }
  | { type: 'error'; message: string };

export type RunInWorkerOptions<Progress> = {
  /** Names the work in errors: "<label> did not finish in time", "<label>'s thread stopped (exit 1)". */
  label: string;
  /** The worker is stopped, and the promise rejects, when no answer came by then. */
  limitMs: number;
  onProgress: (message: Progress) => void;
};

/**
 * Runs one request in a fresh worker thread (startWorker) and resolves with its `done` result;
 * rejects on its `error` message, on the thread's error or early exit, or past the time limit. The
 * thread is terminated once the promise settles, so one run never leaks into the next.
 */
export function runInWorker<Request, Result, Progress extends { type: string }>(
  name: string,
  source: URL,
  request: Request,
  options: RunInWorkerOptions<Progress>,
): Promise<Result> {
  const { label, limitMs, onProgress } = options;
  return new Promise((resolve, reject) => {
    const worker = startWorker(name, source);
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
      void worker.terminate();
    };
    const timer = setTimeout(() => finish(() => reject(new Error(`${label} did not finish in time`))), limitMs);
    worker.on('message', (m: WorkerMessage<Result, Progress>) => {
      if (m.type === 'done') finish(() => resolve((m as { result: Result }).result));
      else if (m.type === 'error') finish(() => reject(new Error((m as { message: string }).message)));
      else onProgress(m as Progress);
    });
    worker.on('error', (err) => finish(() => reject(err)));
    worker.on('exit', (code) => finish(() => reject(new Error(`${label}'s thread stopped (exit ${code})`))));
    worker.postMessage(request);
  });
}
