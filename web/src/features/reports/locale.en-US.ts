import type { ReportsMessages } from './locale.zh-CN';

export const reportsEnUS: ReportsMessages = {
  placeholders: {
    reports: {
      title: 'Reports',
      description:
        'Service level, answer and abandonment rates, AHT, FCR and satisfaction reports — coming with the reporting module.',
    },
  },
};
