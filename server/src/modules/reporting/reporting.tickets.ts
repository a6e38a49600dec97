import type {
  TicketSlaFigures,
  TicketSlaQuery,
  TicketSlaReport,
  TicketSlaRow,
} from '../../../../contracts/report-tickets';
import { isoWithOffset, zonedInstant } from '../../platform/calendar';
import type { Clock } from '../../platform/clock';
import type { Database, DbOrTx } from '../../platform/db';
import type { TicketSnapshot } from '../tickets';
import { rangeInvalid, rangeTooLarge } from './reporting.errors';
import type { ExportLanguage } from './reporting.export';
import type { ReportingRepo } from './reporting.repo';
import type { TicketBucket, TicketFactRow, TicketFactsRepo, TicketSums } from './reporting.tickets.repo';

/** One report holds at most this many days (a year and a month). */
export const MAX_TICKET_DAYS = 400;

const TYPE_NAMES: Record<ExportLanguage, Record<string, string>> = {
  'zh-CN': {
    inquiry: '咨询',
    query: '查询',
    service_request: '办理',
    fault: '故障',
    complaint: '投诉',
    suggestion: '建议',
    praise: '表扬',
  },
  'en-US': {
    inquiry: 'Inquiry',
    query: 'Query',
    service_request: 'Service request',
    fault: 'Fault report',
    complaint: 'Complaint',
    suggestion: 'Suggestion',
    praise: 'Praise',
  },
};

const date = (s: string | null) => (s ? new Date(s) : null);

/** An order's row in the read model, from any ticket event's snapshot. */
export function ticketFact(s: TicketSnapshot): TicketFactRow {
  const t = s.times;
  return {
    id: s.ticketId,
    number: s.number,
    type: s.type,
    priority: s.priority,
    channel: s.channel,
    status: s.status,
    ownerUserId: s.ownerUserId,
    assigneeUserId: s.assigneeUserId,
    groupId: s.assigneeGroupId,
    createdAt: new Date(t.createdAt),
    respondedAt: date(t.respondedAt),
    resolvedAt: date(t.resolvedAt),
    stoppedAt: date(t.stoppedAt),
    // The snapshot of the move to closed is taken at the move: its updatedAt is the close.
    closedAt: s.status === 'closed' ? new Date(t.updatedAt) : null,
    responseDueAt: date(t.responseDueAt),
    resolveDueAt: date(t.resolveDueAt),
    slaState: t.slaState,
    breachedAt: date(t.breachedAt),
    updatedAt: new Date(t.updatedAt),
  };
}

type Sums = Omit<TicketSums, 'bucket' | 'agentId' | 'type'>;
const empty = (): Sums => ({
  created: 0,
  finished: 0,
  slaMet: 0,
  slaMissed: 0,
  responseMet: 0,
  resolveMet: 0,
  open: 0,
  overdueOpen: 0,
});
function add(a: Sums, b: Sums): Sums {
  for (const k of Object.keys(a) as Array<keyof Sums>) a[k] += b[k];
  return a;
}

/** The report's figures of summed counts; a share without orders to judge is null, never 0. */
export function ticketFigures(s: Sums): TicketSlaFigures {
  const judged = s.slaMet + s.slaMissed;
  const share = (n: number) => (judged === 0 ? null : n / judged);
  return {
    created: s.created,
    finished: s.finished,
    slaMet: s.slaMet,
    slaMissed: s.slaMissed,
    slaMetShare: share(s.slaMet),
    responseMetShare: share(s.responseMet),
    resolveMetShare: share(s.resolveMet),
    open: s.open,
    overdueOpen: s.overdueOpen,
  };
}

/** Local days from `from` to `to`, each clipped to the range. */
function dayBuckets(tz: string, from: Date, to: Date): TicketBucket[] {
  const out: TicketBucket[] = [];
  let day = isoWithOffset(tz, from).slice(0, 10);
  for (;;) {
    const start = zonedInstant(tz, day);
    const [y, m, d] = day.split('-').map(Number);
    const next = new Date(Date.UTC(y!, m! - 1, d! + 1)).toISOString().slice(0, 10);
    const end = zonedInstant(tz, next);
    if (start.getTime() >= to.getTime()) break;
    out.push({
      key: day,
      start: start < from ? from : start,
      end: end > to ? to : end,
    });
    day = next;
    if (out.length > MAX_TICKET_DAYS) throw rangeTooLarge(out.length, MAX_TICKET_DAYS);
  }
  return out;
}

