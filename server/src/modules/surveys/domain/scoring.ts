import { COMMENT_MAX, SCORE_RANGES, type ScoreQuestion, type SurveyQuestion } from '../../../../../contracts/surveys';

export type Scores = { csat: number | null; nps: number | null; ces: number | null };

/**
 * A low score alerts the agent's team lead: CSAT 1–2 (of 5); without a CSAT, an NPS detractor
 * (0–6 of 10); or a hard effort, CES 6–7 (of 7).
 */
export function isLowScore(s: Scores): boolean {
  if (s.csat !== null && s.csat <= 2) return true;
  if (s.csat === null && s.nps !== null && s.nps <= 6) return true;
  return s.ces !== null && s.ces >= 6;
}

// C0 and C1 controls except tab and line breaks; bidi embeddings, overrides and isolates (the
// "Trojan source" characters); zero-width and BOM characters that hide text from a reader.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are what it removes
const UNSAFE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;

/** A customer's comment as kept: unsafe characters removed, trimmed, at most COMMENT_MAX characters; empty → null. */
export function cleanComment(raw: string | null | undefined): string | null {
  if (raw == null) return null;
  const text = raw.replace(/\r\n?/g, '\n').replace(UNSAFE, '').trim();
  if (!text) return null;
  return [...text].slice(0, COMMENT_MAX).join('').trimEnd();
}

export type AnswerIssue = { path: ScoreQuestion; message: string };

/**
 * Checks a link answer against the template's questions: every score question asked is answered,
 * nothing that was not asked is; each in its scale. Empty when it fits.
 */
export function answerIssues(questions: readonly SurveyQuestion[], s: Partial<Scores>): AnswerIssue[] {
  const issues: AnswerIssue[] = [];
  for (const q of Object.keys(SCORE_RANGES) as ScoreQuestion[]) {
    const v = s[q];
    const asked = questions.includes(q);
    const [min, max] = SCORE_RANGES[q];
    if (asked && (v === undefined || v === null)) issues.push({ path: q, message: 'required' });
    else if (!asked && v !== undefined && v !== null) issues.push({ path: q, message: 'not asked in this survey' });
    else if (v !== undefined && v !== null && (!Number.isInteger(v) || v < min || v > max))
      issues.push({ path: q, message: `an integer from ${min} to ${max}` });
  }
  return issues;
}

/** The scored digit of an IVR survey from the call's IVR path (its last scored survey step), or null. */
export function ivrSurveyScore(path: ReadonlyArray<{ type: string; input?: string; result?: string }>): number | null {
  for (let i = path.length - 1; i >= 0; i--) {
    const s = path[i]!;
    if (s.type === 'survey' && s.result === 'scored' && s.input && /^[1-5]$/.test(s.input)) return Number(s.input);
  }
  return null;
}
