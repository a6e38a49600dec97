/** Strings of the workforce management placeholder page in zh-CN (the default language), merged into the app's translation tree. */
export const wfmZhCN = {
  placeholders: {
    wfm: {
      title: '排班',
      description: '这里将进行话务预测、人力测算、排班与当日调整，并统计遵从度，随排班模块一同推出。',
    },
  },
};

export type WfmMessages = typeof wfmZhCN;