/**
 * Work-order SLA performance from reporting's own copy of the orders. An order belongs to its
 * agent (the assignee, else the owner, 首问负责制) and that agent's team.
 */
export function createTicketReports(deps: {
  db: Database;
  facts: TicketFactsRepo;
  repo: ReportingRepo;
  clock: Clock;
  timezone: string;
  teams: { list(): Promise<Array<{ id: string; name: string }>> };
}) {
  const { db, facts } = deps;
  return {
    /** Writes the orders of these snapshots (events in any order: the newest wins). */
    async project(snapshots: readonly TicketSnapshot[], tx: DbOrTx = db): Promise<void> {
      await facts.upsert(tx, snapshots.map(ticketFact));
    },
    async clear(tx: DbOrTx): Promise<void> {
      await facts.clear(tx);
    },
    async breached(ticketId: string, at: Date, tx: DbOrTx = db): Promise<void> {
      await facts.markBreached(tx, ticketId, at);
    },

    async report(q: TicketSlaQuery): Promise<TicketSlaReport> {
      const tz = q.tz ?? deps.timezone;
      const lang = q.lang ?? 'zh-CN';
      const from = zonedInstant(tz, q.from);
      const to = zonedInstant(tz, q.to);
      if (!(from.getTime() < to.getTime())) throw rangeInvalid();
      const buckets = q.groupBy === 'day' ? dayBuckets(tz, from, to) : [{ key: 'all', start: from, end: to }];
      const [sums, agents] = await Promise.all([facts.sums(db, buckets, deps.clock.now()), deps.repo.agents(db)]);
      const agentOf = new Map(agents.map((a) => [a.id, a]));
      const keyOf = (s: TicketSums): string | null => {
        switch (q.groupBy) {
          case 'agent':
            return s.agentId;
          case 'team':
            return agentOf.get(s.agentId)?.teamId ?? null;
          case 'type':
            return s.type;
          case 'day':
            return s.bucket;
        }
      };
      const grouped = new Map<string | null, Sums>();
      if (q.groupBy === 'day') for (const b of buckets) grouped.set(b.key, empty());
      const total = empty();
      for (const s of sums) {
        const k = keyOf(s);
        grouped.set(k, add(grouped.get(k) ?? empty(), s));
      }
      // The total is the range's, whatever the grouping: open orders at the end of the range.
      const whole =
        q.groupBy === 'day' ? await facts.sums(db, [{ key: 'all', start: from, end: to }], deps.clock.now()) : sums;
      for (const s of whole) add(total, s);

      const teamNames =
        q.groupBy === 'team' ? new Map((await deps.teams.list()).map((t) => [t.id, t.name])) : undefined;
      const nameOf = (k: string | null): string | null => {
        if (k === null) return null;
        if (q.groupBy === 'agent') return agentOf.get(k)?.displayName ?? k;
        if (q.groupBy === 'team') return teamNames?.get(k) ?? k;
        if (q.groupBy === 'type') return TYPE_NAMES[lang][k] ?? k;
        return k;
      };
      const rows: TicketSlaRow[] = [...grouped].map(([key, s]) => ({ key, name: nameOf(key), ...ticketFigures(s) }));
      rows.sort((a, b) =>
        q.groupBy === 'day'
          ? String(a.key).localeCompare(String(b.key))
          : String(a.name ?? '\uffff').localeCompare(String(b.name ?? '\uffff'), 'zh-CN'),
      );
      return {
        from: isoWithOffset(tz, from),
        to: isoWithOffset(tz, to),
        tz,
        groupBy: q.groupBy,
        rows,
        total: ticketFigures(total),
      };
    },
  };
}
export type TicketReports = ReturnType<typeof createTicketReports>;
