import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { SmsSettings, SmtpSettings } from './modules/notifications';
import { isCidr } from './modules/webhooks';

/**
 * The only reader of process.env. Invalid configuration stops start-up with a message that names the
 * variable; the result is frozen and passed down explicitly.
 */
const port = z
  .string()
  .regex(/^\d{1,5}$/, 'must be a port number (1-65535)')
  .transform(Number)
  .pipe(z.number().int().min(1, 'must be a port number (1-65535)').max(65535, 'must be a port number (1-65535)'));

/** Like `port`, but 0 is allowed: any free port, printed at start (tests run Kefus side by side). */
const portOrAny = z
  .string()
  .regex(/^\d{1,5}$/, 'must be a port number (0-65535; 0 picks a free one)')
  .transform(Number)
  .pipe(z.number().int().max(65535, 'must be a port number (0-65535; 0 picks a free one)'));

/** Off by default: behind a reverse proxy, list its address(es) so client IPs come from X-Forwarded-For. */
const trustProxy = z
  .string()
  .trim()
  .transform((v, ctx): boolean | string[] => {
    if (v === '1' || v === 'true') return true;
    if (v === '0' || v === 'false') return false;
    const list = v.split(',').map((s) => s.trim());
    if (list.every((s) => /^[\d.:a-fA-F]+(\/\d{1,3})?$/.test(s))) return list;
    ctx.addIssue({ code: 'custom', message: 'must be 1, 0, or a comma-separated list of proxy addresses/CIDRs' });
    return z.NEVER;
  });

/**
 * Digest algorithms offered to phones, most preferred first: a comma-separated list of SHA-256 and
 * MD5, case-insensitive, each at most once.
 */
const sipDigest = z.string().transform((v, ctx): Array<'SHA-256' | 'MD5'> => {
  const message =
    'must be a comma-separated list of SHA-256 and MD5, each at most once (e.g. SHA-256,MD5 or MD5,SHA-256)';
  const list = v.split(',').map((s) => s.trim().toUpperCase());
  if (list.every((a) => a === 'SHA-256' || a === 'MD5') && new Set(list).size === list.length) {
    return list as Array<'SHA-256' | 'MD5'>;
  }
  ctx.addIssue({ code: 'custom', message });
  return z.NEVER;
});

/** "min-max", both ports ≥ 1024, at least 4 ports. */
const rtpPorts = z.string().transform((v, ctx): { min: number; max: number } => {
  const m = /^(\d{4,5})-(\d{4,5})$/.exec(v.trim());
  const min = m ? Number(m[1]) : Number.NaN;
  const max = m ? Number(m[2]) : Number.NaN;
  if (m && min >= 1024 && max <= 65535 && max - min >= 3) return { min, max };
  ctx.addIssue({ code: 'custom', message: 'must be a port range such as 10000-20000 (ports 1024-65535, at least 4)' });
  return z.NEVER;
});

/** 32 bytes as 64 hex characters or base64. */
const recordingKey = z.string().transform((v, ctx): Buffer => {
  const s = v.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(s) ? Buffer.from(s, 'hex') : Buffer.from(s, 'base64');
  if (key.length === 32 && (/^[0-9a-fA-F]{64}$/.test(s) || key.toString('base64') === s)) return key;
  ctx.addIssue({ code: 'custom', message: 'must be 32 bytes: 64 hex characters or 44 base64 characters' });
  return z.NEVER;
});

/** A positive whole number, or unset for no limit (KEFU_MAX_CPS, KEFU_MAX_CALLS). */
const limit = z.coerce.number().int('must be a whole number').min(1, 'must be at least 1 (unset: no limit)');
/** An admission-control threshold; 0 turns that measurement off. */
const threshold = (max: number) =>
  z.coerce.number().min(0, 'must be 0 (off) or more').max(max, `must be at most ${max}`);

/** Comma-separated CIDRs or addresses (KEFU_WEBHOOK_ALLOW_CIDRS). */
const cidrList = z.string().transform((v, ctx): string[] => {
  const list = v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = list.filter((s) => !isCidr(s));
  if (bad.length === 0) return list;
  ctx.addIssue({
    code: 'custom',
    message: `must be addresses or CIDRs such as 10.0.0.0/8,127.0.0.1 (not ${bad.join(', ')})`,
  });
  return z.NEVER;
});

const flag = z
  .enum(['0', '1', 'true', 'false', ''])
  .default('')
  .transform((v) => v === '1' || v === 'true');

