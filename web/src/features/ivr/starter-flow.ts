import type { FlowDefinitionInput } from '../../../../contracts/ivr';

/** What a new flow starts from: greet, play the recording notice, queue, survey, goodbye. */
export function starterFlow(language: 'zh-CN' | 'en-US'): FlowDefinitionInput {
  return {
    language,
    start: 'welcome',
    nodes: {
      welcome: { type: 'play', prompts: [{ prompt: 'welcome' }, { prompt: 'recording-notice' }], next: 'menu' },
      menu: { type: 'menu', prompts: [{ prompt: 'menu' }], options: { '0': 'general' }, onFailure: 'general' },
      general: { type: 'queue', queue: 'general', callbackOffer: true, next: 'survey' },
      survey: { type: 'survey', next: 'bye' },
      bye: { type: 'hangup', prompts: [{ prompt: 'goodbye' }] },
    },
  };
}
