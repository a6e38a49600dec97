import { SECRET_MASK } from '../../../../contracts/conversations';

/**
 * A secret in a channel's form. The API never returns a secret: a set one reads `********`
 * (SECRET_MASK), and sending the mask back keeps it. So the form holds one of three values: the mask
 * (keep what is stored), '' (none: the secret is cleared or was never set) or the new text typed.
 */
export type SecretState = 'unchanged' | 'new' | 'cleared' | 'empty';

export const isMasked = (value: unknown): boolean => value === SECRET_MASK;

/** What the field shows and means, given whether the channel had the secret when the form opened. */
export function secretState(value: string | undefined, wasSet: boolean): SecretState {
  if (value === SECRET_MASK) return 'unchanged';
  if (value === undefined || value === '') return wasSet ? 'cleared' : 'empty';
  return 'new';
}

/** The text box never shows the mask: it is empty with an "unchanged" placeholder instead. */
export const secretShown = (value: string | undefined): string => (value === SECRET_MASK ? '' : (value ?? ''));

/**
 * The value after the user typed `typed`. Erasing what one typed over a stored secret goes back to
 * "unchanged": clearing a stored secret is a separate, explicit action (`''` from the clear button).
 */
export function secretTyped(typed: string, wasSet: boolean): string {
  return typed === '' && wasSet ? SECRET_MASK : typed;
}

/** The value to send: the mask for "keep", else the text (an empty text clears it). */
export const secretToSend = (value: string | undefined): string => value ?? '';

/** A required secret is filled when it is kept or newly typed. */
export const secretFilled = (value: string | undefined): boolean => value !== undefined && value.trim() !== '';
