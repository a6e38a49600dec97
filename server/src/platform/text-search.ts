/**
 * Full-text search for Chinese, English and numbers on PostgreSQL's `tsvector`, without an
 * extension (see docs/search.md for the measurements behind each rule).
 *
 * PostgreSQL's parsers cut Chinese into nothing useful (a whole run of Han characters is one
 * "word", and how it is cut depends on the database's locale), and trigram indexes do not index
 * two-character words. So this module does the cutting, and hands PostgreSQL finished lexemes
 * with their positions, as `tsvector` and `tsquery` literals (`$1::tsvector`, `$1::tsquery`): no
 * text search configuration or locale takes part, the same text gives the same vector anywhere.
 *
 * - Chinese (and other CJK) runs are indexed as overlapping character bigrams, one position each,
 *   plus the run's last character as a unigram sharing the last bigram's position. A query word
 *   of n ≥ 2 characters is the phrase of its bigrams (`'宽带' <-> '带掉' <-> '掉线'`): it finds every
 *   text containing the word, whatever a dictionary would make of the sentence (jieba cuts
 *   "本月话费" as 本/月话费, so an index of jieba words misses 话费 there). A one-character
 *   query is a prefix (`'费':*`), which the trailing unigram makes complete.
 * - Other letters and digits: lower-cased, NFKC-folded (全角 ＡＢＣ１２３ → abc123), not stemmed
 *   (product codes, plan names and English words keep their form); a query word of three or more
 *   letters matches as a prefix, so "refund" finds "refunds" and "refunded".
 * - Numbers of 5–20 digits are also indexed by each of their suffixes of 4+ digits, at the same
 *   position, so a phone number is found whole, with its country code, or by its last digits.
 *   Digit groups written apart ("138 0013 8000", "138-0013-8000") are joined.
 */

/** A field of a document: its text and its weight (A ranks highest; D is the default). */
export type SearchField = {
  readonly text: string | null | undefined;
  readonly weight?: SearchWeight;
  /**
   * Index the suffixes of numbers (last 4+ digits of a phone). Off for fields whose numbers are
   * not phones, such as a ticket number, whose sequence digits would otherwise match last-four
   * phone searches.
   */
  readonly digitSuffixes?: boolean;
};

export type SearchWeight = 'A' | 'B' | 'C' | 'D';

/** One lexeme at one position (1-based, as in PostgreSQL). */
export type SearchToken = { readonly lexeme: string; readonly position: number };

/** PostgreSQL's limits: positions above 16383 are not stored, nor more than 256 per lexeme. */
const MAX_POSITION = 16_383;
const MAX_POSITIONS_PER_LEXEME = 256;
/** Longer "words" are hashes, URLs or base64: no one searches for them by hand. */
const MAX_LEXEME_LENGTH = 64;
const MIN_SUFFIX_DIGITS = 4;
/** Longer digit strings (account or ID numbers) are indexed whole only. */
const MAX_SUFFIXED_DIGITS = 20;
/** A user's query is a few words; more is a paste, and only its first terms are kept. */
const MAX_QUERY_TERMS = 16;
const MIN_PREFIX_LETTERS = 3;

const CJK_CLASS = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}';
const CJK = new RegExp(`[${CJK_CLASS}]`, 'u');
/** A letter or digit that is not CJK. */
const OTHER = `(?![${CJK_CLASS}])[\\p{L}\\p{N}]`;
/**
 * A number written in groups ("138 0013 8000", "+86-138-0013-8000": groups of digits separated by
 * one space, hyphen or dot), or a CJK run, or a run of other letters and digits.
 */
