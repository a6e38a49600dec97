import { and, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { AutoFinding, QualityContact } from '../../../../contracts/quality';
import type { EventBus } from '../../platform/bus';
import type { DbOrTx } from '../../platform/db';
import type { Logger } from '../../platform/logger';
import type { TranscriptReady } from '../conversations';
import type { ContactRecord, RoutingService } from '../routing';
import {
  qualityComplaints,
  qualityContacts,
  qualityCsat,
  qualityFindings,
  qualityHolds,
  qualityRecordings,
  qualityTranscripts,
} from './quality.schema';

/**
 * Quality's read model of contacts (quality_contacts): every contact an agent handled, with what
 * sampling and the automatic checks need — from routing's contact records (through its service),
 * voice's call events (holds, transfers, recordings), survey answers and end-of-chat ratings (CSAT),
 * conversations' transcripts (chat, e-mail, SMS, WeChat) and complaint work orders. Never from their tables (STYLE.md).
 *
 * Events of different modules come through the outbox in no guaranteed order: a CSAT answer or a
 * complaint order (made during the call) may be delivered before the contact is projected. Both are
 * kept in tables of their own (quality_csat, quality_complaints) and folded into a contact's row
 * both when they arrive and when the row is projected, so the order does not matter. The two sides
 * take turns on an advisory lock per contact (CSAT), per customer (complaints) and per call
 * (recordings, which are kept apart the same way) — without it, each
 * side could miss the other's uncommitted write; the projection takes its locks before it writes a
 * row, so a handler waiting for a row lock never holds one the projection waits for.
 */

export type QualityContactRow = typeof qualityContacts.$inferSelect;

const DAY_MS = 86_400_000;
/** pg_advisory_xact_lock(class, hashtext(id)) classes: CSAT by contact id, complaints by customer id. */
const CSAT_LOCK = 731_430_001;
const COMPLAINT_LOCK = 731_430_002;
/** Recordings by call id: a recording stored while its contact is projected is attached by one side. */
const RECORDING_LOCK = 731_430_003;

/** Takes the class's lock for each id, in one order (so two transactions never wait for each other in a circle). */
async function lockIds(tx: DbOrTx, lockClass: number, ids: Iterable<string>): Promise<void> {
  const sorted = [...new Set(ids)].sort();
  if (sorted.length === 0) return;
  await tx.execute(
    sql`select pg_advisory_xact_lock(${lockClass}::int, hashtext(k)) from unnest(${sql.param(sorted)}::text[]) as k`,
  );
}

/** Folds the kept CSAT answers, conversation transcripts and complaint orders into these contacts' rows. */
async function foldAnswers(tx: DbOrTx, contactIds: string[]): Promise<void> {
  if (contactIds.length === 0) return;
  const ids = sql.param(contactIds);
  // A transcript that arrived (or changed) after the last checks: they run again with its text.
  await tx.execute(sql`
    update quality_contacts c set transcript = t.lines, auto_check_due = true, auto_check_seq = c.auto_check_seq + 1
      from quality_transcripts t
     where t.contact_id = c.contact_id and c.contact_id = any(${ids}::uuid[])
       and c.transcript is distinct from t.lines`);
  await tx.execute(sql`
    update quality_contacts c set csat = least(c.csat, q.csat)
      from quality_csat q
     where q.contact_id = c.contact_id and c.contact_id = any(${ids}::uuid[])
       and c.csat is distinct from least(c.csat, q.csat)`);
  // A complaint order within a day after the contact connected (the same window as on its arrival).
  await tx.execute(sql`
    update quality_contacts c set complaint = true
     where c.contact_id = any(${ids}::uuid[]) and not c.complaint and c.customer_id is not null
       and exists (select 1 from quality_complaints k
                    where k.customer_id = c.customer_id
                      and k.created_at >= c.connected_at and k.created_at <= c.connected_at + interval '1 day')`);
}

export function toFinding(f: typeof qualityFindings.$inferSelect): AutoFinding {
  return {
    rule: f.rule,
    kind: f.kind as AutoFinding['kind'],
    ...(f.speaker ? { speaker: f.speaker as 'agent' | 'customer' } : {}),
    ...(f.text !== null ? { text: f.text } : {}),
    ...(f.atMs !== null ? { atMs: f.atMs } : {}),
    ...(f.durationMs !== null ? { durationMs: f.durationMs } : {}),
  };
}

export function createContactsReadModel(deps: {
  db: DbOrTx;
  bus: EventBus;
  log: Logger;
  routing: Pick<RoutingService, 'contactRecords'>;
}) {
  const { db, bus } = deps;

  /** Upserts handled contacts from their routing records (a contact never connected is skipped). */
  /** CSAT answers by contact, the lowest kept, folded into the contacts' rows. */
  async function keepCsat(lowest: Map<string, number>): Promise<void> {
    await db.transaction(async (tx) => {
      await lockIds(tx, CSAT_LOCK, lowest.keys());
      await tx
        .insert(qualityCsat)
        .values([...lowest].map(([contactId, csat]) => ({ contactId, csat })))
        .onConflictDoUpdate({
          target: qualityCsat.contactId,
          set: { csat: sql`least(${qualityCsat.csat}, excluded.csat)` },
        });
      await foldAnswers(tx, [...lowest.keys()]);
    });
  }

  async function project(tx: DbOrTx, records: readonly ContactRecord[]): Promise<number> {
    const rows = records
      .filter((r) => r.agentId && r.connectedAt)
      .map((r) => {
        const connectedAt = new Date(r.connectedAt!);
        const endedAt = r.endedAt ? new Date(r.endedAt) : null;
        return {
          contactId: r.id,
          channel: r.channel,
          queueId: r.queueId,
          agentId: r.agentId!,
          customerId: r.customerId,
          callId: r.callId,
          requestType: r.requestType,
          queuedAt: new Date(r.queuedAt),
          connectedAt,
          endedAt,
          handleMs: endedAt ? Math.max(0, endedAt.getTime() - connectedAt.getTime()) : null,
          transferred: r.state === 'transferred',
          complaint: r.requestType === 'complaint',
          // Checked once handled (holds), again when its recording arrives.
          autoCheckDue: true,
        };
      });
    if (rows.length === 0) return 0;
    // Before any row is written (see the module comment): the CSAT and complaint handlers' turns.
    await lockIds(
      tx,
      CSAT_LOCK,
      rows.map((r) => r.contactId),
    );
    await lockIds(
      tx,
      COMPLAINT_LOCK,
      rows.flatMap((r) => (r.customerId ? [r.customerId] : [])),
    );
    await lockIds(
      tx,
      RECORDING_LOCK,
      rows.flatMap((r) => (r.callId ? [r.callId] : [])),
    );
    await tx
      .insert(qualityContacts)
      .values(rows)
      .onConflictDoUpdate({
        target: qualityContacts.contactId,
        set: {
          agentId: sql`excluded.agent_id`,
          customerId: sql`excluded.customer_id`,
          callId: sql`excluded.call_id`,
          requestType: sql`excluded.request_type`,
          endedAt: sql`excluded.ended_at`,
          handleMs: sql`excluded.handle_ms`,
          transferred: sql`${qualityContacts.transferred} or excluded.transferred`,
          complaint: sql`${qualityContacts.complaint} or excluded.complaint`,
        },
      });
    await foldAnswers(
      tx,
      rows.map((r) => r.contactId),
    );
    await attachRecordings(
      tx,
      rows.filter((r) => r.callId).map((r) => r.contactId),
    );
    return rows.length;
  }

  /**
   * A contact's recording: the first conversation recording of its call stored after it connected
   * (each agent's talk is a recording of its own, stored when that talk ends). Marks the automatic
   * checks due when one is found.
   */
  async function attachRecordings(tx: DbOrTx, contactIds: string[]): Promise<void> {
    if (contactIds.length === 0) return;
    await tx.execute(sql`
      update quality_contacts c
         set recording_id = r.recording_id, recording_ms = r.duration_ms, auto_check_due = true,
             auto_check_seq = c.auto_check_seq + 1
        from (
          select distinct on (c2.contact_id) c2.contact_id, rec.recording_id, rec.duration_ms
            from quality_contacts c2
            join quality_recordings rec on rec.call_id = c2.call_id and rec.stored_at >= c2.connected_at
           where c2.contact_id = any(${sql.param(contactIds)}::uuid[])
           order by c2.contact_id, rec.stored_at
        ) r
       where c.contact_id = r.contact_id and c.recording_id is distinct from r.recording_id`);
  }

  return {
    project,

    async find(tx: DbOrTx, contactId: string): Promise<QualityContactRow | undefined> {
      const [row] = await tx.select().from(qualityContacts).where(eq(qualityContacts.contactId, contactId));
      return row;
    },

    /** A contact's holds, as periods from its connection (the recording's start). */
    async holdsOf(tx: DbOrTx, contact: QualityContactRow): Promise<Array<{ startMs: number; endMs: number }>> {
      const rows = await tx
        .select()
        .from(qualityHolds)
        .where(eq(qualityHolds.contactId, contact.contactId))
        .orderBy(qualityHolds.resumedAt);
      const t0 = contact.connectedAt.getTime();
      return rows.map((h) => {
        const endMs = h.resumedAt.getTime() - t0;
        return { startMs: endMs - h.heldMs, endMs };
      });
    },

    /** A contact as the evaluation screen and the search show it (agentName filled by the caller). */
    async view(tx: DbOrTx, contactId: string): Promise<QualityContact | undefined> {
      const [c] = await tx.select().from(qualityContacts).where(eq(qualityContacts.contactId, contactId));
      if (!c) return undefined;
      const holds = await this.holdsOf(tx, c);
      const findings = await tx
        .select()
        .from(qualityFindings)
        .where(eq(qualityFindings.contactId, contactId))
        .orderBy(sql`${qualityFindings.atMs} nulls last`, qualityFindings.id);
      return {
        contactId: c.contactId,
        channel: c.channel,
        queueId: c.queueId,
        agentId: c.agentId,
        agentName: '',
        callId: c.callId,
        requestType: c.requestType,
        connectedAt: c.connectedAt.toISOString(),
        endedAt: c.endedAt?.toISOString() ?? null,
        handleMs: c.handleMs,
        holdMs: holds.reduce((s, h) => s + h.endMs - h.startMs, 0),
        transferred: c.transferred,
        complaint: c.complaint,
        csat: c.csat,
        recordingId: c.recordingId,
        recordingMs: c.recordingMs,
        autoCheckedAt: c.autoCheckedAt?.toISOString() ?? null,
        silenceMs: c.silenceMs,
        overtalkMs: c.overtalkMs,
        agentTalkMs: c.agentTalkMs,
        customerTalkMs: c.customerTalkMs,
        findings: findings.map(toFinding),
        transcript: (c.transcript as QualityContact['transcript']) ?? null,
      };
    },

    async findMany(tx: DbOrTx, contactIds: string[]): Promise<QualityContactRow[]> {
      if (contactIds.length === 0) return [];
      return tx.select().from(qualityContacts).where(inArray(qualityContacts.contactId, contactIds));
    },

    /** Subscribes the read model's handlers (before the bus starts). */
    follow(): void {
      bus.subscribeBatch(['routing.contact.completed', 'routing.contact.transferred'], async (events) => {
        const ids = [...new Set(events.map((e) => e.payload.contactId))];
        const records = await deps.routing.contactRecords(ids);
        await db.transaction(async (tx) => {
          await project(tx, records);
        });
      });
      bus.subscribeBatch(['voice.recording.stored'], async (events) => {
        const rows = events
          .filter((e) => e.payload.kind === 'conversation')
          .map(({ payload: r }) => ({
            recordingId: r.recordingId,
            callId: r.callId,
            durationMs: r.durationMs,
            storedAt: new Date(r.storedAt),
          }));
        if (rows.length === 0) return;
        const calls = [...new Set(rows.map((r) => r.callId))];
        await db.transaction(async (tx) => {
          await lockIds(tx, RECORDING_LOCK, calls);
          await tx.insert(qualityRecordings).values(rows).onConflictDoNothing();
          const contacts = await tx
            .select({ id: qualityContacts.contactId })
            .from(qualityContacts)
            .where(and(inArray(qualityContacts.callId, calls), sql`${qualityContacts.recordingId} is null`));
          await attachRecordings(
            tx,
            contacts.map((c) => c.id),
          );
        });
      });
      bus.subscribeBatch(['voice.call.resumed'], async (events) => {
        const rows = events.map(({ payload: h }) => ({
          contactId: h.contactId,
          resumedAt: new Date(h.at),
          heldMs: h.heldMs,
        }));
        await db.transaction(async (tx) => {
          const added = await tx
            .insert(qualityHolds)
            .values(rows)
            .onConflictDoNothing()
            .returning({ contactId: qualityHolds.contactId });
          // A hold delivered after its contact was projected (and perhaps checked): check it again.
          // Before the row exists nothing is needed: a new row is due, and the checks read the holds.
          const ids = [...new Set(added.map((a) => a.contactId))];
          if (ids.length) {
            await tx
              .update(qualityContacts)
              .set({ autoCheckDue: true, autoCheckSeq: sql`${qualityContacts.autoCheckSeq} + 1` })
              .where(inArray(qualityContacts.contactId, ids));
          }
        });
      });
      // A chat's, e-mail's, SMS's or WeChat conversation's text: the contact's transcript (the last kept).
      bus.subscribeBatch(['conversations.transcript.ready'], async (events) => {
        const last = new Map<string, TranscriptReady['lines']>();
        for (const { payload: t } of events) last.set(t.contactId, t.lines);
        await db.transaction(async (tx) => {
          await lockIds(tx, CSAT_LOCK, last.keys());
          await tx
            .insert(qualityTranscripts)
            .values([...last].map(([contactId, lines]) => ({ contactId, lines })))
            .onConflictDoUpdate({ target: qualityTranscripts.contactId, set: { lines: sql`excluded.lines` } });
          await foldAnswers(tx, [...last.keys()]);
        });
      });
      // The end-of-chat rating counts as the contact's CSAT, as a survey answer does.
      bus.subscribeBatch(['conversations.csat.recorded'], async (events) => {
        const lowest = new Map<string, number>();
        for (const { payload: a } of events) {
          if (a.contactId) lowest.set(a.contactId, Math.min(lowest.get(a.contactId) ?? a.score, a.score));
        }
        if (lowest.size) await keepCsat(lowest);
      });
      bus.subscribeBatch(['surveys.answer.recorded'], async (events) => {
        // The lowest answer per contact (one statement cannot upsert a row twice).
        const lowest = new Map<string, number>();
        for (const { payload: a } of events) {
          if (!a.contactId || a.csat === null) continue;
          lowest.set(a.contactId, Math.min(lowest.get(a.contactId) ?? a.csat, a.csat));
        }
        if (lowest.size === 0) return;
        await keepCsat(lowest);
      });
      // A complaint order for a customer marks their contacts of the day before it as complaints
      // (also those projected later: the order is kept).
      bus.subscribe('tickets.ticket.created', async ({ payload: t }) => {
        if (t.type !== 'complaint' || !t.customerId) return;
        const created = new Date(t.times.createdAt);
        await db.transaction(async (tx) => {
          await lockIds(tx, COMPLAINT_LOCK, [t.customerId!]);
          await tx
            .insert(qualityComplaints)
            .values({ ticketId: t.ticketId, customerId: t.customerId!, createdAt: created })
            .onConflictDoNothing();
          await tx
            .update(qualityContacts)
            .set({ complaint: true })
            .where(
              and(
                eq(qualityContacts.customerId, t.customerId!),
                gte(qualityContacts.connectedAt, new Date(created.getTime() - DAY_MS)),
                lte(qualityContacts.connectedAt, created),
              ),
            );
        });
      });
    },
  };
}
export type ContactsReadModel = ReturnType<typeof createContactsReadModel>;
