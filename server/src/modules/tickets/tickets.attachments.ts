import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { fileTypeFromFile } from 'file-type';
import type { TicketAttachment } from '../../../../contracts/tickets';
import { classifyAttachment, cleanFileName, isInline, nameForType } from '../../platform/attachment-type';
import type { AuditLog } from '../../platform/audit';
import type { EventBus } from '../../platform/bus';
import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db';
import type { IdGenerator } from '../../platform/ids';
import type { Logger } from '../../platform/logger';
import type { WorkAccess, Worker } from './tickets.access';
import type { AttachmentRow, AttachmentsRepo } from './tickets.attachments.repo';
import { snapshotOf } from './tickets.dto';
import {
  attachmentEmpty,
  attachmentLimit,
  attachmentNotFound,
  attachmentNotYours,
  attachmentsUnavailable,
  attachmentTooLarge,
  attachmentType,
  notYours,
  ticketNotFound,
} from './tickets.errors';
import type { TicketRow, TicketsRepo } from './tickets.repo';

/** Where attachments live and how many bytes and files an order may take (main.ts: `<dataDir>/tickets/attachments`). */
export type AttachmentSettings = { dir: string; maxBytes?: number; maxPerTicket?: number };
export const DEFAULT_ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024;
export const DEFAULT_ATTACHMENTS_PER_TICKET = 50;
/**
 * How much of a body past the limit is still read (and dropped) before reading stops: enough for an
 * upload a little too large to end cleanly; anything larger is cut off (the route then answers 413
 * with `connection: close` and the socket is destroyed after the reply, never drained).
 */
export const OVERSIZE_MARGIN_BYTES = 256 * 1024;

export type AttachmentUpload = {
  /** The name the client gave (only its last path part is kept). */
  name: string;
  /** The request body as it arrives: never held in memory whole. */
  body: Readable;
  /** Content-Length when the client sent one: an upload announced too large is refused unread. */
  declaredBytes?: number;
};

type Received = { temp: string; size: number; sha256: string; utf8: boolean; nul: boolean };

/**
 * Attachments of work orders: bytes streamed to a temp file (size limit counted as they arrive,
 * SHA-256 on the way), sniffed, then renamed into `<yyyy>/<mm>/<id>` in the transaction that records
 * them — an order never lists a half-written or missing file, and a refused upload leaves nothing.
 */
