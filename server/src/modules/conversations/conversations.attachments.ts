import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import type { MessageAttachment } from '../../../../contracts/conversations';
import { classifyAttachment, cleanFileName, isInline } from '../../platform/attachment-type';
import type { Clock } from '../../platform/clock';
import type { Database, DbOrTx } from '../../platform/db';
import type { IdGenerator } from '../../platform/ids';
import { attachmentNotFound, attachmentTooLarge, attachmentType } from './conversations.errors';
import type { AttachmentRow, ConversationsRepo } from './conversations.repo';
import type { AttachmentBinder } from './conversations.service';

/** Files of conversations: 10 MB each by default (chat images, e-mail attachments). */
export const DEFAULT_CONVERSATION_FILE_BYTES = 10 * 1024 * 1024;

export type ConversationFileSettings = { dir: string; maxBytes?: number };

const refOf = (r: AttachmentRow): MessageAttachment => ({
  id: r.id,
  name: r.name,
  contentType: r.contentType,
  size: r.size,
  image: r.contentType.startsWith('image/'),
});

/**
 * Files customers and agents attach to messages. The bytes decide the type (platform/attachment-type:
 * sniffed, never the declared type); a file is written under `<dir>/<yyyy>/<mm>/<id>` before its row,
 * and becomes part of a message only when the message is stored (`binder`).
 */
export function createConversationFiles(deps: {
  db: Database;
  repo: ConversationsRepo;
  clock: Clock;
  ids: IdGenerator;
  settings: ConversationFileSettings;
}) {
  const { db, repo, clock, ids, settings } = deps;
  const maxBytes = settings.maxBytes ?? DEFAULT_CONVERSATION_FILE_BYTES;

  const binder: AttachmentBinder = {
    async refs(tx: DbOrTx, conversationId: string, wanted: string[]): Promise<MessageAttachment[]> {
      const rows = await repo.attachments(tx, conversationId, wanted);
      const usable = rows.filter((r) => r.messageId === null);
      if (usable.length !== new Set(wanted).size) {
        const missing = wanted.find((id) => !usable.some((r) => r.id === id)) ?? '';
        throw attachmentNotFound(missing);
      }
      return wanted.map((id) => refOf(usable.find((r) => r.id === id)!));
    },
  };

  return {
    maxBytes,
    binder,
    /** Stores one file for a conversation; refused when too large or of a type not accepted. */
    async store(
      conversationId: string,
      uploadedBy: string,
      name: string,
      bytes: Buffer,
      tx: DbOrTx = db,
    ): Promise<MessageAttachment> {
      if (bytes.length > maxBytes) throw attachmentTooLarge(maxBytes);
      if (bytes.length === 0) throw attachmentType('empty');
      const sniffed = await fileTypeFromBuffer(bytes);
      const utf8 = !sniffed && Buffer.from(bytes.toString('utf8'), 'utf8').equals(bytes);
      const verdict = classifyAttachment(sniffed, { utf8, nul: bytes.includes(0) }, cleanFileName(name || 'file'));
      if (!verdict.ok) throw attachmentType(verdict.detected);
      const now = clock.now();
      const id = ids.next();
      const rel = path.join(String(now.getUTCFullYear()), String(now.getUTCMonth() + 1).padStart(2, '0'), id);
      const full = path.join(settings.dir, rel);
      await fs.mkdir(path.dirname(full), { recursive: true });
      await fs.writeFile(full, bytes);
      const row = await repo.insertAttachment(tx, {
        id,
        conversationId,
        name: verdict.fileName,
        contentType: verdict.contentType,
        size: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        path: rel,
        uploadedBy,
        createdAt: now,
      });
      return refOf(row);
    },
    /** A stored file of the conversation to send back (inline when the browser shows it safely). */
    async open(conversationId: string, id: string) {
      const r = await repo.findAttachment(db, conversationId, id);
      if (!r) throw attachmentNotFound(id);
      return {
        name: r.name,
        contentType: r.contentType,
        size: r.size,
        inline: isInline(r.contentType),
        bytes: await fs.readFile(path.join(settings.dir, r.path)),
      };
    },
  };
}
export type ConversationFiles = ReturnType<typeof createConversationFiles>;
