import { describe, expect, it } from 'vitest';
import { phoneKey, toE164 } from './phone';

describe('phone numbers', () => {
  it('one mobile number however it is written', () => {
    for (const raw of [
      '+86 138 1234 5678',
      '0138 1234 5678',
      '01381234 5678',
      '138 1234 5678',
      '13812345678',
      '+8613812345678',
    ]) {
      expect(toE164(raw), raw).toBe('+8613812345678');
    }
  });

  it('a Beijing landline with its area code', () => {
    expect(toE164('010-8888 9999')).toBe('+861088889999');
    expect(toE164('(010) 88889999')).toBe('+861088889999');
  });

  it('a foreign number keeps its country', () => {
    expect(toE164('+1 415 555 2671')).toBe('+14155552671');
  });

  it('refuses what cannot be a number', () => {
    for (const raw of ['12', 'abc', '', '+86 1']) expect(toE164(raw), raw).toBeNull();
  });

  it('a lookup key falls back to the digits of an unusual caller id', () => {
    expect(phoneKey('138-1234-5678')).toBe('+8613812345678');
    expect(phoneKey('1001')).toBe('1001');
    expect(phoneKey('anonymous')).toBeNull();
  });
});