export function createTicketAttachments(deps: {
  db: Database;
  bus: EventBus;
  clock: Clock;
  ids: IdGenerator;
  audit: AuditLog;
  log: Logger;
  repo: TicketsRepo;
  attachments: AttachmentsRepo;
  access: WorkAccess;
  settings: AttachmentSettings | undefined;
}) {
  const { db, bus, clock, ids, audit, repo, access, settings } = deps;
  const arepo = deps.attachments;
  const maxBytes = settings?.maxBytes ?? DEFAULT_ATTACHMENT_MAX_BYTES;
  const maxPerTicket = settings?.maxPerTicket ?? DEFAULT_ATTACHMENTS_PER_TICKET;

  function folder(): string {
    if (!settings) throw attachmentsUnavailable();
    return settings.dir;
  }

  async function ticket(id: string): Promise<TicketRow> {
    const r = await repo.find(db, id);
    if (!r) throw ticketNotFound(id);
    return r;
  }

  /** Streams the body to a temp file, counting, hashing and checking UTF-8 as it goes. */
  async function receive(body: Readable, dir: string): Promise<Received> {
    const tempDir = path.join(dir, 'tmp');
    await fs.mkdir(tempDir, { recursive: true, mode: 0o700 });
    const temp = path.join(tempDir, `${randomUUID()}.part`);
    const fh = await fs.open(temp, 'wx', 0o600);
    const hash = createHash('sha256');
    const decoder = new TextDecoder('utf-8', { fatal: true });
    const facts = { size: 0, utf8: true, nul: false };
    try {
      await new Promise<void>((resolve, reject) => {
        let failed = false;
        const fail = (err: unknown) => {
          if (failed) return;
          failed = true;
          body.removeAllListeners('data');
          reject(err);
        };
        const tooLarge = () => {
          fail(attachmentTooLarge(maxBytes));
          // Not destroyed here: the 413 must be written first (the route closes the connection after
          // it). Up to the margin the rest is read and dropped, then reading stops for good.
          let dropped = facts.size;
          body.on('data', (chunk: Buffer) => {
            dropped += chunk.length;
            if (dropped > maxBytes + OVERSIZE_MARGIN_BYTES) {
              body.removeAllListeners('data');
              body.pause();
            }
          });
          body.resume();
        };
        body.on('data', (chunk: Buffer) => {
          facts.size += chunk.length;
          if (facts.size > maxBytes) return tooLarge();
          hash.update(chunk);
          if (facts.utf8) {
            try {
              decoder.decode(chunk, { stream: true });
            } catch {
              facts.utf8 = false;
            }
          }
          if (!facts.nul && chunk.includes(0)) facts.nul = true;
          body.pause();
          fh.write(chunk).then(() => body.resume(), fail);
        });
        body.on('end', () => {
          if (failed) return;
          // The last write may still be running: it resumes the body, which has ended; wait for it.
          fh.sync().then(() => resolve(), fail);
        });
        body.on('error', fail);
      });
      if (facts.utf8) {
        try {
          decoder.decode();
        } catch {
          facts.utf8 = false;
        }
      }
    } catch (err) {
      await fh.close().catch(() => {});
      await fs.rm(temp, { force: true });
      throw err;
    }
    await fh.close();
    return { temp, sha256: hash.digest('hex'), ...facts };
  }

  const toAttachment = (a: AttachmentRow): TicketAttachment => ({
    id: a.id,
    ticketId: a.ticketId,
    // A no-op for rows recorded under the current rules; rights the name of an older one.
    fileName: nameForType(a.contentType, cleanFileName(a.fileName)),
    contentType: a.contentType,
    size: a.size,
    sha256: a.sha256,
    uploadedBy: a.uploadedBy,
    uploadedByName: a.uploadedByName,
    createdAt: a.createdAt.toISOString(),
  });

  const changed = (r: TicketRow, a: AttachmentRow) => ({
    ...snapshotOf(r),
    attachmentId: a.id,
    fileName: a.fileName,
    contentType: a.contentType,
    size: a.size,
  });

  return {
    limits: () => ({ maxBytes, maxPerTicket, enabled: settings !== undefined }),

    async list(ticketId: string): Promise<TicketAttachment[]> {
      await ticket(ticketId);
      return (await arepo.list(db, ticketId)).map(toAttachment);
    },

    async upload(ticketId: string, input: AttachmentUpload, w: Worker): Promise<TicketAttachment> {
      const dir = folder();
      if (input.declaredBytes !== undefined && input.declaredBytes > maxBytes) throw attachmentTooLarge(maxBytes);
      // Who may not comment writes no byte to disk (checked again, locked, when it is recorded).
      const before = await ticket(ticketId);
      if (!(await access.mayWork(db, w, before))) throw notYours(ticketId);
      const got = await receive(input.body, dir);
      let final: string | undefined;
      try {
        if (got.size === 0) throw attachmentEmpty();
        const verdict = classifyAttachment(await fileTypeFromFile(got.temp), got, cleanFileName(input.name));
        if (!verdict.ok) throw attachmentType(verdict.detected);
        // The name as cleaned, its extension made to agree with the sniffed type.
        const fileName = verdict.fileName;
        const row = await bus.transaction(async (tx) => {
          const r = await access.workable(tx, ticketId, w);
          if ((await arepo.countLive(tx, ticketId)) >= maxPerTicket) throw attachmentLimit(maxPerTicket);
          const now = clock.now();
          const id = ids.next();
          const iso = now.toISOString();
          const rel = path.join(iso.slice(0, 4), iso.slice(5, 7), id);
          const a = await arepo.insert(tx, {
            id,
            ticketId,
            fileName,
            contentType: verdict.contentType,
            size: got.size,
            sha256: got.sha256,
            path: rel,
            uploadedBy: w.userId,
            uploadedByName: w.actor.name,
            createdAt: now,
          });
          await repo.insertEvents(tx, [
            {
              id: ids.next(),
              ticketId,
              at: now,
              actorUserId: w.actor.userId,
              actorName: w.actor.name,
              kind: 'attached',
              field: null,
              before: null,
              after: { attachmentId: id, fileName, contentType: a.contentType, size: a.size },
            },
          ]);
          await bus.stage(tx, 'tickets.ticket.attachment_added', changed(r, a));
          await audit.append(tx, w.actor, {
            action: 'tickets.attachment.uploaded',
            entityType: 'ticket_attachment',
            entityId: id,
            details: {
              ticketId,
              number: r.number,
              fileName,
              contentType: a.contentType,
              size: a.size,
              sha256: a.sha256,
            },
          });
          // Last: the file is in place only when everything else was accepted; a failed commit removes it below.
          final = path.join(dir, rel);
          await fs.mkdir(path.dirname(final), { recursive: true, mode: 0o700 });
          await fs.rename(got.temp, final);
          return a;
        });
        return toAttachment(row);
      } catch (err) {
        if (final) await fs.rm(final, { force: true });
        throw err;
      } finally {
        await fs.rm(got.temp, { force: true });
      }
    },

    /** The bytes of an attachment that is not deleted, and how to serve them. */
    async open(ticketId: string, attachmentId: string) {
      const dir = folder();
      await ticket(ticketId);
      const a = await arepo.find(db, ticketId, attachmentId);
      if (!a || a.deletedAt) throw attachmentNotFound(attachmentId);
      const file = path.join(dir, a.path);
      // Opened before the reply starts, so a lost file is a clean error rather than a cut-off body.
      const handle = await fs.open(file, 'r').catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') {
          deps.log.error({ attachmentId, file }, 'attachment file missing');
          throw attachmentNotFound(attachmentId);
        }
        throw err;
      });
      return {
        attachment: toAttachment(a),
        inline: isInline(a.contentType),
        stream: handle.createReadStream() as Readable,
      };
    },

    /**
     * Soft delete: the row and the file stay (history, audit), the order no longer lists or serves it.
     * A work-order manager removes any; anyone else only their own, and only while they may still work
     * the order (an agent whose order was reassigned away cannot edit its files any more). Only the
     * database is touched: no attachment folder is needed.
     */
    async remove(ticketId: string, attachmentId: string, w: Worker): Promise<void> {
      await bus.transaction(async (tx) => {
        const r = await repo.findForUpdate(tx, ticketId);
        if (!r) throw ticketNotFound(ticketId);
        const a = await arepo.find(tx, ticketId, attachmentId);
        if (!a || a.deletedAt) throw attachmentNotFound(attachmentId);
        if (!w.canManage) {
          if (a.uploadedBy !== w.userId) throw attachmentNotYours(attachmentId);
          if (!(await access.mayWork(tx, w, r))) throw notYours(ticketId);
        }
        const now = clock.now();
        await arepo.markDeleted(tx, a.id, now, w.userId);
        await repo.insertEvents(tx, [
          {
            id: ids.next(),
            ticketId,
            at: now,
            actorUserId: w.actor.userId,
            actorName: w.actor.name,
            kind: 'detached',
            field: null,
            before: { attachmentId: a.id, fileName: a.fileName, contentType: a.contentType, size: a.size },
            after: null,
          },
        ]);
        await bus.stage(tx, 'tickets.ticket.attachment_deleted', changed(r, a));
        await audit.append(tx, w.actor, {
          action: 'tickets.attachment.deleted',
          entityType: 'ticket_attachment',
          entityId: a.id,
          details: { ticketId, number: r.number, fileName: a.fileName },
        });
      });
    },
  };
}
export type TicketAttachments = ReturnType<typeof createTicketAttachments>;
