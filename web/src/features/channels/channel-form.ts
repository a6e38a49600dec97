import {
  type ChannelConfig,
  type ChannelSettings,
  type ConversationChannel,
  type CreateChannelBody,
  type MailSettings,
  type PreChatField,
  SECRET_MASK,
  type SmsSettings,
  type WebchatSettings,
  type WechatSettings,
} from '../../../../contracts/conversations';
import { secretToSend } from './secret-value';

/**
 * A channel as its admin form holds it, and back. Field names follow the API's paths
 * (`settings.imap.host`), so a 400's `details.fields` land on the fields that caused them.
 */

type Imap = NonNullable<MailSettings['imap']>;
type Smtp = NonNullable<MailSettings['smtp']>;

export type KeyValueRow = { key: string; value: string };

export const SMS_AUTH_KINDS = ['none', 'bearer', 'basic', 'header'] as const;
export type SmsAuthKind = (typeof SMS_AUTH_KINDS)[number];
export const SMS_REPORT_STATUSES = ['sent', 'delivered', 'failed'] as const;

/**
 * The generic HTTP SMS provider's settings (server: conversations/channels/sms-http.ts, which checks
 * them); `auth` holds every kind's fields, of which the chosen kind's are sent.
 */
export type SmsHttpForm = {
  sendUrl: string;
  format: 'json' | 'form';
  auth: { kind: SmsAuthKind; token?: string; user?: string; password?: string; name?: string; value?: string };
  fields: { to: string; from?: string; text: string; clientRef?: string };
  responseIdPath: string;
  inbound: {
    id: string;
    from: string;
    to: string;
    text: string;
    at?: string;
    ref?: string;
    total?: string;
    seq?: string;
  };
  report: { id: string; status: string; error?: string; at?: string; statusMap: KeyValueRow[] };
  from?: string;
};

export type MailForm = Omit<MailSettings, 'imap' | 'smtp'> & { imap: Imap; smtp: Smtp };
export type SmsForm = Omit<SmsSettings, 'http'> & { http: SmsHttpForm };
export type SettingsForm = WebchatSettings | MailForm | SmsForm | WechatSettings;

export type ChannelFormValues = {
  name: string;
  queue: string | undefined;
  enabled: boolean;
  /** E-mail: read a mailbox by IMAP; off for setups that forward mail to Kefu's SMTP receiver. */
  receiveImap: boolean;
  /** E-mail: send replies by SMTP. */
  sendSmtp: boolean;
  settings: SettingsForm;
};

const IMAP_DEFAULTS: Imap = { host: '', port: 993, secure: true, user: '', password: '', mailbox: 'INBOX' };
const SMTP_DEFAULTS: Smtp = { host: '', port: 465, secure: true, user: '', password: '' };

export const SMS_HTTP_DEFAULTS: SmsHttpForm = {
  sendUrl: '',
  format: 'json',
  auth: { kind: 'none' },
  fields: { to: 'to', text: 'text' },
  responseIdPath: 'id',
  inbound: { id: 'id', from: 'from', to: 'to', text: 'text' },
  report: { id: 'id', status: 'status', statusMap: [] },
};

export const DEFAULT_PRE_CHAT: WebchatSettings['preChat'] = [
  { field: 'name', required: false },
  { field: 'phone', required: false },
  { field: 'questionType', required: false },
];

export const PRE_CHAT_FIELDS: readonly PreChatField[] = ['name', 'phone', 'email', 'questionType'];

