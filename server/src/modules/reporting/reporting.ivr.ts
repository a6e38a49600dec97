import { sql } from 'drizzle-orm';
import type { IvrReport, IvrReportQuery } from '../../../../contracts/reports';
import { isoWithOffset, zonedInstant } from '../../platform/calendar';
import type { Database, DbOrTx } from '../../platform/db';
import type { IvrFlowFinished } from '../ivr';
import { rangeInvalid } from './reporting.errors';
import { reportingIvrRuns } from './reporting.schema';

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

/**
 * The IVR report: per flow, how runs ended and, per node, how many callers reached it and how many
 * hung up there — where callers drop out of the menus. Fed by `ivr.flow.finished` (one row per call,
 * a redelivered event rewrites the same row).
 */
export function createIvrReports(deps: { db: Database; timezone: string; flowNames(): Promise<Map<string, string>> }) {
  const { db } = deps;
  return {
    /** Runs in delivery order: of one call's runs (a redelivery) the last is kept. */
    async record(list: readonly IvrFlowFinished[], tx: DbOrTx = db): Promise<void> {
      const rows = [
        ...new Map(
          list.map((e) => [
            e.callId,
            {
              callId: e.callId,
              flowId: e.flowId,
              startedAt: new Date(e.startedAt),
              outcome: e.outcome,
              nodes: e.path.map((s) => s.node),
              types: e.path.map((s) => s.type),
            },
          ]),
        ).values(),
      ];
      if (rows.length === 0) return;
      await tx
        .insert(reportingIvrRuns)
        .values(rows)
        .onConflictDoUpdate({
          target: reportingIvrRuns.callId,
          set: {
            flowId: sql`excluded.flow_id`,
            startedAt: sql`excluded.started_at`,
            outcome: sql`excluded.outcome`,
            nodes: sql`excluded.nodes`,
            types: sql`excluded.types`,
          },
        });
    },

    async report(q: IvrReportQuery): Promise<IvrReport> {
      const tz = q.tz ?? deps.timezone;
      const from = zonedInstant(tz, q.from);
      const to = zonedInstant(tz, q.to);
      if (!(from.getTime() < to.getTime())) throw rangeInvalid();
      const flow = q.flow ? sql` and flow_id = ${q.flow}::uuid` : sql``;
      const runs = await db.execute<{ flow_id: string; outcome: string; n: number }>(sql`
        select flow_id, outcome, count(*)::int as n from reporting_ivr_runs
        where started_at >= ${from} and started_at < ${to}${flow}
        group by 1, 2`);
      // Each run counts once per node it passed; it dropped out at its last node when the caller hung up.
      const nodes = await db.execute<{
        flow_id: string;
        node: string;
        type: string;
        reached: number;
        dropped: number;
      }>(sql`
        with r as (
          select call_id, flow_id, outcome, nodes, types from reporting_ivr_runs
          where started_at >= ${from} and started_at < ${to}${flow}
        ),
        passed as (
          select distinct on (r.call_id, u.node) r.flow_id, r.outcome, u.node, u.type,
            u.i = cardinality(r.nodes) as last
          from r cross join lateral unnest(r.nodes, r.types) with ordinality as u(node, type, i)
          order by r.call_id, u.node, u.i desc
        )
        select flow_id, node, min(type) as type, count(*)::int as reached,
          count(*) filter (where last and outcome = 'hung_up')::int as dropped
        from passed group by 1, 2`);
      const names = await deps.flowNames();
      const flows = new Map<string, IvrReport['flows'][number]>();
      const flowOf = (id: string) => {
        let f = flows.get(id);
        if (!f) {
          f = { flowId: id, name: names.get(id) ?? id, runs: 0, outcomes: {}, selfServiceRate: null, nodes: [] };
          flows.set(id, f);
        }
        return f;
      };
      for (const r of runs.rows) {
        const f = flowOf(r.flow_id);
        f.runs += r.n;
        f.outcomes[r.outcome] = r.n;
      }
      for (const f of flows.values()) {
        const inIvr = (f.outcomes.hung_up ?? 0) + (f.outcomes.ended ?? 0);
        f.selfServiceRate = f.runs > 0 ? round4(inIvr / f.runs) : null;
      }
      for (const n of nodes.rows) {
        flowOf(n.flow_id).nodes.push({
          node: n.node,
          type: n.type,
          reached: n.reached,
          droppedOut: n.dropped,
          dropRate: n.reached > 0 ? round4(n.dropped / n.reached) : null,
        });
      }
      for (const f of flows.values()) f.nodes.sort((a, b) => b.droppedOut - a.droppedOut || b.reached - a.reached);
      return {
        from: isoWithOffset(tz, from),
        to: isoWithOffset(tz, to),
        tz,
        flows: [...flows.values()].sort((a, b) => b.runs - a.runs),
      };
    },
  };
}
export type IvrReports = ReturnType<typeof createIvrReports>;
