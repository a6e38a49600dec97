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
