import {
  ANSWER_TYPES,
  type AnswerType,
  ITEM_KINDS,
  type ItemKind,
  type ScorecardContentInput,
} from '../../../../contracts/quality';

/**
 * A scorecard's content as the form editor holds it (质检 → 设置 → 评分表). The field names are the
 * contract's, so a server refusal at `content.sections.1.items.2.weight` lands on that input. What
 * differs: a key may be empty until it is saved (it is made from the label then), a number may be
 * empty while typed, and `locked` marks items whose key is in the published version (editor-only).
 */
export type ItemValues = {
  key: string;
  label: string;
  guidance: string;
  kind: ItemKind | undefined;
  answerType: AnswerType | undefined;
  weight: number | null | undefined;
  scaleMax: number | null | undefined;
  allowNa: boolean;
  autoCheck: string | null | undefined;
  /** The key is one of the published version's: answers, gap analysis and calibration key on it. */
  locked: boolean;
};
export type SectionValues = { key: string; title: string; items: ItemValues[] };
export type ContentValues = { sections: SectionValues[] };

export const KEY_PATTERN = /^[a-z0-9][a-z0-9_-]{0,39}$/;
const KEY_MAX = 40;

export const newItem = (): ItemValues => ({
  key: '',
  label: '',
  guidance: '',
  kind: 'required',
  answerType: 'pass_fail',
  weight: 10,
  scaleMax: 5,
  allowNa: false,
  autoCheck: null,
  locked: false,
});

export const newSection = (): SectionValues => ({ key: '', title: '', items: [newItem()] });

/** The answer types a kind allows (the contract: fatal pass/fail only; bonus and deduction no scale). */
export function answerTypesFor(kind: ItemKind | undefined): readonly AnswerType[] {
  if (kind === 'fatal') return ['pass_fail'];
  if (kind === 'bonus' || kind === 'deduction') return ['pass_fail', 'points'];
  return ANSWER_TYPES;
}

/** FNV-1a over UTF-16 units, base 36: the same label gives the same key on every browser. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

/**
 * A key made from a label: `Greeting the customer` → `greeting-the-customer`. A label with letters
 * outside ASCII (开场白) gives `item-<hash of the label>`: Kefu ships no transliteration and a key
 * made of the Latin bits of a Chinese label ("1. 开场白" → "1") would say less than a hash. It depends
 * on the label alone (not on the item's position), then `-2`, `-3`… when `taken` has it already.
 */
