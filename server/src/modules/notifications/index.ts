export {
  CUSTOMER_LANGUAGES,
  CUSTOMER_TEMPLATES,
  type CustomerLanguage,
  type CustomerTemplateKey,
  customerLanguage,
  MissingVariable,
  renderCustomerMessage,
} from './domain/templates';
export { INBOX_EVENTS, type Inbox, type InboxAdded, type InboxGroups } from './notifications.inbox';
export {
  createLoggingMailer,
  createSmtpMailer,
  type MailAttachment,
  type Mailer,
  type MailMessage,
  type SmtpSettings,
} from './notifications.mailer';
export {
  createNotificationsModule,
  type NotificationsServices,
  type NotificationsSettings,
} from './notifications.module';
export {
  type CustomerAddress,
  type CustomerNotifier,
  createCustomerNotifier,
  type NotifyOutcome,
} from './notifications.service';
export {
  createHttpSmsSender,
  createLoggingSmsSender,
  type SmsMessage,
  SmsRefused,
  type SmsSender,
  type SmsSettings,
  smsBody,
} from './notifications.sms';
