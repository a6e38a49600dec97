import { describe, expect, it } from 'vitest';
import { ScorecardContent, type ScorecardContentInput } from '../../../../contracts/quality';
import { DEFAULT_SCORECARD } from '../../../../server/src/modules/quality/domain/defaults';
import {
  answerTypesFor,
  baseShare,
  type ContentValues,
  KEY_PATTERN,
  keyFromLabel,
  newItem,
  newSection,
  problemKind,
  problemPlace,
  publishedKeysOf,
  toContent,
  toValues,
  weightSummary,
} from './scorecard-values';

const none = new Set<string>();

describe('a key made from a label', () => {
  it('is the label in lower case with dashes when the label is ASCII', () => {
    expect(keyFromLabel('  Greeting the Customer! ', 'item', none)).toBe('greeting-the-customer');
    expect(keyFromLabel('Café crème', 'item', none)).toBe('cafe-creme');
  });

  it('is a hash of a Chinese label, the same every time and whatever else the label holds', () => {
    const key = keyFromLabel('开场白', 'item', none);
    expect(key).toMatch(/^item-[0-9a-z]+$/);
    expect(keyFromLabel('开场白', 'item', none)).toBe(key);
    expect(keyFromLabel('结束语', 'item', none)).not.toBe(key);
    expect(keyFromLabel('1. 开场白', 'item', none)).toMatch(/^item-/);
    expect(keyFromLabel('身份验证', 'section', none)).toMatch(/^section-/);
  });

  it('never takes a key that is taken, and stays within the contract', () => {
    const taken = new Set(['greeting', 'greeting-2']);
    expect(keyFromLabel('Greeting', 'item', taken)).toBe('greeting-3');
    const long = 'a'.repeat(80);
    const first = keyFromLabel(long, 'item', none);
    const second = keyFromLabel(long, 'item', new Set([first]));
    for (const k of [first, second, keyFromLabel('开场白', 'item', none), keyFromLabel('', 'item', none)]) {
      expect(k).toMatch(KEY_PATTERN);
    }
    expect(second).not.toBe(first);
  });
});

const values = (sections: ContentValues['sections']): ContentValues => ({ sections });

describe('the form values of a scorecard', () => {
  it('round-trip the default scorecard unchanged, keys included', () => {
    const content = ScorecardContent.parse(DEFAULT_SCORECARD.content);
    const form = toValues(content, publishedKeysOf(content));
    expect(form).toBeDefined();
    expect(ScorecardContent.parse(toContent(form as ContentValues))).toEqual(content);
  });

  it('lock the keys of published items only', () => {
    const content: ScorecardContentInput = {
      sections: [
        {
          key: 'open',
          title: '开场',
          items: [
            { key: 'greeting', label: '问候', kind: 'required', weight: 10 },
            { key: 'new-one', label: '新项', kind: 'bonus', weight: 5 },
          ],
        },
      ],
    };
    const form = toValues(content, new Set(['greeting']));
    expect(form?.sections[0]?.items.map((i) => i.locked)).toEqual([true, false]);
    // Typed twice in JSON: the second can still be changed in the form.
    const twice = toValues(
      { sections: [{ ...content.sections[0], items: [content.sections[0]?.items[0], content.sections[0]?.items[0]] }] },
      new Set(['greeting']),
    );
    expect(twice?.sections[0]?.items.map((i) => i.locked)).toEqual([true, false]);
    expect(toContent(form as ContentValues).sections[0]?.items[0]).not.toHaveProperty('locked');
  });

  it('make the empty keys from the labels and keep the typed ones', () => {
    const section = newSection();
    const content = toContent(
      values([
        {
          ...section,
          title: 'Opening',
          items: [
            { ...newItem(), label: 'Greeting' },
            { ...newItem(), key: 'greeting', label: 'Typed' },
            { ...newItem(), label: '开场白' },
          ],
        },
        { ...newSection(), title: 'Opening', items: [{ ...newItem(), label: 'Greeting' }] },
      ]),
    );
    expect(content.sections.map((s) => s.key)).toEqual(['opening', 'opening-2']);
    const keys = content.sections.flatMap((s) => s.items.map((i) => i.key));
    expect(keys[0]).toBe('greeting-2');
    expect(keys[1]).toBe('greeting');
    expect(keys[2]).toMatch(/^item-/);
    expect(keys[3]).toBe('greeting-3');
    expect(ScorecardContent.safeParse(content).success).toBe(true);
  });

  it('give a key that does not depend on the item’s place', () => {
    const a = { ...newItem(), label: '开场白' };
    const b = { ...newItem(), label: '结束语' };
    const first = toContent(values([{ ...newSection(), title: 'S', items: [a, b] }]));
    const swapped = toContent(values([{ ...newSection(), title: 'S', items: [b, a] }]));
    expect(first.sections[0]?.items[0]?.key).toBe(swapped.sections[0]?.items[1]?.key);
  });

  it('trim the texts, send 0 as a fatal item’s weight and null for no automatic check', () => {
    const content = toContent(
      values([
        {
          ...newSection(),
          title: ' 禁忌 ',
          items: [{ ...newItem(), label: ' 泄露客户信息 ', kind: 'fatal', weight: 10, guidance: ' x ', autoCheck: '' }],
        },
      ]),
    );
    expect(content.sections[0]?.title).toBe('禁忌');
    expect(content.sections[0]?.items[0]).toMatchObject({
      label: '泄露客户信息',
      guidance: 'x',
      weight: 0,
      autoCheck: null,
    });
  });

  it('open JSON with mistakes, leaving the wrong values empty for the form to ask for', () => {
    const form = toValues({
      sections: [
        { key: 'a', title: 'A', items: [{ key: 'x', label: 'X', kind: 'often', weight: 'ten', scaleMax: '7' }] },
      ],
    });
    expect(form?.sections[0]?.items[0]).toMatchObject({
      kind: undefined,
      weight: undefined,
      scaleMax: 7,
      answerType: 'pass_fail',
      allowNa: false,
      autoCheck: null,
    });
  });

  it('do not open what is not a content at all', () => {
    expect(toValues([1, 2])).toBeUndefined();
    expect(toValues({ items: [] })).toBeUndefined();
    expect(toValues(null)).toBeUndefined();
  });
});

