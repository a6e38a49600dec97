import { describe, expect, it } from 'vitest';
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

  it('read 12 in en-US the way the IVR reads numbers in en-US', () => {
    const keys = announcementPrompts({ ...both, position: 12, estimatedWaitSeconds: 12 * 60 }, 'en-US');
    // ivr/domain/say.ts reads en-US numbers digit by digit: the shipped en-US prompts have no "twelve".
    expect(keys).toEqual([
      'position-before',
      'digit-1',
      'digit-2',
      'position-after',
      'wait-before',
      'digit-1',
      'digit-2',
      'wait-minutes',
    ]);
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
