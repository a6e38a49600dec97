import { spawn } from 'node:child_process';
import dgram from 'node:dgram';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { apiLogin, type KefuProcess, ROOT, startKefu, stopKefu, tempDataDir } from './kefu-process';

/**
 * A real sipp (Debian's `sip-tester`) registers to a real `kefu start --demo`. sipp 3.6.1 answers
 * only the first WWW-Authenticate and only with MD5, so this Kefu offers MD5 first
 * (KEFU_SIP_DIGEST=MD5,SHA-256), as a center with such phones would configure it.
 */
const SIPP = '/usr/bin/sipp';
const hasSipp = existsSync(SIPP);
const dataDir = tempDataDir('kefu-sipp-');
const traceDir = tempDataDir('kefu-sipp-trace-');
const env = {
  KEFU_DATA_DIR: dataDir,
  KEFU_ADMIN_PASSWORD: 'Sipp-admin-1',
  DATABASE_URL: '',
  KEFU_SIP_DIGEST: 'MD5,SHA-256',
};
let kefu: KefuProcess | undefined;

afterAll(async () => {
  if (kefu && kefu.child.exitCode === null) kefu.child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(traceDir, { recursive: true, force: true });
});

/** The SIP address from the start-up banner (KEFU_SIP_PORT=0: the port is only known from there). */
async function sipAddress(k: KefuProcess): Promise<{ host: string; port: number }> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const m = /SIP \(agent phones\): ([\d.]+):(\d+) over UDP and TCP/.exec(k.output());
    if (m) return { host: m[1]!, port: Number(m[2]) };
    if (Date.now() > deadline) throw new Error(`no SIP address in the banner:\n${k.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A free local UDP port for sipp (its default, 5060, may be taken by another Kefu). */
function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = dgram.createSocket('udp4');
    s.once('error', reject);
    s.bind(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Runs one sipp scenario as user `agent01` against Kefu; resolves with its exit code and output. */
async function sipp(
  scenario: string,
  target: { host: string; port: number },
  password: string,
): Promise<{ code: number | null; output: string }> {
  const localPort = await freeUdpPort();
  const args = [
    ...['-sf', path.join(ROOT, 'e2e/sipp', scenario)],
    ...['-i', '127.0.0.1', '-p', String(localPort), '-t', 'u1'],
    ...['-s', 'agent01', '-au', 'agent01', '-ap', password],
    ...['-m', '1', '-timeout', '10s', '-trace_err', '-nostdin'],
    `${target.host}:${target.port}`,
  ];
  const child = spawn(SIPP, args, { cwd: traceDir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => {
    output += d;
  });
  child.stderr.on('data', (d) => {
    output += d;
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (c) => resolve(c));
  });
  // -trace_err writes the unexpected messages next to the scenario name; show them on failure.
  for (const f of readdirSync(traceDir).filter((n) => n.endsWith('_errors.log'))) {
    output += `\n--- ${f}\n${readFileSync(path.join(traceDir, f), 'utf8')}`;
  }
  return { code, output };
}

describe.skipIf(!hasSipp)(`sipp registers to kefu start --demo (needs ${SIPP}, Debian package sip-tester)`, () => {
  it('registers agent01/demo1234 (exit 0), and a wrong password gets 403', { timeout: 120_000 }, async () => {
    kefu = await startKefu(env, ['--demo']);
    const sip = await sipAddress(kefu);

    const ok = await sipp('register.xml', sip, 'demo1234');
    expect(ok.code, ok.output).toBe(0);

    const token = await apiLogin(kefu.baseUrl, 'admin', env.KEFU_ADMIN_PASSWORD);
    const phones = (await (
      await fetch(`${kefu.baseUrl}/api/v1/telephony/phones`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as Array<{ username: string; registered: boolean }>;
    expect(phones.filter((p) => p.registered).map((p) => p.username)).toEqual(['agent01']);

    const wrong = await sipp('register-wrong-password.xml', sip, 'not-the-password');
    expect(wrong.code, wrong.output).toBe(0);

    await stopKefu(kefu);
  });
});
