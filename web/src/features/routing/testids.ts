/** `data-testid`s of the routing settings (路由配置); the browser tests (e2e/) import them. */
export const ROUTING_IDS = {
  queuesCreate: 'queues-create',
  queueFormSubmit: 'queue-form-submit',
  queueFormVipBoost: 'queue-form-vip-boost',
  agentRoutingSubmit: 'agent-routing-submit',
} as const;
