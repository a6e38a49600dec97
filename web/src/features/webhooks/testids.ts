/** `data-testid`s of the webhooks page; the browser tests (e2e/) import them. */
export const WEBHOOKS_IDS = {
  create: 'webhooks-create',
  formUrl: 'webhook-form-url',
  formEvents: 'webhook-form-events',
  formSubmit: 'webhook-form-submit',
  secret: 'webhook-secret',
  tabDeliveries: 'webhooks-tab-deliveries',
  deliveriesLog: 'webhook-deliveries',
  deliveryStatusFilter: 'webhook-delivery-status',
} as const;
