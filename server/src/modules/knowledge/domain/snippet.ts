/** [start, end) in UTF-16 code units. */
export type Range = [number, number];

/** Case-folded for matching, with the same length (so offsets found in it are offsets in the text). */
function folded(text: string): string {
  const lower = text.toLowerCase();
  return lower.length === text.length ? lower : text;
}

/** Every place one of the words occurs, overlapping ranges merged, in order. */
export function highlightsIn(text: string, words: readonly string[]): Range[] {
  const hay = folded(text);
  const found: Range[] = [];
  for (const w of new Set(words.map((x) => x.toLowerCase()).filter((x) => x.length > 0))) {
    for (let i = hay.indexOf(w); i >= 0; i = hay.indexOf(w, i + w.length)) found.push([i, i + w.length]);
  }
  found.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: Range[] = [];
  for (const r of found) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

const ELLIPSIS = '…';
/** How far before the first word found a snippet starts, so the word is read in its sentence. */
const LEAD = 24;

/**
 * A passage of `text` of about `length` characters around the place where the most different
 * words occur together, with the words' ranges in it. Without a word found: the text's start.
 */
export function snippetOf(
  text: string,
  words: readonly string[],
  length = 140,
): { snippet: string; highlights: Range[] } {
  const flat = text.replace(/\s+/g, ' ').trim();
  const all = highlightsIn(flat, words);
  if (all.length === 0 || flat.length <= length) {
    const snippet = flat.length <= length ? flat : flat.slice(0, length) + ELLIPSIS;
    return { snippet, highlights: all.filter((r) => r[1] <= Math.min(flat.length, length)) };
  }
  const hay = folded(flat);
  // The window starting at a hit that holds the most distinct words (ties: the earliest).
  let best = 0;
  let bestDistinct = -1;
  for (let i = 0; i < all.length; i++) {
    const start = all[i]![0];
    const distinct = new Set<string>();
    for (let j = i; j < all.length && all[j]![1] <= start + length - LEAD; j++) {
      distinct.add(hay.slice(all[j]![0], all[j]![1]));
    }
    if (distinct.size > bestDistinct) {
      bestDistinct = distinct.size;
      best = i;
    }
  }
  let start = Math.max(0, all[best]![0] - LEAD);
  // Start at a sentence or word boundary near there when one is close.
  const boundary = flat.slice(start, all[best]![0]).search(/[。！？；.!?;，,\s][^。！？；.!?;，,\s]/u);
  if (start > 0 && boundary >= 0) start += boundary + 1;
  const end = Math.min(flat.length, start + length);
  const prefix = start > 0 ? ELLIPSIS : '';
  const snippet = prefix + flat.slice(start, end) + (end < flat.length ? ELLIPSIS : '');
  const highlights: Range[] = all
    .filter((r) => r[0] >= start && r[1] <= end)
    .map((r) => [r[0] - start + prefix.length, r[1] - start + prefix.length]);
  return { snippet, highlights };
}
