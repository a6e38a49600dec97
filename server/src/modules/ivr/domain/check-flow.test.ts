import { describe, expect, it } from 'vitest';
import { FlowDefinition, type FlowDefinitionInput } from '../../../../../contracts/ivr';
import { checkFlow, inReadingOrder, queueRefs } from './check-flow';

const check = (input: FlowDefinitionInput) => checkFlow(FlowDefinition.parse(input));
const paths = (input: FlowDefinitionInput) => check(input).map((i) => i.path);

const good: FlowDefinitionInput = {
  language: 'zh-CN',
  start: 'welcome',
  nodes: {
    welcome: { type: 'play', prompts: [{ prompt: 'welcome' }], next: 'menu' },
    menu: { type: 'menu', prompts: [{ prompt: 'menu' }], options: { '1': 'q', '#': 'welcome' }, onFailure: 'q' },
    q: { type: 'queue', queue: 'billing', next: 'bye' },
    bye: { type: 'hangup' },
  },
};

describe('checking a flow', () => {
  it('a well-formed flow has no issues', () => {
    expect(check(good)).toEqual([]);
  });

  it('names a missing start and missing targets by path', () => {
    expect(paths({ ...good, start: 'nope' })).toContain('start');
    const broken = { ...good, nodes: { ...good.nodes, q: { type: 'queue', queue: 'billing', next: 'gone' } } };
    expect(check(broken as FlowDefinitionInput)).toContainEqual({ path: 'nodes.q.next', message: 'no node gone' });
  });

  it('refuses nodes nobody reaches', () => {
    const flow = { ...good, nodes: { ...good.nodes, orphan: { type: 'hangup' } } } as FlowDefinitionInput;
    expect(check(flow)).toEqual([{ path: 'nodes.orphan', message: 'not reachable from welcome' }]);
  });

  it('refuses menu keys that are not DTMF keys and node ids out of pattern', () => {
    const flow = {
      ...good,
      nodes: {
        ...good.nodes,
        menu: { type: 'menu', prompts: [], options: { '1': 'q', '12': 'q', a: 'q' }, onFailure: 'q' },
        Bad: { type: 'hangup' },
      },
    } as FlowDefinitionInput;
    expect(paths(flow)).toEqual(expect.arrayContaining(['nodes.menu.options.12', 'nodes.menu.options.a', 'nodes.Bad']));
  });

  it('refuses a pattern that does not compile and minDigits above maxDigits', () => {
    const flow = {
      ...good,
      nodes: {
        ...good.nodes,
        welcome: {
          type: 'collect',
          prompts: [],
          variable: 'account',
          minDigits: 9,
          maxDigits: 8,
          pattern: '([0-9',
          next: 'menu',
          onFailure: 'bye',
        },
      },
    } as FlowDefinitionInput;
    expect(paths(flow)).toEqual(['nodes.welcome.minDigits', 'nodes.welcome.pattern']);
  });

  it('refuses templates naming variables nothing stores; built-ins and stored ones are fine', () => {
    const flow = {
      ...good,
      nodes: {
        ...good.nodes,
        welcome: {
          type: 'http',
          url: 'https://crm.example/lookup?phone={{caller}}&x={{secret}}',
          body: { a: ['{{nobody}}'] },
          assign: { balance: 'data.balance' },
          next: 'say',
          onError: 'menu',
        },
        say: { type: 'play', prompts: [{ say: 'amount', value: '{{balance}}' }], next: 'menu' },
      },
    } as FlowDefinitionInput;
    expect(check(flow)).toEqual([
      { path: 'nodes.welcome.url', message: 'unknown variable {{secret}}' },
      { path: 'nodes.welcome.body.a.0', message: 'unknown variable {{nobody}}' },
    ]);
  });

  it('refuses a loop that never waits for the caller, not one through a menu', () => {
    const spin = {
      language: 'zh-CN',
      start: 'a',
      nodes: {
        a: { type: 'play', prompts: [{ prompt: 'welcome' }], next: 'b' },
        b: { type: 'set', priority: 1, next: 'a' },
      },
    } as FlowDefinitionInput;
    expect(check(spin)).toEqual([{ path: 'nodes.a', message: 'loop without waiting for the caller: a → b → a' }]);
    const self = {
      language: 'zh-CN',
      start: 'a',
      nodes: { a: { type: 'play', prompts: [{ prompt: 'welcome' }], next: 'a' } },
    } as FlowDefinitionInput;
    expect(paths(self)).toEqual(['nodes.a']);
    expect(check(good)).toEqual([]); // welcome → menu → # → welcome waits in the menu
  });

  it('puts nodes in reading order: from the start along the exits, strays last', () => {
    const def = FlowDefinition.parse({
      language: 'zh-CN',
      start: 'a',
      nodes: {
        z: { type: 'hangup' },
        c: { type: 'hangup' },
        b: { type: 'play', prompts: [{ prompt: 'x' }], next: 'c' },
        a: { type: 'menu', prompts: [], options: { '2': 'c', '1': 'b' }, onFailure: 'c' },
      },
    });
    expect(Object.keys(inReadingOrder(def).nodes)).toEqual(['a', 'b', 'c', 'z']);
  });

  it('keeps the designer positions in reading order and drops those of removed nodes; the checks ignore them', () => {
    const def = FlowDefinition.parse({
      language: 'zh-CN',
      start: 'a',
      nodes: { b: { type: 'hangup' }, a: { type: 'play', prompts: [{ prompt: 'x' }], next: 'b' } },
      layout: { gone: { x: 1, y: 1 }, b: { x: 300, y: 0 }, a: { x: 0, y: 0 } },
    });
    expect(inReadingOrder(def).layout).toEqual({ a: { x: 0, y: 0 }, b: { x: 300, y: 0 } });
    expect(Object.keys(inReadingOrder(def).layout ?? {})).toEqual(['a', 'b']);
    expect(checkFlow(def)).toEqual([]);
    expect(inReadingOrder({ ...def, layout: undefined })).not.toHaveProperty('layout');
    expect(FlowDefinition.safeParse({ ...def, layout: { a: { x: 0.5, y: 0 } } }).success).toBe(false);
  });

  it('lists the queues a flow uses', () => {
    expect(queueRefs(FlowDefinition.parse(good))).toEqual([{ path: 'nodes.q.queue', queue: 'billing' }]);
  });
});

