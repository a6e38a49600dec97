import type { ComplaintSeverity, SlaState, TicketChannel, TicketStatus, TicketType } from './tickets';

/**
 * The words for the work orders' codes, in the one place both the screens (web/src/features/tickets
 * locales) and the server's exports (one row per order in CSV/XLSX) read them.
 */
type Labels = {
  type: Record<TicketType, string>;
  status: Record<TicketStatus, string>;
  severity: Record<ComplaintSeverity, string>;
  channel: Record<TicketChannel, string>;
  slaState: Record<SlaState, string>;
};

export const TICKET_LABELS: Record<'zh-CN' | 'en-US', Labels> = {
  'zh-CN': {
    type: {
      inquiry: '咨询',
      query: '查询',
      service_request: '办理',
      fault: '故障',
      complaint: '投诉',
      suggestion: '建议',
      praise: '表扬',
    },
    status: {
      new: '新建',
      assigned: '已派单',
      in_progress: '处理中',
      pending_customer: '待客户反馈',
      pending_internal: '待内部处理',
      resolved: '已解决',
      closed: '已关闭',
      cancelled: '已取消',
    },
    severity: { general: '一般', major: '重大', regulator: '越级' },
    channel: {
      phone: '电话',
      chat: '在线',
      email: '邮件',
      sms: '短信',
      wechat: '微信',
      web: '网站',
      walk_in: '营业厅',
      other: '其他',
    },
    slaState: {
      running: '计时中',
      warning: '即将超时',
      breached: '已超时',
      paused: '已暂停',
      met: '已达标',
      missed: '未达标',
    },
  },
  'en-US': {
    type: {
      inquiry: 'Inquiry',
      query: 'Query',
      service_request: 'Service request',
      fault: 'Fault',
      complaint: 'Complaint',
      suggestion: 'Suggestion',
      praise: 'Praise',
    },
    status: {
      new: 'New',
      assigned: 'Assigned',
      in_progress: 'In progress',
      pending_customer: 'Waiting for customer',
      pending_internal: 'Waiting internally',
      resolved: 'Resolved',
      closed: 'Closed',
      cancelled: 'Cancelled',
    },
    severity: { general: 'General', major: 'Major', regulator: 'Regulator' },
    channel: {
      phone: 'Phone',
      chat: 'Chat',
      email: 'E-mail',
      sms: 'SMS',
      wechat: 'WeChat',
      web: 'Web',
      walk_in: 'Walk-in',
      other: 'Other',
    },
    slaState: {
      running: 'Running',
      warning: 'Due soon',
      breached: 'Breached',
      paused: 'Paused',
      met: 'Met',
      missed: 'Missed',
    },
  },
};
