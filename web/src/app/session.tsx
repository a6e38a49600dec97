import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { LoginBody, Me } from '../../../contracts/auth';
import type { Permission } from '../../../contracts/permissions';
import * as authApi from '../features/auth/api';
import { isApiError, onAuthFailure } from './api-client';

export type EndReason = 'expired' | 'unauthenticated' | 'disabled' | 'logout';

export type SessionState =
  | { status: 'loading' }
  | { status: 'unreachable'; error: unknown }
  | { status: 'anonymous'; reason?: EndReason }
  | { status: 'active'; me: Me }
  // After a reload onto a locked session the server tells us nothing about the user until unlock.
  | { status: 'locked'; me?: Me };

type Session = {
  state: SessionState;
  me: Me | undefined;
  can: (permission: Permission) => boolean;
  login: (body: LoginBody) => Promise<void>;
  logout: () => Promise<void>;
  lock: () => void;
  unlock: (password: string) => Promise<void>;
  end: (reason: EndReason) => void;
  refresh: () => Promise<void>;
  retry: () => void;
};

const SessionContext = createContext<Session | null>(null);

/**
 * "Lock now" locks the server session (POST /auth/lock) and is remembered here too, so a reload or
 * another tab of this browser shows the lock screen at once, before any request is made.
 */
const LOCK_KEY = 'kefu.locked';

function readLockFlag(): boolean {
  try {
    return localStorage.getItem(LOCK_KEY) === '1';
  } catch {
    return false;
  }
}

function writeLockFlag(locked: boolean): void {
  try {
    if (locked) localStorage.setItem(LOCK_KEY, '1');
    else localStorage.removeItem(LOCK_KEY);
  } catch {
    // The lock still holds in this tab.
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const [probe, setProbe] = useState(0);

  const end = useCallback(
    (reason: EndReason) => {
      writeLockFlag(false);
      queryClient.clear();
      setState({ status: 'anonymous', reason });
    },
    [queryClient],
  );

  const lock = useCallback(() => {
    writeLockFlag(true);
    // Best effort: the lock screen shows either way, and the server locks on idle by itself.
    authApi.lockSession().catch(() => {});
    setState((s) => (s.status === 'active' ? { status: 'locked', me: s.me } : s));
  }, []);

  // Who is signed in, if anyone: asked once on start and again on "retry".
  useEffect(() => {
    void probe; // re-asked on every retry
    let cancelled = false;
    authApi
      .fetchMe()
      .then((me) => {
        if (!cancelled) setState(readLockFlag() ? { status: 'locked', me } : { status: 'active', me });
      })
      .catch((error: unknown) => {
        if (cancelled) return;
        if (isApiError(error, 'AUTH.SESSION_LOCKED')) setState({ status: 'locked' });
        else if (isApiError(error) && error.status === 401) setState({ status: 'anonymous' });
        else if (isApiError(error, 'AUTH.ACCOUNT_DISABLED')) setState({ status: 'anonymous', reason: 'disabled' });
        else setState({ status: 'unreachable', error });
      });
    return () => {
      cancelled = true;
    };
  }, [probe]);

  useEffect(
    () =>
      onAuthFailure((failure) => {
        if (failure.kind === 'locked') {
          writeLockFlag(true);
          setState((s) => (s.status === 'active' ? { status: 'locked', me: s.me } : s));
        } else {
          setState((s) => {
            if (s.status === 'anonymous' || s.status === 'loading') return s;
            writeLockFlag(false);
            queryClient.clear();
            return { status: 'anonymous', reason: failure.reason };
          });
        }
      }),
    [queryClient],
  );

  const refresh = useCallback(async () => {
    const me = await authApi.fetchMe();
    setState((s) => (s.status === 'active' ? { status: 'active', me } : s));
  }, []);

  // Locking or unlocking in one tab does the same in the others.
  useEffect(() => {
    const onStorage = (event: StorageEvent) => {
      if (event.key !== LOCK_KEY) return;
      if (event.newValue === '1') setState((s) => (s.status === 'active' ? { status: 'locked', me: s.me } : s));
      else setProbe((n) => n + 1);
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, []);

  const session = useMemo<Session>(() => {
    const me = state.status === 'active' || state.status === 'locked' ? state.me : undefined;
    const granted = new Set<string>(me?.permissions ?? []);
    return {
      state,
      me,
      can: (permission) => granted.has(permission),
      login: async (body) => {
        await authApi.login(body);
        const fresh = await authApi.fetchMe();
        writeLockFlag(false);
        queryClient.clear();
        setState({ status: 'active', me: fresh });
      },
      logout: async () => {
        try {
          await authApi.logout();
        } catch {
          // Signed out here either way; the server session expires on its own.
        }
        end('logout');
      },
      lock,
      unlock: async (password) => {
        const fresh = await authApi.unlock({ password });
        writeLockFlag(false);
        setState({ status: 'active', me: fresh });
        await queryClient.invalidateQueries();
      },
      end,
      refresh,
      retry: () => {
        setState({ status: 'loading' });
        setProbe((n) => n + 1);
      },
    };
  }, [state, queryClient, end, lock, refresh]);

  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

export function useCan(): (permission: Permission) => boolean {
  return useSession().can;
}