const SEGMENT = new RegExp(`\\d+(?:[ .-]\\d+)+(?!${OTHER})|[${CJK_CLASS}]+|(?:${OTHER}|\\p{M})+`, 'gu');
/** The same grouped number in a query, where it may follow anything but a letter or digit. */
const GROUPED_NUMBER = new RegExp(`(?<!${OTHER})\\d+(?:[ .-]\\d+)+(?!${OTHER})`, 'gu');
/** Where a query is cut into separate terms (AND); inside a term, segments form a phrase. */
const QUERY_TERM_BREAK = /[\s,;!?"'，、；！？。：“”‘’（）()《》【】[\]{}<>|]+/u;

type Segment = { kind: 'cjk' | 'word' | 'number'; text: string };

function normalise(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

function* segments(text: string): Generator<Segment> {
  for (const m of normalise(text).matchAll(SEGMENT)) {
    const s = m[0];
    if (CJK.test(s[0] ?? '')) yield { kind: 'cjk', text: s };
    else if (/^\d+(?:[ .-]\d+)+$/.test(s)) yield { kind: 'number', text: s };
    else yield { kind: 'word', text: s };
  }
}

function digitSuffixes(digits: string): string[] {
  if (digits.length <= MIN_SUFFIX_DIGITS || digits.length > MAX_SUFFIXED_DIGITS) return [];
  const out: string[] = [];
  for (let n = MIN_SUFFIX_DIGITS; n < digits.length; n++) out.push(digits.slice(-n));
  return out;
}

/**
 * The lexemes of a text with their positions, starting after `offset`. Several lexemes may share
 * a position (a number and its suffixes; a run's last bigram and last character).
 */
export function searchTokens(text: string, options: { offset?: number; digitSuffixes?: boolean } = {}) {
  const suffixes = options.digitSuffixes ?? true;
  const tokens: SearchToken[] = [];
  let pos = options.offset ?? 0;
  const push = (lexeme: string, position: number) => {
    if (lexeme.length <= MAX_LEXEME_LENGTH) tokens.push({ lexeme, position });
  };
  for (const seg of segments(text)) {
    if (seg.kind === 'cjk') {
      const chars = [...seg.text];
      if (chars.length === 1) {
        push(chars[0]!, ++pos);
        continue;
      }
      for (let i = 0; i + 1 < chars.length; i++) push(chars[i]! + chars[i + 1]!, ++pos);
      push(chars[chars.length - 1]!, pos);
    } else if (seg.kind === 'number') {
      // Each group as written, then the joined number and its suffixes at the first group's place.
      const groups = seg.text.split(/[ .-]/);
      const first = pos + 1;
      for (const g of groups) push(g, ++pos);
      const joined = groups.join('');
      push(joined, first);
      if (suffixes) for (const s of digitSuffixes(joined)) push(s, first);
    } else {
      push(seg.text, ++pos);
      if (suffixes && /^\d+$/.test(seg.text)) for (const s of digitSuffixes(seg.text)) push(s, pos);
    }
  }
  return { tokens, last: pos };
}

function quote(lexeme: string): string {
  return `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/**
 * A `tsvector` literal of the fields (cast it: `$1::tsvector`). Each field starts one position
 * after a gap, so a phrase never matches across two fields, nor across a vector appended later
 * with `search || $2::tsvector` (how a new comment joins its ticket's vector).
 */
export function toSearchVector(fields: readonly SearchField[]): string {
  const positions = new Map<string, string[]>();
  let offset = 0;
  for (const field of fields) {
    if (!field.text) continue;
    const { tokens, last } = searchTokens(field.text, {
      offset: offset + 1,
      digitSuffixes: field.digitSuffixes ?? true,
    });
    const weight = field.weight && field.weight !== 'D' ? field.weight : '';
    for (const t of tokens) {
      if (t.position > MAX_POSITION) break;
      const list = positions.get(t.lexeme) ?? [];
      positions.set(t.lexeme, list);
      if (list.length < MAX_POSITIONS_PER_LEXEME) list.push(`${t.position}${weight}`);
    }
    offset = last;
  }
  const parts: string[] = [];
  for (const [lexeme, list] of positions) parts.push(`${quote(lexeme)}:${list.join(',')}`);
  return parts.join(' ');
}

/**
 * One term of a query as a tsquery: its segments in a phrase whose steps are the index's positions
 * (a CJK run of n ≥ 2 characters takes n - 1), prefixes where they help recall.
 */
function termQuery(term: string): string | undefined {
  const parts: string[] = [];
  for (const seg of segments(term)) {
    if (seg.kind === 'cjk') {
      const chars = [...seg.text];
      if (chars.length === 1) parts.push(`${quote(chars[0]!)}:*`);
      for (let i = 0; i + 1 < chars.length; i++) parts.push(quote(chars[i]! + chars[i + 1]!));
    } else if (seg.text.length <= MAX_LEXEME_LENGTH) {
      const prefix = /^\p{L}+$/u.test(seg.text) && seg.text.length >= MIN_PREFIX_LETTERS;
      parts.push(prefix ? `${quote(seg.text)}:*` : quote(seg.text));
    }
  }
  if (parts.length === 0) return undefined;
  return parts.length === 1 ? parts[0] : `(${parts.join(' <-> ')})`;
}

/**
 * A user's query as a `tsquery` literal (cast it: `$1::tsquery`), or undefined when it holds
 * nothing searchable. Terms apart (spaces, punctuation) must all match; a term written without a
 * break is a phrase: "宽带掉线" finds texts containing 宽带掉线, "宽带 掉线" those containing both.
 */
export function toSearchQuery(query: string): string | undefined {
  const terms: string[] = [];
  // A number written in groups is one term, joined, as the index holds it (its groups take
  // several positions there, so it cannot sit inside a phrase).
  const joined = normalise(query).replace(GROUPED_NUMBER, (n) => ` ${n.replace(/[ .-]/g, '')} `);
  for (const term of joined.split(QUERY_TERM_BREAK)) {
    if (terms.length >= MAX_QUERY_TERMS) break;
    const q = termQuery(term);
    if (q && !terms.includes(q)) terms.push(q);
  }
  return terms.length > 0 ? terms.join(' & ') : undefined;
}
