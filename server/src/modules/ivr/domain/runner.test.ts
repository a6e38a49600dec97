import { describe, expect, it } from 'vitest';
import { FlowDefinition } from '../../../../../contracts/ivr';
import { type IvrCall, runFlow } from './runner';
import { deps, flow, scriptedCall } from './runner-fixture';

const menuFlow = flow({
  language: 'zh-CN',
  start: 'welcome',
  nodes: {
    welcome: { type: 'play', prompts: [{ prompt: 'welcome' }], next: 'menu' },
    menu: {
      type: 'menu',
      prompts: [{ prompt: 'menu' }],
      options: { '1': 'billing', '0': 'general' },
      onFailure: 'general',
    },
    billing: { type: 'queue', queue: 'billing', next: 'bye' },
    general: { type: 'queue', queue: 'general', next: 'bye' },
    bye: { type: 'hangup', prompts: [{ prompt: 'goodbye' }] },
  },
});

describe('menu', () => {
  it('a key pressed during the prompt picks the option at once', async () => {
    const s = scriptedCall({ barge: ['1'] });
    expect(await runFlow(menuFlow, s.call, deps)).toEqual({ end: 'hangup', steps: 4 });
    expect(s.log).toEqual([
      'play welcome [zh-CN]',
      'play menu (barge-in) [zh-CN]',
      'queue billing',
      'play goodbye [zh-CN]',
      'hangup',
    ]);
    expect(s.steps.map((x) => `${x.node}:${x.input ?? ''}:${x.result ?? ''}`)).toEqual([
      'welcome::',
      'menu:1:billing',
      'billing::served',
      'bye::',
    ]);
  });

  it('waits timeoutSeconds for one key after the prompt', async () => {
    const s = scriptedCall({ typed: ['0'] });
    await runFlow(menuFlow, s.call, deps);
    expect(s.collects).toEqual([{ max: 1, firstTimeoutMs: 5000, interDigitTimeoutMs: 5000 }]);
    expect(s.queued[0]?.queue).toBe('general');
    expect(s.queued[0]?.attributes).toEqual({ ivr: '0' });
  });

  it('an invalid key plays the invalid prompt and asks again', async () => {
    const s = scriptedCall({ barge: ['7', '1'] });
    await runFlow(menuFlow, s.call, deps);
    expect(s.log.slice(0, 5)).toEqual([
      'play welcome [zh-CN]',
      'play menu (barge-in) [zh-CN]',
      'play invalid [zh-CN]',
      'play menu (barge-in) [zh-CN]',
      'queue billing',
    ]);
    expect(s.steps[1]).toEqual({ node: 'menu', type: 'menu', input: '7', result: 'invalid' });
  });

  it('silence three times goes to onFailure after two no-input prompts', async () => {
    const s = scriptedCall({});
    await runFlow(menuFlow, s.call, deps);
    expect(s.log.filter((l) => l.startsWith('play no-input'))).toHaveLength(2);
    expect(s.collects).toHaveLength(3);
    expect(s.queued.map((q) => q.queue)).toEqual(['general']);
    expect(s.steps.filter((x) => x.node === 'menu').map((x) => x.result)).toEqual(['no_input', 'no_input', 'no_input']);
  });

  it('maxRetries sets how many attempts the caller gets', async () => {
    const one = flow({
      language: 'en-US',
      start: 'm',
      nodes: {
        m: { type: 'menu', prompts: [{ prompt: 'menu' }], options: { '1': 'end' }, maxRetries: 1, onFailure: 'fail' },
        end: { type: 'hangup' },
        fail: { type: 'hangup', prompts: [{ prompt: 'goodbye' }] },
      },
    });
    const s = scriptedCall({ barge: ['9'] });
    await runFlow(one, s.call, deps);
    expect(s.log).toEqual(['play menu (barge-in) [en-US]', 'play goodbye [en-US]', 'hangup']);
  });
});

