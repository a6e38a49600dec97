import type { AutoCheckRule, AutoFinding, TranscriptLine } from '../../../../../contracts/quality';

/**
 * Phrase rules on a transcript (自动质检): forbidden phrases (禁用语) anywhere in a party's speech,
 * required phrases (the greeting at the start, the closing at the end). docs/quality.md.
 *
 * Matching respects word boundaries: a phrase counts where it starts and ends on a word boundary of
 * the line, as the segmenter cuts it (jieba for Chinese, letters and digits for other scripts). So
 * the rule 不能 finds 我不能办理 (我/不能/办理) but not 我不能够理解 (我/不/能够/理解), and "no" finds
 * "No, sorry" but not "know". A rule whose `match` is `substring` finds the phrase anywhere
 * (for phrases a segmenter cuts unpredictably).
 */

/** Cuts text into words: their concatenation is the text (jieba's `cut` keeps every character). */
export type Segmenter = (text: string) => string[];

/** How text is compared: NFKC (full-width ＡＢＣ → ABC), lower case, whitespace runs as one space. */
export const normalise = (text: string) => text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ');

/** The word boundaries of a (normalised) text, as character offsets, 0 and its length included. */
function boundaries(text: string, cut: Segmenter): Set<number> {
  const out = new Set<number>([0]);
  let at = 0;
  for (const word of cut(text)) {
    at += word.length;
    out.add(at);
  }
  // A segmenter that drops characters cannot be trusted with offsets: fall back to every offset.
  if (at !== text.length) for (let i = 0; i <= text.length; i++) out.add(i);
  return out;
}

/** At most this many findings per transcript: a runaway rule (or a hostile dry run) stops here. */
export const MAX_FINDINGS = 1000;

/**
 * The offsets where `phrase` occurs in `text` as the rule says (both normalised). `bounds` are the
 * line's word boundaries when the caller has them (cut once per line, not once per phrase).
 */
export function findPhrase(
  text: string,
  phrase: string,
  cut: Segmenter,
  match: 'word' | 'substring',
  bounds?: () => Set<number>,
): number[] {
  if (!phrase) return [];
  const found: number[] = [];
  let b: Set<number> | undefined;
  for (let at = text.indexOf(phrase); at >= 0 && found.length < MAX_FINDINGS; at = text.indexOf(phrase, at + 1)) {
    if (match === 'word') {
      b ??= bounds ? bounds() : boundaries(text, cut);
      if (!b.has(at) || !b.has(at + phrase.length)) continue;
    }
    found.push(at);
  }
  return found;
}

const speakerMatches = (rule: AutoCheckRule, line: TranscriptLine) =>
  rule.speaker === 'any' || rule.speaker === line.speaker;

const languageMatches = (rule: AutoCheckRule, language: string) =>
  rule.language === 'any' || language.toLowerCase().startsWith(rule.language);

/** The phrase rules (required and forbidden) a transcript in `language` is checked with. */
export const phraseRulesFor = (rules: readonly AutoCheckRule[], language: string): AutoCheckRule[] =>
  rules.filter(
    (r) => r.enabled && (r.kind === 'required_phrase' || r.kind === 'forbidden_phrase') && languageMatches(r, language),
  );

/**
 * The lines a required rule looks in: the speaker's first `withinLines` lines (the greeting) or last
 * ones (the closing), or all of them.
 */
function window<L extends TranscriptLine>(rule: AutoCheckRule, lines: readonly L[]): readonly L[] {
  const own = lines.filter((l) => speakerMatches(rule, l));
  if (!rule.withinLines) return own;
  return rule.position === 'end' ? own.slice(-rule.withinLines) : own.slice(0, rule.withinLines);
}

/** Findings of the phrase rules (forbidden and required) on one transcript. */
export function checkPhrases(
  rules: readonly AutoCheckRule[],
  language: string,
  transcript: readonly TranscriptLine[],
  cut: Segmenter,
): AutoFinding[] {
  const findings: AutoFinding[] = [];
  const lines = transcript.map((l) => {
    const norm = normalise(l.text);
    let b: Set<number> | undefined;
    return { ...l, norm, bounds: () => (b ??= boundaries(norm, cut)) };
  });
  for (const rule of phraseRulesFor(rules, language)) {
    if (findings.length >= MAX_FINDINGS) break;
    const phrases = [...new Set(rule.phrases.map(normalise).filter((p) => p.trim() !== ''))];
    if (rule.kind === 'forbidden_phrase') {
      for (const line of lines) {
        if (!speakerMatches(rule, line)) continue;
        // In the order they were said.
        const hits = phrases
          .flatMap((phrase) =>
            findPhrase(line.norm, phrase, cut, rule.match, line.bounds).map((at) => ({ at, phrase })),
          )
          .sort((a, b) => a.at - b.at);
        for (const { phrase } of hits) {
          if (findings.length >= MAX_FINDINGS) break;
          findings.push({
            rule: rule.key,
            kind: 'forbidden_phrase',
            speaker: line.speaker,
            text: phrase,
            ...(line.startMs !== undefined ? { atMs: line.startMs } : {}),
          });
        }
      }
    } else if (rule.kind === 'required_phrase') {
      const looked = window(rule, lines);
      const said = looked.some((l) => phrases.some((p) => findPhrase(l.norm, p, cut, rule.match, l.bounds).length > 0));
      if (!said) {
        findings.push({
          rule: rule.key,
          kind: 'required_missing',
          ...(rule.speaker !== 'any' ? { speaker: rule.speaker } : {}),
        });
      }
    }
  }
  return findings;
}
