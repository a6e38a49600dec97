import { describe, expect, it } from 'vitest';
import { contentProblems } from './scorecard-json';

const card = (items: unknown[]) => JSON.stringify({ sections: [{ key: 'open', title: '开场', items }] });

describe('a scorecard typed as JSON', () => {
  it('fills the defaults of a valid content', () => {
    const { content, problems } = contentProblems(
      card([{ key: 'greeting', label: '问候', kind: 'required', weight: 10 }]),
    );
    expect(problems).toEqual([]);
    expect(content?.sections[0]?.items[0]).toMatchObject({ answerType: 'pass_fail', allowNa: false, guidance: '' });
  });

  it('says where a content is wrong', () => {
    const { content, problems } = contentProblems(card([{ key: 'greeting', label: '问候', kind: 'bonus', weight: 0 }]));
    expect(content).toBeUndefined();
    expect(problems.some((p) => p.startsWith('sections.0.items.0.weight'))).toBe(true);
  });

  it('keeps each problem’s place and code for the screen to word it', () => {
    const { issues } = contentProblems(card([{ key: 'greeting', label: '问候', kind: 'bonus', weight: 0 }]));
    expect(issues).toContainEqual(
      expect.objectContaining({ path: ['sections', 0, 'items', 0, 'weight'], code: 'custom' }),
    );
    expect(contentProblems('{').issues).toEqual([expect.objectContaining({ path: [], code: 'json' })]);
  });

  it('reports JSON that does not parse', () => {
    expect(contentProblems('{ sections: ').problems).toHaveLength(1);
  });
});
