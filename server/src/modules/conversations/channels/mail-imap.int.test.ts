import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dovecot, startDovecot } from '../../../../../test/dovecot';
import { freeTcpPort } from '../../../../../test/ports';
import { createLogger } from '../../../platform/logger';
import { createImapInbox, type ImapCursor, type ImapInbox, type ImapMailMeta, testImapConnection } from './mail-imap';

const log = createLogger('silent');

const message = (subject: string, body = 'Hello') =>
  `From: Bob <bob@example.com>\r\nTo: service@kefu.test\r\nSubject: ${subject}\r\n` +
  `Message-ID: <${subject.replace(/\W/g, '')}@example.com>\r\n\r\n${body}\r\n`;

/** Keeps what onMail got; `waitFor(n)` resolves once n mails came (bounded). */
function recorder(fail?: (n: number) => boolean) {
  const mails: Array<{ subject: string; raw: Buffer; meta: ImapMailMeta }> = [];
  let calls = 0;
  let waiters: Array<{ n: number; resolve: () => void }> = [];
  return {
    mails,
    subjects: () => mails.map((m) => m.subject),
    async onMail(raw: Buffer, meta: ImapMailMeta) {
      calls++;
      if (fail?.(calls)) throw new Error('database down');
      mails.push({ subject: /^Subject: (.*)$/m.exec(raw.toString())?.[1]?.trim() ?? '', raw, meta });
      for (const w of waiters.filter((x) => mails.length >= x.n)) w.resolve();
      waiters = waiters.filter((x) => mails.length < x.n);
    },
    waitFor(n: number, ms = 8_000) {
      return new Promise<void>((resolve, reject) => {
        if (mails.length >= n) return resolve();
        const t = setTimeout(() => reject(new Error(`no mail #${n} within ${ms} ms`)), ms);
        waiters.push({
          n,
          resolve: () => {
            clearTimeout(t);
            resolve();
          },
        });
      });
    },
  };
}

function memoryState(initial?: ImapCursor) {
  const s = {
    cursor: initial,
    saves: 0,
    load: async () => s.cursor,
    save: async (c: ImapCursor) => {
      s.cursor = c;
      s.saves++;
    },
  };
  return s;
}

