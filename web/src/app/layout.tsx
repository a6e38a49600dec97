import { Layout, Menu, type MenuProps } from 'antd';
import { Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { LockScreen } from '../features/auth/lock-screen';
import { ErrorBoundary } from '../ui/error-boundary';
import { FullPageSpin } from '../ui/full-page-spin';
import { AppHeader } from './header';
import { useIdleLock } from './idle-lock';
import { mayOpen, PAGES, type PageDef, pageFor } from './pages';
import { RealtimeProvider } from './realtime';
import { useSession } from './session';
import { APP_IDS } from './testids';

/** The signed-in frame: navigation from the user's permissions, header, page, and the lock overlay. */
export function AppLayout() {
  const { t } = useTranslation();
  const session = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const [collapsed, setCollapsed] = useState(false);
  const locked = session.state.status === 'locked';

  useIdleLock({
    enabled: session.state.status === 'active',
    idleSeconds: session.me?.session.idleLockSeconds ?? 0,
    onIdle: session.lock,
    keepAlive: () => void session.refresh().catch(() => undefined),
  });

  const toItem = (p: PageDef) => ({
    key: p.path,
    icon: p.icon,
    label: (
      <Link to={p.path} data-testid={p.testId}>
        {t(p.label)}
      </Link>
    ),
  });
  const visible = PAGES.filter((p) => mayOpen(p, session.can));
  const admin = visible.filter((p) => p.group === 'admin').map(toItem);
  const items: MenuProps['items'] = [
    ...visible.filter((p) => !p.group).map(toItem),
    ...(admin.length > 0 ? [{ type: 'group' as const, key: 'admin', label: t('nav.admin'), children: admin }] : []),
  ];
  const current = pageFor(location.pathname);
  const selected = current?.path;
  const title = current ? t(current.label) : undefined;
  useEffect(() => {
    document.title = title ? `${title} · ${t('common.appName')}` : t('common.appName');
  }, [title, t]);

  return (
    <RealtimeProvider>
      <div inert={locked} aria-hidden={locked || undefined}>
        <Layout className="app-frame">
          <Layout.Sider
            collapsible
            collapsed={collapsed}
            onCollapse={setCollapsed}
            breakpoint="lg"
            theme="light"
            width={216}
            className="app-sider"
          >
            <Link to="/" className="app-brand" aria-label={t('common.appName')}>
              <img src="/favicon.svg" alt="" width={28} height={28} />
              {collapsed ? null : <span>{t('common.appName')}</span>}
            </Link>
            <nav aria-label={t('nav.main')}>
              <Menu
                mode="inline"
                items={items}
                selectedKeys={selected ? [selected] : []}
                // The label link already navigates on click; this covers keyboard activation.
                onClick={({ key }) => {
                  if (window.location.pathname !== key) navigate(key);
                }}
              />
            </nav>
          </Layout.Sider>
          <Layout>
            <AppHeader />
            <Layout.Content className="app-content">
              <main>
                <ErrorBoundary
                  key={location.pathname}
                  texts={{
                    crash: { title: t('crash.title'), description: t('crash.description') },
                    offline: { title: t('connection.lostTitle'), description: t('connection.pageOffline') },
                    updated: { title: t('crash.updatedTitle'), description: t('crash.updatedDescription') },
                    reload: t('crash.reload'),
                    testIds: { offline: APP_IDS.connectionLost, updated: APP_IDS.newVersion },
                  }}
                >
                  <Suspense fallback={<FullPageSpin />}>
                    <Outlet />
                  </Suspense>
                </ErrorBoundary>
              </main>
            </Layout.Content>
          </Layout>
        </Layout>
      </div>
      {locked ? <LockScreen /> : null}
    </RealtimeProvider>
  );
}
