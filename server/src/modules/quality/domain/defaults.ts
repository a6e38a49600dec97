import type { AutoCheckRuleInput, ScorecardContentInput } from '../../../../../contracts/quality';

/**
 * What a fresh installation starts with, from the manuals (DOMAIN.md "Service flow" and "Quality
 * management"): the standard greeting and closing, the forbidden phrases of the seeds, and the audio
 * checks. Written in Chinese, Kefu's default language; QA leads edit them (docs/quality.md).
 */
export const DEFAULT_RULES: AutoCheckRuleInput[] = [
  {
    key: 'greeting',
    label: '开场白',
    kind: 'required_phrase',
    language: 'zh',
    speaker: 'agent',
    phrases: ['您好', '你好', '很高兴为您服务', '请问有什么可以帮您'],
    position: 'start',
    withinLines: 2,
  },
  {
    key: 'greeting-en',
    label: 'Greeting',
    kind: 'required_phrase',
    language: 'en',
    speaker: 'agent',
    phrases: ['hello', 'good morning', 'good afternoon', 'good evening', 'how can i help', 'how may i help'],
    position: 'start',
    withinLines: 2,
  },
  {
    key: 'closing',
    label: '结束语',
    kind: 'required_phrase',
    language: 'zh',
    speaker: 'agent',
    phrases: ['感谢您的来电', '感谢来电', '还有其他可以帮您', '祝您生活愉快', '再见'],
    position: 'end',
    withinLines: 3,
  },
  {
    key: 'closing-en',
    label: 'Closing',
    kind: 'required_phrase',
    language: 'en',
    speaker: 'agent',
    phrases: ['thank you for calling', 'anything else', 'have a nice day', 'goodbye'],
    position: 'end',
    withinLines: 3,
  },
  {
    key: 'forbidden',
    label: '禁用语',
    kind: 'forbidden_phrase',
    language: 'zh',
    speaker: 'agent',
    phrases: ['不能', '不行', '这不是我负责的', '不归我管', '我不知道', '你自己看', '听不懂吗'],
  },
  {
    key: 'forbidden-en',
    label: 'Forbidden phrases',
    kind: 'forbidden_phrase',
    language: 'en',
    speaker: 'agent',
    phrases: ["that's not my job", 'not my problem', "i don't know", 'calm down', 'you have to'],
  },
  { key: 'silence', label: '冷场（双方静默 ≥ 5 秒）', kind: 'silence', thresholdMs: 5000 },
  { key: 'overtalk', label: '抢话（同时说话 ≥ 1 秒）', kind: 'overtalk', thresholdMs: 1000 },
  { key: 'long-hold', label: '保持过长（> 60 秒）', kind: 'long_hold', thresholdMs: 60_000 },
  { key: 'dead-air', label: '开场后冷场（≥ 3 秒）', kind: 'dead_air_after_greeting', thresholdMs: 3000 },
];

/**
 * The default scorecard (标准通话评分表): required items weighing 100 in all, a bonus, deductions and
 * two fatal items (data protection, abuse).
 */
export const DEFAULT_SCORECARD: { name: string; content: ScorecardContentInput } = {
  name: '标准通话评分表',
  content: {
    sections: [
      {
        key: 'opening',
        title: '开场与核实',
        items: [
          {
            key: 'greeting',
            label: '开场白',
            guidance: '问候、公司名称、工号或姓名、愿意服务、开放式提问（您好，感谢致电……请问有什么可以帮您？）',
            kind: 'required',
            weight: 10,
            autoCheck: 'greeting',
          },
          {
            key: 'verification',
            label: '身份验证',
            guidance: '提供账户信息或办理业务前核实客户身份；不涉及账户时选“不适用”',
            kind: 'required',
            weight: 15,
            allowNa: true,
          },
        ],
      },
      {
        key: 'communication',
        title: '沟通技巧',
        items: [
          {
            key: 'listening',
            label: '倾听与共情',
            guidance: '不打断客户，复述确认需求，对客户情绪表示理解（1 差 — 5 优）',
            kind: 'required',
            answerType: 'scale',
            weight: 15,
          },
          {
            key: 'clarity',
            label: '表达清晰、语速适中',
            guidance: '用语规范、简洁，避免专业术语（1 差 — 5 优）',
            kind: 'required',
            answerType: 'scale',
            weight: 10,
          },
          {
            key: 'no-dead-air',
            label: '无冷场',
            guidance: '查询或等待时告知客户，避免长时间无声',
            kind: 'required',
            weight: 5,
            autoCheck: 'silence',
          },
        ],
      },
      {
        key: 'resolution',
        title: '业务处理',
        items: [
          {
            key: 'accuracy',
            label: '信息准确',
            guidance: '政策、资费、流程解释正确完整',
            kind: 'required',
            weight: 20,
          },
          {
            key: 'solution',
            label: '解决方案与承诺',
            guidance: '给出明确的解决方案；不能当场解决的建工单并告知处理时限（首问负责）',
            kind: 'required',
            weight: 15,
          },
          {
            key: 'hold',
            label: '保持规范',
            guidance: '保持前征得同意，保持不超过 60 秒或中途回复；未保持时选“不适用”',
            kind: 'required',
            weight: 5,
            allowNa: true,
            autoCheck: 'long-hold',
          },
        ],
      },
      {
        key: 'closing',
        title: '结束',
        items: [
          {
            key: 'closing',
            label: '结束语',
            guidance: '总结、确认是否还有其他需要、致谢',
            kind: 'required',
            weight: 5,
            autoCheck: 'closing',
          },
          {
            key: 'beyond',
            label: '超出期望的服务',
            guidance: '主动发现并解决客户潜在问题，或获得客户表扬',
            kind: 'bonus',
            weight: 5,
          },
        ],
      },
      {
        key: 'conduct',
        title: '服务禁忌',
        items: [
          {
            key: 'forbidden',
            label: '使用禁用语',
            guidance: '不能 / 不行 / 这不是我负责的 等生硬拒绝或推诿用语；未发生选“达标”',
            kind: 'deduction',
            weight: 10,
            autoCheck: 'forbidden',
          },
          {
            key: 'interrupting',
            label: '抢话、打断客户',
            kind: 'deduction',
            weight: 5,
            autoCheck: 'overtalk',
          },
          {
            key: 'data-protection',
            label: '泄露客户信息或未核身办理',
            guidance: '致命项：发生即本次评分为 0',
            kind: 'fatal',
          },
          {
            key: 'abuse',
            label: '辱骂、讽刺客户',
            guidance: '致命项：发生即本次评分为 0',
            kind: 'fatal',
          },
        ],
      },
    ],
  },
};
