import { ImapFlow } from 'imapflow';
import type { Logger } from '../../../platform/logger';
import { type MailConnectionTest, mailConnectionFailure } from './mail-connection';

export type ImapSettings = {
  host: string;
  port: number;
  /** TLS from the first byte (993). Otherwise STARTTLS, see `startTls`. */
  secure: boolean;
  user: string;
  password: string;
  /** Default 'INBOX'. */
  mailbox?: string;
  /**
   * Without `secure`: true = STARTTLS required (fail when not offered), false = stay in cleartext,
   * unset = upgrade when the server offers it.
   */
  startTls?: boolean;
  /** Node TLS options that matter for a mail server: a self-signed certificate on the LAN. */
  tls?: { rejectUnauthorized?: boolean; servername?: string };
};

/** How far a mailbox has been read: every UID up to lastUid was handed to onMail or deliberately left. */
export type ImapCursor = { uidValidity: number; lastUid: number };

export type ImapMailMeta = {
  uid: number;
  uidValidity: number;
  /** The size the server reported. */
  size: number;
  /** Larger than maxMessageBytes: `raw` holds the headers only (an empty body). */
  truncated: boolean;
};

export type ImapInboxOptions = ImapSettings & {
  /**
   * Called for each new message, one at a time, in UID order; the message is flagged \Seen and the
   * cursor saved only after it resolves. A crash in between means the message comes again: the
   * caller de-duplicates by uidValidity + uid (and Message-ID). Throw only for a passing failure
   * (the database is down): the round stops and the message is tried again at the next round. A
   * mail it cannot make sense of it should store or log and resolve, or it blocks the mailbox.
   */
  onMail: (raw: Buffer, meta: ImapMailMeta) => Promise<void>;
  /** A round every pollMs even with IDLE (a safety net: IDLE sessions die quietly behind NATs). Default 60 s. */
  pollMs?: number;
  log: Logger;
  /** Where the cursor lives between runs (the caller's database). */
  state: { load(): Promise<ImapCursor | undefined>; save(cursor: ImapCursor): Promise<void> };
  /** Larger messages are handed over as headers only (see ImapMailMeta.truncated). Default 25 MiB. */
  maxMessageBytes?: number;
  /** Reconnect delays: doubling from initialMs up to maxMs. Defaults 2 s and 5 min. */
  backoff?: { initialMs?: number; maxMs?: number };
  /** Time limits of one connection. Defaults 30 s to connect; socket inactivity 5 min or two polls, the longer. */
  timeouts?: { connectMs?: number; socketMs?: number };
};

export type ImapInboxStatus = {
  state: 'stopped' | 'connecting' | 'connected' | 'waiting';
  /** The server advertises IDLE (known once connected). */
  idle: boolean | null;
  lastError: { reason: string; error: string; at: Date } | null;
  lastRoundAt: Date | null;
  /** Consecutive failed connection attempts. */
  failures: number;
};

export type ImapInbox = {
  start(): void;
  /** Finishes the message being handled, logs out and stops reconnecting. */
  stop(): Promise<void>;
  /**
   * A round now (connecting first if need be): resolves when a round completed after the call,
   * rejects when the next round or connection attempt fails (the admin's "fetch now").
   */
  syncNow(): Promise<void>;
  status(): ImapInboxStatus;
};

const DEFAULT_MAX_MESSAGE_BYTES = 25 * 1024 * 1024;

function clientFor(s: ImapSettings, timeouts: { connectMs?: number; socketMs?: number } = {}): ImapFlow {
  return new ImapFlow({
    host: s.host,
    port: s.port,
    secure: s.secure,
    auth: { user: s.user, pass: s.password },
    ...(s.startTls !== undefined ? { doSTARTTLS: s.startTls } : {}),
    ...(s.tls ? { tls: s.tls } : {}),
    // imapflow's own log is per IMAP command; Kefu logs what happened to the mailbox instead.
    logger: false,
    connectionTimeout: timeouts.connectMs ?? 30_000,
    greetingTimeout: Math.min(timeouts.connectMs ?? 16_000, 16_000),
    socketTimeout: timeouts.socketMs ?? 5 * 60_000,
    // IDLE is started by the inbox right after each round, not after imapflow's idle delay.
    disableAutoIdle: true,
    clientInfo: { name: 'Kefu' },
  });
}