export function keyFromLabel(label: string, prefix: 'item' | 'section', taken: ReadonlySet<string>): string {
  const text = label
    .trim()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '');
  const foreign = /[^\p{ASCII}]/u.test(text) && /\p{L}/u.test(text.replace(/[\p{ASCII}]/gu, ''));
  const slug = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 32)
    .replace(/-+$/, '');
  const base = foreign || !slug ? `${prefix}-${hash(label.trim())}` : slug;
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = `${base.slice(0, KEY_MAX - suffix.length)}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/**
 * The keys the editor's empty key fields will get on save, in order (`items[s][i]`, `sections[s]`):
 * typed keys are kept as they are, and a made key never takes one that is typed elsewhere.
 */
export function plannedKeys(values: ContentValues): { sections: string[]; items: string[][] } {
  const sections = values.sections ?? [];
  const sectionTaken = new Set(sections.map((s) => s?.key?.trim()).filter(Boolean));
  const itemTaken = new Set(sections.flatMap((s) => (s?.items ?? []).map((i) => i?.key?.trim())).filter(Boolean));
  return {
    sections: sections.map((s) => {
      const typed = s?.key?.trim();
      if (typed) return typed;
      const made = keyFromLabel(s?.title ?? '', 'section', sectionTaken);
      sectionTaken.add(made);
      return made;
    }),
    items: sections.map((s) =>
      (s?.items ?? []).map((i) => {
        const typed = i?.key?.trim();
        if (typed) return typed;
        const made = keyFromLabel(i?.label ?? '', 'item', itemTaken);
        itemTaken.add(made);
        return made;
      }),
    ),
  };
}

/**
 * The form's values as the contract's input: empty keys made from the labels, texts trimmed, and
 * whatever the kind does not use left at its default. Not validated: `ScorecardContent` does that.
 */
export function toContent(values: ContentValues): ScorecardContentInput {
  const keys = plannedKeys(values);
  return {
    sections: (values.sections ?? []).map((s, si) => ({
      key: keys.sections[si] ?? '',
      title: (s?.title ?? '').trim(),
      items: (s?.items ?? []).map((i, ii) => {
        const kind = i?.kind as ItemKind;
        const answerType = i?.answerType ?? 'pass_fail';
        return {
          key: keys.items[si]?.[ii] ?? '',
          label: (i?.label ?? '').trim(),
          guidance: (i?.guidance ?? '').trim(),
          kind,
          answerType,
          // A fatal item's weight is unused (the contract): 0, rather than what the hidden input still
          // holds from when the item was of another kind.
          weight: kind === 'fatal' ? 0 : (i?.weight ?? 0),
          scaleMax: i?.scaleMax ?? 5,
          allowNa: i?.allowNa ?? false,
          autoCheck: i?.autoCheck ? i.autoCheck : null,
        };
      }),
    })),
  };
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');
function num(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}
const oneOf = <T extends string>(list: readonly T[], v: unknown): T | undefined =>
  list.includes(v as T) ? (v as T) : undefined;
const record = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/**
 * A content (a saved one, or what the JSON text holds) as form values. Lenient, so that JSON with
 * mistakes still opens in the form, which then marks them: a value of the wrong type becomes empty
 * (the field asks for it) rather than a default that would hide the mistake. Undefined when the
 * value is not `{ sections: [...] }` at all.
 */
export function toValues(content: unknown, publishedKeys: ReadonlySet<string> = new Set()): ContentValues | undefined {
  const sections = record(content).sections;
  if (!Array.isArray(sections)) return undefined;
  // A published key typed twice (in JSON) locks its first item only, so the other can be fixed.
  const seen = new Set<string>();
  return {
    sections: sections.map((raw) => {
      const s = record(raw);
      return {
        key: str(s.key),
        title: str(s.title),
        items: (Array.isArray(s.items) ? s.items : []).map((rawItem) => {
          const i = record(rawItem);
          const key = str(i.key);
          const kind = oneOf(ITEM_KINDS, i.kind);
          const first = !seen.has(key);
          seen.add(key);
          return {
            key,
            label: str(i.label),
            guidance: str(i.guidance),
            kind,
            answerType: 'answerType' in i ? oneOf(ANSWER_TYPES, i.answerType) : 'pass_fail',
            weight: 'weight' in i ? num(i.weight) : kind === 'fatal' ? 0 : undefined,
            scaleMax: 'scaleMax' in i ? num(i.scaleMax) : 5,
            allowNa: i.allowNa === true,
            autoCheck: typeof i.autoCheck === 'string' && i.autoCheck ? i.autoCheck : null,
            locked: key !== '' && publishedKeys.has(key) && first,
          } satisfies ItemValues;
        }),
      };
    }),
  };
}

/** The item keys of a published content: the editor keeps them from changing by accident. */
export const publishedKeysOf = (content: { sections: { items: { key: string }[] }[] } | null | undefined) =>
  new Set((content?.sections ?? []).flatMap((s) => s.items.map((i) => i.key)));

export type WeightSummary = {
  /** The required items' weights added up: the base score divides by it. */
  requiredTotal: number;
  requiredCount: number;
  /** What the bonus items can add and the deductions take off, at most. */
  bonusMax: number;
  deductionMax: number;
  fatalCount: number;
};

/** The live totals beside the formula (items not fully typed yet count with what they have). */
export function weightSummary(values: ContentValues | undefined): WeightSummary {
  const out: WeightSummary = { requiredTotal: 0, requiredCount: 0, bonusMax: 0, deductionMax: 0, fatalCount: 0 };
  for (const s of values?.sections ?? []) {
    for (const i of s?.items ?? []) {
      const w = typeof i?.weight === 'number' ? i.weight : 0;
      if (i?.kind === 'required') {
        out.requiredTotal += w;
        out.requiredCount += 1;
      } else if (i?.kind === 'bonus') out.bonusMax += w;
      else if (i?.kind === 'deduction') out.deductionMax += w;
      else if (i?.kind === 'fatal') out.fatalCount += 1;
    }
  }
  return out;
}

/** A required item's share of the base score (0–100) when every required item is answered. */
export const baseShare = (weight: number, requiredTotal: number): number =>
  requiredTotal > 0 ? Math.round((10_000 * weight) / requiredTotal) / 100 : 0;

/**
 * Where a problem of the content is, in the editor's terms: `sections.1.items.2.weight` → section 1,
 * item 2, field `weight` (indexes from 0; either may be missing for the content or a whole section).
 */
export function problemPlace(path: readonly PropertyKey[]): { section?: number; item?: number; field?: string } {
  const [s, si, i, ii, ...rest] = path.map((p) => (typeof p === 'symbol' ? '' : String(p)));
  if (s !== 'sections' || si === undefined || !/^\d+$/.test(si)) return {};
  const section = Number(si);
  if (i !== 'items') return { section, field: i };
  if (ii === undefined || !/^\d+$/.test(ii)) return { section, field: 'items' };
  return { section, item: Number(ii), field: rest[0] };
}

/** The contract's problems the editor says in its own (translated) words; others keep zod's. */
export type ProblemKind =
  | 'keyTaken'
  | 'keyRule'
  | 'weightMin'
  | 'scaleMaxRange'
  | 'answerTypeKind'
  | 'choose'
  | 'required'
  | 'tooLong'
  | 'needItem'
  | 'needSection'
  | 'noRequired';

/**
 * What a problem of `ScorecardContent` is, from where it is and zod's issue code (the contract's
 * custom messages are English, and the screen speaks zh-CN first).
 */
export function problemKind(path: readonly PropertyKey[], code: string): ProblemKind | undefined {
  const last = path.length ? String(path[path.length - 1]) : '';
  const whole = path.length === 1;
  if (code === 'custom') {
    if (last === 'key') return 'keyTaken';
    if (last === 'answerType') return 'answerTypeKind';
    if (last === 'weight') return 'weightMin';
    if (whole && last === 'sections') return 'noRequired';
    return undefined;
  }
  switch (last) {
    case 'key':
    case 'autoCheck':
      return 'keyRule';
    case 'weight':
      return 'weightMin';
    case 'scaleMax':
      return 'scaleMaxRange';
    case 'kind':
    case 'answerType':
      return 'choose';
    case 'label':
    case 'title':
    case 'guidance':
      return code === 'too_big' ? 'tooLong' : 'required';
    case 'items':
      return code === 'too_small' ? 'needItem' : undefined;
    case 'sections':
      return whole && code === 'too_small' ? 'needSection' : undefined;
    default:
      return undefined;
  }
}