/** A new channel's settings, before the administrator fills them in. */
export function defaultSettings(kind: ConversationChannel, opts: { webchatTitle: string }): SettingsForm {
  switch (kind) {
    case 'webchat':
      return {
        kind,
        allowedOrigins: [],
        title: opts.webchatTitle,
        greeting: '',
        preChat: DEFAULT_PRE_CHAT,
        questionTypes: [],
        ticketOwnerId: null,
        color: '#1677ff',
        csat: true,
        leaveMessage: 'ticket',
      };
    case 'email':
      return {
        kind,
        address: '',
        displayName: '',
        imap: IMAP_DEFAULTS,
        smtp: SMTP_DEFAULTS,
        signature: '',
        autoReply: '',
      };
    case 'sms':
      return { kind, number: '', provider: 'log', http: SMS_HTTP_DEFAULTS, webhookSecret: '' };
    case 'wechat':
      return {
        kind,
        originalId: '',
        appId: '',
        appSecret: '',
        token: '',
        encodingAesKey: '',
        apiBase: 'https://api.weixin.qq.com',
      };
  }
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const obj = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** A stored HTTP provider configuration (a free-form record in the contract) as the form's fields. */
export function smsHttpToForm(stored: Record<string, unknown> | null): SmsHttpForm {
  if (!stored) return SMS_HTTP_DEFAULTS;
  const d = SMS_HTTP_DEFAULTS;
  const auth = obj(stored.auth);
  const fields = obj(stored.fields);
  const inbound = obj(stored.inbound);
  const report = obj(stored.report);
  const kind = SMS_AUTH_KINDS.find((k) => k === auth.kind) ?? 'none';
  return {
    sendUrl: str(stored.sendUrl) ?? '',
    format: stored.format === 'form' ? 'form' : 'json',
    auth: {
      kind,
      token: str(auth.token),
      user: str(auth.user),
      password: str(auth.password),
      name: str(auth.name),
      value: str(auth.value),
    },
    fields: {
      to: str(fields.to) ?? d.fields.to,
      from: str(fields.from),
      text: str(fields.text) ?? d.fields.text,
      clientRef: str(fields.clientRef),
    },
    responseIdPath: str(stored.responseIdPath) ?? d.responseIdPath,
    inbound: {
      id: str(inbound.id) ?? d.inbound.id,
      from: str(inbound.from) ?? d.inbound.from,
      to: str(inbound.to) ?? d.inbound.to,
      text: str(inbound.text) ?? d.inbound.text,
      at: str(inbound.at),
      ref: str(inbound.ref),
      total: str(inbound.total),
      seq: str(inbound.seq),
    },
    report: {
      id: str(report.id) ?? d.report.id,
      status: str(report.status) ?? d.report.status,
      error: str(report.error),
      at: str(report.at),
      statusMap: Object.entries(obj(report.statusMap)).map(([key, value]) => ({ key, value: String(value) })),
    },
    from: str(stored.from),
  };
}

/** Optional names left empty are left out: the provider then does without them. */
const optional = (v: string | undefined): string | undefined => {
  const t = v?.trim();
  return t ? t : undefined;
};

function compact<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** The form's HTTP provider fields as the API stores them: only the chosen auth kind's fields. */
export function smsHttpFromForm(f: SmsHttpForm): Record<string, unknown> {
  const a = f.auth;
  const auth =
    a.kind === 'bearer'
      ? { kind: a.kind, token: secretToSend(a.token) }
      : a.kind === 'basic'
        ? { kind: a.kind, user: a.user?.trim() ?? '', password: secretToSend(a.password) }
        : a.kind === 'header'
          ? { kind: a.kind, name: a.name?.trim() ?? '', value: secretToSend(a.value) }
          : { kind: 'none' };
  const statusMap: Record<string, string> = {};
  for (const row of f.report.statusMap) {
    const key = row.key?.trim() ?? '';
    if (key !== '' || row.value) statusMap[key] = row.value;
  }
  return compact({
    sendUrl: f.sendUrl.trim(),
    format: f.format,
    auth,
    fields: compact({
      to: f.fields.to.trim(),
      from: optional(f.fields.from),
      text: f.fields.text.trim(),
      clientRef: optional(f.fields.clientRef),
    }),
    responseIdPath: f.responseIdPath.trim(),
    inbound: compact({
      id: f.inbound.id.trim(),
      from: f.inbound.from.trim(),
      to: f.inbound.to.trim(),
      text: f.inbound.text.trim(),
      at: optional(f.inbound.at),
      ref: optional(f.inbound.ref),
      total: optional(f.inbound.total),
      seq: optional(f.inbound.seq),
    }),
    report: compact({
      id: f.report.id.trim(),
      status: f.report.status.trim(),
      error: optional(f.report.error),
      at: optional(f.report.at),
      statusMap,
    }),
    from: optional(f.from),
  });
}

/** The form's starting values: a channel's, or a new one's of `kind`. */
export function toFormValues(
  kind: ConversationChannel,
  channel: ChannelConfig | undefined,
  opts: { webchatTitle: string },
): ChannelFormValues {
  const base = { name: channel?.name ?? '', queue: channel?.queue, enabled: channel?.enabled ?? true };
  if (!channel) return { ...base, receiveImap: true, sendSmtp: true, settings: defaultSettings(kind, opts) };
  const s = channel.settings;
  if (s.kind === 'email') {
    return {
      ...base,
      receiveImap: s.imap !== null,
      sendSmtp: s.smtp !== null,
      settings: { ...s, imap: s.imap ?? IMAP_DEFAULTS, smtp: s.smtp ?? SMTP_DEFAULTS },
    };
  }
  if (s.kind === 'sms') {
    return { ...base, receiveImap: true, sendSmtp: true, settings: { ...s, http: smsHttpToForm(s.http) } };
  }
  return { ...base, receiveImap: true, sendSmtp: true, settings: s };
}

/** What the API is sent on save (create or update). */
export function fromFormValues(kind: ConversationChannel, v: ChannelFormValues): CreateChannelBody {
  const head = { name: v.name.trim(), queue: v.queue ?? '', enabled: v.enabled };
  const s = v.settings;
  let settings: ChannelSettings;
  switch (kind) {
    case 'webchat': {
      const w = s as WebchatSettings;
      settings = {
        kind,
        title: w.title.trim(),
        greeting: w.greeting?.trim() ?? '',
        color: w.color,
        allowedOrigins: w.allowedOrigins ?? [],
        preChat: w.preChat ?? [],
        questionTypes: (w.questionTypes ?? []).map((q) => q.trim()).filter(Boolean),
        csat: w.csat,
        leaveMessage: w.leaveMessage,
        ticketOwnerId: w.ticketOwnerId ?? null,
      };
      break;
    }
    case 'email': {
      const m = s as MailForm;
      settings = {
        kind,
        address: m.address.trim(),
        displayName: m.displayName?.trim() ?? '',
        imap: v.receiveImap
          ? {
              host: m.imap.host.trim(),
              port: m.imap.port,
              secure: m.imap.secure,
              user: m.imap.user.trim(),
              password: secretToSend(m.imap.password),
              mailbox: m.imap.mailbox?.trim() || 'INBOX',
            }
          : null,
        smtp: v.sendSmtp
          ? {
              host: m.smtp.host.trim(),
              port: m.smtp.port,
              secure: m.smtp.secure,
              user: m.smtp.user?.trim() ?? '',
              password: secretToSend(m.smtp.password),
            }
          : null,
        signature: m.signature ?? '',
        autoReply: m.autoReply ?? '',
      };
      break;
    }
    case 'sms': {
      const m = s as SmsForm;
      settings = {
        kind,
        number: m.number.trim(),
        provider: m.provider,
        http: m.provider === 'http' ? smsHttpFromForm(m.http) : null,
        webhookSecret: secretToSend(m.webhookSecret),
      };
      break;
    }
    case 'wechat': {
      const w = s as WechatSettings;
      settings = {
        kind,
        originalId: w.originalId?.trim() ?? '',
        appId: w.appId.trim(),
        appSecret: secretToSend(w.appSecret),
        token: secretToSend(w.token),
        encodingAesKey: secretToSend(w.encodingAesKey),
        apiBase: w.apiBase?.trim() || 'https://api.weixin.qq.com',
      };
      break;
    }
  }
  return { ...head, settings };
}

/** Whether the channel holds `path`'s secret (the API shows it as the mask). */
export function hadSecret(channel: ChannelConfig | undefined, path: readonly string[]): boolean {
  let node: unknown = channel?.settings;
  for (const key of path) node = obj(node)[key];
  return node === SECRET_MASK;
}
