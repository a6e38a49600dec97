import type { TicketType } from '../../../../../contracts/tickets';

/**
 * The category tree seeded into a fresh installation (admins edit the rows afterwards): a few
 * branches per type, from the telecom hotline manuals.
 */
export type CategorySeed = { name: string; children?: CategorySeed[] };

export const DEFAULT_CATEGORIES: Record<TicketType, CategorySeed[]> = {
  inquiry: [{ name: '业务咨询', children: [{ name: '资费套餐' }, { name: '业务办理规则' }] }, { name: '营业厅信息' }],
  query: [{ name: '话费查询', children: [{ name: '余额' }, { name: '详单' }] }, { name: '积分查询' }],
  service_request: [
    { name: '套餐变更' },
    { name: '宽带业务', children: [{ name: '新装' }, { name: '移机' }, { name: '拆机' }] },
    { name: '号码业务', children: [{ name: '停复机' }, { name: '补换卡' }] },
  ],
  fault: [
    { name: '移动网络', children: [{ name: '无信号' }, { name: '上网慢' }] },
    { name: '宽带故障', children: [{ name: '无法上网' }, { name: '频繁掉线' }] },
    { name: '固话故障' },
  ],
  complaint: [
    { name: '网络质量', children: [{ name: '信号差' }, { name: '网速慢' }] },
    { name: '计费争议', children: [{ name: '乱扣费' }, { name: '套餐不符' }] },
    { name: '服务态度' },
    { name: '营销宣传', children: [{ name: '虚假宣传' }, { name: '未经同意办理' }] },
  ],
  suggestion: [{ name: '产品建议' }, { name: '服务建议' }],
  praise: [{ name: '表扬员工' }, { name: '表扬服务' }],
};

/**
 * The manuals' service-time standards as seed policies (DOMAIN.md): respond within 24 h; ordinary
 * processing within 3 working days, complex cases within 48 h, major problems within 7 working days.
 * Without a calendar a "working day" is 24 h; attaching a calendar makes the minutes business minutes.
 */
export const DEFAULT_SLA_POLICIES = [
  { name: '默认（普通处理 3 个工作日）', responseMinutes: 24 * 60, resolveMinutes: 3 * 24 * 60 },
  { name: '复杂问题（48 小时）', priority: 'P2' as const, responseMinutes: 24 * 60, resolveMinutes: 48 * 60 },
  { name: '紧急（P1，48 小时）', priority: 'P1' as const, responseMinutes: 4 * 60, resolveMinutes: 48 * 60 },
  { name: '重大问题（7 个工作日）', severity: 'major' as const, responseMinutes: 24 * 60, resolveMinutes: 7 * 24 * 60 },
  {
    name: '越级投诉（7 个工作日）',
    severity: 'regulator' as const,
    responseMinutes: 4 * 60,
    resolveMinutes: 7 * 24 * 60,
  },
];
