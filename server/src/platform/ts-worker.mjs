// Development and tests only: a worker thread cannot load TypeScript by itself (loader hooks given
// in a worker's execArgv come too late for its entry), so this plain module loads the entry through
// tsx. Production runs the bundled entry in dist/server instead (platform/worker.ts).
import { workerData } from 'node:worker_threads';

const { tsImport } = await import('tsx/esm/api');
await tsImport(workerData.entry, import.meta.url);
