import type { TreeNode } from '../../../../contracts/knowledge';
import type { DemoContext } from '../../platform/module';
import type { Announcements } from './announcements.service';
import type { KnowledgeArticles } from './knowledge.articles';
import type { KnowledgeCatalog } from './knowledge.catalog';

const DAY = 86_400_000;

const BROADBAND_TREE: TreeNode[] = [
  {
    id: 'start',
    text: '请客户查看光猫（光纤猫）上的 LOS 指示灯：是否亮红灯或闪烁？',
    answers: [
      { label: '亮红灯 / 闪烁', next: 'fiber' },
      { label: '不亮', next: 'pon' },
    ],
  },
  { id: 'fiber', text: '光纤线路中断。核实装机地址后派发故障工单（故障报修），告知 24 小时内上门。', answers: [] },
  {
    id: 'pon',
    text: 'PON 灯是否常亮？',
    answers: [
      { label: '常亮', next: 'restart' },
      { label: '闪烁或不亮', next: 'register' },
    ],
  },
  { id: 'register', text: '光猫未注册：在系统中查看账号状态，欠费停机请转话费查询；否则派单。', answers: [] },
  {
    id: 'restart',
    text: '请客户将光猫和路由器断电 30 秒后重启，等待 2 分钟。现在能上网吗？',
    answers: [
      { label: '能上网', next: 'solved' },
      { label: '仍不能', next: 'wifi' },
    ],
  },
  {
    id: 'wifi',
    text: '用网线直连光猫能上网吗？',
    answers: [
      { label: '能（无线问题）', next: 'router' },
      { label: '不能', next: 'fiber' },
    ],
  },
  { id: 'router', text: '路由器或无线设置问题：指导客户检查 Wi-Fi 密码与路由器设置，必要时预约上门。', answers: [] },
  { id: 'solved', text: '问题已解决。提醒客户：光猫请勿频繁断电，并询问是否还有其他问题。', answers: [] },
];

/**
 * The demo's knowledge base: categories, synonyms, a billing policy, a troubleshooting tree for
 * broadband, the greeting script, a policy that expires at the end of the holiday and one that
 * already has (shown as expired, never suggested), and a version waiting for review.
 */
