#!/usr/bin/env node
// The `kefu` command. Runs the production build in dist/, building it first when it is missing or
// older than the sources (a fresh clone, or after `git pull`), so `npm install && npm start` works.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stamp = path.join(root, 'dist/.build-stamp');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function stale() {
  if (!existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  const sources = ['server/src', 'web', 'contracts'].map((d) => path.join(root, d)).filter(existsSync);
  return sources.some((d) => newestMtime(d) > built) || statSync(path.join(root, 'package.json')).mtimeMs > built;
}

if (process.env.KEFU_SKIP_BUILD !== '1' && stale()) {
  console.log('Building Kefu (first start or changed sources)…');
  const r = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
await import(pathToFileURL(path.join(root, 'dist/server/cli.js')).href);
