import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import type { LoginBody, Me } from '../../../contracts/auth';
import type { Permission } from '../../../contracts/permissions';
import * as authApi from '../features/auth/api';
import { onAuthFailure } from './api-client';

export type EndReason = 'expired' | 'unauthenticated' | 'disabled' | 'logout';

export type SessionState =
  | { status: 'loading' }
  /** The server did not answer; the probe is asked again by itself at `retryAt` (ms since epoch). */
  | { status: 'unreachable'; error: unknown; retryAt: number }
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

/** Asking "who am I" again while the server cannot be reached: 1 s, 2 s, 4 s … up to 30 s, with jitter. */
function retryDelay(failures: number): number {
  const delay = Math.min(30_000, 1000 * 2 ** (failures - 1));
  return delay / 2 + Math.random() * (delay / 2);
}

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

  // Who is signed in, if anyone: asked on start, on "retry", and by itself while the server cannot
  // be reached. The probe answers 200 whatever the answer, so the sign-in page logs no failed request.
  const failures = useRef(0);
  useEffect(() => {
    void probe; // re-asked on every retry
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    authApi
      .probeSession()
      .then((answer) => {
        if (cancelled) return;
        failures.current = 0;
        if (answer.status === 'active') {
          setState(readLockFlag() ? { status: 'locked', me: answer.me } : { status: 'active', me: answer.me });
        } else if (answer.status === 'locked') setState({ status: 'locked' });
        else setState({ status: 'anonymous', reason: answer.reason ?? undefined });
      })
      .catch((error: unknown) => {
        if (cancelled) return;
        failures.current += 1;
        const delay = retryDelay(failures.current);
        setState({ status: 'unreachable', error, retryAt: Date.now() + delay });
        timer = setTimeout(() => setProbe((n) => n + 1), delay);
      });
    return () => {
      cancelled = true;
      clearTimeout(timer);
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