describe('the document schema', () => {
  it('fills in the defaults of the issue', () => {
    const menu = FlowDefinition.parse(good).nodes.menu;
    expect(menu).toMatchObject({
      timeoutSeconds: 5,
      maxRetries: 3,
      invalidPrompts: [{ prompt: 'invalid' }],
      noInputPrompts: [{ prompt: 'no-input' }],
    });
    expect(FlowDefinition.parse(good).nodes.q).toMatchObject({ announceEverySeconds: 30, callbackOffer: false });
  });

  it('refuses announcements more often than every 15 seconds, but 0 is off', () => {
    const at = (n: number) =>
      FlowDefinition.safeParse({ ...good, nodes: { ...good.nodes, q: { ...good.nodes.q, announceEverySeconds: n } } })
        .success;
    expect([at(0), at(10), at(15), at(30)]).toEqual([true, false, true, true]);
  });

  it('refuses unknown node types and fields, bad hours and unknown time zones', () => {
    const bad = (node: unknown) =>
      FlowDefinition.safeParse({ ...good, nodes: { ...good.nodes, x: node } }).error?.issues[0]?.path.join('.');
    expect(bad({ type: 'dance', next: 'bye' })).toBe('nodes.x.type');
    expect(bad({ type: 'hangup', extra: 1 })).toBe('nodes.x');
    const hours = { type: 'business_hours', weekly: { mon: ['20:00-08:00'] }, open: 'a', closed: 'b' };
    expect(bad(hours)).toBe('nodes.x.weekly.mon.0');
    expect(bad({ ...hours, weekly: {}, timezone: 'Mars/Base' })).toBe('nodes.x.timezone');
  });
});
