/**
 * A carrier hotline's knowledge base, generated (bench/knowledge.ts): articles on products and
 * policies (宽带, 话费, 套餐, 国际漫游, 携号转网 …) with titles of 10–20 characters and bodies of
 * 300–1,500 characters of procedure, tariff and script sentences that mix the product words with
 * the common words of any Chinese text (客户, 办理, 如果, 需要 …). Topics follow a Zipf law, so some
 * words are in a third of the articles and others in a few dozen. Seeded: a run replays the same
 * base.
 */
import { pick } from '../search/corpus';

/** What articles are about, most frequent first (weight 1/rank): the last ones are rare words. */
export const TOPICS = [
  '宽带',
  '话费',
  '套餐',
  '流量',
  '信号',
  '光猫',
  '国际漫游',
  '停机',
  '携号转网',
  '实名认证',
  '5G',
  '积分',
  '副卡',
  '彩铃',
  '固话',
  '短信',
  '机顶盒',
  '复机',
  'IPTV',
  '合约机',
  '来电显示',
  '家庭组网',
  'FTTR',
  'VoLTE',
  'eSIM',
  '发票',
  '月租',
  '销户',
  '补卡',
  '过户',
  '靓号',
  '挪机',
] as const;

/** Qualifiers that make a title 10–20 characters long. */
const AUDIENCES = [
  '',
  '',
  '',
  '家庭用户',
  '企业客户',
  '校园',
  '老年用户',
  '新入网用户',
  '政企',
  '农村地区',
  '预付费用户',
];
const ACTIONS = [
  '办理流程',
  '资费说明',
  '故障排查步骤',
  '常见问题解答',
  '投诉处理话术',
  '政策解读',
  '退费规则',
  '操作指引',
  '业务规则说明',
  '受理口径',
  '升级方案介绍',
  '异常处理指引',
];
const EDITIONS = ['', '', '', '（2026版）', '（试行）', '及注意事项', '（客服专用）', '—一线客服必读', '（更新）'];

/** Words of procedures and policies: what every article says in some way. */
const CHANNELS = ['营业厅', '网上营业厅', '手机营业厅APP', '10000号', '官方微信公众号', '短信营业厅'];
const CODES = ['HG8145V5', 'PT924G', 'ZXHN F650', 'AX3000', 'EC6109', 'APN', 'Wi-Fi 6', 'SIM', 'PUK', 'NFC'];
const PROBLEMS = [
  '无法上网',
  '网速很慢',
  '经常掉线',
  '信号时有时无',
  '话费突然变多',
  '扣费异常',
  '收不到验证码',
  '无法拨打电话',
  '光猫红灯闪烁',
  '电视没有画面',
  '流量消耗过快',
  '账单金额不对',
];
const SENTENCES = [
  '客户来电反映{problem}时，客服应先核实客户身份，再查询{topic}的办理记录。',
  '如果客户已经办理{topic}业务，需要提醒客户注意生效时间，一般为次月1日生效。',
  '{topic}可以通过{channel}办理，也可以由客户本人携带有效身份证件到{channel}办理。',
  '办理{topic}前请确认客户账户没有欠费，如有欠费需要先缴清费用。',
  '根据公司最新规定，{topic}的月功能费为{amount}元，超出部分按照标准资费收取。',
  '客服人员应耐心向客户解释{topic}的资费标准，避免使用专业术语。',
  '如客户对{topic}的处理结果不满意，可以记录客户诉求并转交投诉专席跟进。',
  '遇到{problem}的情况，请指导客户先重启{code}设备，等待三分钟后再观察指示灯状态。',
  '若重启后仍然{problem}，请在系统中提交故障工单，维修人员将在{days}小时内上门处理。',
  '{topic}与{topic2}可以同时办理，但优惠不能叠加使用。',
  '客户询问{topic2}时，可以顺便介绍{topic}的最新优惠活动，但不得强制推销。',
  '请注意，{topic}业务办理成功后，系统会向客户发送短信通知。',
  '对于老年用户，客服应放慢语速，重复确认客户的需求，必要时可以预约上门服务。',
  '本规则自发布之日起执行，以前的相关规定同时废止。',
  '如果客户要求退还费用，需要核实扣费明细，符合条件的在{days}个工作日内退回原账户。',
  '客户可以登录{channel}查询{topic}的使用情况和剩余额度。',
  '在处理{topic}相关问题时，不得向客户泄露其他用户的个人信息。',
  '系统显示{topic}状态异常的，请截图并联系后台支撑人员处理。',
  '外地客户办理{topic}需要到归属地营业厅，部分业务支持异地办理。',
  '目前{code}型号的设备支持{topic}功能，其他型号需要更换设备。',
  '客户反映{topic2}收费不合理的，先解释计费规则，再根据情况申请{amount}元以内的补偿。',
  '每月账单出账后，客户可以通过{channel}查看详细的{topic}费用清单。',
  '为保障客户权益，办理{topic}需要客户本人同意，并留存录音。',
  '网络升级期间，部分地区可能出现{problem}的现象，属于正常情况。',
  '如遇系统故障无法受理，请向客户致歉并承诺在{days}小时内回电。',
  '请客户提供联系电话和详细地址，以便工作人员及时联系。',
  '我们会尽快为您处理，请您保持电话畅通，感谢您的耐心等待。',
  '您好，很抱歉给您带来不便，我这边马上为您查询一下。',
];

