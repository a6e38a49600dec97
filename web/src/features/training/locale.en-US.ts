import type { TrainingMessages } from './locale.zh-CN';

export const trainingEnUS: TrainingMessages = {
  placeholders: {
    training: {
      title: 'Training',
      description: 'Courses, exams, role-play and certification — coming with the training module.',
    },
  },
};
