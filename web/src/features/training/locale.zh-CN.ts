/** Strings of the training placeholder page in zh-CN (the default language), merged into the app's translation tree. */
export const trainingZhCN = {
  placeholders: {
    training: {
      title: '培训',
      description: '这里将管理课程、考试、情景演练和上岗认证，随培训模块一同推出。',
    },
  },
};

export type TrainingMessages = typeof trainingZhCN;
