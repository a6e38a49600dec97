import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config';

const root = path.resolve(import.meta.dirname, '../../..');

function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  it('starts from safe defaults when nothing is set', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.host).toBe('127.0.0.1');
    expect(c.timezone).toBe('Asia/Shanghai');
    expect(c.sipPort).toBe(5060);
    expect(c.sipHost).toBe('127.0.0.1');
    expect(c.sipRealm).toBe('kefu');
    // MD5 alone: what sipp, baresip 1.0 and most desk phones answer (SHA-256 is opt-in).
    expect(c.sipDigest).toEqual(['MD5']);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.adminPassword).toBeUndefined();
    expect(c.demo).toBe(false);
    // The demo, when asked for, comes with its 14 days of history.
    expect(c.demoHistory).toBe(true);
    expect(c.sessionSeconds).toBe(12 * 3600);
    expect(c.idleLockSeconds).toBe(15 * 60);
    expect(path.isAbsolute(c.dataDir)).toBe(true);
    expect(c.dataDir).toBe(path.resolve('data'));
  });

  it('reads each variable it knows, converting numbers and resolving the data dir', () => {
    const c = loadConfig({
      PORT: '8080',
      HOST: '::',
      KEFU_DATA_DIR: 'var/kefu',
      DATABASE_URL: 'postgresql://kefu:pw@db:5432/kefu',
      KEFU_ADMIN_PASSWORD: 'Long-enough-1',
      KEFU_TIMEZONE: 'Europe/Berlin',
      KEFU_SIP_PORT: '5070',
      KEFU_SIP_HOST: '192.0.2.10',
      KEFU_SIP_REALM: 'sip.example.com',
      KEFU_DEMO: 'true',
      KEFU_DEMO_HISTORY: 'off',
      KEFU_SESSION_HOURS: '1.5',
    });
    expect(c).toMatchObject({
      port: 8080,
      host: '::',
      dataDir: path.resolve('var/kefu'),
      databaseUrl: 'postgresql://kefu:pw@db:5432/kefu',
      adminPassword: 'Long-enough-1',
      timezone: 'Europe/Berlin',
      sipPort: 5070,
      sipHost: '192.0.2.10',
      sipRealm: 'sip.example.com',
      demo: true,
      demoHistory: false,
      sessionSeconds: 5400,
    });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('treats empty variables as unset', () => {
    const c = loadConfig({
      PORT: '',
      HOST: '',
      KEFU_DATA_DIR: '',
      DATABASE_URL: '',
      KEFU_ADMIN_PASSWORD: '',
      KEFU_TIMEZONE: '',
      KEFU_SIP_PORT: '',
      KEFU_DEMO: '',
    });
    expect(c).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      dataDir: path.resolve('data'),
      databaseUrl: undefined,
      adminPassword: undefined,
      timezone: 'Asia/Shanghai',
      sipPort: 5060,
      demo: false,
    });
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '0'],
    ['HOST', 'not-an-ip'],
    ['DATABASE_URL', 'mysql://x'],
    ['KEFU_TIMEZONE', 'Mars/Base'],
    ['KEFU_ADMIN_PASSWORD', 'short1'],
    ['KEFU_SIP_PORT', '-1'],
    ['KEFU_SIP_PORT', '65536'],
    ['KEFU_SIP_HOST', 'phones.example.com'],
    ['KEFU_SIP_REALM', 'has space'],
    ['KEFU_SIP_DIGEST', 'SHA-512'],
    ['KEFU_SIP_DIGEST', 'MD5,MD5'],
    ['KEFU_SIP_DIGEST', 'MD5,'],
    ['KEFU_DEMO', 'yes'],
    ['KEFU_DEMO_HISTORY', 'no'],
  ])('refuses %s=%s with a message naming the variable', (name, value) => {
    const err = configError({ [name]: value });
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]).toMatch(new RegExp(`^${name}: `));
    expect(err.message).toContain(name);
  });

  it('takes SIP port 0 as "any free port", and the SIP address from HOST unless KEFU_SIP_HOST says', () => {
    expect(loadConfig({ KEFU_SIP_PORT: '0' }).sipPort).toBe(0);
    expect(loadConfig({ HOST: '0.0.0.0' }).sipHost).toBe('0.0.0.0');
  });

  it('reads KEFU_SIP_DIGEST as an ordered list, case-insensitive (SHA-256 opt-in)', () => {
    expect(loadConfig({ KEFU_SIP_DIGEST: 'SHA-256,MD5' }).sipDigest).toEqual(['SHA-256', 'MD5']);
    expect(loadConfig({ KEFU_SIP_DIGEST: 'md5, sha-256' }).sipDigest).toEqual(['MD5', 'SHA-256']);
    expect(loadConfig({ KEFU_SIP_DIGEST: 'MD5' }).sipDigest).toEqual(['MD5']);
    expect(loadConfig({ KEFU_SIP_DIGEST: 'Sha-256' }).sipDigest).toEqual(['SHA-256']);
  });

  it('admission control: no fixed limits by default, automatic thresholds on; KEFU_MAX_CPS / KEFU_MAX_CALLS / KEFU_OVERLOAD_* set them, 0 turns a threshold off', () => {
    expect(loadConfig({}).overload).toEqual({
      maxCps: null,
      maxCalls: null,
      thresholds: { event_loop_lag: 250, media_lateness: 60, acd_backlog: 500, db_latency: 500 },
      resumeAfterMs: 2000,
      busyPrompts: 50,
    });
    const c = loadConfig({
      KEFU_MAX_CPS: '3',
      KEFU_MAX_CALLS: '400',
      KEFU_OVERLOAD_EVENT_LOOP_MS: '0',
      KEFU_OVERLOAD_RESUME_SECONDS: '5',
      KEFU_OVERLOAD_BUSY_PROMPTS: '0',
    }).overload;
    expect(c).toMatchObject({ maxCps: 3, maxCalls: 400, resumeAfterMs: 5000, busyPrompts: 0 });
    expect(c.thresholds.event_loop_lag).toBe(0);
    const err = (() => {
      try {
        loadConfig({ KEFU_MAX_CPS: '0', KEFU_MAX_CALLS: 'many', KEFU_OVERLOAD_MEDIA_LATENESS_MS: '500' });
      } catch (e) {
        return e as ConfigError;
      }
    })();
    expect(err?.problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'KEFU_MAX_CALLS',
      'KEFU_MAX_CPS',
      'KEFU_OVERLOAD_MEDIA_LATENESS_MS',
    ]);
  });

  it('webhooks reach no private range, and e-mail and SMS are logged, until the operator says otherwise', () => {
    const d = loadConfig({});
    expect(d.webhookAllowCidrs).toEqual([]);
    expect(d.smtp).toBeNull();
    expect(d.sms).toBeNull();
    const c = loadConfig({
      KEFU_WEBHOOK_ALLOW_CIDRS: '10.0.0.0/8, 127.0.0.1',
      KEFU_SMTP_HOST: 'smtp.example.cn',
      KEFU_SMTP_PORT: '465',
      KEFU_SMTP_SECURE: '1',
      KEFU_SMTP_USER: 'kefu',
      KEFU_SMTP_PASS: 'p',
      KEFU_SMTP_FROM: '客服中心 <service@example.cn>',
      KEFU_SMS_URL: 'https://sms.example.cn/send',
      KEFU_SMS_TOKEN: 't',
    });
    expect(c.webhookAllowCidrs).toEqual(['10.0.0.0/8', '127.0.0.1']);
    expect(c.smtp).toEqual({
      host: 'smtp.example.cn',
      port: 465,
      secure: true,
      user: 'kefu',
      pass: 'p',
      from: '客服中心 <service@example.cn>',
    });
    expect(c.sms).toEqual({ url: 'https://sms.example.cn/send', token: 't', bodyTemplate: undefined });
    const err = configError({ KEFU_WEBHOOK_ALLOW_CIDRS: '10.0.0.0/33,intranet', KEFU_SMS_URL: 'ftp://x' });
    expect(err.problems.map((p) => p.split(':')[0]).sort()).toEqual(['KEFU_SMS_URL', 'KEFU_WEBHOOK_ALLOW_CIDRS']);
  });

  it('names every invalid variable at once, not only the first', () => {
    const err = configError({ PORT: 'abc', KEFU_TIMEZONE: 'Mars/Base', KEFU_SIP_PORT: '65536' });
    expect(err.problems.map((p) => p.split(':')[0]).sort()).toEqual(['KEFU_SIP_PORT', 'KEFU_TIMEZONE', 'PORT']);
  });
});

