import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeSipp, runSipp, SIPP, SIPP_SCENARIOS } from '../test/sipp';
import { startDemoKefu } from './fixtures/telephony';
import { apiLogin, type KefuProcess, stopKefu, tempDataDir } from './kefu-process';

/**
 * A stock sipp (Debian's `sip-tester`) registers to a stock `kefu start --demo`: no KEFU_SIP_DIGEST,
 * so Kefu offers its default, MD5 alone — sipp 3.6.1 answers only the first WWW-Authenticate and
 * only with MD5.
 */
const hasSipp = existsSync(SIPP);
const dataDir = tempDataDir('kefu-sipp-');
const env = {
  KEFU_DATA_DIR: dataDir,
  KEFU_ADMIN_PASSWORD: 'Sipp-admin-1',
  DATABASE_URL: '',
};
let kefu: KefuProcess | undefined;

afterAll(async () => {
  if (kefu && kefu.child.exitCode === null) kefu.child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

/** Runs one sipp scenario as user `agent01` against Kefu; resolves with its exit code and what sipp said. */
async function sipp(
  scenario: string,
  target: { host: string; port: number },
  password: string,
): Promise<{ code: number | null; output: string }> {
  const r = await runSipp({
    scenario: path.join(SIPP_SCENARIOS, scenario),
    target: `${target.host}:${target.port}`,
    service: 'agent01',
    auth: { user: 'agent01', password },
    timeoutMs: 10_000,
  });
  return { code: r.code, output: describeSipp(r) };
}

describe.skipIf(!hasSipp)(
  `sipp registers to a default kefu start --demo (needs ${SIPP}, Debian package sip-tester)`,
  () => {
    it('registers agent01/demo1234 (exit 0), and a wrong password gets 403', { timeout: 120_000 }, async () => {
      const started = await startDemoKefu(env);
      kefu = started.kefu;
      const { sip } = started;

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
  },
);
