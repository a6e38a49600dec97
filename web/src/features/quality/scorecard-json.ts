import { ScorecardContent } from '../../../../contracts/quality';

/** A problem of a content: where (`['sections', 0, 'items', 2, 'weight']`), zod's code and words. */
export type ContentIssue = { path: PropertyKey[]; code: string; message: string };

/**
 * A scorecard's content typed as JSON in the settings: parsed and checked against the contract
 * before it is sent, each problem with where it is (`sections.0.items.2.weight: …`); `issues` has
 * the same problems unformatted (a JSON syntax error has code `json` and no path).
 */
export function contentProblems(json: string): {
  content?: ScorecardContent;
  problems: string[];
  issues: ContentIssue[];
} {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { problems: [message], issues: [{ path: [], code: 'json', message }] };
  }
  const parsed = ScorecardContent.safeParse(value);
  if (parsed.success) return { content: parsed.data, problems: [], issues: [] };
  const issues = parsed.error.issues.map((i) => ({ path: i.path, code: i.code, message: i.message }));
  return { problems: issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`), issues };
}
