import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { shippedPromptsFolder } from '../../platform/paths';
import { announcementPrompts } from './announcement';

const both = { announcePosition: true, announceWait: true, callbackOffer: false };

describe('queue announcements', () => {
  it('read a position and a wait of 12 as 十二 in zh-CN, not digit by digit', () => {
    const keys = announcementPrompts({ ...both, position: 12, estimatedWaitSeconds: 12 * 60 }, 'zh-CN');
    expect(keys).toEqual([
      'position-before',
      'ten',
      'digit-2',
      'position-after',
      'wait-before',
      'ten',
      'digit-2',
      'wait-minutes',
    ]);
  });

  it('read 12 as "twelve" in en-US', () => {
    const keys = announcementPrompts({ ...both, position: 12, estimatedWaitSeconds: 12 * 60 }, 'en-US');
    expect(keys).toEqual(['position-before', 'teen-12', 'position-after', 'wait-before', 'teen-12', 'wait-minutes']);
  });

  it('only name prompts Kefu ships, in both languages, for every position up to 999', () => {
    for (const language of ['zh-CN', 'en-US']) {
      const keys = new Set<string>();
      for (let position = 0; position <= 999; position++) {
        const input = { ...both, callbackOffer: true, position, estimatedWaitSeconds: position * 60 };
        for (const k of announcementPrompts(input, language)) keys.add(k);
      }
      for (const k of keys)
        expect(existsSync(path.join(shippedPromptsFolder(), language, `${k}.wav`)), `${language}/${k}`).toBe(true);
    }
  });

  it('announce at least one minute, and the callback offer last', () => {
    const keys = announcementPrompts(
      { announcePosition: false, announceWait: true, callbackOffer: true, position: 3, estimatedWaitSeconds: 5 },
      'zh-CN',
    );
    expect(keys).toEqual(['wait-before', 'digit-1', 'wait-minutes', 'callback-offer']);
  });

  it('say nothing of what the ACD does not know', () => {
    expect(announcementPrompts({ ...both, position: null, estimatedWaitSeconds: undefined }, 'zh-CN')).toEqual([]);
  });
});