describe('what the editor shows beside the items', () => {
  it('adds up the weights by kind', () => {
    const form = toValues(ScorecardContent.parse(DEFAULT_SCORECARD.content));
    expect(weightSummary(form)).toEqual({
      requiredTotal: 100,
      requiredCount: 9,
      bonusMax: 5,
      deductionMax: 15,
      fatalCount: 2,
    });
  });

  it('gives a required item its share of the base', () => {
    expect(baseShare(15, 100)).toBe(15);
    expect(baseShare(7, 30)).toBe(23.33);
    expect(baseShare(5, 0)).toBe(0);
  });

  it('offers only the answer types the kind allows', () => {
    expect(answerTypesFor('fatal')).toEqual(['pass_fail']);
    expect(answerTypesFor('bonus')).toEqual(['pass_fail', 'points']);
    expect(answerTypesFor('required')).toEqual(['pass_fail', 'scale', 'points']);
  });

  it('places a problem by section, item and field', () => {
    expect(problemPlace(['sections', 1, 'items', 2, 'weight'])).toEqual({ section: 1, item: 2, field: 'weight' });
    expect(problemPlace(['sections', 0, 'title'])).toEqual({ section: 0, field: 'title' });
    expect(problemPlace(['sections', 0, 'items'])).toEqual({ section: 0, field: 'items' });
    expect(problemPlace(['sections'])).toEqual({});
  });

  it('names the contract’s problems so that the screen can say them in its language', () => {
    const said = (content: unknown) => {
      const parsed = ScorecardContent.safeParse(content);
      return parsed.success ? [] : parsed.error.issues.map((i) => problemKind(i.path, i.code));
    };
    const section = (items: unknown[], key = 's') => ({ key, title: 'S', items });
    const required = { key: 'a', label: 'A', kind: 'required', weight: 10 };
    expect(said({ sections: [section([{ ...required, weight: 0 }])] })).toEqual(['weightMin']);
    expect(said({ sections: [section([required, { ...required }])] })).toEqual(['keyTaken']);
    expect(
      said({ sections: [section([required, { key: 'f', label: 'F', kind: 'fatal', answerType: 'scale' }])] }),
    ).toEqual(['answerTypeKind']);
    expect(said({ sections: [section([{ ...required, kind: 'bonus' }])] })).toEqual(['noRequired']);
    expect(said({ sections: [section([{ ...required, key: 'Not OK', label: ' ', scaleMax: 11 }])] })).toEqual([
      'keyRule',
      'required',
      'scaleMaxRange',
    ]);
    expect(said({ sections: [section([])] })).toEqual(['needItem', 'noRequired']);
    expect(said({ sections: [] })).toEqual(['needSection', 'noRequired']);
  });
});
