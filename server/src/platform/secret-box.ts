import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Secrets Kefu must use itself (webhook signing secrets, mailbox passwords, a WeChat AppSecret), so
 * they cannot be hashed like passwords: sealed with AES-256-GCM under a key derived from the data key.
 */
export type SecretBox = {
  /** The secret as stored: sealed with AES-256-GCM when there is a key, as is otherwise. */
  seal(secret: string): string;
  /** The secret to sign with; throws when a sealed secret cannot be opened (another key). */
  open(stored: string): string;
};

const PREFIX = 'v1.';

/**
 * Signing needs the secret itself, so it cannot be hashed like a password; sealed, a database dump
 * alone does not let anyone forge Kefu's webhooks. Without a key (tests, a Kefu built without one)
 * secrets are stored as is, and a stored one that is not sealed is read as is.
 */
export function secretBox(key: Buffer | undefined): SecretBox {
  return {
    seal(secret) {
      if (!key) return secret;
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const ct = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
      return `${PREFIX}${[iv, ct, cipher.getAuthTag()].map((b) => b.toString('base64url')).join('.')}`;
    },
    open(stored) {
      if (!stored.startsWith(PREFIX)) return stored;
      if (!key) throw new Error('the signing secret is sealed and no key is configured');
      const [iv, ct, tag] = stored
        .slice(PREFIX.length)
        .split('.')
        .map((s) => Buffer.from(s, 'base64url'));
      if (!iv || !ct || !tag) throw new Error('the stored signing secret is malformed');
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(ct), decipher.final()]).toString('utf8');
    },
  };
}