describe('createImapInbox against Dovecot', () => {
  let dovecot: Dovecot;
  const running: ImapInbox[] = [];
  const inbox = (
    o: Omit<Parameters<typeof createImapInbox>[0], 'host' | 'port' | 'secure' | 'password' | 'log'> & {
      password?: string;
    },
  ) => {
    const s = dovecot.imapSettings(o.user);
    const i = createImapInbox({ ...s, log, backoff: { initialMs: 100, maxMs: 1_000 }, ...o });
    running.push(i);
    i.start();
    return i;
  };
  const seen = (user: string, mailbox = 'INBOX') =>
    dovecot.withClient(user, async (c) => {
      await c.mailboxOpen(mailbox);
      const out: Record<string, boolean> = {};
      for await (const m of c.fetch('1:*', { envelope: true, flags: true })) {
        out[m.envelope?.subject ?? ''] = m.flags?.has('\\Seen') ?? false;
      }
      return out;
    });

  beforeAll(async () => {
    dovecot = await startDovecot({
      users: ['agent', 'retry', 'moved', 'kicked', 'big'].map((name) => ({ name, password: `pw-${name}` })),
    });
  });
  afterAll(async () => {
    for (const i of running) await i.stop();
    await dovecot?.stop();
  });

  it('first run takes the unseen mail present once, then mail arriving through IDLE, and a restart takes nothing twice', async () => {
    await dovecot.appendMessage('agent', message('old unseen 1'));
    await dovecot.appendMessage('agent', message('old read'), { flags: ['\\Seen'] });
    await dovecot.appendMessage('agent', message('old unseen 2'));
    const state = memoryState();
    const rec = recorder();
    // No poll during the test: only IDLE can bring the next mail.
    const first = inbox({ user: 'agent', onMail: rec.onMail, state, pollMs: 600_000 });
    await first.syncNow();
    expect(rec.subjects()).toEqual(['old unseen 1', 'old unseen 2']);
    expect(rec.mails.map((m) => m.meta.uid)).toEqual([1, 3]);
    expect(rec.mails[0]!.raw.toString()).toContain('Message-ID: <oldunseen1@example.com>');
    expect(state.cursor).toEqual({ uidValidity: rec.mails[0]!.meta.uidValidity, lastUid: 3 });
    expect(await seen('agent')).toEqual({ 'old unseen 1': true, 'old read': true, 'old unseen 2': true });
    expect(first.status()).toMatchObject({ state: 'connected', idle: true, lastError: null });

    await dovecot.appendMessage('agent', message('while idling'));
    await rec.waitFor(3, 5_000);
    expect(rec.subjects()).toEqual(['old unseen 1', 'old unseen 2', 'while idling']);
    await first.stop();
    expect(first.status().state).toBe('stopped');

    // Read by someone in a mail client while Kefu was down: after the cursor, so it is taken all the same.
    await dovecot.appendMessage('agent', message('while stopped'), { flags: ['\\Seen'] });
    const rec2 = recorder();
    const second = inbox({ user: 'agent', onMail: rec2.onMail, state, pollMs: 600_000 });
    await second.syncNow();
    await second.syncNow();
    expect(rec2.subjects()).toEqual(['while stopped']);
    expect(state.cursor?.lastUid).toBe(5);
    await second.stop();
  });

  it('a failing onMail leaves the message unseen and uncounted; the next round delivers it', async () => {
    await dovecot.appendMessage('retry', message('first'));
    await dovecot.appendMessage('retry', message('second'));
    const state = memoryState();
    const rec = recorder((n) => n === 2); // the second message fails once
    const i = inbox({ user: 'retry', onMail: rec.onMail, state, pollMs: 600_000 });
    await expect(i.syncNow()).rejects.toThrow('database down');
    expect(rec.subjects()).toEqual(['first']);
    expect(state.cursor?.lastUid).toBe(1);
    expect(await seen('retry')).toEqual({ first: true, second: false });
    expect(i.status().lastError?.error).toContain('database down');

    await i.syncNow();
    expect(rec.subjects()).toEqual(['first', 'second']);
    expect(state.cursor?.lastUid).toBe(2);
    expect(await seen('retry')).toEqual({ first: true, second: true });
  });

  it('after a UIDVALIDITY change it reads the unseen mail again, not the whole mailbox', async () => {
    await dovecot.withClient('moved', (c) => c.mailboxCreate('Support'));
    await dovecot.appendMessage('moved', message('before'), { mailbox: 'Support' });
    const state = memoryState();
    const rec = recorder();
    const i = inbox({ user: 'moved', mailbox: 'Support', onMail: rec.onMail, state, pollMs: 600_000 });
    await i.syncNow();
    await i.stop();
    const before = state.cursor!;
    expect(before.lastUid).toBe(1);

    // The mailbox is rebuilt (deleted and made anew): every UID now means another message.
    await dovecot.withClient('moved', async (c) => {
      await c.mailboxDelete('Support');
      await c.mailboxCreate('Support');
    });
    await dovecot.appendMessage('moved', message('rebuilt read'), { mailbox: 'Support', flags: ['\\Seen'] });
    const { uidValidity } = await dovecot.appendMessage('moved', message('rebuilt unseen'), { mailbox: 'Support' });
    expect(Number(uidValidity)).not.toBe(before.uidValidity);

    const j = inbox({ user: 'moved', mailbox: 'Support', onMail: rec.onMail, state, pollMs: 600_000 });
    await j.syncNow();
    expect(rec.subjects()).toEqual(['before', 'rebuilt unseen']);
    expect(state.cursor).toEqual({ uidValidity: Number(uidValidity), lastUid: 2 });
  });

  it('reconnects after the server drops the session and goes on with the mail that came meanwhile', async () => {
    const state = memoryState();
    const rec = recorder();
    const i = inbox({ user: 'kicked', onMail: rec.onMail, state, pollMs: 600_000 });
    await i.syncNow();
    await dovecot.kick('kicked');
    await dovecot.appendMessage('kicked', message('after the drop'));
    await rec.waitFor(1, 8_000);
    expect(rec.subjects()).toEqual(['after the drop']);
    expect(i.status()).toMatchObject({ state: 'connected', failures: 0 });
  });

  it('hands a message over the size limit as headers only', async () => {
    await dovecot.appendMessage('big', message('huge', 'x'.repeat(20_000)));
    const rec = recorder();
    const i = inbox({ user: 'big', onMail: rec.onMail, state: memoryState(), maxMessageBytes: 10_000 });
    await i.syncNow();
    const [m] = rec.mails;
    expect(m?.meta).toMatchObject({ truncated: true });
    expect(m!.meta.size).toBeGreaterThan(20_000);
    expect(m!.raw.toString()).toContain('Subject: huge');
    expect(m!.raw.length).toBeLessThan(1_000);
  });

  it('keeps trying with a refused password, says why, and stops promptly', async () => {
    const rec = recorder();
    const i = inbox({ user: 'agent', password: 'wrong', onMail: rec.onMail, state: memoryState() });
    await expect(i.syncNow()).rejects.toThrow();
    expect(i.status()).toMatchObject({ lastError: { reason: 'auth' } });
    expect(i.status().failures).toBeGreaterThanOrEqual(1);
    await i.stop();
    expect(i.status().state).toBe('stopped');
    expect(rec.mails).toHaveLength(0);

    // Stopped while still connecting.
    const j = inbox({ user: 'agent', onMail: rec.onMail, state: memoryState() });
    await j.stop();
    expect(j.status().state).toBe('stopped');
  });

  it('testImapConnection tells the administrator what is wrong', async () => {
    const s = dovecot.imapSettings('agent');
    const ok = await testImapConnection(s);
    expect(ok).toMatchObject({ ok: true });
    expect(ok.mailboxes).toContain('INBOX');
    expect(await testImapConnection({ ...s, password: 'wrong' })).toMatchObject({ ok: false, reason: 'auth' });
    expect(await testImapConnection({ ...s, mailbox: 'Nope' })).toMatchObject({
      ok: false,
      reason: 'mailbox',
      mailboxes: ['INBOX'],
    });
    const closed = await freeTcpPort();
    expect(await testImapConnection({ ...s, port: closed })).toMatchObject({ ok: false, reason: 'unreachable' });
  });
});
