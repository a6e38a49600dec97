import { Select } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUser, useUsers } from '../../app/lookups';

type Props = { value?: string | null; onChange?: (value: string | null) => void; id?: string };

/** Picks a team lead among users, searching the server as the user types. */
export function LeadSelect({ value, onChange, id }: Props) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState<string>();
  useEffect(() => {
    const timer = setTimeout(() => setQ(typed.trim() || undefined), 250);
    return () => clearTimeout(timer);
  }, [typed]);

  const found = useUsers({ q, page: 1, pageSize: 20 });
  const current = useUser(value);
  const options = (found.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.displayName} (${u.username})` }));
  if (current.data && !options.some((o) => o.value === current.data.id)) {
    options.unshift({ value: current.data.id, label: `${current.data.displayName} (${current.data.username})` });
  }

  return (
    <Select
      id={id}
      value={value ?? undefined}
      onChange={(next?: string) => onChange?.(next ?? null)}
      allowClear
      placeholder={t('teams.form.leadPlaceholder')}
      showSearch={{ filterOption: false, onSearch: setTyped }}
      loading={found.isFetching}
      options={options}
      notFoundContent={found.isFetching ? t('common.loading') : undefined}
    />
  );
}