describe('collect', () => {
  const collectFlow = flow({
    language: 'zh-CN',
    start: 'account',
    nodes: {
      account: {
        type: 'collect',
        prompts: [{ prompt: 'enter-account' }],
        variable: 'account',
        minDigits: 6,
        maxDigits: 8,
        pattern: '1\\d+',
        terminator: '#',
        next: 'say',
        onFailure: 'bye',
      },
      say: { type: 'play', prompts: [{ say: 'digits', value: '{{account}}' }], next: 'bye' },
      bye: { type: 'hangup' },
    },
  });

  it('takes digits typed during the prompt as the first ones and stores the variable', async () => {
    const s = scriptedCall({ barge: ['1'], typed: ['1234567'] });
    await runFlow(collectFlow, s.call, deps);
    expect(s.collects[0]).toEqual({
      initial: '1',
      max: 8,
      terminator: '#',
      firstTimeoutMs: 5000,
      interDigitTimeoutMs: 3000,
    });
    expect(s.log[2]).toBe('play digit-1 digit-2 digit-3 digit-4 digit-5 digit-6 digit-7 [zh-CN]');
    // The IVR path keeps how many digits, never the account number itself.
    expect(s.steps[0]).toEqual({ node: 'account', type: 'collect', input: '7 digits', result: 'ok' });
  });

  it('too short or not matching the pattern plays invalid and asks again', async () => {
    const s = scriptedCall({ typed: ['123', '2234567', '100200'] });
    await runFlow(collectFlow, s.call, deps);
    expect(s.log.filter((l) => l.startsWith('play invalid'))).toHaveLength(2);
    expect(s.log.at(-2)).toBe('play digit-1 digit-0 digit-0 digit-2 digit-0 digit-0 [zh-CN]');
  });

  it('gives up to onFailure after maxRetries', async () => {
    const s = scriptedCall({ typed: ['', '99', ''] });
    await runFlow(collectFlow, s.call, deps);
    expect(s.steps.map((x) => x.result)).toEqual(['no_input', 'invalid', 'no_input', undefined]);
    expect(s.log.at(-1)).toBe('hangup');
    expect(s.log.some((l) => l.startsWith('play digit'))).toBe(false);
  });
});

describe('say', () => {
  const sayFlow = (language: 'zh-CN' | 'en-US', say: 'number' | 'amount' | 'digits', value: string) =>
    flow({
      language,
      start: 'p',
      nodes: { p: { type: 'play', prompts: [{ say, value }], next: 'e' }, e: { type: 'hangup' } },
    });
  const said = async (language: 'zh-CN' | 'en-US', say: 'number' | 'amount' | 'digits', value: string) => {
    const s = scriptedCall({});
    await runFlow(sayFlow(language, say, value), s.call, deps);
    return s.log[0]?.replace(/^play | \[.*\]$/g, '');
  };

  it('reads amounts in Chinese: 123.45 元 → 一百二十三点四五元', async () => {
    expect(await said('zh-CN', 'amount', '123.45')).toBe(
      'digit-1 hundred digit-2 ten digit-3 point digit-4 digit-5 yuan',
    );
    expect(await said('zh-CN', 'amount', '8.00')).toBe('digit-8 yuan');
    expect(await said('zh-CN', 'amount', '0.5')).toBe('digit-0 point digit-5 yuan');
  });

  it('reads numbers with 十, 零 and 万 the Chinese way', async () => {
    const cases: Array<[string, string]> = [
      ['0', 'digit-0'],
      ['10', 'ten'],
      ['12', 'ten digit-2'],
      ['20', 'digit-2 ten'],
      ['101', 'digit-1 hundred digit-0 digit-1'],
      ['110', 'digit-1 hundred digit-1 ten'],
      ['1001', 'digit-1 thousand digit-0 digit-1'],
      ['1010', 'digit-1 thousand digit-0 digit-1 ten'],
      ['10000', 'digit-1 ten-thousand'],
      ['10100', 'digit-1 ten-thousand digit-0 digit-1 hundred'],
      ['99999.99', 'digit-9 ten-thousand digit-9 thousand digit-9 hundred digit-9 ten digit-9 point digit-9 digit-9'],
    ];
    for (const [value, keys] of cases) expect(await said('zh-CN', 'number', value), value).toBe(keys);
  });

  it('reads en-US numbers as words, and digits as digits', async () => {
    expect(await said('en-US', 'number', '12.5')).toBe('teen-12 point digit-5');
    expect(await said('en-US', 'number', '0')).toBe('digit-0');
    expect(await said('en-US', 'number', '10')).toBe('ten');
    expect(await said('en-US', 'number', '42')).toBe('tens-4 digit-2');
    expect(await said('en-US', 'number', '305')).toBe('digit-3 hundred digit-5');
    expect(await said('en-US', 'number', '4021')).toBe('digit-4 thousand tens-2 digit-1');
    expect(await said('en-US', 'number', '999999')).toBe(
      'digit-9 hundred tens-9 digit-9 thousand digit-9 hundred tens-9 digit-9',
    );
    expect(await said('en-US', 'number', '1000000')).toBe('digit-1 digit-0 digit-0 digit-0 digit-0 digit-0 digit-0');
    expect(await said('zh-CN', 'digits', '400-800')).toBe('digit-4 digit-0 digit-0 digit-8 digit-0 digit-0');
  });

  it('fills in templates from the built-in variables', async () => {
    expect(await said('zh-CN', 'digits', '{{caller}}')).toBe(
      'digit-1 digit-3 digit-8 digit-0 digit-0 digit-1 digit-3 digit-8 digit-0 digit-0 digit-0',
    );
  });
});

