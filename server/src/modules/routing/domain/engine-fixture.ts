import { createRoutingEngine } from './engine';
import type { AgentConfig, QueueConfig } from './model';

/** Test helpers of the engine's example tests: one second, a queue, an agent, a small centre. */
export const S = 1000;
export const queue = (id: string, over: Partial<QueueConfig> = {}): QueueConfig => ({
  id,
  strategy: 'longest_idle',
  skills: [],
  relaxation: [],
  preferredAgentSeconds: 0,
  ...over,
});
export const agent = (id: string, over: Partial<AgentConfig> = {}): AgentConfig => ({
  id,
  skills: {},
  capacity: {},
  memberships: [{ queueId: 'billing', priority: 1, delaySeconds: 0 }],
  ...over,
});

export function center(queues: QueueConfig[], agents: AgentConfig[]) {
  const e = createRoutingEngine();
  for (const q of queues) e.upsertQueue(q);
  for (const a of agents) e.upsertAgent(a, 0);
  return e;
}
