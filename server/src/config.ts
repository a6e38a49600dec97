import path from 'node:path';
import { z } from 'zod';

/**
 * The only reader of process.env. Invalid configuration stops start-up with a message that names the
 * variable; the result is frozen and passed down explicitly.
 */
const Env = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.union([z.ipv4(), z.ipv6(), z.literal('localhost')]).default('127.0.0.1'),
  KEFU_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  KEFU_ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  KEFU_TIMEZONE: z
    .string()
    .default('Asia/Shanghai')
    .refine(isTimeZone, 'must be an IANA time zone such as Asia/Shanghai'),
  KEFU_SIP_PORT: z.coerce.number().int().min(1).max(65535).default(5060),
  KEFU_DEMO: z
    .enum(['0', '1', 'true', 'false', ''])
    .default('')
    .transform((v) => v === '1' || v === 'true'),
  KEFU_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Port of the embedded PostgreSQL; unset → a free port chosen once and remembered in the data dir. */
  KEFU_DB_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  KEFU_SESSION_HOURS: z.coerce.number().min(0.01).max(720).default(12),
  KEFU_IDLE_LOCK_MINUTES: z.coerce.number().min(0.05).max(1440).default(15),
  /** Behind a TLS-terminating proxy, set to 1 so the session cookie is marked Secure. */
  KEFU_SECURE_COOKIES: z
    .enum(['0', '1', ''])
    .default('')
    .transform((v) => v === '1'),
});

export type Config = Readonly<{
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  adminPassword: string | undefined;
  timezone: string;
  sipPort: number;
  demo: boolean;
  logLevel: z.infer<typeof Env>['KEFU_LOG_LEVEL'];
  dbPort: number | undefined;
  sessionSeconds: number;
  idleLockSeconds: number;
  secureCookies: boolean;
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
    sipPort: e.KEFU_SIP_PORT,
    demo: e.KEFU_DEMO,
    logLevel: e.KEFU_LOG_LEVEL,
    dbPort: e.KEFU_DB_PORT,
    sessionSeconds: Math.round(e.KEFU_SESSION_HOURS * 3600),
    idleLockSeconds: Math.round(e.KEFU_IDLE_LOCK_MINUTES * 60),
    secureCookies: e.KEFU_SECURE_COOKIES,
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
