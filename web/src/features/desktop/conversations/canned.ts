import { CANNED_VARIABLES, type CannedReply } from '../../../../../contracts/conversations';

type CannedVariable = (typeof CANNED_VARIABLES)[number];
export type CannedValues = Partial<Record<CannedVariable, string | null | undefined>>;

const KNOWN = new Set<string>(CANNED_VARIABLES);

/**
 * Fills `{{customer.name}}`, `{{agent.name}}`, `{{ticket.number}}` and `{{conversation.id}}`. A
 * known variable without a value becomes empty (no placeholder reaches the customer); an unknown
 * one stays as written, so the agent sees the typo before sending.
 */
export function fillVariables(text: string, values: CannedValues): string {
  return text.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (whole, name: string) =>
    KNOWN.has(name) ? (values[name as CannedVariable] ?? '') : whole,
  );
}

/** The `/word` being typed just before the caret: at the start or after a space or line break. */
export type SlashQuery = { start: number; query: string };

export function slashQuery(text: string, caret: number): SlashQuery | undefined {
  const m = /(^|\s)\/([^\s/]*)$/.exec(text.slice(0, caret));
  if (!m) return undefined;
  return { start: caret - m[2]!.length - 1, query: m[2]! };
}

/** Replies matching the typed word: shortcuts starting with it first, then any that contain it. */
export function filterCanned(list: readonly CannedReply[], query: string, max = 8): CannedReply[] {
  const q = query.toLocaleLowerCase();
  if (!q) return list.slice(0, max);
  const starts: CannedReply[] = [];
  const contains: CannedReply[] = [];
  for (const r of list) {
    const shortcut = r.shortcut.toLocaleLowerCase();
    if (shortcut.startsWith(q)) starts.push(r);
    else if (shortcut.includes(q) || r.title.toLocaleLowerCase().includes(q) || r.text.toLocaleLowerCase().includes(q))
      contains.push(r);
  }
  return [...starts, ...contains].slice(0, max);
}

/** `text` with the `/word` at `slash` replaced by `insert`; the caret lands after the insertion. */
export function replaceSlash(
  text: string,
  caret: number,
  slash: SlashQuery,
  insert: string,
): { text: string; caret: number } {
  const before = text.slice(0, slash.start);
  return { text: before + insert + text.slice(caret), caret: before.length + insert.length };
}

/** `insert` put at the selection `[from, to)` of `text` (the emoji picker). */
export function insertAt(text: string, from: number, to: number, insert: string): { text: string; caret: number } {
  return { text: text.slice(0, from) + insert + text.slice(to), caret: from + insert.length };
}
