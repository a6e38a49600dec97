import { and, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { AutoFinding, QualityContact } from '../../../../contracts/quality';
import type { EventBus } from '../../platform/bus';
import type { DbOrTx } from '../../platform/db';
import type { Logger } from '../../platform/logger';
import type { ContactRecord, RoutingService } from '../routing';
import { qualityContacts, qualityFindings, qualityHolds, qualityRecordings } from './quality.schema';

/**
 * Quality's read model of contacts (quality_contacts): every contact an agent handled, with what
 * sampling and the automatic checks need — from routing's contact records (through its service),
 * voice's call events (holds, transfers, recordings), survey answers (CSAT) and complaint work
 * orders. Never from their tables (STYLE.md).
 */

export type QualityContactRow = typeof qualityContacts.$inferSelect;

const DAY_MS = 86_400_000;

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
         set recording_id = r.recording_id, recording_ms = r.duration_ms, auto_check_due = true
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
        await db.transaction(async (tx) => {
          await tx.insert(qualityRecordings).values(rows).onConflictDoNothing();
          const calls = [...new Set(rows.map((r) => r.callId))];
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
        await db.insert(qualityHolds).values(rows).onConflictDoNothing();
      });
      bus.subscribeBatch(['surveys.answer.recorded'], async (events) => {
        for (const { payload: a } of events) {
          if (!a.contactId || a.csat === null) continue;
          await db
            .update(qualityContacts)
            .set({ csat: sql`least(coalesce(${qualityContacts.csat}, ${a.csat}), ${a.csat})` })
            .where(eq(qualityContacts.contactId, a.contactId));
        }
      });
      // A complaint order for a customer marks their contacts of the day before it as complaints.
      bus.subscribe('tickets.ticket.created', async ({ payload: t }) => {
        if (t.type !== 'complaint' || !t.customerId) return;
        const created = new Date(t.times.createdAt);
        await db
          .update(qualityContacts)
          .set({ complaint: true })
          .where(
            and(
              eq(qualityContacts.customerId, t.customerId),
              gte(qualityContacts.connectedAt, new Date(created.getTime() - DAY_MS)),
              lte(qualityContacts.connectedAt, created),
            ),
          );
      });
    },
  };
}
export type ContactsReadModel = ReturnType<typeof createContactsReadModel>;
