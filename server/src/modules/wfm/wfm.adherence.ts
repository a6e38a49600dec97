import type { AdherenceReport, LiveAdherence, LiveAdherenceAgent } from '../../../../contracts/wfm-adherence';
import type { Actor } from '../../platform/audit';
import { addDays, localDateTimeText, zonedInstant } from '../../platform/calendar';
import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db';
import type { UsersService } from '../auth';
import type { ReportingServices } from '../reporting';
import type { RoutingService } from '../routing';
import type { TeamsService } from '../teams';
import { type AdherenceShift, type AdherenceTotals, adherenceTotals, liveAdherence } from './domain/adherence';
import { localMinute } from './wfm.schedules';
import type { SchedulesRepo, ShiftRow } from './wfm.schedules.repo';
import type { AgentScope } from './wfm.scope';

const DAY = 86_400_000;

export type AdherenceDeps = {
  db: Database;
  repo: SchedulesRepo;
  clock: Clock;
  timezone: string;
  workload: ReportingServices['reporting']['workload'];
  routing: Pick<RoutingService, 'listAgentRouting'>;
  users: Pick<UsersService, 'profiles'>;
  teams: Pick<TeamsService, 'list'>;
  approverScope: (actor: Actor) => Promise<AgentScope>;
};

/**
 * Adherence (遵从度): published shifts against the reports' agent states (the read model follows the
 * ACD within a second or two), live for the supervisor's view and summed over days for the reports.
 */
