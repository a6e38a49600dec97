import { lazy, type ReactNode, Suspense } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { FullPageSpin } from '../ui/full-page-spin';
import { mayOpen, PAGES, type PageDef } from './pages';
import { useSession } from './session';
import { Forbidden, HomeRedirect, NotFound, Unreachable } from './status-pages';

const LoginPage = lazy(() => import('../features/auth/login-page').then((m) => ({ default: m.LoginPage })));
const LockScreen = lazy(() => import('../features/auth/lock-screen').then((m) => ({ default: m.LockScreen })));
const AppLayout = lazy(() => import('./layout').then((m) => ({ default: m.AppLayout })));

type FromState = { from?: string } | null;

function LoginRoute() {
  const { state } = useSession();
  const location = useLocation();
  if (state.status === 'active' || state.status === 'locked') {
    const from = (location.state as FromState)?.from;
    return <Navigate to={from && from !== '/login' ? from : '/'} replace />;
  }
  return <LoginPage reason={state.status === 'anonymous' ? state.reason : undefined} />;
}

function Protected() {
  const { state } = useSession();
  const location = useLocation();
  if (state.status === 'anonymous') {
    const from = `${location.pathname}${location.search}`;
    return <Navigate to="/login" replace state={{ from }} />;
  }
  // Locked before we know who it is (a reload): only the lock screen, nothing behind it.
  if (state.status === 'locked' && !state.me) return <LockScreen />;
  return <AppLayout />;
}

function RequirePermission({ permission, children }: { permission: PageDef['permission']; children: ReactNode }) {
  const { can } = useSession();
  return mayOpen({ permission }, can) ? children : <Forbidden />;
}

export function AppRoutes() {
  const session = useSession();
  const { state } = session;
  if (state.status === 'loading') return <FullPageSpin />;
  if (state.status === 'unreachable') {
    return <Unreachable error={state.error} retryAt={state.retryAt} onRetry={session.retry} />;
  }
  return (
    <Suspense fallback={<FullPageSpin />}>
      <Routes>
        <Route path="/login" element={<LoginRoute />} />
        <Route element={<Protected />}>
          <Route index element={<HomeRedirect />} />
          {PAGES.map(({ path, permission, nested, Page }) => (
            <Route
              key={path}
              path={nested ? `${path}/*` : path}
              element={
                <RequirePermission permission={permission}>
                  <Page />
                </RequirePermission>
              }
            />
          ))}
          <Route path="/admin" element={<Navigate to="/admin/users" replace />} />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </Suspense>
  );
}
