import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { challengeParams, registerWithPassword, sipRequest, withSipSocket } from '../test/sip-phone';
import { startDemoKefu } from './fixtures/telephony';
import { apiLogin, type KefuProcess, stopKefu, tempDataDir } from './kefu-process';

/**
 * This Kefu opts into SHA-256 (KEFU_SIP_DIGEST=SHA-256,MD5; the default, MD5 alone, is what the
 * sipp and baresip tests register against): our test phone answers the first challenge, SHA-256.
 */
const dataDir = tempDataDir('kefu-sip-');
const env = {
  KEFU_DATA_DIR: dataDir,
  KEFU_ADMIN_PASSWORD: 'Sip-admin-1',
  DATABASE_URL: '',
  KEFU_SIP_DIGEST: 'SHA-256,MD5',
};
let kefu: KefuProcess | undefined;

afterAll(async () => {
  if (kefu && kefu.child.exitCode === null) kefu.child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('kefu start with the demo hotline', () => {
  it('opens its SIP port, where demo phones register with demo1234 in SHA-256 (opted in) and a wrong password is refused and logged', {
    timeout: 120_000,
  }, async () => {
    const demo = await startDemoKefu(env);
    kefu = demo.kefu;
    const { sip } = demo;
    expect(kefu.output()).toContain(`${sip.host}:${sip.port} over UDP and TCP, realm "kefu"`);
    expect(sip.port).toBeGreaterThan(0);

    const challenge = await withSipSocket(sip, (send, localPort) =>
      send(sipRequest('REGISTER', { realm: 'kefu', user: 'agent01', localPort, callId: 'probe-sha', cseq: 1 })),
    );
    expect(challenge.status).toBe(401);
    expect((challenge.headers.get('www-authenticate') ?? []).map((c) => challengeParams(c).algorithm)).toEqual([
      'SHA-256',
      'MD5',
    ]);
    expect(await registerWithPassword(sip, { realm: 'kefu', user: 'agent01', password: 'demo1234' })).toBe(200);
    expect(await registerWithPassword(sip, { realm: 'kefu', user: 'agent02', password: 'not-the-password' })).toBe(403);
    // The operator reads what was offered and what the phone answered.
    await expect
      .poll(() => kefu?.output() ?? '', { timeout: 5000 })
      .toMatch(
        /SIP phone agent02 at 127\.0\.0\.1:\d+ failed the digest challenge: offered SHA-256, MD5, answered SHA-256 — answered with a wrong response/,
      );
    const options = await withSipSocket(sip, (send, localPort) =>
      send(sipRequest('OPTIONS', { realm: 'kefu', user: 'probe', localPort, callId: 'probe-1', cseq: 1 })),
    );
    expect(options.status).toBe(200);

    const token = await apiLogin(kefu.baseUrl, 'admin', env.KEFU_ADMIN_PASSWORD);
    const phones = (await (
      await fetch(`${kefu.baseUrl}/api/v1/telephony/phones`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as Array<{ username: string; registered: boolean }>;
    expect(phones).toHaveLength(24);
    expect(phones.filter((p) => p.registered).map((p) => p.username)).toEqual(['agent01']);

    // SIGTERM closes the SIP port with the rest, promptly (transaction timers do not hold the process).
    const started = Date.now();
    await stopKefu(kefu);
    expect(Date.now() - started).toBeLessThan(15_000);
    await expect(registerWithPassword(sip, { realm: 'kefu', user: 'agent01', password: 'demo1234' })).rejects.toThrow(
      /no SIP answer/,
    );
  });
});