describe('business hours', () => {
  const hoursFlow = flow({
    language: 'zh-CN',
    start: 'hours',
    nodes: {
      hours: {
        type: 'business_hours',
        weekly: {
          mon: ['08:00-20:00'],
          tue: ['08:00-20:00'],
          wed: ['08:00-12:00', '13:00-20:00'],
          thu: ['08:00-20:00'],
          fri: ['08:00-20:00'],
          sat: [],
          sun: [],
        },
        holidays: ['2026-10-01'],
        workdays: ['2026-10-11'],
        open: 'open',
        closed: 'closed',
      },
      open: { type: 'hangup', prompts: [{ prompt: 'welcome' }] },
      closed: { type: 'hangup', prompts: [{ prompt: 'closed' }] },
    },
  });
  const at = async (iso: string, f = hoursFlow) => {
    const s = scriptedCall({});
    await runFlow(f, s.call, { now: () => new Date(iso) });
    return s.steps[0]?.result;
  };

  it('follows the weekly hours in Shanghai time, start included and end excluded', async () => {
    expect(await at('2026-03-04T03:00:00Z')).toBe('open'); // Wed 11:00
    expect(await at('2026-03-04T04:30:00Z')).toBe('closed'); // Wed 12:30, lunch
    expect(await at('2026-03-04T00:00:00Z')).toBe('open'); // Wed 08:00
    expect(await at('2026-03-04T12:00:00Z')).toBe('closed'); // Wed 20:00
    expect(await at('2026-03-03T23:59:00Z')).toBe('closed'); // Wed 07:59
    expect(await at('2026-03-07T03:00:00Z')).toBe('closed'); // Sat 11:00
  });

  it('closes on a holiday and opens on a 调休 weekend workday with Monday hours', async () => {
    expect(await at('2026-10-01T03:00:00Z')).toBe('closed'); // Thursday, 国庆
    expect(await at('2026-10-11T03:00:00Z')).toBe('open'); // Sunday, 调休
    expect(await at('2026-10-11T13:00:00Z')).toBe('closed'); // 21:00
    const f = FlowDefinition.parse({
      ...hoursFlow,
      nodes: { ...hoursFlow.nodes, hours: { ...hoursFlow.nodes.hours, workdayHours: ['09:00-12:00'] } },
    });
    expect(await at('2026-10-11T03:00:00Z', f)).toBe('open');
    expect(await at('2026-10-11T05:00:00Z', f)).toBe('closed');
  });

  it('uses the node time zone', async () => {
    const f = FlowDefinition.parse({
      ...hoursFlow,
      nodes: { ...hoursFlow.nodes, hours: { ...hoursFlow.nodes.hours, timezone: 'Europe/London' } },
    });
    expect(await at('2026-03-04T13:00:00Z', f)).toBe('open'); // 13:00 in London
    expect(await at('2026-03-04T13:00:00Z')).toBe('closed'); // 21:00 in Shanghai
  });

  it('asks the business calendar when the node names one, and falls back to its inline hours', async () => {
    const calendarId = '0b0c1f6e-6a52-4d0e-9a4c-3f1d2b7e8a90';
    const f = FlowDefinition.parse({
      ...hoursFlow,
      nodes: { ...hoursFlow.nodes, hours: { type: 'business_hours', calendarId, open: 'open', closed: 'closed' } },
    });
    const asked: string[] = [];
    const run = async (answer: boolean | undefined, iso: string, flowDef = f) => {
      const s = scriptedCall({});
      await runFlow(flowDef, s.call, {
        now: () => new Date(iso),
        calendarOpen: async (id, at) => {
          asked.push(`${id}@${at.toISOString()}`);
          return answer;
        },
      });
      return s.steps[0]?.result;
    };
    expect(await run(true, '2026-03-07T03:00:00Z')).toBe('open'); // Saturday, but the calendar says open
    expect(asked).toEqual([`${calendarId}@2026-03-07T03:00:00.000Z`]);
    expect(await run(false, '2026-03-04T03:00:00Z')).toBe('closed');
    // No such calendar: the node's inline hours (none here: closed; the old weekly ones otherwise).
    expect(await run(undefined, '2026-03-04T03:00:00Z')).toBe('closed');
    const withInline = FlowDefinition.parse({
      ...hoursFlow,
      nodes: { ...hoursFlow.nodes, hours: { ...hoursFlow.nodes.hours, calendarId } },
    });
    expect(await run(undefined, '2026-03-04T03:00:00Z', withInline)).toBe('open');
    // A node without a calendar never asks.
    asked.length = 0;
    expect(await run(false, '2026-03-04T03:00:00Z', hoursFlow)).toBe('open');
    expect(asked).toEqual([]);
  });
});