const Env = z.object({
  PORT: port.default(3000),
  HOST: z.union([z.ipv4(), z.ipv6(), z.literal('localhost')]).default('127.0.0.1'),
  KEFU_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  KEFU_ADMIN_PASSWORD: z
    .string()
    .min(8, 'must be at least 8 characters')
    .refine(
      (v) => /[A-Za-z]/.test(v) && /\d/.test(v),
      'must contain a letter and a digit (the rule for every password)',
    )
    .optional(),
  KEFU_TIMEZONE: z
    .string()
    .default('Asia/Shanghai')
    .refine(isTimeZone, 'must be an IANA time zone such as Asia/Shanghai'),
  KEFU_SIP_PORT: portOrAny.default(5060),
  /** Unset: HOST. Phones must reach it, so behind a web proxy on 127.0.0.1 set it to a LAN address. */
  KEFU_SIP_HOST: z.union([z.ipv4(), z.ipv6(), z.literal('localhost')]).optional(),
  /** The digest realm of agent phones; every stored SIP password hash depends on it. */
  KEFU_SIP_REALM: z
    .string()
    .regex(/^[A-Za-z0-9.-]{1,64}$/, 'must be letters, digits, dots or hyphens (e.g. kefu or sip.example.com)')
    .default('kefu'),
  /**
   * MD5 alone by default, as Asterisk and FreeSWITCH: sipp, baresip 1.0 and many desk phones answer
   * only MD5, and some refuse a 401 that offers anything else. SHA-256,MD5 opts into SHA-256.
   */
  KEFU_SIP_DIGEST: sipDigest.default(['MD5']),
  /** The address written into SDP and Contact when phones or the carrier reach Kefu through NAT. Unset: KEFU_SIP_HOST. */
  KEFU_SIP_EXTERNAL_ADDRESS: z.union([z.ipv4(), z.ipv6()]).optional(),
  /** RTP ports, an even-sized range "min-max" (two legs per call; open them in the firewall). */
  KEFU_RTP_PORTS: rtpPorts.default({ min: 10000, max: 20000 }),
  /** AES-256-GCM key for recordings, 64 hex characters or 44 base64; unset: a key file generated in the data dir. */
  KEFU_RECORDING_KEY: recordingKey.optional(),
  /** Recordings older than this are deleted by the retention job. */
  KEFU_RECORDING_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(180),
  /** The largest file a work order takes as an attachment, in MiB (docs/work-orders.md, "Attachments"). */
  KEFU_ATTACHMENT_MAX_MB: z.coerce.number().min(0.001).max(1024).default(20),
  KEFU_DEMO: z
    .enum(['0', '1', 'true', 'false', ''])
    .default('')
    .transform((v) => v === '1' || v === 'true'),
  /** With the demo: its last 14 days of traffic (docs/demo.md); `off` loads the demo objects alone. */
  KEFU_DEMO_HISTORY: z
    .enum(['on', 'off', '0', '1', 'true', 'false', ''])
    .default('')
    .transform((v) => v !== 'off' && v !== '0' && v !== 'false'),
  /** How many days the demo's history covers, today included (a shorter one loads faster). */
  KEFU_DEMO_HISTORY_DAYS: z.coerce.number().int().min(1).max(31).default(14),
  KEFU_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Port of the embedded PostgreSQL; unset → a free port chosen once and remembered in the data dir. */
  KEFU_DB_PORT: port.optional(),
  KEFU_TRUST_PROXY: trustProxy.default(false),
  KEFU_SESSION_HOURS: z.coerce.number().min(0.01).max(720).default(12),
  KEFU_IDLE_LOCK_MINUTES: z.coerce.number().min(0.05).max(1440).default(15),
  /** Behind a TLS-terminating proxy, set to 1 so the session cookie is marked Secure. */
  KEFU_SECURE_COOKIES: z
    .enum(['0', '1', ''])
    .default('')
    .transform((v) => v === '1'),
  /** Admission control (docs/voice.md): new calls a second and calls open at most; unset: no fixed limit. */
  KEFU_MAX_CPS: limit.optional(),
  KEFU_MAX_CALLS: limit.optional(),
  /** Shed new calls while the event loop's p99 delay (last second) is above this many ms; 0: off. */
  KEFU_OVERLOAD_EVENT_LOOP_MS: threshold(60_000).default(250),
  /** … while the media pacer sends RTP this late (p99, ms; it measures up to 100); 0: off. */
  KEFU_OVERLOAD_MEDIA_LATENESS_MS: threshold(100).default(60),
  /** … while this many ACD commands wait; 0: off. */
  KEFU_OVERLOAD_ACD_BACKLOG: threshold(1_000_000).default(500),
  /** … while `select 1` takes longer than this many ms; 0: off. */
  KEFU_OVERLOAD_DB_LATENCY_MS: threshold(60_000).default(500),
  /** Seconds each value must stay below half its threshold before calls are admitted again. */
  KEFU_OVERLOAD_RESUME_SECONDS: z.coerce.number().min(0.5).max(600).default(2),
  /** Busy prompts playing at once at most; beyond, shed calls get 503 (0: always 503). */
  KEFU_OVERLOAD_BUSY_PROMPTS: z.coerce.number().int().min(0).max(10_000).default(50),
  /** Loopback/private targets webhooks may reach anyway (docs/webhooks.md, "Where webhooks may go"); unset: none. */
  KEFU_WEBHOOK_ALLOW_CIDRS: cidrList.default([]),
  /** Outgoing e-mail (docs/notifications.md); unset: messages are logged, not sent. */
  KEFU_SMTP_HOST: z.string().trim().min(1).optional(),
  KEFU_SMTP_PORT: port.default(587),
  /** 1: TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  KEFU_SMTP_SECURE: flag,
  KEFU_SMTP_USER: z.string().optional(),
  KEFU_SMTP_PASS: z.string().optional(),
  KEFU_SMTP_FROM: z.string().trim().min(3).optional(),
  /** An SMTP receiver for mail forwarded to the e-mail channels (docs/channels.md); unset: IMAP only. */
  KEFU_MAIL_RECEIVER_PORT: port.optional(),
  KEFU_MAIL_RECEIVER_HOST: z.string().trim().min(1).default('0.0.0.0'),
  /** The SMS provider's HTTP endpoint (docs/notifications.md); unset: messages are logged, not sent. */
  KEFU_SMS_URL: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
  /** Sent as `Authorization: Bearer …` when set. */
  KEFU_SMS_TOKEN: z.string().optional(),
  /** The JSON body to POST, with {{to}}, {{text}}, {{template}} and {{language}}; unset: the default shape. */
  KEFU_SMS_BODY: z.string().optional(),
  /**
   * The address customers reach Kefu's public pages at (survey links: `<url>/s/<token>`); unset:
   * `http://<HOST>:<PORT>`, which only works on the same network.
   */
  KEFU_PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
  /**
   * Speech to text for call transcripts (docs/quality.md): a sherpa-onnx SenseVoice or Paraformer
   * model directory (model.int8.onnx or model.onnx, tokens.txt); unset: audio checks only.
   */
  KEFU_STT_MODEL_DIR: z.string().min(1).optional(),
  /** The language of the calls the model transcribes (picks the phrase rules): zh or en. */
  KEFU_STT_LANGUAGE: z.enum(['zh', 'en']).default('zh'),
});

