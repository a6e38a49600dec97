/** Strings of the wrap-up's work order (话后建工单) in zh-CN. */
export const desktopTicketZhCN = {
  desktopTicket: {
    create: '同时创建工单',
    forCustomer: '工单将关联客户 {{name}} 和本次通话',
    noCustomer: '工单将关联本次通话（未识别客户）',
    type: '工单类型',
    category: '工单分类',
    categoryPlaceholder: '选择分类（可选）',
    severity: '严重程度',
    severityRequired: '投诉工单须选择严重程度',
    subject: '工单标题',
    subjectRequired: '请填写工单标题',
    created: '工单 {{number}} 已创建',
  },
};

export type DesktopTicketMessages = typeof desktopTicketZhCN;
