/** Strings of the audit log in zh-CN (the default language), merged into the app's translation tree. */
export const auditZhCN = {
  audit: {
    title: '审计日志',
    empty: '暂无审计记录',
    col: {
      at: '时间',
      actor: '操作人',
      action: '操作',
      entityType: '对象类型',
      entityId: '对象 ID',
      ip: 'IP 地址',
    },
    filterAction: '操作，如 auth.login',
    filterEntityType: '对象类型，如 user',
    timeFrom: '开始时间',
    timeTo: '结束时间',
    system: '系统',
    details: '详情',
    requestId: '请求 ID',
    hash: '哈希',
    verify: '校验日志链',
    verifyOk: '日志链完整：已校验 {{count}} 条记录。',
    verifyBroken: '日志链在第 {{id}} 条记录处断裂：{{reason}}',
    verifyBrokenNoId: '日志链校验失败：{{reason}}',
  },
};

export type AuditMessages = typeof auditZhCN;
