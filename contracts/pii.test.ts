import { describe, expect, it } from 'vitest';
import { maskPii, type PiiKind } from './pii';

describe('maskPii: phone numbers', () => {
  it.each([
    ['an 11-digit mobile keeps the first 3 and last 4 digits', '13812345678', '138****5678'],
    ['a +86 mobile with spaces masks like the national number', '+86 138 1234 5678', '138****5678'],
    ['a +86 mobile without spaces', '+8613812345678', '138****5678'],
    ['a landline with dashes drops the dashes', '010-8765-4321', '010****4321'],
    ['a 4-digit area code hides one more digit', '0755-12345678', '075*****5678'],
    ['a 7-digit local number keeps only its last 4 digits', '1234567', '***4567'],
    ['an 8-digit landline keeps only its last 4 digits', '87654321', '****4321'],
    ['a short extension keeps only its last 2 digits', '12345', '***45'],
    ['a 3-digit service number keeps its last 2 digits', '110', '*10'],
    ['two digits are hidden completely', '12', '**'],
  ])('%s', (_what, value, masked) => {
    expect(maskPii('phone', value)).toBe(masked);
  });

  it('never shows the middle digits of a mobile number in any notation', () => {
    for (const v of ['13812345678', '138 1234 5678', '138-1234-5678', '+86-138-1234-5678']) {
      expect(maskPii('phone', v)).not.toMatch(/1234/);
    }
  });
});

describe('maskPii: resident ID numbers', () => {
  it('an 18-digit ID keeps the region code and the last 4 characters', () => {
    expect(maskPii('id_number', '110101199003071234')).toBe('110101********1234');
  });

  it('hides the birth date, also with an X check digit', () => {
    const masked = maskPii('id_number', '11010119900307123X');
    expect(masked).toBe('110101********123X');
    expect(masked).not.toContain('19900307');
  });

  it('an old 15-digit ID hides its birth date too', () => {
    expect(maskPii('id_number', '110101900307123')).toBe('110101*****7123');
  });

  it('short values keep at most their last 2 characters', () => {
    expect(maskPii('id_number', '12345')).toBe('***45');
    expect(maskPii('id_number', '1234')).toBe('****');
  });
});

describe('maskPii: addresses', () => {
  it('keeps the province and district, hides the street', () => {
    expect(maskPii('address', '北京市朝阳区建国路88号')).toBe('北京市朝阳区****');
  });

  it('ignores surrounding spaces', () => {
    expect(maskPii('address', '  上海市浦东新区世纪大道1号 ')).toBe('上海市浦东新****');
  });

  it('a short address keeps only its first half', () => {
    expect(maskPii('address', '北京')).toBe('北****');
  });
});

describe('maskPii: email addresses', () => {
  it('keeps the first letter of the name and the domain', () => {
    expect(maskPii('email', 'zhang.san@example.com')).toBe('z***@example.com');
    expect(maskPii('email', 'a@b.cn')).toBe('a***@b.cn');
  });

  it('the length of the name does not show', () => {
    expect(maskPii('email', 'li@example.com')).toBe('l***@example.com');
    expect(maskPii('email', 'liuyang@example.com')).toBe('l***@example.com');
  });
});

describe('maskPii: missing values', () => {
  it.each<PiiKind>(['phone', 'id_number', 'address', 'email'])('null stays null for %s', (kind) => {
    expect(maskPii(kind, null)).toBeNull();
  });
});
