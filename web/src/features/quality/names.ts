import { useMemo } from 'react';
import { useQueues, useTeams, useUsers } from '../../app/lookups';
import { useSession } from '../../app/session';

/**
 * Names for the ids quality's lists and reports carry (agents, evaluators, teams, queues), from the
 * lookups the user may read: an agent without users.view still sees their own name; an unknown id
 * shows its first characters rather than nothing.
 */
export function useNames() {
  const session = useSession();
  const queues = useQueues();
  const users = useUsers({ page: 1, pageSize: 200 }, session.can('users.view'));
  const teams = useTeams(session.can('teams.view'));
  const me = session.me?.user;
  return useMemo(() => {
    const people = new Map((users.data?.items ?? []).map((u) => [u.id, u.displayName]));
    if (me) people.set(me.id, me.displayName);
    const queueNames = new Map((queues.data ?? []).map((q) => [q.id, q.name]));
    const teamNames = new Map((teams.data ?? []).map((t) => [t.id, t.name]));
    const short = (id: string) => (id ? `${id.slice(0, 8)}…` : '');
    return {
      user: (id: string | null | undefined) => (id ? (people.get(id) ?? short(id)) : ''),
      queue: (id: string | null | undefined) => (id ? (queueNames.get(id) ?? short(id)) : ''),
      team: (id: string | null | undefined) => (id ? (teamNames.get(id) ?? short(id)) : ''),
      /** The people the user may pick (evaluators, agents), found by name or username; empty without users.view. */
      userOptions: (users.data?.items ?? [])
        .filter((u) => !u.disabled)
        .map((u) => ({ value: u.id, label: `${u.displayName} · ${u.username}` })),
    };
  }, [users.data, queues.data, teams.data, me]);
}
