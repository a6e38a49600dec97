import { App, Select, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Customer } from '../../../../contracts/crm';
import { useErrorMessage } from '../../app/errors';
import { useUser, useUsers } from '../../app/lookups';
import { useSession } from '../../app/session';
import { setPreferredAgent, useInvalidateCustomers } from './api';
import { CRM_IDS } from './testids';

/**
 * 专属客户经理: the agent queues with the `preferred_agent` strategy offer this customer's contacts to
 * first. Picked among users (GET /users, so only by those who may list them); others see whether one is set.
 */
export function PreferredAgent({ customer: c }: { customer: Customer }) {
  const { t } = useTranslation();
  const session = useSession();
  const canList = session.can('users.view');
  const canEdit = canList && session.can('customers.manage') && !c.mergedInto;
  const current = useUser(canList ? c.preferredAgentId : null);
  if (!canEdit) {
    if (!c.preferredAgentId) return <>{t('crm.preferredAgent.none')}</>;
    return (
      <Typography.Text>
        {current.data ? `${current.data.displayName} (${current.data.username})` : t('crm.preferredAgent.set')}
      </Typography.Text>
    );
  }
  return <PreferredAgentSelect customer={c} current={current.data} />;
}

function PreferredAgentSelect({
  customer: c,
  current,
}: {
  customer: Customer;
  current: { id: string; displayName: string; username: string } | undefined;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorMessage = useErrorMessage();
  const invalidate = useInvalidateCustomers();
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState<string>();
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setQ(typed.trim() || undefined), 250);
    return () => clearTimeout(timer);
  }, [typed]);
  const found = useUsers({ q, page: 1, pageSize: 20 });
  const options = (found.data?.items ?? [])
    .filter((u) => !u.disabled)
    .map((u) => ({ value: u.id, label: `${u.displayName} (${u.username})` }));
  if (current && !options.some((o) => o.value === current.id)) {
    options.unshift({ value: current.id, label: `${current.displayName} (${current.username})` });
  }
  const save = async (next: string | null) => {
    setSaving(true);
    try {
      await setPreferredAgent(c.id, next);
      invalidate();
      void message.success(t(next ? 'crm.preferredAgent.saved' : 'crm.preferredAgent.cleared'));
    } catch (err) {
      void message.error(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Select
      style={{ minWidth: 220 }}
      value={c.preferredAgentId ?? undefined}
      onChange={(next?: string) => void save(next ?? null)}
      allowClear
      placeholder={t('crm.preferredAgent.placeholder')}
      showSearch={{ filterOption: false, onSearch: setTyped }}
      loading={found.isFetching || saving}
      disabled={saving}
      options={options}
      notFoundContent={found.isFetching ? t('common.loading') : undefined}
      aria-label={t('crm.field.preferredAgent')}
      data-testid={CRM_IDS.preferredAgent}
    />
  );
}
