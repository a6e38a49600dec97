import {
  DisconnectOutlined,
  DownOutlined,
  KeyOutlined,
  LockOutlined,
  LogoutOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Avatar, Button, Dropdown, Flex, Layout, type MenuProps, Tooltip, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { InboxBell } from '../features/notifications/inbox-bell';
import { RoleTags } from '../ui/role-tags';
import { LangSwitch } from './lang-switch';
import { useRealtimeConnected } from './realtime';
import { useSession } from './session';
import { APP_IDS } from './testids';

// Loaded on first use: it brings the password rule (zod) with it.
const ChangePasswordDialog = lazy(() =>
  import('../features/auth/change-password-dialog').then((m) => ({ default: m.ChangePasswordDialog })),
);

export function AppHeader() {
  const { t } = useTranslation();
  const session = useSession();
  const connected = useRealtimeConnected();
  const [changingPassword, setChangingPassword] = useState(false);
  const user = session.me?.user;

  const items: MenuProps['items'] = [
    { key: 'password', icon: <KeyOutlined />, label: t('header.changePassword') },
    { key: 'lock', icon: <LockOutlined />, label: t('header.lockNow') },
    { type: 'divider' },
    {
      key: 'logout',
      icon: <LogoutOutlined />,
      danger: true,
      label: <span data-testid={APP_IDS.logout}>{t('header.logout')}</span>,
    },
  ];
  const onMenu: MenuProps['onClick'] = ({ key }) => {
    if (key === 'password') setChangingPassword(true);
    else if (key === 'lock') session.lock();
    else if (key === 'logout') void session.logout();
  };

  return (
    <Layout.Header className="app-header">
      <Flex align="center" gap={8} style={{ flex: 1 }}>
        {connected ? null : (
          <Tooltip title={t('header.realtimeOffline')}>
            <Typography.Text type="warning" role="status">
              <DisconnectOutlined /> {t('header.realtimeOffline')}
            </Typography.Text>
          </Tooltip>
        )}
      </Flex>
      <Flex align="center" gap={8}>
        <LangSwitch />
        <InboxBell />
        <Dropdown menu={{ items, onClick: onMenu }} trigger={['click']} placement="bottomRight">
          <Button type="text" className="user-menu" data-testid={APP_IDS.userMenu} aria-label={t('header.userMenu')}>
            <Avatar size="small" icon={<UserOutlined />} />
            <span className="user-menu-name">{user?.displayName}</span>
            <span className="user-menu-roles">
              <RoleTags roles={user?.roles ?? []} />
            </span>
            <DownOutlined />
          </Button>
        </Dropdown>
      </Flex>
      {changingPassword ? (
        <Suspense fallback={null}>
          <ChangePasswordDialog open onClose={() => setChangingPassword(false)} />
        </Suspense>
      ) : null}
    </Layout.Header>
  );
}
