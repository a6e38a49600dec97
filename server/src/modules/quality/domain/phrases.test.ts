import { describe, expect, it } from 'vitest';
import { AutoCheckRule, AutoCheckRules, type TranscriptLine } from '../../../../../contracts/quality';
import { jiebaSegmenter } from '../segmenter';
import { DEFAULT_RULES } from './defaults';
import { checkPhrases, findPhrase, normalise } from './phrases';

const rules = AutoCheckRules.parse(DEFAULT_RULES);
const check = (language: string, transcript: TranscriptLine[]) =>
  checkPhrases(rules, language, transcript, jiebaSegmenter);
const agent = (text: string, startMs?: number): TranscriptLine => ({ speaker: 'agent', text, startMs });
const customer = (text: string): TranscriptLine => ({ speaker: 'customer', text });

describe('phrase rules on Chinese transcripts', () => {
  const good = [
    agent('您好，感谢致电客服中心，我是工号 1024，很高兴为您服务，请问有什么可以帮您？', 0),
    customer('我的宽带不能上网了'),
    agent('请您稍等，我帮您查询一下', 9000),
    agent('已经为您登记了报修工单，48 小时内处理', 30_000),
    agent('请问还有其他可以帮您的吗？感谢您的来电，再见', 60_000),
  ];

  it('finds nothing wrong in a call that follows the script', () => {
    expect(check('zh-CN', good)).toEqual([]);
  });

  it('reports a missing greeting and a missing closing', () => {
    const lines = [agent('喂，说吧'), customer('我要查话费'), agent('查好了，五十元')];
    expect(check('zh-CN', lines)).toEqual([
      { rule: 'greeting', kind: 'required_missing', speaker: 'agent' },
      { rule: 'closing', kind: 'required_missing', speaker: 'agent' },
    ]);
  });

  it('looks for the greeting at the start only', () => {
    const late = [agent('嗯'), agent('说吧'), agent('您好，很高兴为您服务'), agent('感谢您的来电，再见')];
    expect(check('zh', late).map((f) => f.rule)).toEqual(['greeting']);
  });

  it('finds a forbidden phrase on its word boundaries, with when it was said', () => {
    const lines = [...good.slice(0, 2), agent('这个我们不能办理，这不是我负责的', 12_500), ...good.slice(2)];
    expect(check('zh-CN', lines)).toEqual([
      { rule: 'forbidden', kind: 'forbidden_phrase', speaker: 'agent', text: '不能', atMs: 12_500 },
      { rule: 'forbidden', kind: 'forbidden_phrase', speaker: 'agent', text: '这不是我负责的', atMs: 12_500 },
    ]);
  });

  it('does not take 不能 inside 不能够 (a different word) for the forbidden phrase', () => {
    expect(check('zh-CN', [...good, agent('我不能够理解您的心情，马上为您处理')])).toEqual([]);
    // The same rule as a substring match finds it: the rule decides.
    const substring = AutoCheckRule.parse({ ...DEFAULT_RULES[4], match: 'substring' });
    expect(checkPhrases([substring], 'zh', [agent('我不能够理解')], jiebaSegmenter)).toHaveLength(1);
  });

  it('checks only the speaker the rule names (the customer may say 不行)', () => {
    expect(check('zh-CN', [...good, customer('这样不行，你们不能这样')])).toEqual([]);
  });
});

describe('phrase rules on English transcripts', () => {
  it('matches whole words, whatever the case and spacing', () => {
    const lines = [
      agent('Hello, thank you for calling. How can I help you?'),
      customer('My bill is wrong'),
      agent("Sorry, I  DON'T know, that's not my job"),
      agent('Is there anything else? Goodbye'),
    ];
    expect(check('en-US', lines).map((f) => f.text)).toEqual(["i don't know", "that's not my job"]);
  });

  it('does not find a phrase inside a longer word', () => {
    const hello = AutoCheckRule.parse({ key: 'x', label: 'x', kind: 'forbidden_phrase', phrases: ['no'] });
    expect(checkPhrases([hello], 'en', [agent('I know, no problem')], jiebaSegmenter)).toHaveLength(1);
  });

  it('applies a rule only to its language', () => {
    expect(check('en', [agent('您好'), agent('不行')]).map((f) => f.rule)).toEqual(['greeting-en', 'closing-en']);
  });
});

describe('word-boundary matching', () => {
  it('normalises full-width letters and case', () => {
    expect(findPhrase(normalise('ＶＩＰ客户'), normalise('vip'), jiebaSegmenter, 'word')).toEqual([0]);
  });

  it('finds every occurrence', () => {
    expect(findPhrase('不行不行', '不行', jiebaSegmenter, 'word')).toEqual([0, 2]);
  });
});
