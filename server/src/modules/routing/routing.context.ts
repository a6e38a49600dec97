import type { RoutingRuntime, RuntimeDeps, UserDirectory } from './routing.runtime';

export type RoutingDeps = RuntimeDeps & { users: UserDirectory };

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
