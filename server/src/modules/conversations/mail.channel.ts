import type { MailSettings, MessageAttachment } from '../../../../contracts/conversations';
import type { Clock } from '../../platform/clock';
import type { Database, Tx } from '../../platform/db';
import type { Logger } from '../../platform/logger';
import type { MailConnectionTest } from './channels/mail-connection';
import { createImapInbox, type ImapInbox, testImapConnection } from './channels/mail-imap';
import { parseMail } from './channels/mail-parse';
import { type MailReceiver, startMailReceiver } from './channels/mail-receiver';
import { createMailSender, type MailSender, testSmtpConnection } from './channels/mail-sender';
import type { ChannelsService, OpenChannel } from './channels.service';
import type { ConversationFiles } from './conversations.attachments';
import type { ConversationsRepo } from './conversations.repo';
import { type ChannelSender, PermanentSendError } from './conversations.sender';
import { AUTO_REPLY, type ConversationsService, conversationNumber, NoOpenConversation } from './conversations.service';
import {
  loopVerdict,
  newMessageId,
  replyHeaders,
  replySubject,
  threadKeys,
  ticketTag,
  withTicketTag,
} from './domain/mail-text';
import { createSenderLimit } from './domain/sender-limit';

/** Where forwarded mail arrives (KEFU_MAIL_RECEIVER_PORT): an SMTP server for setups without IMAP. */
export type MailReceiverSettings = { host: string; port: number; maxBytes?: number };

const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
const MAX_ATTACHMENTS = 20;

const domainOf = (address: string) => address.split('@')[1] ?? 'kefu.local';

/**
 * E-mail (docs/channels.md): each mailbox read by IMAP (IDLE where offered), forwarded mail by an
 * SMTP receiver, replies sent by the mailbox's SMTP server with Message-ID / In-Reply-To /
 * References so the customer's client threads them, and a reply of the customer joining the same
 * conversation (by those headers, else by the number in the subject). Auto-responders and bounces
 * are never answered and never start or reopen a conversation.
 */
