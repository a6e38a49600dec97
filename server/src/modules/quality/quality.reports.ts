import { type SQL, sql } from 'drizzle-orm';
import type {
  FindingsQuery,
  FoundContact,
  GapRow,
  QualityReport,
  QualityReportQuery,
  QualityReportRow,
} from '../../../../contracts/quality';
import type { Actor } from '../../platform/audit';
import type { Database } from '../../platform/db';
import type { UsersService } from '../auth';
import type { QualityScope, ScopeOf } from './quality.scope';

/**
 * Quality reports (docs/quality.md): scores of submitted evaluations (the latest revision: an
 * appeal's change counts) by agent, team, queue, evaluator or period, with fatal failures and appeal
 * outcomes; and the gap analysis of which items fail most. Calibration practice is left out. One
 * grouped statement over quality_evaluations each (bench:quality: 100,000 evaluations).
 */
export function createQualityReports(deps: {
  db: Database;
  scopeOf: ScopeOf;
  timezone: string;
  users: Pick<UsersService, 'profiles' | 'displayNames'>;
}) {
  const { db } = deps;

  function scopeSql(scope: QualityScope) {
    if (scope.kind === 'all') return sql``;
    if (scope.kind === 'own' || scope.teamIds.length === 0) return sql`and e.agent_id = ${scope.userId}`;
    return sql`and (e.agent_id = ${scope.userId} or e.team_id = any(${sql.param(scope.teamIds)}::uuid[]))`;
  }

  function filters(q: QualityReportQuery, scope: QualityScope) {
    return sql`e.submitted_at is not null and e.calibration_id is null
      and e.contact_at >= ${new Date(q.from)} and e.contact_at < ${new Date(q.to)}
      ${q.agentId ? sql`and e.agent_id = ${q.agentId}` : sql``}
      ${q.teamId ? sql`and e.team_id = ${q.teamId}` : sql``}
      ${q.queueId ? sql`and e.queue_id = ${q.queueId}` : sql``}
      ${scopeSql(scope)}`;
  }

  /**
   * A report's statement without JIT: the row estimates of 100,000 evaluations trigger it, and its
   * compilation (about a second) costs more than the query itself.
   */
  const noJit = (query: SQL) =>
    db.transaction(async (tx) => {
      await tx.execute(sql`set local jit = off`);
      return tx.execute(query);
    });

  const tz = deps.timezone;
  const keyOf = (g: QualityReportQuery['groupBy']) => {
    switch (g) {
      case 'agent':
        return sql`e.agent_id::text`;
      case 'team':
        return sql`coalesce(e.team_id::text, '')`;
      case 'queue':
        return sql`coalesce(e.queue_id::text, '')`;
      case 'evaluator':
        return sql`e.evaluator_id::text`;
      case 'day':
        return sql`to_char(e.contact_at at time zone ${tz}, 'YYYY-MM-DD')`;
      case 'week':
        return sql`to_char(date_trunc('week', e.contact_at at time zone ${tz}), 'YYYY-MM-DD')`;
      case 'month':
        return sql`to_char(e.contact_at at time zone ${tz}, 'YYYY-MM')`;
    }
  };

  const toRow = (r: Record<string, unknown>): QualityReportRow => ({
    key: String(r.key ?? ''),
    evaluations: Number(r.evaluations),
    meanScore: r.mean === null ? null : Math.round(Number(r.mean) * 100) / 100,
    minScore: r.min === null ? null : Number(r.min),
    maxScore: r.max === null ? null : Number(r.max),
    fatal: Number(r.fatal),
    appeals: Number(r.appeals),
    appealsChanged: Number(r.changed),
  });

  return {
    async report(q: QualityReportQuery, actor: Actor): Promise<QualityReport> {
      const scope = await deps.scopeOf(actor);
      // Only the columns the figures need (not the answers), appeals counted once per evaluation.
      const rows = await noJit(sql`
        with a as (
          select evaluation_id, count(*) as appeals, count(*) filter (where status = 'changed') as changed
            from quality_appeals group by evaluation_id
        ),
        e as (
          select ${keyOf(q.groupBy)} as key, e.score, (e.breakdown->>'fatal')::boolean as fatal,
                 coalesce(a.appeals, 0) as appeals, coalesce(a.changed, 0) as changed
            from quality_evaluations e
            left join a on a.evaluation_id = e.id
           where ${filters(q, scope)}
        )
        select grouping(key) as total, key, count(*)::int as evaluations, avg(score)::float8 as mean,
               min(score)::float8 as min, max(score)::float8 as max,
               count(*) filter (where fatal)::int as fatal,
               sum(appeals)::int as appeals, sum(changed)::int as changed
          from e
         group by grouping sets ((key), ())
         order by grouping(key), key`);
      const all = rows.rows as Array<Record<string, unknown>>;
      const total = all.find((r) => Number(r.total) === 1);
      return {
        rows: all.filter((r) => Number(r.total) === 0).map(toRow),
        total: total
          ? { ...toRow(total), key: '' }
          : {
              key: '',
              evaluations: 0,
              meanScore: null,
              minScore: null,
              maxScore: null,
              fatal: 0,
              appeals: 0,
              appealsChanged: 0,
            },
      };
    },

    /** Items by how often they fail (every scorecard version's labels by item key, the newest winning). */
    async gaps(
      q: Omit<QualityReportQuery, 'groupBy'> & { groupBy?: QualityReportQuery['groupBy'] },
      actor: Actor,
    ): Promise<GapRow[]> {
      const scope = await deps.scopeOf(actor);
      // Linear in the evaluations: items come from each scorecard version once (not per evaluation),
      // failed items are counted by unnesting each evaluation's own small list.
      const rows = await noJit(sql`
        with e as (
          select e.scorecard_id, e.scorecard_version, e.answers, e.breakdown
            from quality_evaluations e
           where ${filters({ ...q, groupBy: 'agent' }, scope)}
        ),
        per_version as (
          select scorecard_id, scorecard_version, count(*) as n from e group by 1, 2
        ),
        items as (
          select pv.scorecard_id, pv.scorecard_version, pv.n, item->>'key' as item, item->>'label' as label,
                 item->>'kind' as kind, coalesce((item->>'allowNa')::boolean, false) as allow_na
            from per_version pv
            join quality_scorecard_versions v on v.scorecard_id = pv.scorecard_id and v.version = pv.scorecard_version
            cross join lateral jsonb_array_elements(v.content->'sections') s
            cross join lateral jsonb_array_elements(s->'items') item
        ),
        -- N/A answers of the items that allow them (a few per scorecard): one key looked up per
        -- evaluation and such item, not every answer of every evaluation unnested.
        na as (
          select i.scorecard_id, i.scorecard_version, i.item, count(*) as n
            from items i
            join e on e.scorecard_id = i.scorecard_id and e.scorecard_version = i.scorecard_version
           where i.allow_na and e.answers->>i.item = 'na'
           group by 1, 2, 3
        ),
        failed as (
          select scorecard_id, f as item, count(*) as n
            from e cross join lateral jsonb_array_elements_text(e.breakdown->'failedItems') f
           group by 1, 2
        )
        select i.scorecard_id, i.item,
               (array_agg(i.label order by i.scorecard_version desc))[1] as label,
               (array_agg(i.kind order by i.scorecard_version desc))[1] as kind,
               sum(i.n - coalesce(na.n, 0))::int as evaluated,
               max(f.n)::int as failed
          from items i
          left join na on na.scorecard_id = i.scorecard_id and na.scorecard_version = i.scorecard_version and na.item = i.item
          join failed f on f.scorecard_id = i.scorecard_id and f.item = i.item
         group by i.scorecard_id, i.item
         order by max(f.n)::float8 / nullif(sum(i.n - coalesce(na.n, 0)), 0) desc nulls last, max(f.n) desc, i.item`);
      return (rows.rows as Array<Record<string, unknown>>).map((r) => ({
        scorecardId: String(r.scorecard_id),
        item: String(r.item),
        label: String(r.label),
        kind: r.kind as GapRow['kind'],
        evaluated: Number(r.evaluated),
        failed: Number(r.failed),
        failRate: Math.round((Number(r.failed) / Number(r.evaluated)) * 10_000) / 10_000,
      }));
    },

    /** Contacts the automatic checks found something on, newest first (team leads: their teams'). */
    async findings(q: FindingsQuery, actor: Actor) {
      const scope = await deps.scopeOf(actor);
      let agents: string[] | undefined;
      if (scope.kind === 'own') agents = [scope.userId];
      if (scope.kind === 'teams') {
        agents = [
          scope.userId,
          ...(await deps.users.profiles(db))
            .filter((p) => p.teamId && scope.teamIds.includes(p.teamId))
            .map((p) => p.id),
        ];
      }
      const where = sql`f.connected_at >= ${new Date(q.from)} and f.connected_at < ${new Date(q.to)}
        ${q.kind ? sql`and f.kind = ${q.kind}` : sql``}
        ${q.rule ? sql`and f.rule = ${q.rule}` : sql``}
        ${q.agentId ? sql`and f.agent_id = ${q.agentId}` : sql``}
        ${agents ? sql`and f.agent_id = any(${sql.param(agents)}::uuid[])` : sql``}`;
      const total = await db.execute<{ n: number }>(
        sql`select count(*)::int as n from quality_findings f where ${where}`,
      );
      const rows = await db.execute<Record<string, unknown>>(sql`
        select f.* from quality_findings f where ${where}
         order by f.connected_at desc, f.id desc
         limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`);
      const names = await deps.users.displayNames(db, [...new Set(rows.rows.map((r) => String(r.agent_id)))]);
      const items: FoundContact[] = rows.rows.map((r) => ({
        contactId: String(r.contact_id),
        agentId: String(r.agent_id),
        agentName: names.get(String(r.agent_id)) ?? '',
        connectedAt: new Date(r.connected_at as string).toISOString(),
        rule: String(r.rule),
        kind: r.kind as FoundContact['kind'],
        ...(r.speaker ? { speaker: r.speaker as 'agent' | 'customer' } : {}),
        ...(r.text !== null ? { text: String(r.text) } : {}),
        ...(r.at_ms !== null ? { atMs: Number(r.at_ms) } : {}),
        ...(r.duration_ms !== null ? { durationMs: Number(r.duration_ms) } : {}),
      }));
      return { items, total: Number(total.rows[0]?.n ?? 0), page: q.page, pageSize: q.pageSize };
    },
  };
}
export type QualityReports = ReturnType<typeof createQualityReports>;
