import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db';
import type { reportingTickets } from './reporting.schema';

export type TicketFactRow = typeof reportingTickets.$inferInsert;

/** A time span the figures are counted in: created and finished inside it, open at its end. */
export type TicketBucket = { key: string; start: Date; end: Date };

/** The counts of one bucket, agent (assignee, else owner) and type. */
export type TicketSums = {
  bucket: string;
  agentId: string;
  type: string;
  created: number;
  finished: number;
  slaMet: number;
  slaMissed: number;
  responseMet: number;
  resolveMet: number;
  open: number;
  overdueOpen: number;
};

/** The only file touching reporting_tickets. */
export function createTicketFactsRepo() {
  return {
    /**
     * Writes orders as their latest event saw them; an older snapshot arriving late changes nothing.
     * The close instant is kept from the first snapshot that saw the order closed.
     */
    async upsert(db: DbOrTx, rows: readonly TicketFactRow[]): Promise<void> {
      if (rows.length === 0) return;
      await db.execute(sql`
        insert into reporting_tickets (id, number, type, priority, channel, status, owner_user_id, assignee_user_id,
          group_id, created_at, responded_at, resolved_at, stopped_at, closed_at, response_due_at, resolve_due_at,
          sla_state, breached_at, updated_at)
        values ${sql.join(
          rows.map(
            (r) => sql`(${r.id}::uuid, ${r.number}, ${r.type}, ${r.priority}, ${r.channel}, ${r.status},
              ${r.ownerUserId}::uuid, ${r.assigneeUserId ?? null}::uuid, ${r.groupId ?? null}::uuid, ${r.createdAt},
              ${r.respondedAt ?? null}::timestamptz, ${r.resolvedAt ?? null}::timestamptz, ${r.stoppedAt ?? null}::timestamptz,
              ${r.closedAt ?? null}::timestamptz, ${r.responseDueAt ?? null}::timestamptz, ${r.resolveDueAt ?? null}::timestamptz,
              ${r.slaState}, ${r.breachedAt ?? null}::timestamptz, ${r.updatedAt})`,
          ),
          sql`, `,
        )}
        on conflict (id) do update set
          number = excluded.number, type = excluded.type, priority = excluded.priority, channel = excluded.channel,
          status = excluded.status, owner_user_id = excluded.owner_user_id, assignee_user_id = excluded.assignee_user_id,
          group_id = excluded.group_id, created_at = excluded.created_at, responded_at = excluded.responded_at,
          resolved_at = excluded.resolved_at, stopped_at = excluded.stopped_at,
          closed_at = case when excluded.status = 'closed'
            then coalesce(case when reporting_tickets.status = 'closed' then reporting_tickets.closed_at end, excluded.closed_at)
            end,
          response_due_at = excluded.response_due_at, resolve_due_at = excluded.resolve_due_at,
          sla_state = excluded.sla_state,
          breached_at = coalesce(excluded.breached_at, case when excluded.sla_state in ('breached', 'missed') then reporting_tickets.breached_at end),
          updated_at = excluded.updated_at
        where excluded.updated_at >= reporting_tickets.updated_at`);
    },
    /** The escalation scanner saw a target pass its due time (its event carries the instant). */
    async markBreached(db: DbOrTx, id: string, at: Date): Promise<void> {
      await db.execute(sql`
        update reporting_tickets
        set breached_at = least(coalesce(breached_at, ${at}), ${at}),
            sla_state = case when sla_state in ('met', 'missed') then sla_state else 'breached' end
        where id = ${id}::uuid`);
    },
    async clear(db: DbOrTx): Promise<void> {
      await db.execute(sql`delete from reporting_tickets`);
    },
    /** Counts per bucket, agent and type; overdue is judged at the bucket's end or `now`, the earlier. */
    async sums(db: DbOrTx, buckets: readonly TicketBucket[], now: Date): Promise<TicketSums[]> {
      if (buckets.length === 0) return [];
      const r = await db.execute<Record<string, string>>(sql`
        with b(key, s, e) as (values ${sql.join(
          buckets.map((x) => sql`(${x.key}, ${x.start}::timestamptz, ${x.end}::timestamptz)`),
          sql`, `,
        )}),
        t as (
          select b.key, coalesce(t.assignee_user_id, t.owner_user_id)::text as agent_id, t.type,
            t.created_at >= b.s and t.created_at < b.e as created,
            t.status in ('resolved', 'closed') and t.stopped_at >= b.s and t.stopped_at < b.e as finished,
            t.stopped_at is null or t.stopped_at >= b.e as open,
            least(b.e, ${now}::timestamptz) as judged,
            t.sla_state, t.responded_at, t.stopped_at, t.response_due_at, t.resolve_due_at
          from b join reporting_tickets t on t.created_at < b.e and (t.stopped_at is null or t.stopped_at >= b.s)
        )
        select key, agent_id, type,
          count(*) filter (where created) as created,
          count(*) filter (where finished) as finished,
          count(*) filter (where finished and sla_state = 'met') as sla_met,
          count(*) filter (where finished and sla_state = 'missed') as sla_missed,
          count(*) filter (where finished and sla_state in ('met', 'missed')
            and coalesce(responded_at, stopped_at) <= response_due_at) as response_met,
          count(*) filter (where finished and sla_state in ('met', 'missed') and stopped_at <= resolve_due_at) as resolve_met,
          count(*) filter (where open) as open,
          count(*) filter (where open and (
            (response_due_at < judged and (responded_at is null or responded_at > judged)) or resolve_due_at < judged
          )) as overdue_open
        from t group by key, agent_id, type`);
      return r.rows.map((x) => ({
        bucket: x.key!,
        agentId: x.agent_id!,
        type: x.type!,
        created: Number(x.created),
        finished: Number(x.finished),
        slaMet: Number(x.sla_met),
        slaMissed: Number(x.sla_missed),
        responseMet: Number(x.response_met),
        resolveMet: Number(x.resolve_met),
        open: Number(x.open),
        overdueOpen: Number(x.overdue_open),
      }));
    },
  };
}
export type TicketFactsRepo = ReturnType<typeof createTicketFactsRepo>;
