import { spawn } from 'node:child_process';

export type ProcessResult = { status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };

/**
 * Runs a child process to its end and collects its output, like spawnSync but without blocking:
 * a synchronous child blocks the test worker's event loop for the whole run, and on a busy machine
 * vitest's worker RPC then times out ("Timeout calling onTaskUpdate") although every test passed.
 * `timeoutMs` kills the child (SIGKILL) and resolves with what it printed.
 */
export function runProcess(
  command: string,
  args: readonly string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    const timer = opts.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs) : undefined;
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr });
    });
  });
}
