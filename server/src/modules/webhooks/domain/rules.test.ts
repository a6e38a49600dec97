import { describe, expect, it } from 'vitest';
import { addressPolicy } from './address-policy';
import { MAX_ATTEMPTS, matchesPattern, retryDelayMs, signature, verifySignature } from './rules';

describe('event patterns', () => {
  it.each([
    ['tickets.ticket.*', 'tickets.ticket.created', true],
    ['tickets.ticket.*', 'tickets.ticket', false],
    ['tickets.ticket.*', 'tickets.comment.created', false],
    ['routing.*', 'routing.contact.queued', true],
    ['routing.*', 'routingx.contact.queued', false],
    ['*', 'teams.team.created', true],
    ['*.team.created', 'teams.team.created', true],
    ['*.team.created', 'teams.team.updated', false],
    ['teams.team.created', 'teams.team.created', true],
    ['teams.team.created', 'teams.team.created.more', false],
    ['teams.team', 'teams.team.created', false],
  ])('%s matches %s: %s', (pattern, event, expected) => {
    expect(matchesPattern(pattern, event)).toBe(expected);
  });
});

describe('retries', () => {
  it('wait 30 s, 2 min, 10 min, 1 h, 6 h, then stop', () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, 0.5))).toEqual([30_000, 120_000, 600_000, 3_600_000, 21_600_000]);
    expect(retryDelayMs(MAX_ATTEMPTS, 0.5)).toBeNull();
    expect(MAX_ATTEMPTS).toBe(6);
  });

  it('jitter stays within ±20 %', () => {
    expect(retryDelayMs(1, 0)).toBe(24_000);
    expect(retryDelayMs(1, 0.999_999)).toBe(36_000);
  });
});

describe('signatures', () => {
  it('match a known HMAC-SHA256 of "timestamp.body"', () => {
    // echo -n '1700000000.{"a":1}' | openssl dgst -sha256 -hmac secret
    expect(signature('secret', 1_700_000_000, '{"a":1}')).toBe(
      'sha256=49f24e537407743fa4a0242bb63b94b9a47ee99cbbe071ccd8a22550ae411686',
    );
  });

  it('verify within the replay window only', () => {
    const sig = signature('s', 1000, 'b');
    const check = (now: number, body = 'b') =>
      verifySignature({ secret: 's', timestamp: '1000', body, signature: sig, nowSeconds: now });
    expect(check(1000)).toBe(true);
    expect(check(1300)).toBe(true);
    expect(check(1301)).toBe(false);
    expect(check(699)).toBe(false);
    expect(check(1000, 'c')).toBe(false);
    expect(verifySignature({ secret: 's', timestamp: 'x', body: 'b', signature: sig, nowSeconds: 1000 })).toBe(false);
  });
});

describe('the address policy', () => {
  it('refuses private ranges unless allowed, and allows public addresses', () => {
    const p = addressPolicy([]);
    for (const a of [
      '127.0.0.1',
      '10.0.0.1',
      '192.168.3.4',
      '172.31.255.255',
      '169.254.169.254',
      '::1',
      'fe80::1',
      '::ffff:10.0.0.1',
      '100.64.1.1',
      '64:ff9b::a9fe:a9fe', // NAT64 of 169.254.169.254
      '2002:a9fe:a9fe::1', // 6to4 of it
    ]) {
      expect(p.allows(a), a).toBe(false);
    }
    for (const a of ['8.8.8.8', '172.32.0.1', '2001:4860:4860::8888', '::ffff:8.8.8.8'])
      expect(p.allows(a), a).toBe(true);
    const lan = addressPolicy(['10.0.0.0/8', '::1']);
    expect(lan.allows('10.9.9.9')).toBe(true);
    expect(lan.allows('::1')).toBe(true);
    expect(lan.allows('192.168.1.1')).toBe(false);
  });

  it('refuses a malformed allow-list entry', () => {
    expect(() => addressPolicy(['10.0.0.0/33'])).toThrow();
    expect(() => addressPolicy(['example.com'])).toThrow();
  });
});
