import { describe, expect, it } from 'vitest';
import { errorsEnUS } from '../web/src/app/locales/errors.en-US';
import { errorsZhCN } from '../web/src/app/locales/errors.zh-CN';
import { CLIENT_ERROR_CODES, ERROR_CODES, ERRORS, isErrorCode, kindOfStatus } from './errors';

const shown = [...ERROR_CODES, ...CLIENT_ERROR_CODES];
const locales = { 'zh-CN': errorsZhCN, 'en-US': errorsEnUS } as Record<string, Record<string, unknown>>;

describe('every error code has its text in each language', () => {
  for (const [language, texts] of Object.entries(locales)) {
    it(`${language}: a non-empty text for every code the server answers or the web names`, () => {
      const missing = shown.filter((code) => typeof texts[code] !== 'string' || !(texts[code] as string).trim());
      expect(missing).toEqual([]);
    });

    it(`${language}: no text for a code that does not exist`, () => {
      const known = new Set<string>(shown);
      expect(Object.keys(texts).filter((key) => !known.has(key))).toEqual([]);
    });
  }

  it('zh-CN texts are Chinese, not English left untranslated', () => {
    const untranslated = shown.filter((code) => !/[\u4e00-\u9fff]/.test(String(errorsZhCN[code])));
    expect(untranslated).toEqual([]);
  });
});

describe('the catalogue', () => {
  it('namespaces every code but the catch-all INTERNAL', () => {
    expect(ERROR_CODES.filter((code) => !/^[A-Z]+\.[A-Z_]+$/.test(code))).toEqual(['INTERNAL']);
  });

  it('gives each code a client or server error status and a kind that follows from it', () => {
    for (const code of ERROR_CODES) {
      const status = ERRORS[code];
      expect(status >= 400 && status < 600, code).toBe(true);
      expect(kindOfStatus(status) === 'internal' || kindOfStatus(status) === 'unavailable', code).toBe(status >= 500);
    }
    expect(kindOfStatus(ERRORS['TEAMS.NOT_FOUND'])).toBe('not_found');
    expect(kindOfStatus(ERRORS['HTTP.RATE_LIMITED'])).toBe('rate_limited');
  });

  it('knows its codes and nothing else', () => {
    expect(isErrorCode('TEAMS.NOT_FOUND')).toBe(true);
    expect(isErrorCode('RATE_LIMITED')).toBe(false);
    expect(isErrorCode('toString')).toBe(false);
  });
});
