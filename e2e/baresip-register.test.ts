import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BARESIP, type Baresip, startBaresip, toneWav } from '../test/baresip';
import { startDemoKefu } from './fixtures/telephony';
import { apiLogin, type KefuProcess, stopKefu, tempDataDir } from './kefu-process';

/**
 * A stock baresip 1.0.0 (Debian) registers to a stock `kefu start --demo` (no KEFU_SIP_DIGEST). Its
 * SIP stack (libre 1.1.0) gives up on a 401 as soon as any WWW-Authenticate in it is not MD5
 * ("Register: Function not implemented", ENOSYS), whatever the order: Kefu's default, MD5 alone,
 * is what lets it register.
 */
const hasBaresip = existsSync(BARESIP);
const dataDir = tempDataDir('kefu-baresip-e2e-');
const env = {
  KEFU_DATA_DIR: dataDir,
  KEFU_ADMIN_PASSWORD: 'Baresip-admin-1',
  DATABASE_URL: '',
};
let kefu: KefuProcess | undefined;
const phones: Baresip[] = [];

afterAll(async () => {
  await Promise.all(phones.map((p) => p.stop()));
  if (kefu && kefu.child.exitCode === null) kefu.child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe.skipIf(!hasBaresip)(
  `baresip registers to a default kefu start --demo (needs ${BARESIP}, Debian package baresip)`,
  () => {
    it('agent01/demo1234 registers and shows in /api/v1/telephony/phones; a wrong password gets 403', {
      timeout: 120_000,
    }, async () => {
      const started = await startDemoKefu(env);
      kefu = started.kefu;
      const { sip } = started;

      const phone = await startBaresip({
        sipHost: sip.host,
        sipPort: sip.port,
        username: 'agent01',
        password: 'demo1234',
      });
      phones.push(phone);
      const ok = await phone.waitFor('REGISTER_OK', 10_000);
      expect(ok).toMatchObject({
        class: 'register',
        accountaor: `sip:agent01@${sip.host}:${sip.port}`,
        param: '200 OK',
      });
      await phone.registered;

      const token = await apiLogin(kefu.baseUrl, 'admin', env.KEFU_ADMIN_PASSWORD);
      const list = (await (
        await fetch(`${kefu.baseUrl}/api/v1/telephony/phones`, { headers: { authorization: `Bearer ${token}` } })
      ).json()) as Array<{ username: string; registered: boolean }>;
      expect(list.filter((p) => p.registered).map((p) => p.username)).toEqual(['agent01']);

      const wrong = await startBaresip({
        sipHost: sip.host,
        sipPort: sip.port,
        username: 'agent02',
        password: 'not-the-password',
      });
      phones.push(wrong);
      const fail = await wrong.waitFor('REGISTER_FAIL', 10_000);
      expect(fail.param).toMatch(/^403\b/);
      await expect(wrong.registered).rejects.toThrow(/REGISTER_FAIL: 403/);

      await Promise.all(phones.map((p) => p.stop()));
      await stopKefu(kefu);
    });
  },
);

/** Amplitude of `hz` in a 16-bit mono WAV (Goertzel over the data chunk after the 44-byte header). */
function toneAmplitude(file: string, hz: number, rate = 8000): { seconds: number; amplitude: number } {
  const b = readFileSync(file);
  const n = Math.floor((b.length - 44) / 2);
  const coeff = 2 * Math.cos((2 * Math.PI * hz) / rate);
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const s0 = b.readInt16LE(44 + 2 * i) + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  const power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
  return { seconds: n / rate, amplitude: n ? (2 * Math.sqrt(Math.max(power, 0))) / n : 0 };
}

describe.skipIf(!hasBaresip)('the baresip harness, phone to phone without Kefu', () => {
  it('auto-answers, plays its WAV, records what it hears, holds, resumes, blind-transfers, hangs up', {
    timeout: 60_000,
  }, async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kefu-baresip-audio-'));
    try {
      const tone = path.join(dir, 'tone-1k.wav');
      writeFileSync(tone, toneWav(30, 1000, 8000));
      // Nobody registers: the phones call each other's own address (sipHost/sipPort only name the AOR).
      const common = { sipHost: '127.0.0.1', sipPort: 5060, password: 'x', register: false } as const;
      // Each phone joins `phones` at once, so the finally stops it even if a later one fails to start.
      const phone = async (o: Parameters<typeof startBaresip>[0]) => {
        const p = await startBaresip(o);
        phones.push(p);
        return p;
      };
      const agent = await phone({ ...common, username: 'agent', recordDir: path.join(dir, 'agent') });
      const caller = await phone({ ...common, username: 'caller', audioSource: tone });
      const other = await phone({ ...common, username: 'other' });

      await caller.command(`dial sip:agent@127.0.0.1:${agent.sipPort}`);
      const incoming = await agent.waitFor('CALL_ESTABLISHED', 5000);
      expect(incoming.direction).toBe('incoming');
      await caller.waitFor('CALL_ESTABLISHED', 5000);
      await new Promise((r) => setTimeout(r, 1500));

      // hold and resume are re-INVITEs: the caller sees each as a new remote offer.
      await agent.command('hold');
      await caller.waitFor('CALL_REMOTE_SDP', 5000, (e) => e.param === 'offer');
      await agent.command('resume');
      await caller.waitFor('CALL_REMOTE_SDP', 5000, (e) => e.param === 'offer');

      // Blind transfer: REFER to the caller, who calls `other`; the agent's call ends.
      await agent.command(`transfer sip:other@127.0.0.1:${other.sipPort}`);
      expect((await caller.waitFor('TRANSFER', 5000)).param).toBe(`sip:other@127.0.0.1:${other.sipPort}`);
      await other.waitFor('CALL_ESTABLISHED', 5000);
      await agent.waitFor('CALL_CLOSED', 5000);

      await caller.command('hangup');
      await other.waitFor('CALL_CLOSED', 5000);

      const { received, sent } = agent.recordings();
      expect(received).toHaveLength(1);
      expect(sent).toHaveLength(1);
      const heard = toneAmplitude(received[0]!, 1000);
      expect(heard.seconds).toBeGreaterThan(1);
      expect(heard.amplitude).toBeGreaterThan(4000);
      expect(toneAmplitude(sent[0]!, 1000).amplitude).toBeLessThan(100);
    } finally {
      await Promise.all(phones.splice(0).map((p) => p.stop()));
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
