export { isCidr } from './domain/address-policy';
export { verifySignature } from './domain/rules';
export { createWebhooksModule, type WebhooksSettings } from './webhooks.module';
export { webhookSecretKeyFrom } from './webhooks.secret';
export type { WebhooksService } from './webhooks.service';