export type GeneratedArticle = {
  title: string;
  /** HTML, as an editor writes it (the module sanitises it). */
  html: string;
  kind: 'article' | 'faq' | 'script' | 'tree';
  tags: string[];
  topic: string;
  tree: Array<{ id: string; text: string; answers: Array<{ label: string; next: string }> }> | null;
};

/** Rank-weighted pick (Zipf, s = 1): the first topics are in many articles, the last in few. */
const zipfTotal = TOPICS.reduce((s, _, i) => s + 1 / (i + 1), 0);
export function zipfTopic(rnd: () => number): string {
  let x = rnd() * zipfTotal;
  for (let i = 0; i < TOPICS.length; i++) {
    x -= 1 / (i + 1);
    if (x <= 0) return TOPICS[i]!;
  }
  return TOPICS[TOPICS.length - 1]!;
}

function sentence(rnd: () => number, topic: string): string {
  // The article's own topic most of the time; another one now and then (links between products).
  const other = () => (rnd() < 0.7 ? topic : zipfTopic(rnd));
  return pick(rnd, SENTENCES)
    .replace(/\{topic\}/g, other)
    .replace('{topic2}', () => zipfTopic(rnd))
    .replace('{problem}', () => pick(rnd, PROBLEMS))
    .replace(/\{channel\}/g, () => pick(rnd, CHANNELS))
    .replace('{code}', () => pick(rnd, CODES))
    .replace('{amount}', () => String(pick(rnd, [5, 10, 20, 30, 50, 99, 129, 199])))
    .replace(/\{days\}/g, () => String(pick(rnd, [2, 3, 7, 24, 48])));
}

export function article(rnd: () => number): GeneratedArticle {
  const topic = zipfTopic(rnd);
  let title = `${pick(rnd, AUDIENCES)}${topic}${pick(rnd, ACTIONS)}${pick(rnd, EDITIONS)}`;
  if ([...title].length < 10) title = `${topic}${pick(rnd, ACTIONS)}（2026版）`;
  const x = rnd();
  const kind = x < 0.7 ? 'article' : x < 0.85 ? 'faq' : x < 0.97 ? 'script' : 'tree';
  // 300–1,500 characters: 10–50 sentences of ~30 characters, in paragraphs of 2–6.
  const target = 300 + Math.floor(rnd() * 1200);
  const paragraphs: string[] = [];
  let length = 0;
  while (length < target) {
    const n = 2 + Math.floor(rnd() * 5);
    const p = Array.from({ length: n }, () => sentence(rnd, topic)).join('');
    length += p.length;
    paragraphs.push(rnd() < 0.15 ? `<h3>${pick(rnd, ACTIONS)}</h3><p>${p}</p>` : `<p>${p}</p>`);
  }
  const html =
    kind === 'faq'
      ? `<p><strong>问：${topic}${pick(rnd, PROBLEMS)}怎么办？</strong></p>${paragraphs.join('')}`
      : paragraphs.join('');
  const tags = [
    ...new Set([topic, zipfTopic(rnd), ...(rnd() < 0.5 ? [pick(rnd, ['资费', '故障', '政策', '话术'])] : [])]),
  ];
  const tree =
    kind === 'tree'
      ? [
          {
            id: 'start',
            text: `客户的${topic}是否${pick(rnd, PROBLEMS)}？`,
            answers: [
              { label: '是', next: 'restart' },
              { label: '否', next: 'done' },
            ],
          },
          { id: 'restart', text: `请客户重启${pick(rnd, CODES)}设备后再试，仍有问题则提交故障工单。`, answers: [] },
          { id: 'done', text: '问题已解决，感谢客户来电。', answers: [] },
        ]
      : null;
  return { title, html, kind, tags, topic, tree };
}

