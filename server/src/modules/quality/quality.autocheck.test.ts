import { describe, expect, it } from 'vitest';
import { AutoCheckRules } from '../../../../contracts/quality';
import { DEFAULT_RULES } from './domain/defaults';
import { rulesRun } from './quality.autocheck';

const rules = AutoCheckRules.parse(DEFAULT_RULES);

describe('the rules a check ran (what a draft may be pre-filled from)', () => {
  it('with nothing to look at, none', () => {
    expect(rulesRun(rules, { recording: false, call: false, transcriptLanguage: null })).toEqual([]);
  });

  it('a call without its recording: the long-hold rule only (the call’s holds)', () => {
    expect(rulesRun(rules, { recording: false, call: true, transcriptLanguage: null })).toEqual(['long-hold']);
  });

  it('a recorded call with a Chinese transcript: the audio rules and the Chinese phrase rules', () => {
    expect(rulesRun(rules, { recording: true, call: true, transcriptLanguage: 'zh' })).toEqual([
      'closing',
      'dead-air',
      'forbidden',
      'greeting',
      'long-hold',
      'overtalk',
      'silence',
    ]);
  });

  it('an English transcript: the English phrase rules, not the Chinese greeting', () => {
    const ran = rulesRun(rules, { recording: false, call: false, transcriptLanguage: 'en-US' });
    expect(ran).toEqual(['closing-en', 'forbidden-en', 'greeting-en']);
  });

  it('a disabled rule never ran', () => {
    const off = rules.map((r) => (r.key === 'silence' || r.key === 'greeting' ? { ...r, enabled: false } : r));
    const ran = rulesRun(off, { recording: true, call: true, transcriptLanguage: 'zh' });
    expect(ran).not.toContain('silence');
    expect(ran).not.toContain('greeting');
  });
});
