import { describe, expect, it } from 'vitest';
import { SECRET_MASK, UpdateChannelBody } from './conversations';

describe('channel settings sent back by the admin form', () => {
  const wechat = (token: string, encodingAesKey: string) =>
    UpdateChannelBody.safeParse({
      settings: { kind: 'wechat', appId: 'wx123', appSecret: SECRET_MASK, token, encodingAesKey },
    });

  it('accepts a WeChat account whose token and AES key come back masked (unchanged)', () => {
    expect(wechat(SECRET_MASK, SECRET_MASK).success).toBe(true);
  });

  it('still refuses a token or AES key that is neither valid nor the mask', () => {
    expect(wechat('*******', '').success).toBe(false);
    expect(wechat('abc-def', '').success).toBe(false);
    expect(wechat('abcdef', 'x'.repeat(42)).success).toBe(false);
    expect(wechat('abcdef', '*'.repeat(43)).success).toBe(false);
  });
});
