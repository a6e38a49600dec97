import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { registerWithPassword, sipRequest, withSipSocket } from '../test/sip-phone';
import { apiLogin, type KefuProcess, startKefu, stopKefu, tempDataDir } from './kefu-process';

const dataDir = tempDataDir('kefu-sip-');
const env = { KEFU_DATA_DIR: dataDir, KEFU_ADMIN_PASSWORD: 'Sip-admin-1', DATABASE_URL: '' };
let kefu: KefuProcess | undefined;

afterAll(async () => {
  if (kefu && kefu.child.exitCode === null) kefu.child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

/** The SIP address from the start-up banner (KEFU_SIP_PORT=0: the port is only known from there). */
async function sipAddress(k: KefuProcess): Promise<{ host: string; port: number }> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const m = /SIP \(agent phones\): ([\d.]+):(\d+) over UDP and TCP, realm "kefu"/.exec(k.output());
    if (m) return { host: m[1]!, port: Number(m[2]) };
    if (Date.now() > deadline) throw new Error(`no SIP address in the banner:\n${k.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('kefu start with the demo hotline', () => {
  it('opens its SIP port, where demo phones register with demo1234 and a wrong password is refused', {
    timeout: 120_000,
  }, async () => {
    kefu = await startKefu(env, ['--demo']);
    const sip = await sipAddress(kefu);
    expect(sip.port).toBeGreaterThan(0);

    expect(await registerWithPassword(sip, { realm: 'kefu', user: 'agent01', password: 'demo1234' })).toBe(200);
    expect(await registerWithPassword(sip, { realm: 'kefu', user: 'agent02', password: 'not-the-password' })).toBe(403);
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
