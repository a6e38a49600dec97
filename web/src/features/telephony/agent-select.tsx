import { Select } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUsers } from '../../app/lookups';
import { TELEPHONY_IDS } from './testids';

type Props = { value?: string; onChange?: (value: string | undefined) => void; id?: string };

/** Picks the user a phone belongs to, searching the server (GET /users?q=) as the admin types. */
export function AgentSelect({ value, onChange, id }: Props) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState<string>();
  useEffect(() => {
    const timer = setTimeout(() => setQ(typed.trim() || undefined), 250);
    return () => clearTimeout(timer);
  }, [typed]);
  const found = useUsers({ q, page: 1, pageSize: 20 });
  const options = (found.data?.items ?? [])
    .filter((u) => !u.disabled)
    .map((u) => ({ value: u.id, label: `${u.displayName} (${u.username})` }));
  return (
    <Select
      id={id}
      value={value}
      onChange={(next?: string) => onChange?.(next)}
      allowClear
      placeholder={t('telephonyAdmin.phones.agentPlaceholder')}
      showSearch={{ filterOption: false, onSearch: setTyped }}
      loading={found.isFetching}
      options={options}
      notFoundContent={found.isFetching ? t('common.loading') : undefined}
      data-testid={TELEPHONY_IDS.phoneFormAgent}
    />
  );
}
