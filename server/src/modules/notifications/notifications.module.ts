import type { KefuModule, Platform } from '../../platform/module';
import { createLoggingMailer, createSmtpMailer, type Mailer, type SmtpSettings } from './notifications.mailer';
import { type CustomerNotifier, createCustomerNotifier } from './notifications.service';
import { createHttpSmsSender, createLoggingSmsSender, type SmsSender, type SmsSettings } from './notifications.sms';

export type NotificationsSettings = {
  /** KEFU_SMTP_*; unset or null: e-mail is logged, not sent. */
  smtp?: SmtpSettings | null;
  /** KEFU_SMS_*; unset or null: SMS are logged, not sent. */
  sms?: SmsSettings | null;
  /** The sender's name in customer messages (【客服中心】); default 客服中心. */
  centerName?: string;
};

export type NotificationsServices = { mailer: Mailer; sms: SmsSender; customerNotifier: CustomerNotifier };

/**
 * Notification ports (docs/notifications.md): e-mail and SMS adapters chosen from the settings, and
 * the customer-message catalogue in zh-CN and en-US. No routes: modules (tickets) call the services.
 */
export function createNotificationsModule(
  p: Platform<NotificationsSettings>,
  _services: object,
): KefuModule<NotificationsServices> {
  const { smtp, sms: smsSettings } = p.settings;
  const mailer = smtp ? createSmtpMailer(smtp) : createLoggingMailer(p.log);
  const sms = smsSettings ? createHttpSmsSender(smsSettings) : createLoggingSmsSender(p.log);
  const customerNotifier = createCustomerNotifier({
    mailer,
    sms,
    log: p.log,
    center: p.settings.centerName ?? '客服中心',
  });
  return {
    name: 'notifications',
    services: { mailer, sms, customerNotifier },
    stop: () => mailer.close(),
  };
}
