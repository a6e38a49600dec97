import { randomBytes } from 'node:crypto';

/** 32 random bytes: a signing secret no one guesses, in a form that pastes into any config file. */
export const newSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;