describe('set and queue', () => {
  const vip = flow({
    language: 'zh-CN',
    start: 'set',
    nodes: {
      set: {
        type: 'set',
        attributes: { vip: 'gold', from: '{{caller}}' },
        priority: 80,
        skills: [{ skill: 'billing', minLevel: 4 }],
        language: 'en-US',
        next: 'q',
      },
      q: {
        type: 'queue',
        queue: 'billing',
        callbackOffer: true,
        music: 'hold',
        next: 'survey',
        onTimeout: 'vm',
        onCallback: 'thanks',
      },
      survey: { type: 'survey', next: 'bye' },
      vm: { type: 'voicemail', queue: 'billing', maxSeconds: 60, next: 'bye' },
      thanks: { type: 'hangup', prompts: [{ prompt: 'callback-confirm' }] },
      bye: { type: 'hangup', prompts: [{ prompt: 'goodbye' }] },
    },
  });

  it('the queue request carries priority, skills, attributes and the announcement settings', async () => {
    const s = scriptedCall({});
    await runFlow(vip, s.call, deps);
    expect(s.queued).toEqual([
      {
        queue: 'billing',
        priority: 80,
        skills: [{ skill: 'billing', minLevel: 4 }],
        attributes: { vip: 'gold', from: '13800138000' },
        announceEverySeconds: 30,
        announcePosition: true,
        announceWait: true,
        music: 'hold',
        callbackOffer: true,
      },
    ]);
    // set switched the language for the prompts that follow.
    expect(s.log.at(-2)).toBe('play goodbye [en-US]');
  });

  it('a queue timeout leaves a voicemail; a callback goes to onCallback', async () => {
    const t = scriptedCall({ queue: ['timeout'] });
    await runFlow(vip, t.call, deps);
    expect(t.voicemails).toEqual([
      { queue: 'billing', maxSeconds: 60, attributes: { vip: 'gold', from: '13800138000' } },
    ]);
    expect(t.log).toContain('play voicemail [en-US]');
    const c = scriptedCall({ queue: ['callback'] });
    await runFlow(vip, c.call, deps);
    expect(c.log.slice(-2)).toEqual(['play callback-confirm [en-US]', 'hangup']);
  });

  it('a closed queue without onTimeout hangs up', async () => {
    const s = scriptedCall({ barge: ['1'], queue: ['closed'] });
    expect((await runFlow(menuFlow, s.call, deps)).end).toBe('hangup');
    expect(s.log.slice(-2)).toEqual(['queue billing', 'hangup']);
  });
});

