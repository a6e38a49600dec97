import { describe, expect, it } from 'vitest';
import { queryGroups, synonymIndex } from './query-words';
import { highlightsIn, snippetOf } from './snippet';
import { suggestFor } from './suggest';
import { treeProblems } from './tree';
import { datesProblem, validityOf } from './validity';

const now = new Date('2026-12-07T08:00:00Z');
const at = (iso: string) => new Date(iso);
/** A segmenter good enough for the tests: the words the test names, in order. */
const cutBy =
  (...dict: string[]) =>
  (text: string) => {
    const out: string[] = [];
    let i = 0;
    while (i < text.length) {
      const w = dict.find((d) => text.startsWith(d, i));
      out.push(w ?? text[i]!);
      i += w ? w.length : 1;
    }
    return out;
  };

describe('validity', () => {
  const published = { status: 'published' as const, publishedVersion: 1, effectiveFrom: null, expiresAt: null };
  it('an article past its expiry is expired, never current', () => {
    expect(validityOf({ ...published, expiresAt: at('2026-12-07T08:00:00Z') }, now)).toBe('expired');
    expect(validityOf({ ...published, expiresAt: at('2026-12-07T08:00:01Z') }, now)).toBe('current');
  });
  it('an article not yet effective is scheduled; a draft or archived one is not published', () => {
    expect(validityOf({ ...published, effectiveFrom: at('2026-12-08T00:00:00Z') }, now)).toBe('scheduled');
    expect(validityOf({ ...published, status: 'archived' }, now)).toBe('unpublished');
    expect(validityOf({ ...published, status: 'draft', publishedVersion: null }, now)).toBe('unpublished');
    // A newer version in review leaves the published one current.
    expect(validityOf({ ...published, status: 'review' }, now)).toBe('current');
  });
  it('an expiry before the effective date is refused', () => {
    expect(datesProblem(at('2026-12-08T00:00:00Z'), at('2026-12-07T00:00:00Z'))).toMatch(/after/);
    expect(datesProblem(null, at('2026-12-07T00:00:00Z'))).toBeUndefined();
  });
});

describe('troubleshooting trees', () => {
  it('accepts a tree whose answers all lead somewhere, loops included', () => {
    expect(
      treeProblems([
        {
          id: 'start',
          text: '光猫 LOS 灯是否亮红灯？',
          answers: [
            { label: '是', next: 'fiber' },
            { label: '否', next: 'restart' },
          ],
        },
        { id: 'fiber', text: '光纤故障，派单上门', answers: [] },
        {
          id: 'restart',
          text: '重启光猫后能上网吗？',
          answers: [
            { label: '否', next: 'start' },
            { label: '是', next: 'done' },
          ],
        },
        { id: 'done', text: '问题解决', answers: [] },
      ]),
    ).toEqual([]);
  });
  it('names an answer leading nowhere, a duplicate step and an unreachable one', () => {
    expect(treeProblems([{ id: 'a', text: 'x', answers: [{ label: '是', next: 'zz' }] }])).toEqual([
      { path: 'tree.0.answers.0.next', message: 'no step zz' },
    ]);
    expect(
      treeProblems([
        { id: 'a', text: 'x', answers: [] },
        { id: 'a', text: 'y', answers: [] },
      ])[0]?.path,
    ).toBe('tree.1.id');
    expect(
      treeProblems([
        { id: 'a', text: 'x', answers: [] },
        { id: 'b', text: 'y', answers: [] },
      ]),
    ).toEqual([{ path: 'tree.1.id', message: 'the step b cannot be reached from the first' }]);
  });
});

describe('query words', () => {
  const synonyms = synonymIndex([['宽带', '光纤', '网络']]);
  it('a synonym term brings its group; the rest is cut into words, lone characters dropped', () => {
    expect(queryGroups('宽带无法上网怎么办', cutBy('无法', '上网', '怎么办'), synonyms)).toEqual([
      ['宽带', '光纤', '网络'],
      ['无法'],
      ['上网'],
      ['怎么办'],
    ]);
    expect(queryGroups('我的话费', cutBy('话费'), synonymIndex([]))).toEqual([['话费']]);
  });
  it('a lone character is kept when it is all there is, full-width letters are folded', () => {
    expect(queryGroups('费', cutBy(), synonymIndex([]))).toEqual([['费']]);
    expect(queryGroups('ＶｏＬＴＥ 开通', cutBy('volte', '开通'), synonymIndex([]))).toEqual([['volte'], ['开通']]);
  });
  it('groups sharing a term merge', () => {
    const s = synonymIndex([
      ['宽带', '光纤'],
      ['光纤', 'FTTH'],
    ]);
    expect([...(s.get('宽带') ?? [])]).toEqual(['宽带', '光纤']);
    expect([...(s.get('光纤') ?? [])].sort()).toEqual(['ftth', '宽带', '光纤'].sort());
  });
});

describe('snippets', () => {
  it('highlights every occurrence, case-insensitively, merging overlaps', () => {
    expect(highlightsIn('Refund the REFUND', ['refund'])).toEqual([
      [0, 6],
      [11, 17],
    ]);
    expect(highlightsIn('宽带掉线', ['宽带', '带掉'])).toEqual([[0, 3]]);
  });
  it('cuts the passage where the most different words are, with their offsets in it', () => {
    const body = `${'套餐说明。'.repeat(40)}如果宽带无法上网，请先检查光猫的指示灯。${'其他内容。'.repeat(40)}`;
    const { snippet, highlights } = snippetOf(body, ['宽带', '光猫'], 60);
    expect(snippet.startsWith('…')).toBe(true);
    expect(snippet.endsWith('…')).toBe(true);
    expect(highlights.map(([s, e]) => snippet.slice(s, e))).toEqual(['宽带', '光猫']);
  });
  it('a short text is whole; without a word found, the text starts the snippet', () => {
    expect(snippetOf('短文本', ['无'])).toEqual({ snippet: '短文本', highlights: [] });
    expect(snippetOf('长'.repeat(200), ['无'], 50).snippet).toBe(`${'长'.repeat(50)}…`);
  });
});

describe('suggestions', () => {
  const base = { kind: 'article' as const, effectiveFrom: null, expiresAt: null };
  const candidates = [
    { ...base, id: 'a', title: '话费查询', queueIds: ['billing'], keywords: [] },
    { ...base, id: 'b', title: '宽带报障', queueIds: [], keywords: ['宽带', '上网'] },
    {
      ...base,
      id: 'c',
      title: '过期政策',
      queueIds: ['billing'],
      keywords: ['宽带'],
      expiresAt: at('2026-12-01T00:00:00Z'),
    },
    {
      ...base,
      id: 'd',
      title: '新政策',
      queueIds: ['billing'],
      keywords: [],
      effectiveFrom: at('2026-12-10T00:00:00Z'),
    },
  ];
  it("keywords in the contact's words rank above the queue; expired and future articles are never suggested", () => {
    const s = suggestFor(candidates, { queueId: 'billing', text: 'IVR: 宽带无法上网' }, now);
    expect(s.map((x) => [x.id, x.reason, x.matched])).toEqual([
      ['b', 'keyword', ['宽带', '上网']],
      ['a', 'queue', []],
    ]);
  });
  it('nothing matches: nothing suggested', () => {
    expect(suggestFor(candidates, { queueId: 'other', text: '' }, now)).toEqual([]);
  });
});