export function createMailChannel(deps: {
  db: Database;
  repo: ConversationsRepo;
  clock: Clock;
  log: Logger;
  channels: ChannelsService;
  conversations: ConversationsService;
  files: ConversationFiles;
  receiver?: MailReceiverSettings | undefined;
}) {
  const { db, repo, clock, log, channels, conversations, files } = deps;
  const inboxes = new Map<string, { at: number; inbox: ImapInbox }>();
  const senders = new Map<string, { at: number; sender: MailSender }>();
  /** Auto-replies per address: at most one a day (RFC 3834), whatever a responder does to the thread. */
  const answered = createSenderLimit({ burst: 1, perMinute: 1 / 1440, maxKeys: 50_000 });
  let receiver: MailReceiver | undefined;
  let started = false;
  /** The addresses the receiver takes mail for (checked at RCPT, synchronously). */
  let addresses = new Set<string>();
  async function loadAddresses(): Promise<void> {
    addresses = new Set((await emailChannels()).map((c) => (c.settings as MailSettings).address.toLowerCase()));
  }

  /** One mail into its conversation; resolves once stored (or deliberately left: a loop with no open thread). */
  async function ingest(ch: OpenChannel, raw: Buffer, imapKey?: string): Promise<void> {
    const s = ch.settings as MailSettings;
    const mail = await parseMail(raw, { maxAttachmentBytes: MAX_ATTACHMENT_BYTES, maxAttachments: MAX_ATTACHMENTS });
    const from = mail.from?.address?.toLowerCase();
    if (!from) {
      log.warn({ channelId: ch.id, messageId: mail.messageId }, 'mail without a sender address: not stored');
      return;
    }
    if (from === s.address.toLowerCase()) return; // our own reply, copied into the inbox
    const loop = loopVerdict(mail.headers);
    const keys = threadKeys({ inReplyTo: mail.inReplyTo, references: mail.references });
    const tag = ticketTag(mail.subject);
    const tagged = !keys.length && tag ? await repo.byNumber(db, ch.id, tag) : undefined;
    const attach = async (tx: Tx, conversationId: string): Promise<MessageAttachment[]> => {
      const out: MessageAttachment[] = [];
      for (const a of mail.attachments) {
        try {
          out.push(await files.store(conversationId, 'customer', a.filename, a.content, tx));
        } catch (err) {
          // A refused type (an executable) or an oversize file: the mail is kept, the file is not.
          log.info({ err: (err as Error).message, file: a.filename }, 'mail attachment not kept');
        }
      }
      return out;
    };
    const skipped = mail.skippedAttachments.map((a) => `[${a.filename}: ${a.reason}]`).join('\n');
    try {
      const r = await conversations.receive(
        {
          channel: ch,
          address: from,
          conversationId: tagged?.address === from ? tagged.id : undefined,
          threadKeys: keys,
          externalKey: mail.messageId ? `mail:${mail.messageId}` : imapKey,
          externalId: mail.messageId ?? undefined,
          text: [mail.visibleText, skipped].filter(Boolean).join('\n\n'),
          html: mail.safeHtml,
          quoted: mail.quotedText || null,
          subject: mail.subject || null,
          profile: { name: mail.from?.name || undefined, email: from },
          // The server's time of arrival: the Date header is the sender's to set (any date at all).
          at: clock.now(),
          onlyIfOpen: loop.loop,
        },
        undefined,
        attach,
      );
      if (
        !r.duplicate &&
        !loop.loop &&
        r.message.seq === 1 &&
        s.autoReply.trim() &&
        answered.take(`${ch.id}:${from}`, clock.now().getTime())
      ) {
        await conversations.queueAutoReply(
          r.conversation.id,
          s.autoReply.replaceAll('{{number}}', conversationNumber(r.conversation.id)),
        );
      }
    } catch (err) {
      if (err instanceof NoOpenConversation) {
        log.info(
          { channelId: ch.id, reason: loop.reason, from },
          'automatic mail with no open conversation: not answered',
        );
        return;
      }
      throw err;
    }
  }

  function senderOf(ch: OpenChannel): MailSender {
    const s = ch.settings as MailSettings;
    if (!s.smtp) throw new PermanentSendError('this mailbox has no SMTP server to reply through');
    const hit = senders.get(ch.id);
    if (hit && hit.at === ch.updatedAt.getTime()) return hit.sender;
    hit?.sender.close();
    const sender = createMailSender({
      host: s.smtp.host,
      port: s.smtp.port,
      secure: s.smtp.secure,
      ...(s.smtp.user ? { user: s.smtp.user, password: s.smtp.password } : {}),
    });
    senders.set(ch.id, { at: ch.updatedAt.getTime(), sender });
    return sender;
  }

  const sender: ChannelSender = async ({ channel, conversation, message, files: store, thread }) => {
    const s = channel.settings as MailSettings;
    const earlier = (await thread()).filter((m) => m.externalId);
    const parent = [...earlier].reverse().find((m) => m.kind === 'in') ?? earlier.at(-1);
    const headers = parent?.externalId
      ? replyHeaders({
          messageId: parent.externalId,
          references: earlier.map((m) => m.externalId!).filter((id) => id !== parent.externalId),
        })
      : undefined;
    const number = conversationNumber(conversation.id);
    const subject = withTicketTag(replySubject(parent?.subject ?? conversation.subject ?? ''), number);
    const attachments = [];
    for (const a of message.attachments) {
      const f = await store.open(conversation.id, a.id);
      attachments.push({ filename: f.name, content: f.bytes, contentType: f.contentType });
    }
    const messageId = newMessageId(domainOf(s.address), message.id);
    try {
      await senderOf(channel).send({
        from: { address: s.address, name: s.displayName },
        to: conversation.address,
        subject,
        text: s.signature.trim() ? `${message.text}\n\n-- \n${s.signature.trim()}` : message.text,
        messageId,
        ...(headers ? { inReplyTo: headers.inReplyTo, references: headers.references } : {}),
        ...(attachments.length ? { attachments } : {}),
        autoSubmitted: message.clientId === AUTO_REPLY,
      });
    } catch (err) {
      const code = (err as { responseCode?: number }).responseCode;
      // 5xx: the server refused the mail for good (no such recipient); 4xx and network errors pass.
      if (code && code >= 500) throw new PermanentSendError((err as Error).message);
      throw err;
    }
    return { externalId: messageId };
  };

  function startInbox(ch: OpenChannel): void {
    const s = ch.settings as MailSettings;
    if (!s.imap || !ch.enabled) return;
    const inbox = createImapInbox({
      host: s.imap.host,
      port: s.imap.port,
      secure: s.imap.secure,
      user: s.imap.user,
      password: s.imap.password,
      mailbox: s.imap.mailbox,
      log,
      onMail: (raw, meta) => ingest(ch, raw, `imap:${meta.uidValidity}:${meta.uid}`),
      state: {
        load: () => repo.mailState(db, ch.id),
        save: (c) => repo.saveMailState(db, ch.id, c, clock.now()),
      },
    });
    inboxes.set(ch.id, { at: ch.updatedAt.getTime(), inbox });
    inbox.start();
  }

  /** A changed or new channel: its IMAP reader restarts with the new settings. */
  async function refresh(channelId: string): Promise<void> {
    if (!started) return;
    await loadAddresses();
    const old = inboxes.get(channelId);
    inboxes.delete(channelId);
    await old?.inbox.stop();
    const row = await channels.row(channelId);
    if (row?.kind === 'email') startInbox(channels.opened(row));
  }

  async function emailChannels(): Promise<OpenChannel[]> {
    return (await channels.rows()).filter((r) => r.kind === 'email' && r.enabled).map((r) => channels.opened(r));
  }

  return {
    sender,
    ingest,
    refresh,
    /** Status of each running IMAP reader (the admin's channel list, the system overview). */
    status: (channelId: string) => inboxes.get(channelId)?.inbox.status(),
    async test(ch: OpenChannel): Promise<{ imap?: MailConnectionTest; smtp?: MailConnectionTest }> {
      const s = ch.settings as MailSettings;
      const [imap, smtp] = await Promise.all([
        s.imap ? testImapConnection({ ...s.imap }) : undefined,
        s.smtp
          ? testSmtpConnection({
              host: s.smtp.host,
              port: s.smtp.port,
              secure: s.smtp.secure,
              ...(s.smtp.user ? { user: s.smtp.user, password: s.smtp.password } : {}),
            })
          : undefined,
      ]);
      return { ...(imap ? { imap } : {}), ...(smtp ? { smtp } : {}) };
    },
    async start(): Promise<void> {
      started = true;
      for (const ch of await emailChannels()) startInbox(ch);
      await loadAddresses();
      if (deps.receiver) {
        receiver = await startMailReceiver({
          host: deps.receiver.host,
          port: deps.receiver.port,
          maxBytes: deps.receiver.maxBytes ?? 25 * 1024 * 1024,
          log,
          // Checked per recipient at RCPT: only the mailboxes of enabled e-mail channels (no open relay).
          allowedRecipients: (a) => addresses.has(a),
          onMail: async (raw, envelope) => {
            const all = await emailChannels();
            const targets = all.filter((c) =>
              envelope.rcptTo.includes((c.settings as MailSettings).address.toLowerCase()),
            );
            for (const ch of targets) await ingest(ch, raw);
          },
        });
      }
    },
    /** The forwarded-mail receiver's address once started (tests). */
    receiverAddress: () => (receiver ? { host: receiver.host, port: receiver.port } : undefined),
    async stop(): Promise<void> {
      started = false;
      await Promise.all([...inboxes.values()].map((i) => i.inbox.stop()));
      inboxes.clear();
      for (const s of senders.values()) s.sender.close();
      senders.clear();
      await receiver?.close();
    },
  };
}
export type MailChannel = ReturnType<typeof createMailChannel>;
