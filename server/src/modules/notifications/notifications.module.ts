import { type KefuModule, latePort, type Platform } from '../../platform/module';
import { createInbox, type Inbox, type InboxGroups } from './notifications.inbox';
import { createLoggingMailer, createSmtpMailer, type Mailer, type SmtpSettings } from './notifications.mailer';
import { createNotificationsRepo } from './notifications.repo';
import { registerNotificationRoutes } from './notifications.routes';
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

export type NotificationsServices = {
  mailer: Mailer;
  sms: SmsSender;
  customerNotifier: CustomerNotifier;
  inbox: Inbox;
  /** The tickets module tells the inbox who is in a department group (it comes later in app.ts). */
  inboxGroups: { bind(port: InboxGroups): void };
};

/**
 * Notifications (docs/notifications.md): e-mail and SMS ports, customer messages (zh-CN, en-US), in-app inbox
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
  const groups = latePort<InboxGroups>('inboxGroups');
  const inbox = createInbox({ ...p, repo: createNotificationsRepo(), groups: groups.port });
  return {
    name: 'notifications',
    services: { mailer, sms, customerNotifier, inbox, inboxGroups: { bind: groups.bind } },
    routes: (app) => registerNotificationRoutes(app, inbox),
    audiences: {
      'notifications.inbox.added': { users: (e) => [e.userId] },
    },
    // Subscribed before the bus starts and never unsubscribed: the outbox marks an event delivered
    // once its handlers ran, so a handler missing while the bus drains at start or stop loses it.
    init: async () => {
      inbox.follow();
    },
    stop: () => mailer.close(),
  };
}
