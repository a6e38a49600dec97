import type { Logger } from '../../platform/logger';
import { type CustomerTemplateKey, renderCustomerMessage } from './domain/templates';
import type { Mailer } from './notifications.mailer';
import type { SmsSender } from './notifications.sms';

export type CustomerAddress = {
  email?: string | null;
  phone?: string | null;
  /** The customer's preferred language as stored; zh-CN when unknown. */
  language?: string | null;
};

export type NotifyOutcome =
  | { channel: 'email' | 'sms'; ok: true; id: string | null }
  | { channel: 'email' | 'sms'; ok: false; error: string };

/**
 * Sends a customer-facing message from the catalogue by e-mail and/or SMS, in the customer's
 * language. A channel failing is an outcome, not an exception: the caller (a ticket saved) must not
 * fail because a mail server is down.
 */
export function createCustomerNotifier(deps: { mailer: Mailer; sms: SmsSender; log: Logger; center: string }) {
  return {
    async notify(
      to: CustomerAddress,
      key: CustomerTemplateKey,
      vars: Readonly<Record<string, string | number>>,
      channels: ReadonlyArray<'email' | 'sms'> = ['email', 'sms'],
    ): Promise<NotifyOutcome[]> {
      const m = renderCustomerMessage(key, to.language, { center: deps.center, ...vars });
      const out: NotifyOutcome[] = [];
      if (channels.includes('email') && to.email) {
        try {
          const { messageId } = await deps.mailer.send({ to: to.email, subject: m.subject, text: m.body });
          out.push({ channel: 'email', ok: true, id: messageId });
        } catch (err) {
          deps.log.warn({ err, template: key }, 'customer e-mail failed');
          out.push({ channel: 'email', ok: false, error: (err as Error).message });
        }
      }
      if (channels.includes('sms') && to.phone) {
        try {
          const { providerId } = await deps.sms.send({
            to: to.phone,
            text: m.sms,
            template: key,
            language: m.language,
          });
          out.push({ channel: 'sms', ok: true, id: providerId });
        } catch (err) {
          deps.log.warn({ err, template: key }, 'customer SMS failed');
          out.push({ channel: 'sms', ok: false, error: (err as Error).message });
        }
      }
      return out;
    },
  };
}
export type CustomerNotifier = ReturnType<typeof createCustomerNotifier>;
