// Production build: the server bundled by esbuild (dependencies stay in node_modules), the web app
// by Vite. `npm start` runs this first whenever the sources are newer than the last build.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const t0 = Date.now();
// Worker threads' entries (server/src/platform/worker.ts) bundle beside the server, named as it
// asks for them.
await build({
  entryPoints: {
    'wfm-schedule.worker': path.join(root, 'server/src/modules/wfm/schedule.worker.ts'),
    'wfm-simulation.worker': path.join(root, 'server/src/modules/wfm/simulation.worker.ts'),
  },
  outdir: path.join(root, 'dist/server'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
await build({
  entryPoints: [path.join(root, 'server/src/cli.ts')],
  outfile: path.join(root, 'dist/server/cli.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
const vite = spawnSync(
  process.execPath,
  [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
if (vite.status !== 0) process.exit(vite.status ?? 1);
// The web chat (docs/channels-webchat.md): the loader companies put on their sites (widget.js, kept
// under 4 KB gzipped) and the chat page's app, plain scripts without a framework. After Vite, which
// empties dist/web. server/src/modules/conversations/webchat.page.ts builds with the same options
// when dist is missing.
await build({
  entryPoints: ['widget.ts', 'chat-app.ts', 'chat-app.css'].map((f) => path.join(root, 'web/widget', f)),
  outdir: path.join(root, 'dist/web/widget'),
  bundle: true,
  minify: true,
  format: 'iife',
  target: 'es2019',
  legalComments: 'none',
  logLevel: 'warning',
});
mkdirSync(path.join(root, 'dist'), { recursive: true });
writeFileSync(path.join(root, 'dist/.build-stamp'), `${new Date().toISOString()}\n`);
console.log(`Kefu built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
