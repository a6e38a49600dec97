import type { CreateTicketBodyInput, TicketStatus } from '../../../../contracts/tickets';
import { CreateTicketBody } from '../../../../contracts/tickets';
import type { DemoContext } from '../../platform/module';
import type { TicketsAdmin } from './tickets.admin';
import type { TicketsService, Worker } from './tickets.service';

/** Department groups of the demo hotline (back office): name, lead and members by demo username. */
const GROUPS = [
  { name: '技术支持', lead: 'lead01', members: ['agent01', 'agent04'] },
  { name: '账务', lead: 'lead02', members: ['agent02', 'agent05'] },
  { name: '物流', lead: 'lead03', members: ['agent03'] },
  { name: '市场', lead: 'super01', members: ['agent06'] },
] as const;

type DemoOrder = {
  body: CreateTicketBodyInput;
  owner: string;
  group?: (typeof GROUPS)[number]['name'];
  /** Moves after creation, in order, with the text each needs. */
  path?: Array<{ to: TicketStatus; comment?: string; resolution?: string }>;
  note?: string;
};

const phone = (i: number) => `1380000${String(i).padStart(4, '0')}`;

/** A dozen work orders across types, states and groups, on the demo customers (crm's 1380000 0001–0050). */
const ORDERS: DemoOrder[] = [
  {
    body: { type: 'fault', priority: 'P2', subject: '家中宽带频繁掉线', customerPhone: phone(4) },
    owner: 'agent01',
    group: '技术支持',
    path: [{ to: 'in_progress' }],
    note: '已远程重启光猫，观察中；如仍掉线需派单上门。',
  },
  {
    body: {
      type: 'complaint',
      severity: 'major',
      priority: 'P1',
      subject: '小区手机信号差，多次投诉未解决',
      customerPhone: phone(8),
    },
    owner: 'agent02',
    group: '技术支持',
    path: [{ to: 'in_progress' }],
    note: '易投诉客户，已安抚；基站侧排查中。',
  },
  {
    body: { type: 'query', subject: '本月话费比上月多 60 元', customerPhone: phone(3) },
    owner: 'agent03',
    group: '账务',
    path: [{ to: 'in_progress' }, { to: 'pending_customer', comment: '请客户提供上月账单截图' }],
  },
  {
    body: { type: 'service_request', subject: '办理套餐变更：升级到 199 元全家享', customerPhone: phone(10) },
    owner: 'agent04',
    path: [{ to: 'in_progress' }, { to: 'resolved', resolution: '已变更，次月生效，短信已通知客户' }],
  },
  {
    body: { type: 'complaint', severity: 'general', subject: '营业厅排队时间过长', customerPhone: phone(16) },
    owner: 'agent05',
    path: [
      { to: 'in_progress' },
      { to: 'resolved', resolution: '已向营业厅反馈，增开窗口；客户接受致歉' },
      { to: 'closed' },
    ],
  },
  {
    body: { type: 'inquiry', subject: '国际漫游如何开通', customerPhone: phone(12) },
    owner: 'agent06',
    path: [{ to: 'in_progress' }, { to: 'resolved', resolution: '已告知开通方式与资费' }, { to: 'closed' }],
  },
  {
    body: { type: 'fault', subject: '固话无拨号音', customerPhone: phone(14) },
    owner: 'agent07',
    group: '技术支持',
  },
  {
    body: { type: 'service_request', subject: '补寄 SIM 卡', customerPhone: phone(21) },
    owner: 'agent08',
    group: '物流',
    path: [{ to: 'in_progress' }, { to: 'pending_internal', comment: '等待仓库出库' }],
  },
  {
    body: { type: 'suggestion', subject: '希望增加夜间人工客服', customerPhone: phone(25) },
    owner: 'agent09',
    group: '市场',
  },
  {
    body: { type: 'praise', subject: '表扬座席耐心解答', customerPhone: phone(30) },
    owner: 'agent10',
    path: [{ to: 'in_progress' }, { to: 'resolved', resolution: '已转达班组' }, { to: 'closed' }],
  },
  {
    body: {
      type: 'complaint',
      severity: 'regulator',
      priority: 'P1',
      subject: '客户称将向工信部申诉：携号转网被拒',
      customerPhone: phone(40),
    },
    owner: 'lead01',
    group: '技术支持',
    path: [{ to: 'in_progress' }],
    note: '越级投诉风险，主管已知悉，24 小时内回复客户。',
  },
  {
    body: { type: 'query', subject: '积分兑换流量未到账', customerPhone: phone(33) },
    owner: 'agent11',
    group: '账务',
    path: [{ to: 'cancelled', comment: '客户来电告知已到账，撤销' }],
  },
];

/**
 * The demo's work orders: department groups with leads and members, and a dozen orders in every
 * state — new, in progress, waiting on the customer or another department, resolved, closed,
 * cancelled — with SLA clocks running from now. Idempotent: nothing is added when the first demo
 * group exists (groups and orders are seeded together).
 */
export async function seedDemoTickets(
  deps: { tickets: TicketsService; admin: TicketsAdmin },
  demo: DemoContext,
): Promise<number> {
  const { tickets, admin } = deps;
  const existing = await admin.groups();
  if (existing.some((g) => g.name === GROUPS[0].name)) return 0;
  const user = (name: string) => demo.users.get(name);
  const groupIds = new Map<string, string>();
  let created = 0;
  for (const g of GROUPS) {
    const group = await admin.createGroup(
      {
        name: g.name,
        leadUserId: user(g.lead) ?? null,
        memberUserIds: g.members.map(user).filter((id): id is string => !!id),
      },
      demo.actor,
    );
    groupIds.set(g.name, group.id);
    created++;
  }
  for (const o of ORDERS) {
    const owner = user(o.owner);
    if (!owner) continue;
    // Seeding acts as the system with the manager's rights, on behalf of the order's owner.
    const w: Worker = { actor: demo.actor, userId: owner, teamId: null, canManage: true };
    const groupId = o.group ? groupIds.get(o.group) : undefined;
    const body = CreateTicketBody.parse({
      ...o.body,
      ownerUserId: owner,
      ...(groupId ? { assigneeGroupId: groupId } : { assigneeUserId: owner }),
    });
    const ticket = await tickets.create(body, w);
    created++;
    if (o.note) await tickets.comment(ticket.id, { body: o.note, visibility: 'internal' }, w);
    for (const step of o.path ?? []) await tickets.transition(ticket.id, step, w);
  }
  return created;
}
