import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createIdNumberCipher } from './crm.crypto';

const KEY = randomBytes(32);

describe('the ID number at rest', () => {
  const c = createIdNumberCipher(KEY);

  it('is stored encrypted and read back normalised', () => {
    const stored = c.encrypt('110101 19900101 123x');
    expect(stored).not.toContain('110101');
    expect(c.decrypt(stored)).toBe('11010119900101123X');
    // A fresh IV each time: equal IDs do not show as equal ciphertexts.
    expect(c.encrypt('11010119900101123X')).not.toBe(stored);
  });

  it('the HMAC matches the same ID however it is typed, and only under this key', () => {
    expect(c.hmac('11010119900101123x')).toBe(c.hmac(' 110101 19900101 123X'));
    expect(createIdNumberCipher(randomBytes(32)).hmac('11010119900101123X')).not.toBe(c.hmac('11010119900101123X'));
  });

  it('a tampered value or another key is refused', () => {
    const stored = Buffer.from(c.encrypt('11010119900101123X'), 'base64');
    stored[stored.length - 1]! ^= 1;
    expect(() => c.decrypt(stored.toString('base64'))).toThrow();
    expect(() => createIdNumberCipher(randomBytes(32)).decrypt(c.encrypt('1'))).toThrow();
  });
});
