import { hkdfSync, randomBytes } from 'node:crypto';

export { type SecretBox, secretBox } from '../../platform/secret-box';

/** 32 random bytes: a signing secret no one guesses, in a form that pastes into any config file. */
export const newSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;

/**
 * The key that seals signing secrets, derived from the installation's master key (the recording key,
 * already kept and backed up apart from the database): no second key file to lose.
 */
export const webhookSecretKeyFrom = (masterKey: Buffer): Buffer =>
  Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'kefu/webhooks/signing-secret', 32));
