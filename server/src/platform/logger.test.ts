import { describe, expect, it } from 'vitest';
import { createLogger, logRingOf, redactUrl } from './logger';

describe('the logger keeps the last warnings and errors for the system overview', () => {
  it('keeps warnings and errors newest first, not info, also when stdout is silent', () => {
    const log = createLogger('silent');
    log.info('started');
    log.warn('outbox delivery failed; will retry');
    log.error({ err: Object.assign(new Error('connect refused'), { code: 'ECONNREFUSED' }) }, 'SIP UDP socket error');
    const ring = logRingOf(log);
    expect(ring?.recent(10)).toMatchObject([
      { level: 'error', message: 'SIP UDP socket error', error: { type: 'Error', code: 'ECONNREFUSED' } },
      { level: 'warn', message: 'outbox delivery failed; will retry', error: null },
    ]);
    expect(ring?.counts()).toEqual({ warn: 1, error: 1 });
    expect(ring?.recent(1)).toHaveLength(1);
  });

  it('a child logger (a request) writes to the same ring, with its request id', () => {
    const log = createLogger('error');
    log.child({ reqId: 'req-42' }).warn('response failed its schema');
    expect(logRingOf(log)?.recent(5)[0]).toMatchObject({ requestId: 'req-42', message: 'response failed its schema' });
  });

  // Fails if the ring copies logged objects or error messages, or leaves a number formatted into the text.
  it('keeps no personal data: logged objects and error messages stay out, numbers and e-mails are masked', () => {
    const log = createLogger('silent');
    log.error(
      { err: new Error('duplicate key (phone)=(13812345678)'), call: { caller: '13812345678', password: 'pw' } },
      'writing the call record for 13812345678 / zhang.san@example.com failed',
    );
    const entry = logRingOf(log)?.recent(1)[0];
    expect(entry?.message).toBe('writing the call record for *********78 / ***@*** failed');
    const all = JSON.stringify(entry);
    expect(all).not.toContain('13812345678');
    expect(all).not.toContain('duplicate key');
    expect(all).not.toContain('example.com');
  });

  it('masks numbers written with spaces or dashes, and leaves short numbers, ports and addresses alone', () => {
    const log = createLogger('silent');
    log.warn('caller 138-1234-5678 and +86 138 1234 5678 at 10.0.0.7:5060, 3 tries in 30 s');
    expect(logRingOf(log)?.recent(1)[0]?.message).toBe(
      'caller ***-****-**78 and +** *** **** **78 at 10.0.0.7:5060, 3 tries in 30 s',
    );
  });

  it('holds at most the last 100 entries', () => {
    const log = createLogger('silent');
    for (let i = 0; i < 130; i++) log.warn(`warning ${i}`);
    const ring = logRingOf(log);
    expect(ring?.recent(1000)).toHaveLength(100);
    expect(ring?.recent(1)[0]?.message).toBe('warning 129');
    expect(ring?.counts().warn).toBe(130);
  });
});

describe('request URLs in the log', () => {
  it('keep their path and harmless parameters, never a token or a signature', () => {
    expect(redactUrl('/api/v1/chat/socket?token=abc.def.123.sig&x=1')).toBe('/api/v1/chat/socket?token=[redacted]&x=1');
    expect(redactUrl('/api/v1/channels/wechat/k?signature=aa&timestamp=1&msg_signature=bb')).toBe(
      '/api/v1/channels/wechat/k?signature=[redacted]&timestamp=1&msg_signature=[redacted]',
    );
    expect(redactUrl('/api/v1/users?page=2')).toBe('/api/v1/users?page=2');
  });
});