export async function seedDemoKnowledge(
  s: {
    articles: KnowledgeArticles;
    catalog: KnowledgeCatalog;
    announcements: Announcements;
    queueId: (key: string) => string | undefined;
    /** The demo's first team (its handover note). */
    firstTeamId: () => Promise<string | undefined>;
  },
  demo: DemoContext,
): Promise<number> {
  const { articles, catalog } = s;
  const { actor } = demo;
  if ((await articles.list({ page: 1, pageSize: 1 }, actor)).total > 0) return 0;
  let created = 0;
  const cat = async (name: string, sortOrder: number) => {
    created++;
    return (await catalog.createCategory({ name, sortOrder }, actor)).id;
  };
  const policy = await cat('业务政策', 10);
  const fault = await cat('故障处理', 20);
  const scripts = await cat('服务话术', 30);
  for (const terms of [
    ['宽带', '光纤', '网络'],
    ['话费', '费用', '资费'],
    ['光猫', '光纤猫', '调制解调器'],
  ]) {
    await catalog.putSynonym(undefined, { terms }, actor);
    created++;
  }
  const queues = (...keys: string[]) => keys.map((k) => s.queueId(k)).filter((x): x is string => !!x);
  const now = Date.now();
  const publish = async (body: Parameters<KnowledgeArticles['create']>[0]) => {
    const a = await articles.create(body, actor);
    await articles.publish(a.id, {}, actor);
    created++;
    return a.id;
  };
  await publish({
    title: '话费查询与账单说明',
    kind: 'article',
    categoryId: policy,
    tags: ['话费', '账单', '余额'],
    body:
      '<h2>适用范围</h2><p>客户询问本月话费、余额、账单明细时使用。</p>' +
      '<h2>处理步骤</h2><ol><li>核实身份（服务密码或身份证后四位）。</li><li>在客户资料中查看本月已用话费与余额，逐项说明套餐费、通话费、流量费。</li>' +
      '<li>对有异议的扣费，提供详单查询方式（短信发送 CXXD 至 10086）；仍有异议时创建投诉工单。</li></ol>' +
      '<p><strong>注意：</strong>不得向未验证身份的来电人透露话费与通话详单。</p>',
    suggest: { queueIds: queues('billing'), keywords: ['话费', '账单', '余额'] },
  });
  await publish({
    title: '宽带无法上网排查（故障树）',
    kind: 'tree',
    categoryId: fault,
    tags: ['宽带', '上网', '光猫'],
    body: '<p>家庭宽带无法上网时，按步骤询问客户并记录结果。</p>',
    tree: BROADBAND_TREE,
    suggest: { queueIds: queues('fault'), keywords: ['宽带', '上网', '光猫', '断网'] },
  });
  await publish({
    title: '标准开场白与结束语',
    kind: 'script',
    categoryId: scripts,
    tags: ['开场白', '结束语'],
    body:
      '<h3>开场白</h3><p>您好，很高兴为您服务，我是 X 号客服，请问有什么可以帮您？</p>' +
      '<h3>身份核实</h3><p>为了保障您的账户安全，请提供机主姓名和服务密码。</p>' +
      '<h3>结束语</h3><p>请问还有其他可以帮您的吗？感谢您的来电，稍后请对我的服务进行评价，再见！</p>',
    suggest: { queueIds: queues('general'), keywords: [] },
  });
  await publish({
    title: '元旦流量包优惠（限时）',
    kind: 'article',
    categoryId: policy,
    tags: ['流量包', '优惠'],
    body: '<p>活动期间办理 30 元 20GB 元旦流量包，当月有效。办理方式：短信发送 YD20 至 10086。</p>',
    effectiveFrom: new Date(now - 7 * DAY).toISOString(),
    expiresAt: new Date(now + 30 * DAY).toISOString(),
    suggest: { queueIds: [], keywords: ['流量包', '流量'] },
  });
  await publish({
    title: '国庆流量包优惠（已结束）',
    kind: 'article',
    categoryId: policy,
    tags: ['流量包', '优惠'],
    body: '<p>国庆期间办理 20 元 10GB 流量包。活动已结束，请勿再向客户介绍。</p>',
    effectiveFrom: new Date(now - 90 * DAY).toISOString(),
    expiresAt: new Date(now - 60 * DAY).toISOString(),
    suggest: { queueIds: [], keywords: ['流量包'] },
  });
  const roaming = await articles.create(
    {
      title: '国际漫游资费说明',
      kind: 'faq',
      categoryId: policy,
      tags: ['漫游', '资费'],
      body: '<p>出境前请开通国际漫游功能。日租包：亚洲 25 元/天，欧美 35 元/天。</p>',
    },
    actor,
  );
  await articles.submit(roaming.id, actor);
  created++;
  // An announcement every agent confirms with a one-question quiz, and a team's handover note.
  await s.announcements.create(
    {
      title: '元旦流量包活动上线',
      body: '<p>元旦流量包（30 元 20GB）今日起可办理，详见知识库《元旦流量包优惠（限时）》。国庆流量包已结束，请勿再介绍。</p>',
      audience: { kind: 'roles', roles: ['agent'] },
      requireConfirmation: true,
      quiz: [{ text: '国庆流量包还能办理吗？', options: ['可以', '不可以，活动已结束'], correct: 1 }],
    },
    actor,
  );
  created++;
  const team = await s.firstTeamId();
  if (team) {
    await s.announcements.addHandover(
      { teamId: team, body: '早班：3 位客户的宽带报修待回电（见工单），系统 22:00 例行维护。' },
      actor,
    );
    created++;
  }
  return created;
}
