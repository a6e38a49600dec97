import type { KpiFigures } from '../../../../contracts/reports';
import {
  AGENT_STATES,
  type AgentDay,
  type AgentState,
  type AgentStatus,
  type QueueStats,
  type Wallboard,
} from '../../../../contracts/routing';
import { isOpen } from '../../platform/calendar';
import type { RoutingContext } from './routing.context';
import { queueNotFound } from './routing.errors';
import type { QueueRec } from './routing.runtime';

type ProfileFields = { username: string; displayName: string; teamId: string | null };

/**
 * What supervisors and agents read as figures: each queue now and today (实时监控), the wallboard,
 * an agent's state and day. Read-only: "now" from the runtime's memory, "today" from the database.
 */
export function createRoutingFigures(ctx: RoutingContext) {
  const { deps, rt } = ctx;
  const { db, repo, clock } = deps;

  /**
   * An agent's state now, with who they are: logged out, since null, when the ACD does not know them
   * yet (an administrator who never used the desktop has no time in a state to show).
   */
  function statusOf(userId: string, profile: ProfileFields): AgentStatus {
    const s = rt.status(userId, clock.now().getTime());
    if (!s) {
      return {
        userId,
        ...profile,
        state: 'logged_out',
        reason: null,
        since: null,
        offer: null,
        contacts: [],
        wrapUpUntil: null,
        presence: 'logged_out',
        phoneUnreachableUntil: null,
      };
    }
    return { ...s, username: profile.username, displayName: profile.displayName, teamId: profile.teamId };
  }

  async function queueStats(list: Array<Readonly<QueueRec>>): Promise<QueueStats[]> {
    const now = clock.now();
    const day = rt.dayStart(now);
    // Today's KPIs come from the reports' engine (one implementation); undelivered offers (a phone
    // that could not be reached) are the ACD's own operational count.
    const [rows, figures] = await Promise.all([
      repo.queueDay(db, day, list.map(rt.dayQuery)).then((r) => new Map(r.map((x) => [x.queueId, x]))),
      deps.today?.()?.queuesToday(list.map((q) => q.id)) ?? Promise.resolve(new Map<string, KpiFigures>()),
    ]);
    const t = now.getTime();
    // A queue on a calendar asks it; without one (or should it be gone) its weekly hours decide.
    const byCalendar = await Promise.all(
      list.map((q) => (q.settings.calendarId ? deps.calendars?.isOpen(q.settings.calendarId, now) : undefined)),
    );
    return list.map((q, i) => {
      const r = rows.get(q.id);
      const waiting = rt.waiting(q.id);
      const byState = Object.fromEntries(AGENT_STATES.map((s) => [s, 0])) as Record<AgentState, number>;
      for (const id of rt.membersOf(q.id)) {
        const s = rt.agentNow(id, t);
        if (s) byState[s.state]++;
      }
      const f = figures.get(q.id);
      return {
        queueId: q.id,
        key: q.key,
        name: q.name,
        open: byCalendar[i] ?? isOpen(deps.timezone, now, q.settings.businessHours),
        waiting: waiting.length,
        longestWaitSeconds: waiting.reduce((m, c) => Math.max(m, Math.floor((t - c.enqueuedAt) / 1000)), 0),
        offeredToday: f?.offered ?? 0,
        answeredToday: f?.answered ?? 0,
        answeredInThresholdToday: f?.answeredWithinThreshold ?? 0,
        abandonedToday: f?.abandoned ?? 0,
        shortAbandonedToday: f?.shortAbandoned ?? 0,
        ronaToday: f?.rona ?? 0,
        undeliveredToday: r?.undelivered ?? 0,
        serviceLevelToday: f?.serviceLevel ?? null,
        abandonRateToday: f?.abandonRate ?? null,
        ahtSeconds: f?.ahtSeconds ?? null,
        estimatedWaitSeconds: rt.estimatedWait(q, waiting.length + 1),
        agentsByState: byState,
        serviceLevelPercent: q.settings.serviceLevelPercent,
        serviceLevelSeconds: q.settings.serviceLevelSeconds,
        thresholds: q.settings.thresholds,
      };
    });
  }

  /** The agent's day so far: handled contacts, handle time, time ready and not ready. */
  async function agentDay(userId: string): Promise<AgentDay> {
    const now = clock.now();
    const day = rt.dayStart(now);
    const handled = (await repo.handledSince(db, day, userId)).get(userId);
    const events = await repo.agentEventsSince(db, userId, day);
    let ready = 0;
    let notReady = 0;
    events.forEach((ev, i) => {
      const from = Math.max(ev.at.getTime(), day.getTime());
      const to = (events[i + 1]?.at ?? now).getTime();
      if (to <= from) return;
      if (ev.state === 'ready') ready += to - from;
      if (ev.state === 'not_ready') notReady += to - from;
    });
    return {
      handled: handled?.handled ?? 0,
      ahtSeconds: handled && handled.handled > 0 ? Math.round(handled.seconds / handled.handled) : null,
      readySeconds: Math.round(ready / 1000),
      notReadySeconds: Math.round(notReady / 1000),
    };
  }

  const service = {
    async stats(ref: string): Promise<QueueStats> {
      const q = rt.queueByRef(ref);
      if (!q) throw queueNotFound(ref);
      return (await queueStats([q]))[0]!;
    },
    async wallboard(): Promise<Wallboard> {
      const list = rt.queueList();
      const profiles = await deps.users.profiles(db, rt.agentIds());
      return {
        at: clock.now().toISOString(),
        queues: await queueStats(list),
        agents: profiles.filter((p) => !p.disabled).map((p) => statusOf(p.id, p)),
      };
    },
  };
  return { service, statusOf, agentDay };
}
export type RoutingFigures = ReturnType<typeof createRoutingFigures>;
