import { describe, expect, it } from 'vitest';
import { answerIssues, cleanComment, isLowScore, ivrSurveyScore } from './scoring';

const s = (csat: number | null, nps: number | null, ces: number | null) => ({ csat, nps, ces });

describe('a low score', () => {
  it('is a CSAT of 1 or 2, whatever else was answered', () => {
    expect(isLowScore(s(1, null, null))).toBe(true);
    expect(isLowScore(s(2, 10, 1))).toBe(true);
    expect(isLowScore(s(3, null, null))).toBe(false);
  });
  it('is an NPS detractor (0–6) only when there is no CSAT', () => {
    expect(isLowScore(s(null, 6, null))).toBe(true);
    expect(isLowScore(s(null, 7, null))).toBe(false);
    expect(isLowScore(s(4, 0, null))).toBe(false);
  });
  it('is a CES of 6 or 7', () => {
    expect(isLowScore(s(5, null, 6))).toBe(true);
    expect(isLowScore(s(null, null, 5))).toBe(false);
  });
  it('nothing answered is not low', () => {
    expect(isLowScore(s(null, null, null))).toBe(false);
  });
});

describe('a comment as kept', () => {
  it('loses control, bidi and zero-width characters, keeps line breaks and Chinese', () => {
    expect(cleanComment(' 服务\u202E很好\u200B\u0000\r\n谢谢\u2066 ')).toBe('服务很好\n谢谢');
  });
  it('is cut at 2000 characters (code points, not UTF-16 units)', () => {
    const long = '😀'.repeat(2500);
    expect([...cleanComment(long)!]).toHaveLength(2000);
  });
  it('empty or only invisible characters is no comment', () => {
    expect(cleanComment('  \u200B\u202A ')).toBeNull();
    expect(cleanComment(undefined)).toBeNull();
  });
});

describe("an answer against the template's questions", () => {
  it('fits when each asked score is given, in its scale', () => {
    expect(answerIssues(['csat', 'nps', 'ces', 'text'], { csat: 5, nps: 0, ces: 7 })).toEqual([]);
  });
  it('names a missing score, one not asked, and one off the scale', () => {
    expect(answerIssues(['csat', 'ces'], { nps: 3, ces: 8 })).toEqual([
      { path: 'csat', message: 'required' },
      { path: 'nps', message: 'not asked in this survey' },
      { path: 'ces', message: 'an integer from 1 to 7' },
    ]);
  });
});

describe('the IVR survey digit', () => {
  it('is the last scored survey step of the path', () => {
    expect(
      ivrSurveyScore([
        { type: 'menu', input: '1', result: 'ok' },
        { type: 'survey', input: '9', result: 'invalid' },
        { type: 'survey', input: '3', result: 'scored' },
      ]),
    ).toBe(3);
  });
  it('is none when the caller hung up or pressed nothing valid', () => {
    expect(ivrSurveyScore([{ type: 'survey', result: 'no_input' }])).toBeNull();
    expect(ivrSurveyScore([])).toBeNull();
  });
});