describe('the CLI with an invalid configuration', () => {
  it('exits at once with EX_CONFIG (78) naming the variable, before starting a database', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'kefu-cli-config-'));
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, PORT: 'abc', KEFU_DATA_DIR: dataDir };
      delete env.DATABASE_URL; // would it get past config, it would start the embedded server here
      const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/cli.ts', 'start'], {
        cwd: root,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => {
        stderr += d;
      });
      const code = await new Promise<number | null>((resolve, reject) => {
        child.once('error', reject);
        child.once('exit', (c) => resolve(c));
      });
      expect(code).toBe(78);
      expect(stderr).toMatch(/^\s*- PORT: /m);
      expect(existsSync(path.join(dataDir, 'pg'))).toBe(false);
      expect(await readdir(dataDir)).toEqual([]);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('the address Kefu advertises for SIP and RTP', () => {
  it('is KEFU_SIP_EXTERNAL_ADDRESS when set, else the bind address, never a wildcard', () => {
    expect(loadConfig({ KEFU_SIP_EXTERNAL_ADDRESS: '203.0.113.7', KEFU_SIP_HOST: '0.0.0.0' }).sipExternalAddress).toBe(
      '203.0.113.7',
    );
    expect(loadConfig({ KEFU_SIP_HOST: '192.0.2.10' }).sipExternalAddress).toBe('192.0.2.10');
    expect(loadConfig({}).sipExternalAddress).toBe('127.0.0.1');
    const wildcard = loadConfig({ KEFU_SIP_HOST: '0.0.0.0' }).sipExternalAddress;
    expect(wildcard).not.toBe('0.0.0.0');
    expect(wildcard).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  });
});
