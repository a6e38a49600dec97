import { randomUUID } from 'node:crypto';
import { smsInfo } from '../../../../../contracts/sms-segments';
import { maskNumber, type SmsProvider } from './sms-provider';

/** What the adapter needs of a logger (pino's fits); `debug`, when there, gets the text itself. */
export type SmsLogger = {
  info(obj: Record<string, unknown>, msg: string): void;
  debug?(obj: Record<string, unknown>, msg: string): void;
};

/**
 * The provider when none is configured: every message is accepted and written to the log, so a
 * development or trial install works end to end without one. Numbers are masked and the text
 * goes to debug only, since both are personal data. It takes no webhooks.
 */
export function createLogSmsProvider(opts: { log: SmsLogger; nextId?: () => string }): SmsProvider {
  const nextId = opts.nextId ?? (() => `log-${randomUUID()}`);
  return {
    kind: 'log',
    async send(msg) {
      const providerId = nextId();
      const { encoding, parts } = smsInfo(msg.text);
      opts.log.info(
        {
          providerId,
          clientRef: msg.clientRef,
          to: maskNumber(msg.to),
          ...(msg.from ? { from: maskNumber(msg.from) } : {}),
          length: msg.text.length,
          encoding,
          parts,
        },
        'SMS not sent (no provider configured)',
      );
      opts.log.debug?.({ providerId, text: msg.text }, 'SMS text (not sent)');
      return { providerId, parts };
    },
    parseWebhook: () => ({ ok: false, reason: 'unsupported' }),
  };
}
