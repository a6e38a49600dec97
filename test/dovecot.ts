/**
 * A real IMAP server for tests: Dovecot 2.3 (Debian's `dovecot-imapd`, /usr/sbin/dovecot) started in
 * the foreground (-F) with a config of its own in a temp dir, on a free port of 127.0.0.1:
 *
 * - IMAP only, no TLS (`ssl = no`, `disable_plaintext_auth = no`: 2.3's names; 2.4 renamed them and
 *   changed the config format, so another major version is refused with a clear error);
 * - users in a passwd-file with {PLAIN} passwords, mail in maildir under the temp dir;
 * - base_dir and state_dir in the temp dir, so nothing touches /var/run/dovecot or /var/lib/dovecot
 *   and parallel instances never meet; its log in `<dir>/dovecot.log` (`log()`).
 *
 * As root (CI, here): Dovecot's master may run as root but its login processes ("This process must
 * not be run as root") and the mail processes ("userdb returned 0 as uid") may not. Both run as
 * `nobody`: the login process chroots into base_dir/login before dropping root, so the temp dir's
 * own permissions do not matter to it; the mail processes do reach the maildir as nobody, so the
 * temp dir is opened for traversal (0711) and the mail dir is given to nobody.
 * As anyone else, everything runs as the current user, and the login process cannot chroot.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import { freeTcpPort } from './ports';
import { runProcess } from './run-process';

export const DOVECOT = '/usr/sbin/dovecot';
const DOVEADM = '/usr/bin/doveadm';

export type DovecotUser = { name: string; password: string };

export type Dovecot = {
  readonly host: '127.0.0.1';
  readonly port: number;
  readonly dir: string;
  readonly users: readonly DovecotUser[];
  /** What an IMAP client needs to sign in as `user` (the first user by default). */
  imapSettings(user?: string): { host: string; port: number; secure: false; user: string; password: string };
  /** Puts a message into a mailbox with IMAP APPEND, as a delivery would; its UID and UIDVALIDITY. */
  appendMessage(
    user: string,
    raw: Buffer | string,
    opts?: { mailbox?: string; flags?: string[] },
  ): Promise<{ uid: number; uidValidity: bigint }>;
  /** Runs `fn` with a signed-in imapflow client (logged out afterwards), for what a test sets up or checks. */
  withClient<T>(user: string, fn: (client: ImapFlow) => Promise<T>): Promise<T>;
  /** Closes every IMAP session of `user` from the server side (`doveadm kick`), as a server restart would. */
  kick(user: string): Promise<void>;
  /** Dovecot's own log, for a failure message. */
  log(): string;
  /** Stops Dovecot (its children with it) and removes the temp dir. */
  stop(): Promise<void>;
};

async function idOf(user: string): Promise<{ uid: number; gid: number }> {
  const [u, g] = await Promise.all([runProcess('id', ['-u', user]), runProcess('id', ['-g', user])]);
  if (u.status !== 0 || g.status !== 0) throw new Error(`No system user ${user} to run Dovecot's processes as`);
  return { uid: Number(u.stdout.trim()), gid: Number(g.stdout.trim()) };
}

type RunAs = { user: string; group: string; uid: number; gid: number; root: boolean };

