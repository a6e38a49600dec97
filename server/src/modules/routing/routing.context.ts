import type { KpiFigures } from '../../../../contracts/reports';
import type { CustomerHints } from './routing.customer-hints';
import type { RoutingRuntime, RuntimeDeps, UserDirectory } from './routing.runtime';

/** Business calendars as routing sees them (a queue's calendarId): app.ts answers from calendars. */
export type CalendarDirectory = {
  exists(id: string): Promise<boolean>;
  /** Open at an instant; undefined when there is no such calendar. */
  isOpen(id: string, at: Date): Promise<boolean | undefined>;
};

export type RoutingDeps = RuntimeDeps & {
  users: UserDirectory;
  calendars?: CalendarDirectory;
  /** The CRM's read model (VIP boost, preferred agent); without it contacts are taken as given. */
  customerHints?: Pick<CustomerHints, 'forContact'>;
  /**
   * Today's KPI figures per queue from the reporting module's engine (the one implementation of the
   * KPIs), bound in app.ts; without it the wallboard shows no figures of the day.
   */
  today?: () => TodayFigures | undefined;
};

/** What the wallboard reads of the reports: today's figures of these queues. */
export type TodayFigures = {
  queuesToday(queueIds: readonly string[]): Promise<Map<string, KpiFigures>>;
};

/** Who is asking: the acting user and what they may see. */
export type Viewer = { userId: string; permissions: ReadonlySet<string> };

export type Profile = { id: string; username: string; displayName: string; teamId: string | null; disabled: boolean };

/** What routing's use-case files share: their dependencies, the runtime, and the user directory. */
export type RoutingContext = {
  deps: RoutingDeps;
  rt: RoutingRuntime;
  profileOf(userId: string): Promise<Profile | undefined>;
};

export function createRoutingContext(deps: RoutingDeps, rt: RoutingRuntime): RoutingContext {
  return {
    deps,
    rt,
    async profileOf(userId) {
      const [p] = await deps.users.profiles(deps.db, [userId]);
      return p;
    },
  };
}