export function createAdherence(deps: AdherenceDeps) {
  const { db, repo, clock, timezone } = deps;

  function adherenceShift(r: ShiftRow): AdherenceShift {
    return {
      start: r.startAt.getTime(),
      end: r.endAt.getTime(),
      breaks: r.breaks.map((b) => ({
        kind: b.kind,
        start: localMinute(timezone, r.date, b.start).getTime(),
        end: localMinute(timezone, r.date, b.start + b.minutes).getTime(),
      })),
    };
  }

  /** The agents of the scope (and team), with names and teams. */
  async function people(scope: AgentScope, teamId?: string) {
    const profiles = await deps.users.profiles(db);
    return new Map(
      profiles
        .filter((p) => (scope === 'all' || scope.has(p.id)) && (!teamId || p.teamId === teamId))
        .map((p) => [p.id, p]),
    );
  }

  const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10_000) / 10_000 : null);
  const minutes = (ms: number) => Math.round(ms / 600) / 100;
  function totals(t: AdherenceTotals) {
    return {
      scheduledMinutes: minutes(t.scheduledMs),
      workMinutes: minutes(t.workMs),
      adherentMinutes: minutes(t.adherentMs),
      availableMinutes: minutes(t.availableMs),
      adherence: ratio(t.adherentMs, t.scheduledMs),
      conformance: ratio(t.availableMs, t.workMs),
    };
  }
  const add = (a: AdherenceTotals, b: AdherenceTotals): AdherenceTotals => ({
    scheduledMs: a.scheduledMs + b.scheduledMs,
    workMs: a.workMs + b.workMs,
    adherentMs: a.adherentMs + b.adherentMs,
    availableMs: a.availableMs + b.availableMs,
  });
  const zero = (): AdherenceTotals => ({ scheduledMs: 0, workMs: 0, adherentMs: 0, availableMs: 0 });

  return {
    async live(q: { graceMinutes: number; teamId?: string }, actor: Actor): Promise<LiveAdherence> {
      const scope = await deps.approverScope(actor);
      const now = clock.now();
      const today = localDateTimeText(timezone, now).slice(0, 10);
      const dayStart = zonedInstant(timezone, `${today}T00:00:00`);
      const horizon = { from: dayStart.getTime() - DAY, to: dayStart.getTime() + 2 * DAY };
      const who = await people(scope, q.teamId);
      const routed = new Set((await deps.routing.listAgentRouting()).map((a) => a.userId));
      const candidates = [...who.keys()].filter((id) => routed.has(id));
      const shifts = await repo.publishedShifts(db, {
        from: new Date(horizon.from),
        to: new Date(horizon.to),
        agentIds: candidates,
        activeOnly: true,
      });
      const spans = await deps.workload.agentStates({
        agentIds: candidates,
        from: new Date(horizon.from),
        to: now,
        now,
      });
      const last = new Map(spans.filter((s) => s.open).map((s) => [s.agentId, s]));
      const byAgent = new Map<string, ShiftRow[]>();
      for (const s of shifts) byAgent.set(s.agentId, [...(byAgent.get(s.agentId) ?? []), s]);
      const agents: LiveAdherenceAgent[] = [];
      for (const id of candidates) {
        const mine = byAgent.get(id) ?? [];
        const state = last.get(id);
        const scheduledToday = mine.some((s) => s.date === today);
        if (!scheduledToday && (!state || state.state === 'logged_out')) continue;
        const live = liveAdherence(
          mine.map(adherenceShift),
          { state: state?.state ?? 'logged_out', since: state?.from.getTime() ?? horizon.from },
          now.getTime(),
          q.graceMinutes * 60_000,
          horizon,
        );
        const p = who.get(id)!;
        const iso = (ms: number | undefined | null) =>
          ms === undefined || ms === null ? null : new Date(ms).toISOString();
        const offBounds = live.activity?.kind === 'off';
        agents.push({
          agentId: id,
          agentName: p.displayName,
          teamId: p.teamId,
          activity: live.activity?.kind ?? 'off',
          // The bounds of an `off` stretch are the horizon's edges where no shift bounds it: not shown.
          activityFrom: offBounds && live.activity!.from === horizon.from ? null : iso(live.activity?.from),
          activityTo: offBounds && live.activity!.to === horizon.to ? null : iso(live.activity?.to),
          state: state?.state ?? 'logged_out',
          reason: state?.reason ?? null,
          stateSince: iso(state?.from.getTime()),
          inAdherence: live.inAdherence,
          outSince: iso(live.outSince),
          flagged: live.flagged,
        });
      }
      agents.sort(
        (a, b) =>
          Number(b.flagged) - Number(a.flagged) ||
          Number(a.inAdherence) - Number(b.inAdherence) ||
          a.agentName.localeCompare(b.agentName, 'zh-CN'),
      );
      const working = agents.filter((a) => a.activity !== 'off');
      return {
        at: now.toISOString(),
        graceMinutes: q.graceMinutes,
        agents,
        summary: {
          scheduledNow: working.length,
          inAdherence: working.filter((a) => a.inAdherence).length,
          flagged: agents.filter((a) => a.flagged).length,
        },
      };
    },

    /** Per agent and team over local days [from, to]; time after now is not counted yet. */
    async report(q: { from: string; to: string; teamId?: string }, actor: Actor): Promise<AdherenceReport> {
      const scope = await deps.approverScope(actor);
      const now = clock.now();
      const from = zonedInstant(timezone, `${q.from}T00:00:00`);
      const until = zonedInstant(timezone, `${addDays(q.to, 1)}T00:00:00`);
      const end = new Date(Math.min(until.getTime(), now.getTime()));
      const who = await people(scope, q.teamId);
      const shifts = (
        await repo.publishedShifts(db, { from: new Date(from.getTime() - DAY), to: until, activeOnly: true })
      ).filter((s) => who.has(s.agentId) && s.endAt > from);
      const agentIds = [...new Set(shifts.map((s) => s.agentId))];
      const spans = await deps.workload.agentStates({ agentIds, from, to: end, now });
      const teamNames = new Map((await deps.teams.list()).map((t) => [t.id, t.name]));
      const perTeam = new Map<string | null, AdherenceTotals>();
      let total = zero();
      const agents = agentIds.map((id) => {
        const t = adherenceTotals(
          shifts.filter((s) => s.agentId === id).map(adherenceShift),
          spans
            .filter((s) => s.agentId === id)
            .map((s) => ({ from: s.from.getTime(), to: s.to.getTime(), state: s.state })),
          from.getTime(),
          Math.max(from.getTime(), end.getTime()),
        );
        const p = who.get(id)!;
        perTeam.set(p.teamId, add(perTeam.get(p.teamId) ?? zero(), t));
        total = add(total, t);
        return { agentId: id, agentName: p.displayName, teamId: p.teamId, ...totals(t) };
      });
      agents.sort((a, b) => a.agentName.localeCompare(b.agentName, 'zh-CN'));
      return {
        from: q.from,
        to: q.to,
        agents,
        teams: [...perTeam].map(([teamId, t]) => ({
          teamId,
          teamName: teamId ? (teamNames.get(teamId) ?? null) : null,
          ...totals(t),
        })),
        total: totals(total),
      };
    },
  };
}
export type AdherenceService = ReturnType<typeof createAdherence>;