function config(dir: string, port: number, run: RunAs) {
  return `# Written by test/dovecot.ts
protocols = imap
listen = 127.0.0.1
base_dir = ${dir}/run
state_dir = ${dir}/state
instance_name = kefu-test-${path.basename(dir)}
log_path = ${dir}/dovecot.log
info_log_path = ${dir}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
# Refused passwords answer at once (default 2 s), for the tests of a wrong password.
auth_failure_delay = 0
default_internal_user = ${run.user}
default_internal_group = ${run.group}
default_login_user = ${run.user}
first_valid_uid = ${run.uid}
last_valid_uid = ${run.uid}
first_valid_gid = ${run.gid}
mail_location = maildir:${dir}/mail/%u
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = passwd-file
  args = username_format=%u ${dir}/passwd
  default_fields = uid=${run.uid} gid=${run.gid} home=${dir}/mail/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }${run.root ? '' : '\n  chroot ='}
}
# No login delay after a refused password (anvil's auth penalty): tests of wrong passwords
# would slow every later sign-in from 127.0.0.1.
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }${run.root ? '' : '\n  chroot ='}
}
`;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** Starts Dovecot with `users` (default: one, `agent` / `secret`); rejects with its log if it does not come up. */
export async function startDovecot(opts: { users?: DovecotUser[] } = {}): Promise<Dovecot> {
  if (!existsSync(DOVECOT)) throw new Error(`${DOVECOT} is missing: apt-get install dovecot-imapd`);
  const version = (await runProcess(DOVECOT, ['--version'])).stdout.trim();
  if (!version.startsWith('2.3.')) throw new Error(`test/dovecot.ts writes a Dovecot 2.3 config; found ${version}`);

  const users = opts.users ?? [{ name: 'agent', password: 'secret' }];
  const root = process.getuid?.() === 0;
  const me = os.userInfo();
  const run = root
    ? { user: 'nobody', root, ...(await idOf('nobody')) }
    : { user: me.username, root, uid: me.uid, gid: me.gid };
  const group = (await runProcess('id', ['-gn', run.user])).stdout.trim();

  const dir = mkdtempSync(path.join(os.tmpdir(), 'kefu-dovecot-'));
  for (const d of ['run', 'state', 'mail']) mkdirSync(path.join(dir, d));
  if (root) {
    chmodSync(dir, 0o711);
    chownSync(path.join(dir, 'mail'), run.uid, run.gid);
  }
  writeFileSync(path.join(dir, 'passwd'), users.map((u) => `${u.name}:{PLAIN}${u.password}::::::\n`).join(''));
  const port = await freeTcpPort();
  const conf = path.join(dir, 'dovecot.conf');
  writeFileSync(conf, config(dir, port, { ...run, group }));

  const logFile = path.join(dir, 'dovecot.log');
  let output = '';
  const log = () => {
    let text = output;
    try {
      text += readFileSync(logFile, 'utf8');
    } catch {
      // not written yet
    }
    return text;
  };
  const child: ChildProcess = spawn(DOVECOT, ['-F', '-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    output += d;
  });
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    output += d;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('error', (err) => {
    output += `\nspawn error: ${err.message}`;
  });

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killer);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  // Dovecot opens its listener as it starts; a connection answered means it is up (bounded wait).
  const deadline = Date.now() + 10_000;
  while (!(await portOpen(port))) {
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      const text = log();
      await stop();
      throw new Error(`Dovecot did not start:\n${text}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }

  const imapSettings = (user = users[0]!.name) => {
    const u = users.find((x) => x.name === user);
    if (!u) throw new Error(`No Dovecot user ${user}`);
    return { host: '127.0.0.1', port, secure: false as const, user: u.name, password: u.password };
  };

  const withClient = async <T>(user: string, fn: (client: ImapFlow) => Promise<T>): Promise<T> => {
    const s = imapSettings(user);
    const client = new ImapFlow({
      host: s.host,
      port: s.port,
      secure: false,
      doSTARTTLS: false,
      auth: { user: s.user, pass: s.password },
      logger: false,
    });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.logout().catch(() => client.close());
    }
  };

  return {
    host: '127.0.0.1',
    port,
    dir,
    users,
    imapSettings,
    withClient,
    async appendMessage(user, raw, o = {}) {
      return withClient(user, async (client) => {
        const mailbox = o.mailbox ?? 'INBOX';
        const res = await client.append(mailbox, typeof raw === 'string' ? Buffer.from(raw) : raw, o.flags ?? []);
        if (!res || res.uid === undefined || res.uidValidity === undefined) {
          throw new Error(`APPEND to ${mailbox} did not report a UID (UIDPLUS)`);
        }
        return { uid: res.uid, uidValidity: res.uidValidity };
      });
    },
    async kick(user) {
      const r = await runProcess(DOVEADM, ['-c', conf, 'kick', user], { timeoutMs: 10_000 });
      if (r.status !== 0) throw new Error(`doveadm kick failed: ${r.stderr || r.stdout}`);
    },
    log,
    stop,
  };
}
