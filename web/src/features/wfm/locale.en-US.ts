import type { WfmMessages } from './locale.zh-CN';

export const wfmEnUS: WfmMessages = {
  placeholders: {
    wfm: {
      title: 'Workforce management',
      description: 'Forecasts, staffing, schedules, intraday changes and adherence — coming with the WFM module.',
    },
  },
};
