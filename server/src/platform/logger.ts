import { Writable } from 'node:stream';
import pino from 'pino';

export type Logger = pino.Logger;

/**
 * One warning or error the server logged, as an administrator may read it (the system overview).
 * Only fields that cannot carry secrets or personal data: the message written in the code (long
 * digit runs and e-mail addresses masked in case one was formatted in), the error's class and code,
 * and the request id that finds the full line in the server's own log. Never the error's message or
 * the logged objects (a call row, a SQL error naming values), which can hold phone numbers.
 */
export type LogEntry = {
  at: string;
  level: 'warn' | 'error' | 'fatal';
  message: string;
  /** The error's class (`TypeError`, `DatabaseError`) and code (`ECONNREFUSED`, `23505`), if one was logged. */
  error: { type: string | null; code: string | null } | null;
  requestId: string | null;
};

/** The last warnings and errors of this process, newest first, and how many there were since start. */
export type LogRing = {
  recent(limit: number): LogEntry[];
  counts(): { warn: number; error: number };
};

const RING = Symbol('kefu.logRing');
const RING_SIZE = 100;
const LEVELS: Record<number, LogEntry['level']> = { 40: 'warn', 50: 'error', 60: 'fatal' };

/**
 * Masks what could be a phone or ID number — 7 or more digits, also when written with spaces or
 * dashes (138-1234-5678, +86 138 1234 5678) — and e-mail addresses. All but the last two digits go.
 */
function scrub(text: string): string {
  return text
    .slice(0, 300)
    .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, '***@***')
    .replace(/\+?\d(?:[\d -]*\d)?/g, (run) => {
      const digits = run.replace(/\D/g, '').length;
      if (digits < 7) return run;
      let keep = 2;
      return run
        .split('')
        .reverse()
        .map((c) => (/\d/.test(c) ? (keep-- > 0 ? c : '*') : c))
        .reverse()
        .join('');
    });
}

const CODE = /^[\w.-]{1,40}$/;
const text = (value: unknown): string | null => (typeof value === 'string' && CODE.test(value) ? value : null);

export function toLogEntry(line: Record<string, unknown>): LogEntry | undefined {
  const level = LEVELS[Number(line.level)];
  if (!level) return undefined;
  const err = line.err && typeof line.err === 'object' ? (line.err as Record<string, unknown>) : undefined;
  const code = err?.code;
  return {
    at: new Date(typeof line.time === 'number' ? line.time : Date.now()).toISOString(),
    level,
    message: scrub(typeof line.msg === 'string' ? line.msg : ''),
    error: err ? { type: text(err.type), code: text(typeof code === 'number' ? String(code) : code) } : null,
    requestId: text(line.reqId),
  };
}

function createLogRing(size: number): LogRing & { stream: Writable } {
  const entries: LogEntry[] = [];
  const counts = { warn: 0, error: 0 };
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      try {
        const entry = toLogEntry(JSON.parse(String(chunk)) as Record<string, unknown>);
        if (entry) {
          counts[entry.level === 'warn' ? 'warn' : 'error']++;
          entries.push(entry);
          if (entries.length > size) entries.shift();
        }
      } catch {
        // A line that is not JSON is not ours to keep.
      }
      done();
    },
  });
  return {
    stream,
    recent: (limit) => entries.slice(-limit).reverse(),
    counts: () => ({ ...counts }),
  };
}

/**
 * JSON logs on stdout; secrets never reach them (redacted paths below). Warnings and errors also go
 * to a small in-memory ring (`logRingOf`), whatever the stdout level, so the system overview can
 * show an administrator what went wrong lately without access to the server's log files.
 */
/** A URL with the values of credential-like query parameters replaced (`token=[redacted]`). */
export function redactUrl(url: string | undefined): string | undefined {
  return url?.replace(/([?&](?:token|access_token|password|secret|signature|msg_signature)=)[^&#]*/gi, '$1[redacted]');
}

export function createLogger(level: pino.LevelWithSilent, name = 'kefu'): Logger {
  const ring = createLogRing(RING_SIZE);
  const stdoutLevel = pino.levels.values[level] ?? Number.POSITIVE_INFINITY;
  const streams: pino.StreamEntry[] = [{ level: 'warn', stream: ring.stream }];
  if (level !== 'silent') streams.push({ level: level as pino.Level, stream: pino.destination(1) });
  const logger = pino(
    {
      name,
      // The lower of the two: warnings reach the ring even when stdout shows only errors.
      level: stdoutLevel < pino.levels.values.warn! ? level : 'warn',
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'res.headers["set-cookie"]',
          '*.password',
          '*.newPassword',
          '*.currentPassword',
          '*.token',
        ],
        censor: '[redacted]',
      },
      // Fastify's request line, with credentials some clients must put in the URL (a web chat
      // visitor's token on a WebSocket or an <img>) cut out: URLs are logged, tokens never.
      serializers: {
        req: (req: {
          method?: string;
          url?: string;
          host?: string;
          ip?: string;
          socket?: { remotePort?: number };
        }) => ({
          method: req.method,
          url: redactUrl(req.url),
          host: req.host,
          remoteAddress: req.ip,
          remotePort: req.socket?.remotePort,
        }),
      },
    },
    pino.multistream(streams),
  );
  // Child loggers (Fastify's per request) inherit it: pino builds them with Object.create.
  Object.defineProperty(logger, RING, { value: { recent: ring.recent, counts: ring.counts } satisfies LogRing });
  return logger;
}

/** The warnings and errors ring of a logger made by `createLogger` (undefined for any other logger). */
export function logRingOf(log: Logger): LogRing | undefined {
  return (log as unknown as { [RING]?: LogRing })[RING];
}
