import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ProcessResult, runProcess } from '../../../test/run-process';

const ROOT = path.resolve(import.meta.dirname, '../../..');

/**
 * `kefu wfm …` as an operator runs it. A calculator: no database, so this runs with the unit tests
 * (cli.int.test.ts has the commands that need one).
 */
function kefu(...args: string[]) {
  return runProcess(process.execPath, ['--import', 'tsx', 'server/src/cli.ts', 'wfm', ...args], {
    cwd: ROOT,
    env: { ...process.env, KEFU_LOG_LEVEL: 'warn' },
    timeoutMs: 120_000,
  });
}

const EXAMPLE = ['--calls', '100', '--interval', '30', '--aht', '180', '--sl', '0.8', '--answer', '20'];

// Each run starts `kefu` from source (tsx compiles the CLI each time): started together, read apart.
const runs: Record<string, Promise<ProcessResult>> = {};
beforeAll(() => {
  runs.cJson = kefu('erlang-c', ...EXAMPLE, '--shrinkage', '0.3', '--max-occupancy', '0.85', '--json');
  runs.cTable = kefu('erlang-c', ...EXAMPLE, '--shrinkage', '0.3');
  runs.aJson = kefu('erlang-a', ...EXAMPLE, '--patience', '180', '--max-abandon', '0.02', '--json');
  runs.mistakes = kefu('erlang-c', '--calls', 'many', ...EXAMPLE.slice(2));
});

describe('the kefu wfm command', { timeout: 180_000 }, () => {
  it('erlang-c --json prints the staffing of the published example', async () => {
    const r = await runs.cJson!;
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ trafficErlangs: 10, agents: 14, scheduledAgents: 20 });
    expect(out.serviceLevel).toBeCloseTo(0.8884, 4);
    expect(out.waitProbability).toBeCloseTo(0.1741, 4);
    expect(out.asaSeconds).toBeCloseTo(7.84, 2);
    expect(out.occupancy).toBeCloseTo(0.714, 3);
  });

  it('erlang-c without --json prints a readable table', async () => {
    const r = await runs.cTable!;
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^agents\s+14$/m);
    expect(r.stdout).toMatch(/^scheduled agents\s+20 \(shrinkage 30\.0 %\)$/m);
    expect(r.stdout).toMatch(/^service level\s+88\.8 %$/m);
  });

  it('erlang-a honours the abandonment limit and reports the abandon rate', async () => {
    const r = await runs.aJson!;
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.abandonRate).toBeLessThanOrEqual(0.02);
    expect(out.serviceLevel).toBeGreaterThanOrEqual(0.8);
    expect(out.agents).toBeGreaterThanOrEqual(13);
  });

  it('a bad flag is named, without a stack trace, with exit code 2', async () => {
    const r = await runs.mistakes!;
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe('--calls: not a number: "many"');
  });
});
