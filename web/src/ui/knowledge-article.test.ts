import { describe, expect, it } from 'vitest';
import { highlightParts } from './knowledge-article';

const marked = (parts: { text: string; mark: boolean }[]) =>
  parts.map((p) => (p.mark ? `[${p.text}]` : p.text)).join('');

describe('highlightParts', () => {
  it('marks the ranges of the words found', () => {
    expect(
      marked(
        highlightParts('宽带无法上网', [
          [0, 2],
          [4, 6],
        ]),
      ),
    ).toBe('[宽带]无法[上网]');
  });
  it('sorts, merges overlaps and clips ranges outside the text', () => {
    expect(
      marked(
        highlightParts('abcdef', [
          [3, 9],
          [1, 2],
          [1, 4],
          [-2, 0],
        ]),
      ),
    ).toBe('a[bcdef]');
  });
  it('leaves text without ranges as it is', () => {
    expect(highlightParts('plain', [])).toEqual([{ text: 'plain', mark: false }]);
  });
});
