import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Checkbox, Flex, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RoleDef } from '../../../../contracts/auth';
import { ADMIN_FLOOR, type Permission } from '../../../../contracts/permissions';
import { useErrorMessage } from '../../app/errors';
import { useSession } from '../../app/session';
import { FormError } from '../../ui/form-error';
import { roleKeys, updateRole } from './api';

/** Permissions grouped by area, the part before the dot: `users.view` → users. */
function groupByArea(permissions: readonly string[]): [string, string[]][] {
  const groups = new Map<string, string[]>();
  for (const permission of permissions) {
    const area = permission.split('.')[0] ?? permission;
    groups.set(area, [...(groups.get(area) ?? []), permission]);
  }
  return [...groups];
}

type Props = { role: RoleDef; permissions: readonly string[] };

export function RoleEditor({ role, permissions }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const session = useSession();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const granted: readonly string[] = role.permissions;
  const [selected, setSelected] = useState<string[]>(role.permissions);
  const groups = useMemo(() => groupByArea(permissions), [permissions]);
  const locked = new Set<string>(role.key === 'admin' ? ADMIN_FLOOR : []);

  const dirty = selected.length !== role.permissions.length || selected.some((p) => !granted.includes(p));
  const save = useMutation({
    // Sent as is: the server may know permissions newer than this build of the web app.
    mutationFn: () => updateRole(role.key, { permissions: selected as Permission[] }),
    onSuccess: (saved) => {
      queryClient.setQueryData<RoleDef[]>(roleKeys.all, (list) => list?.map((r) => (r.key === saved.key ? saved : r)));
      setSelected(saved.permissions);
      void message.success(t('rolesPage.saved', { role: t(`roleNames.${role.key}`) }));
      // The viewer may hold this role: their own menu and buttons follow.
      void session.refresh().catch(() => undefined);
    },
  });

  const toggle = (permission: string, on: boolean) =>
    setSelected((current) => (on ? [...current, permission] : current.filter((p) => p !== permission)));

  return (
    <div>
      <FormError message={save.isError ? errorMessage(save.error) : undefined} />
      <Flex wrap gap={16}>
        {groups.map(([area, items]) => (
          <fieldset key={area} className="permission-group">
            <legend>{t(`permissionAreas.${area}`, { defaultValue: area })}</legend>
            <Flex vertical gap={4}>
              {items.map((permission) => (
                <Tooltip key={permission} title={locked.has(permission) ? t('rolesPage.floor') : undefined}>
                  <span>
                    <Checkbox
                      checked={selected.includes(permission)}
                      disabled={locked.has(permission) || save.isPending}
                      onChange={(e) => toggle(permission, e.target.checked)}
                    >
                      <span title={permission}>{t(`permissions.${permission}`, { defaultValue: permission })}</span>
                    </Checkbox>
                  </span>
                </Tooltip>
              ))}
            </Flex>
          </fieldset>
        ))}
      </Flex>
      <Flex gap={8} align="center" style={{ marginTop: 16 }}>
        <Button type="primary" disabled={!dirty} loading={save.isPending} onClick={() => save.mutate()}>
          {t('common.save')}
        </Button>
        <Button disabled={!dirty || save.isPending} onClick={() => setSelected(role.permissions)}>
          {t('rolesPage.revert')}
        </Button>
        {dirty ? <Typography.Text type="warning">{t('rolesPage.unsaved')}</Typography.Text> : null}
      </Flex>
    </div>
  );
}
