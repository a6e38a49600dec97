import { ScorecardContent } from '../../../../contracts/quality';

/**
 * A scorecard's content typed as JSON in the settings: parsed and checked against the contract
 * before it is sent, each problem with where it is (`sections.0.items.2.weight: …`).
 */
export function contentProblems(json: string): { content?: ScorecardContent; problems: string[] } {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (e) {
    return { problems: [e instanceof Error ? e.message : String(e)] };
  }
  const parsed = ScorecardContent.safeParse(value);
  if (parsed.success) return { content: parsed.data, problems: [] };
  return { problems: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`) };
}
