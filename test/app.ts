import type { LightMyRequestResponse } from 'fastify';
import type { Role } from '../contracts/permissions';
import { buildApp, type Kefu } from '../server/src/app';
import type { SmsSettings, SmtpSettings } from '../server/src/modules/notifications';
import type { SpeechToText } from '../server/src/modules/quality';
import { type Clock, systemClock } from '../server/src/platform/clock';
import { type DbHandle, openDatabase } from '../server/src/platform/db';
import { uuidv7Generator } from '../server/src/platform/ids';
import { createLogger } from '../server/src/platform/logger';
import { createTestDatabase, type TestDatabase } from './db';

export const ADMIN_PASSWORD = 'Admin-pass-1';

export type TestApp = {
  kefu: Kefu;
  db: TestDatabase;
  handle: DbHandle;
  /** Signs in through the API; returns the bearer token. */
  login(username: string, password: string): Promise<string>;
  adminToken(): Promise<string>;
  /** Creates a user as admin; returns its id. */
  addUser(
    username: string,
    roles: Role[],
    extra?: { teamId?: string; phone?: string; password?: string },
  ): Promise<string>;
  request(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    opts?: { token?: string; body?: unknown },
  ): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
};

export type KefuOptions = {
  clock?: Clock;
  sessionSeconds?: number;
  idleLockSeconds?: number;
  loginRateLimit?: { max: number; timeWindow: number };
  /** Open a real SIP port when the app is ready (port 0: any free one; see kefu.sipAddress()). */
  sip?: { host: string; port: number };
  sipRealm?: string;
  /** Private ranges webhooks may reach (the tests' receivers listen on 127.0.0.1). */
  webhookAllowCidrs?: string[];
  /** Seals webhook secrets at rest, as main.ts does with a key derived from the recording key. */
  webhookSecretKey?: Buffer;
  /** Work-order attachments under this folder (absent: uploads answer 503). */
  ticketAttachments?: { dir: string; maxBytes?: number; maxPerTicket?: number };
  /** Customer e-mail and SMS through real peers (an SMTP server and an HTTP provider on loopback). */
  smtp?: SmtpSettings;
  sms?: SmsSettings;
  centerName?: string;
  /** Survey links: `<publicBaseUrl>/s/<token>`; and the public survey routes' rate limit. */
  publicBaseUrl?: string;
  surveyRateLimit?: { max: number; timeWindow: number };
  /** POST /api/v1/surveys/invitations per user. */
  surveyInvitationRateLimit?: { max: number; timeWindow: number };
  /** Encrypted call recordings under this folder (absent: none are kept). */
  recordings?: { dir: string; key: Buffer; keyId: string; retentionDays: number };
  /** Quality: the speech-to-text port (a test double), the appeal window. */
  speechToText?: SpeechToText;
  qualityAppealDays?: number;
  /** The center's time zone (KEFU_TIMEZONE; the app's default otherwise). */
  timezone?: string;
  /** The widget's per-address limits (default: out of the way). */
  chatRateLimits?: Partial<Record<'session' | 'write' | 'file' | 'outside', { max: number; timeWindow: number }>>;
  /** Forwarded mail for the conversations' e-mail channels (port 0: any free one). */
  mailReceiver?: { host: string; port: number };
};

/** The real app on an open database, as tests build it: silent logs, no web files, no admin yet. */
export function buildTestKefu(handle: DbHandle, opts: KefuOptions = {}): Promise<Kefu> {
  const clock = opts.clock ?? systemClock;
  return buildApp({
    db: handle.db,
    pool: handle.pool,
    clock,
    ids: uuidv7Generator(clock),
    log: createLogger((process.env.KEFU_TEST_LOG as 'error' | undefined) ?? 'silent'),
    sessionSeconds: opts.sessionSeconds ?? 12 * 3600,
    idleLockSeconds: opts.idleLockSeconds ?? 15 * 60,
    loginRateLimit: opts.loginRateLimit ?? { max: 1000, timeWindow: 60_000 },
    serveWeb: false,
    ...(opts.sip ? { sip: opts.sip } : {}),
    ...(opts.sipRealm ? { sipRealm: opts.sipRealm } : {}),
    ...(opts.webhookAllowCidrs ? { webhookAllowCidrs: opts.webhookAllowCidrs } : {}),
    ...(opts.webhookSecretKey ? { webhookSecretKey: opts.webhookSecretKey } : {}),
    ...(opts.ticketAttachments ? { ticketAttachments: opts.ticketAttachments } : {}),
    ...(opts.smtp ? { smtp: opts.smtp } : {}),
    ...(opts.sms ? { sms: opts.sms } : {}),
    ...(opts.centerName ? { centerName: opts.centerName } : {}),
    ...(opts.publicBaseUrl ? { publicBaseUrl: opts.publicBaseUrl } : {}),
    surveyRateLimit: opts.surveyRateLimit ?? { max: 1000, timeWindow: 60_000 },
    // Every request of a test comes from one address: the widget's per-address limits out of the way.
    chatRateLimits: {
      ...Object.fromEntries(
        ['session', 'write', 'file', 'outside'].map((k) => [k, { max: 100_000, timeWindow: 60_000 }]),
      ),
      ...opts.chatRateLimits,
    },
    surveyInvitationRateLimit: opts.surveyInvitationRateLimit ?? { max: 1000, timeWindow: 60_000 },
    ...(opts.recordings ? { recordings: opts.recordings } : {}),
    ...(opts.speechToText ? { speechToText: opts.speechToText } : {}),
    ...(opts.qualityAppealDays ? { qualityAppealDays: opts.qualityAppealDays } : {}),
    ...(opts.timezone ? { timezone: opts.timezone } : {}),
    ...(opts.mailReceiver ? { mailReceiver: opts.mailReceiver } : {}),
    // Tests run the checks themselves (kefu.services.quality.autoChecks.scan()).
    qualityCheckIntervalMs: 3_600_000,
  });
}

/** The real app on a fresh database of its own, driven through app.inject(). */
export async function createTestApp(opts: KefuOptions = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const handle = openDatabase(db.url, { max: 5 });
  const kefu = await buildTestKefu(handle, opts);
  await kefu.services.users.bootstrapAdmin(ADMIN_PASSWORD);
  await kefu.app.ready();

  const request: TestApp['request'] = (method, url, o = {}) =>
    kefu.app.inject({
      method,
      url,
      headers: o.token ? { authorization: `Bearer ${o.token}` } : {},
      ...(o.body !== undefined ? { payload: o.body as object } : {}),
    });
  let adminTok: string | undefined;
  const t: TestApp = {
    kefu,
    db,
    handle,
    request,
    async login(username, password) {
      const res = await request('POST', '/api/v1/auth/login', { body: { username, password } });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      return res.json().token;
    },
    async adminToken() {
      // Tests move the clock: a cached session may have locked or expired since.
      if (!adminTok || (await request('GET', '/api/v1/users/me', { token: adminTok })).statusCode !== 200) {
        adminTok = await t.login('admin', ADMIN_PASSWORD);
      }
      return adminTok;
    },
    async addUser(username, roles, extra = {}) {
      const res = await request('POST', '/api/v1/users', {
        token: await t.adminToken(),
        body: {
          username,
          password: extra.password ?? 'Passw0rd!',
          displayName: username,
          roles,
          teamId: extra.teamId,
          phone: extra.phone,
        },
      });
      if (res.statusCode !== 201) throw new Error(`create ${username} failed: ${res.statusCode} ${res.body}`);
      return res.json().id;
    },
    async close() {
      await kefu.app.close();
      await handle.close();
      await db.drop();
    },
  };
  return t;
}