/** What callers say: the subjects of the contacts offered (and their IVR menu choice). */
export const CONTACT_SUBJECTS = [
  '宽带无法上网',
  '话费为什么突然变多了',
  '手机没有信号',
  '想办理携号转网',
  '国际漫游怎么开通',
  '光猫红灯一直闪',
  '套餐变更咨询',
  '流量用完了会不会自动扣费',
  '停机了怎么恢复',
  '要开发票',
  '积分怎么兑换',
  '副卡共享流量',
  // Words no rule names: in a queue without rules, these get the subject's text search.
  '手机没有信号',
  '实名认证失败',
  '机顶盒没有画面',
  '想换5G手机',
  '来电显示不能用',
  '',
  '',
];
export const IVR_MENUS = [
  '宽带报修',
  '话费查询',
  '套餐办理',
  '国际漫游',
  '停机复机',
  '携号转网',
  '投诉建议',
  '人工服务',
  '人工服务',
  '人工服务',
];
/** The keywords of the suggestion rules (matched in the contact's subject and IVR choices). */
export const RULE_KEYWORDS = [
  '宽带',
  '话费',
  '套餐',
  '漫游',
  '停机',
  '复机',
  '携号转网',
  '光猫',
  '投诉',
  '发票',
  '积分',
  '流量',
];

/** The synonym groups the knowledge manager maintains. */
export const SYNONYMS = [
  ['宽带', '光纤', '家庭网络'],
  ['话费', '电话费', '通讯费'],
  ['携号转网', '转网', '号码携带'],
  ['停机', '停号', '暂停服务'],
  ['退费', '退款', '返还费用'],
  ['流量', '上网流量', '数据流量'],
  ['国际漫游', '出境上网', '境外漫游'],
  ['光猫', '调制解调器', '光调制解调器'],
];

/** The queries, by kind. */
export const QUERIES = {
  zh2Common: ['宽带', '话费', '套餐', '客户', '办理', '信号', '资费', '设备'],
  zh2Rare: ['过户', '靓号', '挪机', '补卡', '销户', '发票', '月租', '彩铃'],
  twoWords: [
    '宽带 光猫',
    '话费 补偿',
    '国际漫游 流量',
    '套餐 生效时间',
    '实名认证 营业厅',
    '积分 优惠',
    '停机 复机',
    '副卡 流量',
    '机顶盒 重启',
    '携号转网 欠费',
  ],
  question: [
    '宽带无法上网怎么办',
    '话费为什么突然变多了',
    '手机没有信号怎么处理',
    '如何办理携号转网',
    '流量用完了会自动扣费吗',
    '停机以后怎么恢复',
    '国际漫游怎么开通',
    '光猫红灯闪烁是什么原因',
    '套餐变更什么时候生效',
    '客户要求退还多扣的费用怎么办',
    '老人不会用手机营业厅怎么查话费',
    '发票在哪里开',
  ],
  code: ['FTTR', 'VoLTE', 'eSIM', 'IPTV', 'APN', '5G', 'HG8145V5', 'wifi', 'NFC', 'PUK'],
  synonym: ['光纤', '电话费', '停号', '退款', '转网', '出境上网', '数据流量', '家庭网络', '调制解调器', '号码携带'],
  none: ['量子计算机', '恐龙化石', '火星旅游', 'xyzzyq', '区块链挖矿', '鲸鱼迁徙', '京剧脸谱', 'zzqqxx'],
} as const;
