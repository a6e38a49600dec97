import { namesFromList } from '../../platform/entity-names';
import type { KefuModule, Platform } from '../../platform/module';
import { addressPolicy } from './domain/address-policy';
import { createWebhooksRepo } from './webhooks.repo';
import { registerWebhookRoutes } from './webhooks.routes';
import { secretBox } from './webhooks.secret';
import { createHttpSender } from './webhooks.sender';
import { createWebhooksService, type WebhooksService } from './webhooks.service';
import { createDeliveryWorker } from './webhooks.worker';

export type WebhooksSettings = {
  /**
   * Loopback or private ranges (CIDRs) webhooks may reach anyway (KEFU_WEBHOOK_ALLOW_CIDRS): off by
   * default against SSRF; a receiver on the LAN, or the tests' receiver on 127.0.0.1, needs it.
   */
  webhookAllowCidrs?: readonly string[];
  /** Seals signing secrets at rest (main.ts derives it from the recording key); unset: stored as is. */
  webhookSecretKey?: Buffer;
};

/** Outgoing webhooks (docs/webhooks.md): signed POSTs of bus events, retried, with a delivery log. */
export function createWebhooksModule(
  p: Platform<WebhooksSettings>,
  _services: object,
): KefuModule<{ webhooks: WebhooksService }> {
  const policy = addressPolicy(p.settings.webhookAllowCidrs ?? []);
  const repo = createWebhooksRepo();
  const secrets = secretBox(p.settings.webhookSecretKey);
  const worker = createDeliveryWorker({ ...p, repo, sender: createHttpSender({ policy }), secrets });
  const webhooks = createWebhooksService({ ...p, repo, policy, secrets, worker });
  return {
    name: 'webhooks',
    services: { webhooks },
    routes: (app) => registerWebhookRoutes(app, { webhooks }),
    // The host, not the URL: a URL may carry credentials, and audit readers need not see them.
    entityNames: { webhook: namesFromList(webhooks.list, (w) => w.description || new URL(w.url).host) },
    start: () => webhooks.start(),
    stop: () => webhooks.stop(),
  };
}
