import { useQuery } from '@tanstack/react-query';
import { Select, TreeSelect } from 'antd';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CustomerPage } from '../../../../contracts/crm';
import type { TicketCategory, TicketType } from '../../../../contracts/tickets';
import { contractApi } from '../../app/api-client';
import { useUser, useUsers } from '../../app/lookups';
import { useSession } from '../../app/session';
import { useCategories, useGroups } from './api';

/** `label` is the whole path (投诉 › 网络质量 › 信号差), shown once a node is chosen. */
type TreeNode = { value: string; title: string; label: string; disabled?: boolean; children: TreeNode[] };

/** The flat rows of one type as a tree; retired categories only when `withRetired` (old orders keep them). */
export function categoryTree(rows: readonly TicketCategory[], type: TicketType, withRetired = false): TreeNode[] {
  const mine = rows.filter((c) => c.type === type && (withRetired || c.active));
  const nodes = new Map<string, TreeNode>(
    mine.map((c) => [
      c.id,
      { value: c.id, title: c.name, label: categoryPath(rows, c.id) ?? c.name, disabled: !c.active, children: [] },
    ]),
  );
  const roots: TreeNode[] = [];
  for (const c of [...mine].sort((a, b) => a.sortOrder - b.sortOrder || a.name.localeCompare(b.name))) {
    const node = nodes.get(c.id)!;
    const parent = c.parentId ? nodes.get(c.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

/** "投诉 › 网络质量 › 信号差" for a category id. */
export function categoryPath(rows: readonly TicketCategory[] | undefined, id: string | null): string | undefined {
  if (!rows || !id) return undefined;
  const byId = new Map(rows.map((c) => [c.id, c]));
  const names: string[] = [];
  for (let c = byId.get(id); c && names.length < 10; c = c.parentId ? byId.get(c.parentId) : undefined)
    names.unshift(c.name);
  return names.join(' › ') || undefined;
}

type Value<T> = { value?: T | null; onChange?: (value: T | null) => void; id?: string };

export function CategorySelect({ type, value, onChange, id }: Value<string> & { type: TicketType }) {
  const { t } = useTranslation();
  const categories = useCategories();
  const tree = useMemo(() => categoryTree(categories.data ?? [], type), [categories.data, type]);
  return (
    <TreeSelect
      id={id}
      value={value ?? undefined}
      onChange={(next?: string) => onChange?.(next ?? null)}
      treeData={tree}
      treeDefaultExpandAll
      treeNodeLabelProp="label"
      allowClear
      showSearch={{ treeNodeFilterProp: 'title' }}
      placeholder={t('tickets.form.categoryPlaceholder')}
      loading={categories.isLoading}
      style={{ width: '100%' }}
    />
  );
}

export function GroupSelect({ value, onChange, id }: Value<string>) {
  const { t } = useTranslation();
  const groups = useGroups();
  return (
    <Select
      id={id}
      value={value ?? undefined}
      onChange={(next?: string) => onChange?.(next ?? null)}
      allowClear
      style={{ width: '100%' }}
      placeholder={t('tickets.form.groupPlaceholder')}
      loading={groups.isLoading}
      options={(groups.data ?? []).map((g) => ({ value: g.id, label: g.name }))}
    />
  );
}

function useUserSearch() {
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState<string>();
  useEffect(() => {
    const timer = setTimeout(() => setQ(typed.trim() || undefined), 250);
    return () => clearTimeout(timer);
  }, [typed]);
  const found = useUsers({ q, page: 1, pageSize: 20 });
  const options = (found.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.displayName} (${u.username})` }));
  return { found, options, setTyped };
}

/** Picks several users (a group's members); chosen users outside the search stay named. */
export function UsersSelect({
  value,
  onChange,
  id,
}: {
  value?: string[];
  onChange?: (v: string[]) => void;
  id?: string;
}) {
  const { t } = useTranslation();
  const { found, options, setTyped } = useUserSearch();
  const all: { value: string; label: ReactNode }[] = [...options];
  for (const v of value ?? []) if (!all.some((o) => o.value === v)) all.push({ value: v, label: <UserName id={v} /> });
  return (
    <Select
      id={id}
      mode="multiple"
      value={value ?? []}
      onChange={(next: string[]) => onChange?.(next)}
      placeholder={t('tickets.form.userPlaceholder')}
      showSearch={{ filterOption: false, onSearch: setTyped }}
      loading={found.isFetching}
      options={all}
    />
  );
}

/** Picks a user, searching the server as one types. */
export function UserSelect({ value, onChange, id, placeholder }: Value<string> & { placeholder?: string }) {
  const { t } = useTranslation();
  const { found, options, setTyped } = useUserSearch();
  const current = useUser(value);
  if (current.data && !options.some((o) => o.value === current.data.id))
    options.unshift({ value: current.data.id, label: `${current.data.displayName} (${current.data.username})` });
  return (
    <Select
      id={id}
      value={value ?? undefined}
      onChange={(next?: string) => onChange?.(next ?? null)}
      allowClear
      placeholder={placeholder ?? t('tickets.form.userPlaceholder')}
      style={{ width: '100%' }}
      showSearch={{ filterOption: false, onSearch: setTyped }}
      loading={found.isFetching}
      options={options}
    />
  );
}

/** A user's display name (ids stay hidden from people). */
export function UserName({ id }: { id: string | null }) {
  const { t } = useTranslation();
  const session = useSession();
  const self = session.me?.user;
  // Agents may not read the user directory: they see their own name and "a colleague" for others.
  const readable = session.can('users.view') && id !== self?.id;
  const user = useUser(readable ? id : null);
  if (!id) return <>{t('common.none')}</>;
  if (id === self?.id) return <>{self.displayName}</>;
  if (!readable) return <>{t('tickets.colleague')}</>;
  return <>{user.data ? user.data.displayName : '…'}</>;
}

export function GroupName({ id }: { id: string | null }) {
  const { t } = useTranslation();
  const groups = useGroups();
  if (!id) return <>{t('common.none')}</>;
  return <>{groups.data?.find((g) => g.id === id)?.name ?? '…'}</>;
}

/** Picks a customer by name, account or number (the CRM's search), for a new order. */
export function CustomerSelect({ value, onChange, id }: Value<string>) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState<string>();
  useEffect(() => {
    const timer = setTimeout(() => setQ(typed.trim() || undefined), 250);
    return () => clearTimeout(timer);
  }, [typed]);
  const found = useQuery({
    queryKey: ['customers', 'list', { q, page: 1, pageSize: 20 }],
    queryFn: ({ signal }) => contractApi.get(CustomerPage, '/customers', { q, page: 1, pageSize: 20 }, signal),
    enabled: Boolean(q),
  });
  return (
    <Select
      id={id}
      value={value ?? undefined}
      onChange={(next?: string) => onChange?.(next ?? null)}
      allowClear
      style={{ width: '100%' }}
      placeholder={t('tickets.form.customerPlaceholder')}
      showSearch={{ filterOption: false, onSearch: setTyped }}
      loading={found.isFetching}
      options={(found.data?.items ?? []).map((c) => ({
        value: c.id,
        label: `${c.name} · ${c.phones[0]?.number ?? ''}`,
      }))}
    />
  );
}
