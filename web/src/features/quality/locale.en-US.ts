import type { QualityMessages } from './locale.zh-CN';

export const qualityEnUS: QualityMessages = {
  placeholders: {
    quality: {
      title: 'Quality',
      description:
        'Sampling, scoring against scorecards, calibration sessions and appeals — coming with the quality module.',
    },
  },
};
