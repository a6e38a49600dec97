/** Strings of the contact-history import page (/reports/import) in zh-CN, merged into the app's translation tree. */
export const reportsImportZhCN = {
  reportsImport: {
    title: '导入历史数据',
    description:
      '从原有系统导入历史接触记录（CSV 或 JSON Lines），导入后计入所有报表指标。每一行都会先校验；有错误行时不导入任何数据，除非选择“仅导入有效行”。',
    columns: '文件的列（CSV 文件第一行，照原样书写）：',
    times: '时间须为带时区的 ISO 8601 格式，如 2024-03-01T09:30:00+08:00。',
    pick: '点击或拖拽文件到此处',
    pickHint: '.csv、.ndjson 或 .jsonl 文件；按 externalId 去重，重复导入不会产生重复数据',
    partial: '仅导入有效行（跳过有错误的行）',
    start: '开始导入',
    background: '导入在服务器上进行，关闭页面不会中断。',
    report: {
      title: '导入结果',
      rows: '读取行数',
      applied: '已导入',
      created: '新增',
      updated: '更新',
      unchanged: '未变化',
      rejected: '有错误的行',
      seconds: '用时（秒）',
      nothingApplied: '存在错误行，未导入任何数据。请修正后重新导入，或选择“仅导入有效行”。',
      createdQueues: '新建的队列（停用）',
      createdAgents: '新建的座席（停用）',
      issues: '问题列表',
      moreIssues: '仅列出前 {{shown}} 个问题，共 {{total}} 个',
      row: '行号',
      column: '列',
      message: '问题',
    },
  },
};

export type ReportsImportMessages = typeof reportsImportZhCN;
