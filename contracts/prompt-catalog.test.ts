import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describedPromptKeys, promptCatalogEntry, shippedPromptKeys } from './prompt-catalog';
import { PromptLanguage } from './prompts';

const ROOT = path.resolve(import.meta.dirname, '..');
const shippedWavs = (language: PromptLanguage) =>
  readdirSync(path.join(ROOT, 'server/assets/prompts', language))
    .filter((f) => f.endsWith('.wav'))
    .map((f) => f.slice(0, -4))
    .sort();

describe('the prompt catalogue', () => {
  it.each(PromptLanguage.options)('every shipped %s WAV has an entry, and every entry a WAV', (language) => {
    expect(shippedPromptKeys(language).sort()).toEqual(shippedWavs(language));
  });

  it('every shipped prompt has a zh-CN and an en-US description, and every spoken one its text', () => {
    for (const language of PromptLanguage.options) {
      for (const key of shippedWavs(language)) {
        const entry = promptCatalogEntry(language, key);
        expect(entry?.description['zh-CN'].trim(), `${language}/${key}`).toBeTruthy();
        expect(entry?.description['en-US'].trim(), `${language}/${key}`).toBeTruthy();
        if (language !== 'music') expect(entry?.text?.trim(), `${language}/${key}`).toBeTruthy();
      }
    }
  });

  it('no description is left over for a key no folder ships', () => {
    const shipped = new Set(PromptLanguage.options.flatMap(shippedPromptKeys));
    expect(describedPromptKeys().filter((k) => !shipped.has(k))).toEqual([]);
  });

  it('texts are the words scripts/generate-prompts.sh recorded', () => {
    const script = readFileSync(path.join(ROOT, 'scripts/generate-prompts.sh'), 'utf8');
    const lines = [...script.matchAll(/^(zh|en) ([a-z0-9-]+) '([^']*)'$/gm)];
    expect(lines.length).toBeGreaterThan(40);
    for (const [, lang, key, text] of lines) {
      const language = lang === 'zh' ? 'zh-CN' : 'en-US';
      expect(promptCatalogEntry(language, key as string)?.text, `${language}/${key}`).toBe(text);
    }
  });

  it('a key Kefu does not ship has no entry', () => {
    expect(promptCatalogEntry('zh-CN', 'holiday')).toBeUndefined();
    expect(promptCatalogEntry('zh-CN', 'teen-11')).toBeUndefined();
    expect(promptCatalogEntry('en-US', 'teen-11')?.text).toBe('eleven');
  });
});