/**
 * Reads new mail from one IMAP mailbox and hands each message, raw, to `onMail`.
 *
 * Which messages: after the cursor's lastUid, whether seen or not (someone may have read the
 * mailbox in a mail client). With no cursor yet (first run), or when the mailbox's UIDVALIDITY is
 * not the cursor's (the mailbox was rebuilt and every UID means something else), only the UNSEEN
 * messages present are taken, and the cursor moves to the newest message: connecting a mailbox
 * with years of read mail does not import its history, and the mail nobody answered yet is not
 * lost. Messages this inbox handled were flagged \Seen, so after a UIDVALIDITY change they are not
 * taken again unless the rebuild lost the flags too (which the caller's Message-ID check catches).
 *
 * When: at connection, on every EXISTS the server pushes while the inbox IDLEs (when the server
 * advertises IDLE; imapflow falls back to NOOP polling otherwise), and every pollMs. After an error
 * the inbox reconnects with doubling delays.
 */
export function createImapInbox(opts: ImapInboxOptions): ImapInbox {
  const mailbox = opts.mailbox ?? 'INBOX';
  const pollMs = opts.pollMs ?? 60_000;
  const maxMessageBytes = opts.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const initialBackoff = opts.backoff?.initialMs ?? 2_000;
  const maxBackoff = opts.backoff?.maxMs ?? 5 * 60_000;
  const log = opts.log.child({ imap: { host: opts.host, mailbox } });

  const status: ImapInboxStatus = { state: 'stopped', idle: null, lastError: null, lastRoundAt: null, failures: 0 };
  let started = false;
  let stopping = false;
  let loop: Promise<void> | null = null;
  /** The connection being set up or in use (what stop() closes). */
  let current: ImapFlow | null = null;
  /** The connection with its mailbox open (what rounds use). */
  let client: ImapFlow | null = null;
  let wake: (() => void) | null = null;
  let cursor: ImapCursor | undefined;
  // Rounds run one at a time; a request during a round runs one more round after it.
  let round: Promise<void> | null = null;
  let again = false;
  let waiters: Array<{ resolve: () => void; reject: (err: Error) => void }> = [];
  const settleWaiters = (err?: unknown) => {
    const list = waiters;
    waiters = [];
    for (const w of list) {
      if (err === undefined) w.resolve();
      else w.reject(err instanceof Error ? err : new Error(String(err)));
    }
  };

  const fail = (err: unknown, what: string) => {
    const f = mailConnectionFailure(err);
    status.lastError = { ...f, at: new Date() };
    log.warn({ err, reason: f.reason }, what);
  };

  const requestRound = (c: ImapFlow) => {
    if (round) {
      again = true;
      return;
    }
    round = (async () => {
      do {
        again = false;
        try {
          await runRound(c);
          status.lastRoundAt = new Date();
          settleWaiters();
        } catch (err) {
          fail(err, 'imap round failed');
          settleWaiters(err);
        }
      } while (again && !stopping && client === c);
      round = null;
      if (!stopping && client === c && status.idle) {
        // IDLE ends by itself when the next command (a round, the poll, logout) is sent.
        c.idle().catch((err: unknown) => log.debug({ err }, 'imap idle ended with an error'));
      }
    })();
  };

  const runRound = async (c: ImapFlow) => {
    if (!c.mailbox) throw new Error('No mailbox selected');
    const uidValidity = Number(c.mailbox.uidValidity);
    if (cursor && cursor.uidValidity !== uidValidity) {
      log.warn({ was: cursor.uidValidity, now: uidValidity }, 'imap UIDVALIDITY changed: reading unseen mail again');
    }
    let uids: number[];
    let floor: number;
    if (!cursor || cursor.uidValidity !== uidValidity) {
      // The newest UID first, so that mail arriving during the search is left for the next round.
      const newest = await c.fetchOne('*', { uid: true });
      floor = newest ? newest.uid : 0;
      uids = floor > 0 ? (await c.search({ seen: false, uid: `1:${floor}` }, { uid: true })) || [] : [];
    } else {
      floor = cursor.lastUid;
      // `n:*` always matches the newest message, even below n: hence the filter.
      const found = (await c.search({ uid: `${cursor.lastUid + 1}:*` }, { uid: true })) || [];
      uids = found.filter((u) => u > floor);
    }
    uids.sort((a, b) => a - b);

    for (const uid of uids) {
      if (stopping) return;
      const meta = await c.fetchOne(String(uid), { uid: true, size: true }, { uid: true });
      if (!meta) continue; // expunged meanwhile
      const size = meta.size ?? 0;
      const truncated = size > maxMessageBytes;
      const msg = await c.fetchOne(String(uid), truncated ? { headers: true } : { source: true }, { uid: true });
      if (!msg) continue;
      const raw = truncated ? (msg.headers ?? Buffer.alloc(0)) : (msg.source ?? Buffer.alloc(0));
      if (truncated) log.warn({ uid, size, maxMessageBytes }, 'imap message too large: headers only');
      await opts.onMail(raw, { uid, uidValidity, size, truncated });
      try {
        await c.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
      } catch (err) {
        // The message was handled: the cursor moves on whether or not the flag could be set.
        log.warn({ err, uid }, 'imap could not flag a handled message \\Seen');
      }
      cursor = { uidValidity, lastUid: uid };
      await opts.state.save(cursor);
    }
    if (!cursor || cursor.uidValidity !== uidValidity || cursor.lastUid < floor) {
      cursor = { uidValidity, lastUid: floor };
      await opts.state.save(cursor);
    }
  };

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(t);
        resolve();
      };
    }).finally(() => {
      wake = null;
    });

  const connectOnce = async () => {
    const c = clientFor(opts, {
      socketMs: Math.max(5 * 60_000, 2 * pollMs),
      ...opts.timeouts,
    });
    current = c;
    const closed = new Promise<void>((resolve) => c.once('close', () => resolve()));
    // imapflow emits at most one 'error' per connection and then closes it; unhandled, it would crash the process.
    c.on('error', (err: Error) => fail(err, 'imap connection error'));
    let poll: NodeJS.Timeout | undefined;
    try {
      status.state = 'connecting';
      await c.connect();
      await c.mailboxOpen(mailbox);
      cursor = await opts.state.load();
      if (stopping) return;
      client = c;
      status.state = 'connected';
      status.idle = c.capabilities.has('IDLE');
      status.failures = 0;
      log.info({ idle: status.idle, uidValidity: Number(c.mailbox ? c.mailbox.uidValidity : 0) }, 'imap connected');
      c.on('exists', () => requestRound(c));
      poll = setInterval(() => requestRound(c), pollMs);
      requestRound(c);
      await closed;
      if (!stopping) log.warn('imap connection closed');
    } finally {
      clearInterval(poll);
      if (client === c) client = null;
      if (current === c) current = null;
      c.close();
    }
  };

  const run = async () => {
    while (!stopping) {
      try {
        await connectOnce();
        if (stopping) break;
      } catch (err) {
        if (stopping) break;
        fail(err, 'imap connection failed');
        settleWaiters(err);
      }
      if (stopping) break;
      status.failures++;
      status.state = 'waiting';
      await sleep(Math.min(maxBackoff, initialBackoff * 2 ** Math.min(status.failures - 1, 20)));
    }
    status.state = 'stopped';
  };

  return {
    start() {
      if (started) return;
      started = true;
      stopping = false;
      loop = run();
    },
    async stop() {
      if (!started) return;
      stopping = true;
      wake?.();
      if (round) await round;
      const c = current;
      if (c) await c.logout().catch(() => c.close());
      await loop;
      started = false;
      settleWaiters(new Error('The inbox was stopped'));
    },
    syncNow() {
      if (!started || stopping) return Promise.reject(new Error('The inbox is not running'));
      const done = new Promise<void>((resolve, reject) => waiters.push({ resolve, reject }));
      if (client) requestRound(client);
      // Not connected (or waiting to reconnect): connect now; the round at connection resolves it.
      else wake?.();
      return done;
    },
    status: () => ({ ...status }),
  };
}

/** Signs in, lists the mailboxes and checks that the one to read exists; never throws. */
export async function testImapConnection(
  settings: ImapSettings,
  timeouts: { connectMs?: number } = { connectMs: 15_000 },
): Promise<MailConnectionTest> {
  const c = clientFor(settings, { connectMs: timeouts.connectMs, socketMs: 30_000 });
  c.on('error', () => {
    // the rejected command reports it
  });
  try {
    await c.connect();
    const mailboxes = (await c.list()).map((m) => m.path);
    const wanted = settings.mailbox ?? 'INBOX';
    const found = mailboxes.some(
      (m) => m === wanted || (wanted.toUpperCase() === 'INBOX' && m.toUpperCase() === 'INBOX'),
    );
    await c.logout().catch(() => c.close());
    return found ? { ok: true, mailboxes } : { ok: false, reason: 'mailbox', error: `No mailbox ${wanted}`, mailboxes };
  } catch (err) {
    c.close();
    return { ok: false, ...mailConnectionFailure(err) };
  }
}