describe('survey', () => {
  const surveyFlow = flow({
    language: 'zh-CN',
    start: 's',
    nodes: { s: { type: 'survey', next: 'bye' }, bye: { type: 'hangup', prompts: [{ prompt: 'thanks' }] } },
  });

  it('keeps a score of 1 to 5 as a result', async () => {
    const s = scriptedCall({ barge: ['5'] });
    await runFlow(surveyFlow, s.call, deps);
    expect(s.results).toEqual({ csat: '5' });
  });

  it('asks once more after an invalid key, then moves on without a score', async () => {
    const retry = scriptedCall({ barge: ['9'], typed: ['4'] });
    await runFlow(surveyFlow, retry.call, deps);
    expect(retry.results).toEqual({ csat: '4' });
    expect(retry.log.slice(0, 3)).toEqual([
      'play survey (barge-in) [zh-CN]',
      'play invalid [zh-CN]',
      'play survey (barge-in) [zh-CN]',
    ]);
    const none = scriptedCall({ barge: ['0', '6'] });
    await runFlow(surveyFlow, none.call, deps);
    expect(none.results).toEqual({});
    expect(none.log.slice(-2)).toEqual(['play thanks [zh-CN]', 'hangup']);
  });
});

describe('ending', () => {
  it('the caller hanging up mid-flow ends the run quietly', async () => {
    for (const hangUpAt of ['play', 'collectDigits', 'queue'] as const) {
      const s = scriptedCall({ hangUpAt });
      const result = await runFlow(menuFlow, s.call, deps);
      expect(result.end, hangUpAt).toBe('caller_hangup');
      expect(s.hungUp()).toBe(false);
    }
  });

  it('a loop through a menu that always gets a key stops after maxSteps and hangs up', async () => {
    const loop = flow({
      language: 'zh-CN',
      start: 'm',
      nodes: {
        m: { type: 'menu', prompts: [{ prompt: 'menu' }], options: { '1': 'p' }, onFailure: 'p' },
        p: { type: 'play', prompts: [{ prompt: 'thanks' }], next: 'm' },
      },
    });
    const s = scriptedCall({ barge: Array.from({ length: 1000 }, () => '1') });
    const warnings: string[] = [];
    const result = await runFlow(loop, s.call, { ...deps, log: { warn: (_d, m) => warnings.push(m) } });
    expect(result).toEqual({ end: 'max_steps', steps: 500 });
    expect(s.log.at(-1)).toBe('hangup');
    expect(warnings).toHaveLength(1);
  });

  it('a failed transfer goes to next; a good one ends the flow without hanging up', async () => {
    const f = flow({
      language: 'zh-CN',
      start: 't',
      nodes: { t: { type: 'transfer', number: '95{{called}}', next: 'bye' }, bye: { type: 'hangup' } },
    });
    const ok = scriptedCall({});
    expect((await runFlow(f, ok.call, deps)).end).toBe('transferred');
    expect(ok.log).toEqual(['transfer 954008000000']);
    const failed = scriptedCall({ transfer: [false] });
    expect((await runFlow(f, failed.call, deps)).end).toBe('hangup');
    expect(failed.log).toEqual(['transfer 954008000000', 'hangup']);
  });

  it('a port failure is logged and the call hung up', async () => {
    const s = scriptedCall({});
    const broken: IvrCall = { ...s.call, queue: async () => Promise.reject(new Error('routing down')) };
    const warnings: string[] = [];
    const result = await runFlow(menuFlow, broken, { ...deps, log: { warn: (_d, m) => warnings.push(m) } });
    expect(result.end).toBe('error');
    expect(s.hungUp()).toBe(true);
    expect(warnings).toEqual(['IVR flow failed: hanging up']);
  });
});
