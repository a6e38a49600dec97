import type { FlowDefinitionInput } from '../../../../contracts/ivr';
import { FlowDefinition } from '../../../../contracts/ivr';
import type { Actor } from '../../platform/audit';
import type { IvrService } from './ivr.service';

const queueNode = (queue: string) =>
  ({
    type: 'queue',
    queue,
    announceEverySeconds: 30,
    announcePosition: true,
    announceWait: true,
    callbackOffer: true,
    next: 'survey',
    onCallback: 'bye',
  }) as const;

/**
 * The demo hotline 客服热线 (DID 4008000000): welcome and the recording notice before any queue,
 * then 1 话费 → billing, 2 故障 → fault, 3 投诉 → complaints, 0 人工 → general (also after three
 * failed tries); after the agent hangs up, a 1–5 satisfaction survey and goodbye.
 */
export const DEMO_HOTLINE: FlowDefinitionInput = {
  language: 'zh-CN',
  start: 'welcome',
  nodes: {
    welcome: { type: 'play', prompts: [{ prompt: 'welcome' }, { prompt: 'recording-notice' }], next: 'menu' },
    menu: {
      type: 'menu',
      prompts: [{ prompt: 'menu' }],
      options: { '1': 'billing', '2': 'fault', '3': 'complaints', '0': 'general' },
      onFailure: 'general',
    },
    billing: queueNode('billing'),
    fault: queueNode('fault'),
    complaints: queueNode('complaints'),
    general: queueNode('general'),
    survey: { type: 'survey', prompts: [{ prompt: 'survey' }], variable: 'csat', next: 'bye' },
    bye: { type: 'hangup', prompts: [{ prompt: 'goodbye' }] },
  },
};

/**
 * Creates and publishes the demo hotline flow (key `hotline`) unless it exists; publishes an
 * existing one that was never published. Needs the demo queues in routing first.
 */
export async function seedDemoIvr(ivr: IvrService, actor: Actor): Promise<{ flowId: string; created: boolean }> {
  const existing = await ivr.findByKey('hotline');
  if (existing) {
    if (existing.publishedVersion === null) await ivr.publish(existing.id, actor);
    return { flowId: existing.id, created: false };
  }
  const flow = await ivr.create(
    { key: 'hotline', name: '客服热线', definition: FlowDefinition.parse(DEMO_HOTLINE) },
    actor,
  );
  await ivr.publish(flow.id, actor);
  return { flowId: flow.id, created: true };
}
