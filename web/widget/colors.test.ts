import { describe, expect, it } from 'vitest';
import { onColor } from './colors';

describe("text on the channel's colour", () => {
  it('is white on dark and saturated colours, dark on light ones', () => {
    expect(onColor('#1677ff')).toBe('#fff');
    expect(onColor('#000000')).toBe('#fff');
    expect(onColor('#ffffff')).toBe('#1f1f1f');
    expect(onColor('#fadb14')).toBe('#1f1f1f');
  });
});
