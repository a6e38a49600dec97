import { describe, expect, it } from 'vitest';
import { maskText } from './mask-text';

describe('maskText: personal data in a transcript for readers without pii.view', () => {
  it('masks a mobile number, keeping its first 3 and last 4 digits', () => {
    expect(maskText('我的电话是13812345678，请回电')).toBe('我的电话是138****5678，请回电');
    expect(maskText('call +86 138 1234 5678 please')).toBe('call 138****5678 please');
  });
  it('masks a resident ID number and a bank card', () => {
    expect(maskText('身份证 11010119900307123X')).toBe('身份证 110101********123X');
    expect(maskText('卡号 6222 0212 3456 7890 123')).toBe('卡号 ***************0123');
  });
  it('masks e-mail addresses and landlines', () => {
    expect(maskText('mail zhang.san@example.com')).toBe('mail z***@example.com');
    expect(maskText('座机 010-87654321')).toBe('座机 010****4321');
  });
  it('leaves order numbers, prices and short numbers alone', () => {
    const t = '订单 K-20261207-0001 金额 128.50 元，共 3 件';
    expect(maskText(t)).toBe(t);
  });
});