export type Config = Readonly<{
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  adminPassword: string | undefined;
  timezone: string;
  /** KEFU_STT_MODEL_DIR and KEFU_STT_LANGUAGE: offline speech to text for the automatic checks. */
  stt: Readonly<{ modelDir: string; language: 'zh' | 'en' }> | undefined;
  sipPort: number;
  sipHost: string;
  sipRealm: string;
  /** KEFU_SIP_DIGEST: digest challenges in this order. */
  sipDigest: readonly ('SHA-256' | 'MD5')[];
  /** Address for SDP and Contact (NAT); defaults to sipHost. */
  sipExternalAddress: string;
  rtpPorts: Readonly<{ min: number; max: number }>;
  /** KEFU_RECORDING_KEY; undefined: the generated key file in the data dir. */
  recordingKey: Buffer | undefined;
  recordingRetentionDays: number;
  /** KEFU_ATTACHMENT_MAX_MB in bytes. */
  attachmentMaxBytes: number;
  demo: boolean;
  /** KEFU_DEMO_HISTORY: the demo comes with its 14 days of history (default) or without. */
  demoHistory: boolean;
  /** KEFU_DEMO_HISTORY_DAYS: the history's days, today included (default 14). */
  demoHistoryDays: number;
  logLevel: z.infer<typeof Env>['KEFU_LOG_LEVEL'];
  dbPort: number | undefined;
  sessionSeconds: number;
  idleLockSeconds: number;
  secureCookies: boolean;
  trustProxy: boolean | string[];
  /** Admission control (KEFU_MAX_CPS, KEFU_MAX_CALLS, KEFU_OVERLOAD_*). */
  overload: Readonly<{
    maxCps: number | null;
    maxCalls: number | null;
    thresholds: Readonly<{ event_loop_lag: number; media_lateness: number; acd_backlog: number; db_latency: number }>;
    resumeAfterMs: number;
    busyPrompts: number;
  }>;
  webhookAllowCidrs: readonly string[];
  /** KEFU_SMTP_*; null: e-mail is logged instead of sent. */
  smtp: SmtpSettings | null;
  /** KEFU_SMS_*; null: SMS are logged instead of sent. */
  sms: SmsSettings | null;
  /** KEFU_MAIL_RECEIVER_*; null: no SMTP receiver for forwarded mail. */
  mailReceiver: { host: string; port: number } | null;
  /** KEFU_PUBLIC_URL without a trailing slash. */
  publicUrl: string;
}>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable means "not set", the way shells and service files usually leave them.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = Env.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`));
  }
  const e = parsed.data;
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.KEFU_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    adminPassword: e.KEFU_ADMIN_PASSWORD,
    timezone: e.KEFU_TIMEZONE,
    stt: e.KEFU_STT_MODEL_DIR
      ? Object.freeze({ modelDir: path.resolve(e.KEFU_STT_MODEL_DIR), language: e.KEFU_STT_LANGUAGE })
      : undefined,
    sipPort: e.KEFU_SIP_PORT,
    sipHost: e.KEFU_SIP_HOST ?? e.HOST,
    sipRealm: e.KEFU_SIP_REALM,
    sipDigest: Object.freeze(e.KEFU_SIP_DIGEST),
    sipExternalAddress: e.KEFU_SIP_EXTERNAL_ADDRESS ?? advertisedAddressFor(e.KEFU_SIP_HOST ?? e.HOST),
    rtpPorts: Object.freeze(e.KEFU_RTP_PORTS),
    recordingKey: e.KEFU_RECORDING_KEY,
    recordingRetentionDays: e.KEFU_RECORDING_RETENTION_DAYS,
    attachmentMaxBytes: Math.round(e.KEFU_ATTACHMENT_MAX_MB * 1024 * 1024),
    demo: e.KEFU_DEMO,
    demoHistory: e.KEFU_DEMO_HISTORY,
    demoHistoryDays: e.KEFU_DEMO_HISTORY_DAYS,
    logLevel: e.KEFU_LOG_LEVEL,
    dbPort: e.KEFU_DB_PORT,
    sessionSeconds: Math.round(e.KEFU_SESSION_HOURS * 3600),
    idleLockSeconds: Math.round(e.KEFU_IDLE_LOCK_MINUTES * 60),
    secureCookies: e.KEFU_SECURE_COOKIES,
    trustProxy: e.KEFU_TRUST_PROXY,
    overload: Object.freeze({
      maxCps: e.KEFU_MAX_CPS ?? null,
      maxCalls: e.KEFU_MAX_CALLS ?? null,
      thresholds: Object.freeze({
        event_loop_lag: e.KEFU_OVERLOAD_EVENT_LOOP_MS,
        media_lateness: e.KEFU_OVERLOAD_MEDIA_LATENESS_MS,
        acd_backlog: e.KEFU_OVERLOAD_ACD_BACKLOG,
        db_latency: e.KEFU_OVERLOAD_DB_LATENCY_MS,
      }),
      resumeAfterMs: Math.round(e.KEFU_OVERLOAD_RESUME_SECONDS * 1000),
      busyPrompts: e.KEFU_OVERLOAD_BUSY_PROMPTS,
    }),
    webhookAllowCidrs: Object.freeze(e.KEFU_WEBHOOK_ALLOW_CIDRS),
    smtp: e.KEFU_SMTP_HOST
      ? Object.freeze({
          host: e.KEFU_SMTP_HOST,
          port: e.KEFU_SMTP_PORT,
          secure: e.KEFU_SMTP_SECURE,
          user: e.KEFU_SMTP_USER,
          pass: e.KEFU_SMTP_PASS,
          from: e.KEFU_SMTP_FROM ?? `Kefu <kefu@${e.KEFU_SMTP_HOST}>`,
        })
      : null,
    mailReceiver:
      e.KEFU_MAIL_RECEIVER_PORT !== undefined
        ? Object.freeze({ host: e.KEFU_MAIL_RECEIVER_HOST, port: e.KEFU_MAIL_RECEIVER_PORT })
        : null,
    sms: e.KEFU_SMS_URL
      ? Object.freeze({ url: e.KEFU_SMS_URL, token: e.KEFU_SMS_TOKEN, bodyTemplate: e.KEFU_SMS_BODY })
      : null,
    publicUrl: (e.KEFU_PUBLIC_URL ?? `http://${e.HOST.includes(':') ? `[${e.HOST}]` : e.HOST}:${e.PORT}`).replace(
      /\/+$/,
      '',
    ),
  });
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * The address phones and carriers are told to send to (SDP c=, Contact) when
 * KEFU_SIP_EXTERNAL_ADDRESS is not set: the bind address itself, or — for a wildcard bind
 * (0.0.0.0, ::), where writing the wildcard into SDP would put every call on hold — this machine's
 * first non-internal IPv4 address (loopback if it has none).
 */
export function advertisedAddressFor(host: string): string {
  if (host === 'localhost') return '127.0.0.1';
  if (host !== '0.0.0.0' && host !== '::') return host;
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return '127.0.0.1';
}
