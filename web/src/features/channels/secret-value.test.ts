import { describe, expect, it } from 'vitest';
import { SECRET_MASK } from '../../../../contracts/conversations';
import { secretFilled, secretShown, secretState, secretToSend, secretTyped } from './secret-value';

describe('a secret field of a channel form', () => {
  it('a stored secret opens as "unchanged": the box is empty and the mask goes back on save', () => {
    expect(secretState(SECRET_MASK, true)).toBe('unchanged');
    expect(secretShown(SECRET_MASK)).toBe('');
    expect(secretToSend(SECRET_MASK)).toBe(SECRET_MASK);
    expect(secretFilled(SECRET_MASK)).toBe(true);
  });

  it('typing replaces it; erasing what was typed keeps the stored one again', () => {
    const typed = secretTyped('n3w-secret', true);
    expect(typed).toBe('n3w-secret');
    expect(secretState(typed, true)).toBe('new');
    expect(secretToSend(typed)).toBe('n3w-secret');
    expect(secretTyped('', true)).toBe(SECRET_MASK);
  });

  it('clearing a stored secret sends an empty value', () => {
    expect(secretState('', true)).toBe('cleared');
    expect(secretToSend('')).toBe('');
    expect(secretFilled('')).toBe(false);
  });

  it('a secret never set stays empty until typed, and erasing it leaves it empty', () => {
    expect(secretState(undefined, false)).toBe('empty');
    expect(secretTyped('', false)).toBe('');
    expect(secretToSend(undefined)).toBe('');
  });

  it('shows typed text as typed, even text that looks like the mask’s stars but is not it', () => {
    expect(secretShown('*******')).toBe('*******');
    expect(secretState('*******', true)).toBe('new');
  });
});
