import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SMS_SIGNATURE_HEADER, SMS_TIMESTAMP_HEADER, signSmsWebhook, verifySmsSignature } from './sms-webhook';

const secret = 'whsec_test_0123456789abcdef';
const now = new Date('2025-03-01T08:00:00Z');
const ts = now.getTime() / 1000;
const rawBody = Buffer.from('{"from":"+8613800000000","text":"您好"}');

const signed = (o: { secret?: string; timestamp?: number; body?: Buffer | string } = {}) => {
  const h = signSmsWebhook({ secret: o.secret ?? secret, rawBody: o.body ?? rawBody, timestamp: o.timestamp ?? ts });
  return { timestamp: h[SMS_TIMESTAMP_HEADER], signature: h[SMS_SIGNATURE_HEADER] };
};

describe('signSmsWebhook', () => {
  it('signs "<timestamp>.<raw body>" with HMAC-SHA256, as documented for providers', () => {
    const expected = createHmac('sha256', secret)
      .update(`${ts}.${rawBody.toString('utf8')}`)
      .digest('hex');
    expect(signed()).toEqual({ timestamp: String(ts), signature: `sha256=${expected}` });
  });
});

describe('verifySmsSignature', () => {
  const verify = (o: Partial<Parameters<typeof verifySmsSignature>[0]>) =>
    verifySmsSignature({ secret, ...signed(), rawBody, now, ...o });

  it('accepts a correctly signed body, also with the timestamp at the edge of the window', () => {
    expect(verify({})).toEqual({ ok: true });
    expect(verify({ ...signed({ timestamp: ts - 300 }) })).toEqual({ ok: true });
    expect(verify({ ...signed({ timestamp: ts + 300 }) })).toEqual({ ok: true });
    expect(verify({ signature: signed().signature.toUpperCase().replace('SHA256=', 'sha256=') })).toEqual({ ok: true });
  });

  it('refuses a body signed with another secret, or altered after signing', () => {
    expect(verify({ ...signed({ secret: 'another-secret-entirely' }) })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verify({ rawBody: Buffer.from(rawBody.toString().replace('您好', '你好')) })).toEqual({
      ok: false,
      reason: 'mismatch',
    });
  });

  it('refuses a timestamp outside the window, old or from the future', () => {
    expect(verify({ ...signed({ timestamp: ts - 301 }) })).toEqual({ ok: false, reason: 'stale' });
    expect(verify({ ...signed({ timestamp: ts + 301 }) })).toEqual({ ok: false, reason: 'stale' });
    expect(verify({ ...signed({ timestamp: ts - 60 }), toleranceSeconds: 30 })).toEqual({ ok: false, reason: 'stale' });
  });

  it('refuses a request without its headers', () => {
    expect(verify({ timestamp: undefined })).toEqual({ ok: false, reason: 'missing' });
    expect(verify({ signature: '' })).toEqual({ ok: false, reason: 'missing' });
  });

  it('refuses malformed headers, and a header sent twice', () => {
    for (const signature of ['abc', 'sha1=abcd', `sha256=${'0'.repeat(63)}`, `sha256=${'g'.repeat(64)}`]) {
      expect(verify({ signature }), signature).toEqual({ ok: false, reason: 'bad_format' });
    }
    expect(verify({ timestamp: '2025-03-01T08:00:00Z' })).toEqual({ ok: false, reason: 'bad_format' });
    expect(verify({ timestamp: [String(ts), String(ts)] })).toEqual({ ok: false, reason: 'bad_format' });
  });

  it('never verifies with an empty secret, whoever computed the MAC with it', () => {
    expect(verify({ secret: '', ...signed({ secret: '' }) })).toEqual({ ok: false, reason: 'mismatch' });
  });
});
