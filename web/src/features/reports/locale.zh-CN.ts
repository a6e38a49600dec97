/** Strings of the reports placeholder page in zh-CN (the default language), merged into the app's translation tree. */
export const reportsZhCN = {
  placeholders: {
    reports: {
      title: '报表',
      description: '这里将提供服务水平、接通率、放弃率、平均处理时长、首次解决率和满意度等报表，随报表模块一同推出。',
    },
  },
};

export type ReportsMessages = typeof reportsZhCN;
