import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newSecret, secretBox, webhookSecretKeyFrom } from './webhooks.secret';

describe('signing secrets at rest', () => {
  it('are sealed with the key and open to the same secret; each sealing differs', () => {
    const box = secretBox(webhookSecretKeyFrom(randomBytes(32)));
    const secret = newSecret();
    const a = box.seal(secret);
    const b = box.seal(secret);
    expect(a).toMatch(/^v1\./);
    expect(a).not.toContain(secret.slice(6));
    expect(a).not.toBe(b);
    expect(box.open(a)).toBe(secret);
    expect(box.open(b)).toBe(secret);
  });

  it('do not open under another key, nor without one', () => {
    const sealed = secretBox(randomBytes(32)).seal('whsec_x');
    expect(() => secretBox(randomBytes(32)).open(sealed)).toThrow();
    expect(() => secretBox(undefined).open(sealed)).toThrow(/no key/);
  });

  it('without a key are kept as they are, and a secret stored before sealing still opens', () => {
    expect(secretBox(undefined).seal('whsec_plain')).toBe('whsec_plain');
    expect(secretBox(randomBytes(32)).open('whsec_plain')).toBe('whsec_plain');
  });

  it('the derived key depends on the master key alone', () => {
    const master = randomBytes(32);
    expect(webhookSecretKeyFrom(master).equals(webhookSecretKeyFrom(Buffer.from(master)))).toBe(true);
    expect(webhookSecretKeyFrom(master).equals(master)).toBe(false);
    expect(webhookSecretKeyFrom(master)).toHaveLength(32);
  });
});
