import { describe, expect, it } from 'vitest';
import { parseTranscript } from './transcript';

describe('the dry run transcript box', () => {
  it('reads 座席 and 客户 lines, with either colon, in order', () => {
    expect(parseTranscript('座席: 您好，请问有什么可以帮您\n客户：我的宽带坏了\n\n座席: 不归我管').lines).toEqual([
      { speaker: 'agent', text: '您好，请问有什么可以帮您' },
      { speaker: 'customer', text: '我的宽带坏了' },
      { speaker: 'agent', text: '不归我管' },
    ]);
  });

  it('reads English speaker names and a [mm:ss] moment', () => {
    expect(parseTranscript('[01:05] Agent: how can I help\n[1:10] customer: my bill').lines).toEqual([
      { speaker: 'agent', text: 'how can I help', startMs: 65_000 },
      { speaker: 'customer', text: 'my bill', startMs: 70_000 },
    ]);
  });

  it('a line without a speaker continues the one before; before any speaker it is reported', () => {
    const parsed = parseTranscript('你好\n座席: 您好\n请讲\n经理: 什么事');
    expect(parsed.lines).toEqual([{ speaker: 'agent', text: '您好 请讲 经理: 什么事' }]);
    expect(parsed.unknown).toEqual([1]);
  });
});
