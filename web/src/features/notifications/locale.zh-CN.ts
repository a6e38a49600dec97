/** Strings of the notification bell in zh-CN (the default language), merged into the app's translation tree. */
export const notificationsZhCN = {
  inbox: {
    title: '通知',
    bell: '通知（{{count}} 条未读）',
    empty: '暂无通知',
    readAll: '全部标为已读',
    loadFailed: '通知加载失败',
    system: '系统',
    unknownAgent: '未知座席',
    /** `{{who}}` did something to order `{{number}}`. */
    kind: {
      'ticket.created': '{{who}} 新建了工单 {{number}}',
      'ticket.updated': '{{who}} 修改了工单 {{number}}：{{fields}}',
      'ticket.transitioned': '{{who}} 将工单 {{number}} 改为「{{to}}」',
      'ticket.commented': '{{who}} 在工单 {{number}} 添加了记录',
      'ticket.sla_warning': '工单 {{number}} 即将超时（{{target}}）',
      'ticket.sla_breached': '工单 {{number}} 已超时（{{target}}）',
      'ticket.escalated': '工单 {{number}} 已升级（{{target}}）',
      'survey.low_score': '{{agent}} 收到低分评价（{{scores}}）',
      'quality.evaluated': '{{who}} 完成了对你的质检评分：{{score}} 分',
      'quality.appealed': '{{who}} 对你的质检评分提出了申诉',
      'quality.decided': '{{who}} 处理了质检申诉：{{outcome}}，{{score}} 分',
      'wfm.request.asked': '{{who}} 请你换班（{{date}}）',
      'wfm.request.to_approve': '{{agent}}的{{request}}申请待你审批（{{date}}）',
      'wfm.request.decided': '{{who}}{{decision}}了{{agent}}的{{request}}申请（{{date}}）',
    },
    request: { leave: '请假', swap: '换班' },
    decision: { approved: '批准', rejected: '驳回', declined: '拒绝', cancelled: '撤回' },
    outcome: { upheld: '维持原评分', revised: '改判' },
    target: { response: '响应', resolve: '解决' },
  },
};

export type NotificationsMessages = typeof notificationsZhCN;
