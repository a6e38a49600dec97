import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createLogSmsProvider, type SmsLogger } from './sms-log';

describe('the logging SMS provider', () => {
  const setUp = () => {
    const lines: Array<{ level: string; obj: Record<string, unknown>; msg: string }> = [];
    const log: SmsLogger = {
      info: (obj, msg) => lines.push({ level: 'info', obj, msg }),
      debug: (obj, msg) => lines.push({ level: 'debug', obj, msg }),
    };
    let n = 0;
    return { lines, sms: createLogSmsProvider({ log, nextId: () => `log-${++n}` }) };
  };

  it('accepts a message with an id of its own and logs it with the number masked, the text only at debug', async () => {
    const { lines, sms } = setUp();
    const text = '您的验证码是 123456';
    await expect(sms.send({ to: '+8613800001234', text, clientRef: 'msg-1' })).resolves.toEqual({
      providerId: 'log-1',
      parts: 1,
    });
    expect(lines[0]).toEqual({
      level: 'info',
      msg: 'SMS not sent (no provider configured)',
      obj: { providerId: 'log-1', clientRef: 'msg-1', to: '***1234', length: text.length, encoding: 'ucs2', parts: 1 },
    });
    expect(JSON.stringify(lines[0])).not.toContain('123456');
    expect(lines[1]).toMatchObject({ level: 'debug', obj: { text } });
    await expect(sms.send({ to: '1', text: 'a'.repeat(161), clientRef: 'msg-2' })).resolves.toEqual({
      providerId: 'log-2',
      parts: 2,
    });
  });

  it('generates distinct ids by default and takes no webhooks', async () => {
    const sms = createLogSmsProvider({ log: pino({ level: 'silent' }) });
    const a = await sms.send({ to: '13800000000', text: 'x', clientRef: 'a' });
    const b = await sms.send({ to: '13800000000', text: 'x', clientRef: 'b' });
    expect(a.providerId).not.toBe(b.providerId);
    expect(sms.parseWebhook({ headers: {}, rawBody: Buffer.from('{}') })).toEqual({ ok: false, reason: 'unsupported' });
  });
});
