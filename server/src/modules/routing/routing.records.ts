import { sql } from 'drizzle-orm';
import type { RoutingContext } from './routing.context';

/**
 * A contact as the reports read it (the reporting module's read model and its full rebuild): what
 * happened and when, nothing masked and nothing of the live ACD. Inbound and outbound alike; the
 * reader decides what it counts.
 */
export type ContactRecord = {
  id: string;
  parentId: string | null;
  channel: string;
  direction: string;
  queueId: string;
  state: string;
  agentId: string | null;
  customerId: string | null;
  /** The voice call the contact belongs to (voice sets it); null for other channels. */
  callId: string | null;
  queuedAt: string;
  connectedAt: string | null;
  endedAt: string | null;
  completedAt: string | null;
  requestType: string | null;
  disposition: string | null;
  /** Offers that rang out unanswered (RONA) while the contact waited in this queue. */
  rona: number;
  /** Whose phone each of those offers rang (in order). */
  ronaAgentIds: string[];
};

/** Each agent state change as recorded (the reports' occupancy, utilization and not-ready time). */
export type AgentStateRecord = { id: number; userId: string; at: string; state: string; reason: string | null };

type RecordRow = {
  id: string;
  parent_id: string | null;
  channel: string;
  direction: string;
  queue_id: string;
  state: string;
  agent_id: string | null;
  customer_id: string | null;
  call_id: string | null;
  queued_at: Date;
  connected_at: Date | null;
  ended_at: Date | null;
  completed_at: Date | null;
  request_type: string | null;
  disposition: string | null;
  rona: number;
  rona_agent_ids: string[] | null;
};

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);
const toRecord = (r: RecordRow): ContactRecord => ({
  id: r.id,
  parentId: r.parent_id,
  channel: r.channel,
  direction: r.direction,
  queueId: r.queue_id,
  state: r.state,
  agentId: r.agent_id,
  customerId: r.customer_id,
  callId: r.call_id,
  queuedAt: new Date(r.queued_at).toISOString(),
  connectedAt: iso(r.connected_at),
  endedAt: iso(r.ended_at),
  completedAt: iso(r.completed_at),
  requestType: r.request_type,
  disposition: r.disposition,
  rona: Number(r.rona),
  ronaAgentIds: (r.rona_agent_ids ?? []).filter((x): x is string => !!x),
});

const SELECT = sql`
  select c.id, c.parent_id, c.channel, c.direction, c.queue_id, c.state, c.agent_id,
    c.customer->>'id' as customer_id, c.attributes->>'callId' as call_id,
    c.queued_at, c.connected_at, c.ended_at, c.completed_at,
    c.wrap_up->>'requestType' as request_type, c.wrap_up->>'disposition' as disposition,
    r.rona, r.rona_agent_ids
  from routing_contacts c
  left join lateral (
    select count(*)::int as rona, array_agg(e.agent_id order by e.id) as rona_agent_ids
    from routing_contact_events e
    where e.contact_id = c.id and e.from_state = 'offered' and e.to_state = 'queued' and e.note like 'rona:%'
  ) r on true`;

/** Routing's records for the reports: by id (the live read model) and in pages (the full rebuild). */
export function createRoutingRecords(ctx: RoutingContext) {
  const { db } = ctx.deps;
  return {
    async contactRecords(ids: readonly string[]): Promise<ContactRecord[]> {
      if (ids.length === 0) return [];
      const r = await db.execute<RecordRow>(
        sql`${SELECT} where c.id in (${sql.join(
          ids.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})`,
      );
      return r.rows.map(toRecord);
    },
    /** Every contact in (queued_at, id) order after `after` (exclusive). */
    async contactRecordsPage(after: { queuedAt: string; id: string } | null, limit: number): Promise<ContactRecord[]> {
      const where = after
        ? sql`where (c.queued_at, c.id) > (${after.queuedAt}::timestamptz, ${after.id}::uuid)`
        : sql``;
      const r = await db.execute<RecordRow>(sql`${SELECT} ${where} order by c.queued_at, c.id limit ${limit}`);
      return r.rows.map(toRecord);
    },
    /** Agent state changes in recording order after `afterId` (exclusive). */
    async agentStateRecordsPage(afterId: number, limit: number): Promise<AgentStateRecord[]> {
      const r = await db.execute<{ id: string; user_id: string; at: Date; state: string; reason: string | null }>(
        sql`select id, user_id, at, state, reason from routing_agent_events where id > ${afterId} order by id limit ${limit}`,
      );
      return r.rows.map((e) => ({
        id: Number(e.id),
        userId: e.user_id,
        at: new Date(e.at).toISOString(),
        state: e.state,
        reason: e.reason,
      }));
    },
  };
}
export type RoutingRecords = ReturnType<typeof createRoutingRecords>;
