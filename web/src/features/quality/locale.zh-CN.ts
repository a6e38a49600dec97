/** Strings of the quality placeholder page in zh-CN (the default language), merged into the app's translation tree. */
export const qualityZhCN = {
  placeholders: {
    quality: {
      title: '质检',
      description: '这里将进行抽样、按评分表评分、校准会议与申诉处理，随质检模块一同推出。',
    },
  },
};

export type QualityMessages = typeof qualityZhCN;
