import { describe, expect, it } from 'vitest';
import { newEncodingAesKey, newWebhookSecret, newWechatToken, randomAlphanumeric } from './random-token';

describe('generated secrets', () => {
  it('the WeChat token is 32 letters or digits, the EncodingAESKey 43, the webhook secret 40', () => {
    expect(newWechatToken()).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(newEncodingAesKey()).toMatch(/^[A-Za-z0-9]{43}$/);
    expect(newWebhookSecret()).toMatch(/^[A-Za-z0-9]{40}$/);
  });

  it('two tokens differ', () => {
    expect(newWechatToken()).not.toBe(newWechatToken());
  });

  it('skips bytes that would favour some characters and draws again', () => {
    // 248..255 are refused (248 = 4 × 62); 0 → 'A', 61 → '9', 62 → 'A' again.
    let call = 0;
    const fill = (bytes: Uint8Array) => {
      call += 1;
      bytes.fill(call === 1 ? 255 : 0);
      if (call === 2) bytes.set([61, 62, 250, 1]);
      return bytes;
    };
    expect(randomAlphanumeric(3, fill)).toBe('9AB');
    expect(call).toBe(2);
  });

  it('uses every letter and digit', () => {
    const seen = new Set(randomAlphanumeric(5000));
    expect(seen.size).toBe(62);
  });
});
