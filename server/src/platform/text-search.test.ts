import { describe, expect, it } from 'vitest';
import { searchTokens, toSearchQuery, toSearchVector } from './text-search';

const lexemes = (text: string, digitSuffixes?: boolean) =>
  searchTokens(text, { digitSuffixes }).tokens.map((t) => `${t.lexeme}@${t.position}`);

describe('searchTokens', () => {
  it('cuts a Chinese run into overlapping bigrams and its last character, sharing the last position', () => {
    expect(lexemes('宽带掉线')).toEqual(['宽带@1', '带掉@2', '掉线@3', '线@3']);
  });

  it('indexes a lone Chinese character as itself', () => {
    expect(lexemes('修 好')).toEqual(['修@1', '好@2']);
  });

  it('separates Chinese from Latin letters and digits, and folds full-width forms and case', () => {
    expect(lexemes('５G信号差，ＶＩＰ客户')).toEqual(['5g@1', '信号@2', '号差@3', '差@3', 'vip@4', '客户@5', '户@5']);
  });

  it('indexes a phone number whole and by each suffix of four or more digits, at one position', () => {
    const t = searchTokens('电话13800138000').tokens;
    expect(t.filter((x) => /\d/.test(x.lexeme)).map((x) => x.lexeme)).toEqual([
      '13800138000',
      '8000',
      '38000',
      '138000',
      '0138000',
      '00138000',
      '800138000',
      '3800138000',
    ]);
    expect(new Set(t.filter((x) => /\d/.test(x.lexeme)).map((x) => x.position))).toEqual(new Set([2]));
  });

  it('joins a number written in groups, keeping the groups', () => {
    const t = lexemes('+86 138-0013-8000', false);
    expect(t).toEqual(['86@1', '138@2', '0013@3', '8000@4', '8613800138000@1']);
  });

  it('does not index suffixes when the field asks not to (ticket numbers)', () => {
    expect(lexemes('GD20261206-000123', false)).toEqual(['gd20261206@1', '000123@2']);
  });

  it('leaves out words no one types (over 64 characters), holding their place, and punctuation', () => {
    expect(lexemes(`${'a'.repeat(65)} ，。！ ok`)).toEqual(['ok@2']);
  });
});

describe('toSearchVector', () => {
  it('weights each field and leaves a gap between fields so phrases do not cross them', () => {
    expect(
      toSearchVector([{ text: '话费', weight: 'A' }, { text: '退款' }, { text: null }, { text: 'ok', weight: 'B' }]),
    ).toBe("'话费':2A '费':2A '退款':4 '款':4 'ok':6B");
  });

  it('escapes quotes and backslashes', () => {
    expect(toSearchVector([{ text: "o'neil" }])).toBe("'o':2 'neil':3");
    expect(searchTokens("it's").tokens.map((t) => t.lexeme)).toEqual(['it', 's']);
  });

  it('keeps at most 256 positions of a lexeme and none past position 16383', () => {
    const v = toSearchVector([{ text: 'ok '.repeat(20_000) }]);
    expect(v.split(',')).toHaveLength(256);
    const far = toSearchVector([{ text: `${'x '.repeat(16_400)}far` }]);
    expect(far).not.toContain('far');
  });
});

describe('toSearchQuery', () => {
  it('makes a Chinese word of two characters one lexeme, and a longer one the phrase of its bigrams', () => {
    expect(toSearchQuery('信号')).toBe("'信号'");
    expect(toSearchQuery('宽带掉线')).toBe("('宽带' <-> '带掉' <-> '掉线')");
  });

  it('makes one Chinese character a prefix', () => {
    expect(toSearchQuery('费')).toBe("'费':*");
  });

  it('ANDs terms written apart, and drops repeated ones', () => {
    expect(toSearchQuery('宽带，退款  宽带 refund')).toBe("'宽带' & '退款' & 'refund':*");
  });

  it('matches English words of three letters or more as prefixes, shorter words and digits exactly', () => {
    expect(toSearchQuery('Refund 5G tv 8000')).toBe("'refund':* & '5g' & 'tv' & '8000'");
  });

  it('keeps a ticket number a phrase and joins a phone written in groups', () => {
    expect(toSearchQuery('GD20261206-000123')).toBe("('gd20261206' <-> '000123')");
    expect(toSearchQuery('138 0013 8000')).toBe("'13800138000'");
    expect(toSearchQuery('电话138 0013 8000')).toBe("'电话' & '13800138000'");
  });

  it('returns undefined when nothing is searchable', () => {
    expect(toSearchQuery('  ，。!? ')).toBeUndefined();
    expect(toSearchQuery('')).toBeUndefined();
  });

  it('escapes what it quotes, so no input breaks the tsquery syntax', () => {
    expect(toSearchQuery("a'b\\c & | ! <-> :*")).toBe("'a' & ('b' <-> 'c')");
  });

  it('keeps at most 16 terms', () => {
    const q = toSearchQuery(Array.from({ length: 30 }, (_, i) => `w${i}`).join(' '));
    expect(q?.split(' & ')).toHaveLength(16);
  });
});
