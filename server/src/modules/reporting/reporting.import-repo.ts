import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db';
import type { Leg } from './domain/legs';

/** An imported leg with its external id, and its survey scores (absent: none). */
export type ImportedLeg = {
  leg: Leg;
  externalId: string;
  /** The same customer's next contact (FCR), computed by the import over its rows and the stored ones. */
  nextContactAt: Date | null;
  csat: number | null;
  nps: number | null;
  ces: number | null;
};

/** A stored chain root of a customer the import touches. */
export type StoredRoot = { id: string; customerId: string; rootEnteredAt: Date; nextContactAt: Date | null };

export type ChunkCounts = { created: number; updated: number };

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * The import's bulk writes to reporting's tables: one statement per chunk through unnest() of
 * column arrays (a handful of parameters whatever the chunk's size), so a million rows take a few
 * hundred statements. Imported legs are their own roots, so their chain columns — and their next
 * contact, computed beforehand — are written with them: no second pass over a million rows.
 */
export function createImportRepo() {
  return {
    /** The stored chain roots of these customers (to place the imported contacts among them). */
    async rootsOfCustomers(db: DbOrTx, customerIds: readonly string[]): Promise<StoredRoot[]> {
      const out: StoredRoot[] = [];
      for (let i = 0; i < customerIds.length; i += 50_000) {
        const r = await db.execute<{
          id: string;
          customer_id: string;
          root_entered_at: Date;
          next_contact_at: Date | null;
        }>(
          sql`select id, customer_id, root_entered_at, next_contact_at from reporting_contacts
              where is_root and customer_id = any(${sql.param(customerIds.slice(i, i + 50_000))}::text[])`,
        );
        for (const x of r.rows) {
          out.push({
            id: x.id,
            customerId: x.customer_id,
            rootEnteredAt: new Date(x.root_entered_at),
            nextContactAt: x.next_contact_at ? new Date(x.next_contact_at) : null,
          });
        }
      }
      return out;
    },

    /** A stored chain's next contact moved (an imported contact came between): on every leg of the chain. */
    async setNextContacts(db: DbOrTx, updates: ReadonlyArray<{ rootId: string; next: Date | null }>): Promise<void> {
      for (let i = 0; i < updates.length; i += 5000) {
        const part = updates.slice(i, i + 5000);
        await db.execute(sql`
          update reporting_contacts c set next_contact_at = u.next
          from unnest(${sql.param(part.map((u) => u.rootId))}::uuid[],
                      ${sql.param(part.map((u) => iso(u.next)))}::timestamptz[]) as u(id, next)
          where c.root_id = u.id and c.next_contact_at is distinct from u.next`);
      }
    },

    /**
     * Inserts or updates legs; a row whose every column is already as imported is left untouched
     * (a repeated import changes nothing). Returns how many were new and how many changed.
     */
    async upsertLegs(db: DbOrTx, rows: readonly ImportedLeg[], now: Date): Promise<ChunkCounts> {
      if (rows.length === 0) return { created: 0, updated: 0 };
      // One parameter per column: drizzle would spread a bare array into a list.
      const col = <T>(f: (l: Leg, r: ImportedLeg) => T) => sql.param(rows.map((r) => f(r.leg, r)));
      const r = await db.execute<{ inserted: boolean }>(sql`
        insert into reporting_contacts as c (id, root_id, parent_id, is_root, source, external_id, channel, queue_id,
          agent_id, customer_id, call_id, ivr_flow_id, request_type, disposition, entered_at, root_entered_at,
          answered_at, ended_at, completed_at, wait_ms, outcome, handled, talk_ms, hold_ms, wrap_ms, rona,
          transferred, chain_outcome, chain_wait_ms, chain_request_type, next_contact_at, updated_at)
        select u.id, u.id, null, true, 'import', u.external_id, u.channel, u.queue_id, u.agent_id, u.customer_id,
          null, null, u.request_type, u.disposition, u.entered_at, u.entered_at, u.answered_at, u.ended_at,
          u.completed_at, u.wait_ms, u.outcome, u.handled, u.talk_ms, u.hold_ms, u.wrap_ms, 0, false,
          u.outcome, u.wait_ms, u.request_type, u.next_contact_at, ${now}
        from unnest(
          ${col((l) => l.id)}::uuid[], ${col((_, x) => x.externalId)}::text[], ${col((l) => l.channel)}::text[],
          ${col((l) => l.queueId)}::uuid[], ${col((l) => l.agentId)}::uuid[], ${col((l) => l.customerId)}::text[],
          ${col((l) => l.requestType)}::text[], ${col((l) => l.disposition)}::text[],
          ${col((l) => iso(l.enteredAt))}::timestamptz[], ${col((l) => iso(l.answeredAt))}::timestamptz[],
          ${col((l) => iso(l.endedAt))}::timestamptz[], ${col((l) => iso(l.completedAt))}::timestamptz[],
          ${col((l) => l.waitMs)}::int[], ${col((l) => l.outcome)}::text[], ${col((l) => l.handled)}::boolean[],
          ${col((l) => l.talkMs)}::int[], ${col((l) => l.holdMs)}::int[], ${col((l) => l.wrapMs)}::int[],
          ${col((_, x) => iso(x.nextContactAt))}::timestamptz[]
        ) as u(id, external_id, channel, queue_id, agent_id, customer_id, request_type, disposition, entered_at,
          answered_at, ended_at, completed_at, wait_ms, outcome, handled, talk_ms, hold_ms, wrap_ms, next_contact_at)
        on conflict (id) do update set
          root_id = excluded.root_id, parent_id = null, is_root = true, source = 'import',
          external_id = excluded.external_id, channel = excluded.channel, queue_id = excluded.queue_id,
          agent_id = excluded.agent_id, customer_id = excluded.customer_id, request_type = excluded.request_type,
          disposition = excluded.disposition, entered_at = excluded.entered_at,
          root_entered_at = excluded.root_entered_at, answered_at = excluded.answered_at,
          ended_at = excluded.ended_at, completed_at = excluded.completed_at, wait_ms = excluded.wait_ms,
          outcome = excluded.outcome, handled = excluded.handled, talk_ms = excluded.talk_ms,
          hold_ms = excluded.hold_ms, wrap_ms = excluded.wrap_ms, chain_outcome = excluded.chain_outcome,
          chain_wait_ms = excluded.chain_wait_ms, chain_request_type = excluded.chain_request_type,
          next_contact_at = excluded.next_contact_at, updated_at = excluded.updated_at
        where (c.source, c.external_id, c.channel, c.queue_id, c.agent_id, c.customer_id, c.request_type,
            c.disposition, c.entered_at, c.answered_at, c.ended_at, c.completed_at, c.wait_ms, c.outcome,
            c.handled, c.talk_ms, c.hold_ms, c.wrap_ms, c.chain_outcome, c.chain_wait_ms, c.chain_request_type,
            c.next_contact_at)
          is distinct from
          ('import', excluded.external_id, excluded.channel, excluded.queue_id, excluded.agent_id,
            excluded.customer_id, excluded.request_type, excluded.disposition, excluded.entered_at,
            excluded.answered_at, excluded.ended_at, excluded.completed_at, excluded.wait_ms, excluded.outcome,
            excluded.handled, excluded.talk_ms, excluded.hold_ms, excluded.wrap_ms, excluded.chain_outcome,
            excluded.chain_wait_ms, excluded.chain_request_type, excluded.next_contact_at)
        returning (xmax = 0) as inserted`);
      const created = r.rows.filter((x) => x.inserted).length;
      return { created, updated: r.rows.length - created };
    },

    /** The survey scores of imported legs (`import:<externalId>`), counted in their contact's interval. */
    /** When the legs of these chains entered (their own queue and the chain's root). */
    async legTimesOfRoots(db: DbOrTx, rootIds: readonly string[]): Promise<Date[]> {
      if (rootIds.length === 0) return [];
      const out: Date[] = [];
      for (let i = 0; i < rootIds.length; i += 5000) {
        const r = await db.execute<{ e: Date; r: Date }>(sql`
          select entered_at as e, root_entered_at as r from reporting_contacts
          where root_id = any(${`{${rootIds.slice(i, i + 5000).join(',')}}`}::uuid[])`);
        for (const x of r.rows) out.push(new Date(x.e), new Date(x.r));
      }
      return out;
    },
    async upsertAnswers(db: DbOrTx, rows: readonly ImportedLeg[]): Promise<void> {
      const scored = rows.filter((r) => r.csat !== null || r.nps !== null || r.ces !== null);
      if (scored.length === 0) return;
      const col = <T>(f: (r: ImportedLeg) => T) => sql.param(scored.map(f));
      await db.execute(sql`
        insert into reporting_survey_answers as a (id, contact_id, queue_id, agent_id, channel, request_type, at,
          answered_at, csat, nps, ces)
        select 'import:' || u.external_id, u.contact_id, u.queue_id, u.agent_id, u.channel, u.request_type, u.at,
          u.answered_at, u.csat, u.nps, u.ces
        from unnest(
          ${col((r) => r.externalId)}::text[], ${col((r) => r.leg.id)}::uuid[], ${col((r) => r.leg.queueId)}::uuid[],
          ${col((r) => r.leg.agentId)}::uuid[], ${col((r) => r.leg.channel)}::text[],
          ${col((r) => r.leg.requestType)}::text[], ${col((r) => iso(r.leg.enteredAt))}::timestamptz[],
          ${col((r) => iso(r.leg.completedAt ?? r.leg.endedAt))}::timestamptz[], ${col((r) => r.csat)}::smallint[],
          ${col((r) => r.nps)}::smallint[], ${col((r) => r.ces)}::smallint[]
        ) as u(external_id, contact_id, queue_id, agent_id, channel, request_type, at, answered_at, csat, nps, ces)
        on conflict (id) do update set contact_id = excluded.contact_id, queue_id = excluded.queue_id,
          agent_id = excluded.agent_id, channel = excluded.channel, request_type = excluded.request_type,
          at = excluded.at, answered_at = excluded.answered_at, csat = excluded.csat, nps = excluded.nps,
          ces = excluded.ces
        where (a.contact_id, a.queue_id, a.agent_id, a.channel, a.request_type, a.at, a.answered_at, a.csat, a.nps,
            a.ces) is distinct from (excluded.contact_id, excluded.queue_id, excluded.agent_id, excluded.channel,
            excluded.request_type, excluded.at, excluded.answered_at, excluded.csat, excluded.nps, excluded.ces)`);
    },
  };
}
export type ImportRepo = ReturnType<typeof createImportRepo>;
