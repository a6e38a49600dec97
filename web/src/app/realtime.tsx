import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import type { RealtimeMessage } from '../../../contracts/realtime';
import { openRealtime } from './realtime-socket';
import { useSession } from './session';

type Handler = (message: RealtimeMessage) => void;
type Realtime = { subscribe: (handler: Handler) => () => void; connected: boolean };

const RealtimeContext = createContext<Realtime | null>(null);

function idsIn(payload: unknown): string[] {
  if (!payload || typeof payload !== 'object') return [];
  return Object.entries(payload)
    .filter(([key, value]) => typeof value === 'string' && (key === 'id' || key.endsWith('Id')))
    .map(([, value]) => value as string);
}

/** Which cached server state an event makes stale. Pages refetch what they show; the rest waits. */
function invalidateFor(queryClient: QueryClient, name: string): void {
  if (name.startsWith('auth.user.')) {
    void queryClient.invalidateQueries({ queryKey: ['users'] });
    void queryClient.invalidateQueries({ queryKey: ['teams'] }); // member counts
  } else if (name.startsWith('teams.team.')) {
    void queryClient.invalidateQueries({ queryKey: ['teams'] });
  } else if (name.startsWith('auth.role.')) {
    void queryClient.invalidateQueries({ queryKey: ['roles'] });
  } else if (name === 'routing.config.changed') {
    void queryClient.invalidateQueries({ queryKey: ['routing', 'config'] });
  } else if (name.startsWith('tickets.')) {
    // The owner, the assignee and the notified see an order change while its list or page is open.
    void queryClient.invalidateQueries({ queryKey: ['tickets'] });
  } else if (name === 'wfm.request.changed' || name === 'wfm.schedule.published') {
    // 我的班表, the desktop's shift line and the team lead's 排班审批 (features/wfm/requests-api.ts).
    void queryClient.invalidateQueries({ queryKey: ['wfm', 'self'] });
  } else if (name.startsWith('quality.')) {
    // An evaluation submitted (the agent), acknowledged or appealed (the evaluator, reviewers), decided, new work.
    void queryClient.invalidateQueries({ queryKey: ['quality'] });
  }
  // routing.contact.* and routing.agent.*: the desktop and the wallboard refetch what they show
  // (features/desktop/api.ts, features/supervisor/api.ts), filtered and throttled there.
}

/** Holds the one realtime socket of the signed-in session while it is active (not while locked). */
export function RealtimeProvider({ children }: { children: ReactNode }) {
  const session = useSession();
  const queryClient = useQueryClient();
  const handlers = useRef(new Set<Handler>());
  const [connected, setConnected] = useState(true);
  const userId = session.state.status === 'active' ? session.state.me.user.id : undefined;

  // The socket lives as long as the user id does; everything else it needs is read through a ref.
  const latest = useRef({ session, queryClient });
  latest.current = { session, queryClient };

  useEffect(() => {
    if (!userId) return;
    const connection = openRealtime({
      onMessage: (message) => {
        const { session: current, queryClient: client } = latest.current;
        if (message.type === 'session_ended') {
          if (message.reason === 'locked') current.lock();
          else current.end(message.reason);
        } else if (message.type === 'event') {
          invalidateFor(client, message.name);
          // Routing events, phone registrations and conversation messages name agents all day long;
          // they never change the session itself.
          const sessionless =
            message.name.startsWith('routing.') ||
            message.name.startsWith('telephony.phone.') ||
            message.name.startsWith('conversations.');
          const touchesMe = !sessionless && idsIn(message.payload).includes(userId);
          if (touchesMe || message.name.startsWith('auth.role.')) void current.refresh().catch(() => undefined);
        }
        for (const handler of handlers.current) handler(message);
      },
      onResync: () => void latest.current.queryClient.invalidateQueries(),
      onOpenChange: setConnected,
      onDrop: (attempt, code) => {
        // The session may be gone (or locked): ask over HTTP, whose 401 sends us to the login page
        // or the lock screen. Otherwise keep retrying.
        if (code === 4001 || attempt >= 2) void latest.current.session.refresh().catch(() => undefined);
      },
    });
    return () => {
      connection.close();
      setConnected(true);
    };
  }, [userId]);

  const subscribe = useCallback((handler: Handler) => {
    handlers.current.add(handler);
    return () => {
      handlers.current.delete(handler);
    };
  }, []);
  const realtime = useMemo<Realtime>(() => ({ subscribe, connected }), [subscribe, connected]);

  return <RealtimeContext.Provider value={realtime}>{children}</RealtimeContext.Provider>;
}

/** Calls `handler` with every realtime message of this session; the socket is shared. */
export function useRealtime(handler: Handler): void {
  const realtime = useContext(RealtimeContext);
  const latest = useRef(handler);
  latest.current = handler;
  const subscribe = realtime?.subscribe;
  useEffect(() => subscribe?.((message) => latest.current(message)), [subscribe]);
}

export function useRealtimeConnected(): boolean {
  return useContext(RealtimeContext)?.connected ?? true;
}
