/** Cuts a text into words (jieba in production; any function in tests). */
export type Segmenter = (text: string) => string[];

/** Every synonym term, folded, with the terms of its group (宽带 → [宽带, 光纤, 网络]). */
export type SynonymIndex = ReadonlyMap<string, readonly string[]>;

export const fold = (s: string) => s.normalize('NFKC').toLowerCase();

const WORDLIKE = /[\p{L}\p{N}]/u;
const SINGLE_CJK = /^\p{Script=Han}$/u;
/** A question is a few words; a paste is cut to its first ones. */
const MAX_GROUPS = 8;

export function synonymIndex(groups: readonly (readonly string[])[]): SynonymIndex {
  const index = new Map<string, readonly string[]>();
  for (const g of groups) {
    const terms = [...new Set(g.map(fold))];
    for (const t of terms) index.set(t, [...new Set([...(index.get(t) ?? []), ...terms])]);
  }
  return index;
}

/**
 * A question as groups of words: every group must match (any word of a group will do). Synonym
 * terms the admin maintains are taken whole first (光猫 stays one word whatever the dictionary
 * says) and bring their group; the rest is cut into words; lone Chinese characters (的, 了, 我) are
 * dropped when there are real words beside them.
 */
export function queryGroups(query: string, segment: Segmenter, synonyms: SynonymIndex): string[][] {
  let rest = fold(query);
  const groups: string[][] = [];
  const terms = [...synonyms.keys()].sort((a, b) => b.length - a.length);
  for (const t of terms) {
    if (!rest.includes(t)) continue;
    groups.push([...synonyms.get(t)!]);
    rest = rest.split(t).join(' ');
  }
  const words = segment(rest)
    .map((w) => w.trim())
    .filter((w) => WORDLIKE.test(w));
  const real = words.filter((w) => !SINGLE_CJK.test(w));
  for (const w of groups.length + real.length > 0 ? real : words) groups.push([w]);
  const seen = new Set<string>();
  return groups
    .filter((g) => {
      const key = [...g].sort().join('|');
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .slice(0, MAX_GROUPS);
}
