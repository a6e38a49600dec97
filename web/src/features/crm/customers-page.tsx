import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Flex, Input, Space, Table, type TableColumnsType, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import type { Customer } from '../../../../contracts/crm';
import { useErrorMessage } from '../../app/errors';
import { useSession } from '../../app/session';
import { DateTime } from '../../ui/date-time';
import { PageHeader } from '../../ui/page-header';
import { QueryError } from '../../ui/query-error';
import { type CustomerFilters, useCustomers } from './api';
import { Customer360 } from './customer-360';
import { CustomerFormDialog } from './customer-form-dialog';
import { CRM_IDS } from './testids';
import { TIER_COLORS } from './tier';

/** 客户资料: the customer list with search; `?id=` opens one customer (Customer 360). */
export function CustomersPage() {
  const [params, setParams] = useSearchParams();
  const id = params.get('id');
  if (id) return <Customer360 id={id} onBack={() => setParams({})} />;
  return <CustomerList onOpen={(c) => setParams({ id: c })} />;
}

function CustomerList({ onOpen }: { onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const session = useSession();
  const errorMessage = useErrorMessage();
  const [filters, setFilters] = useState<CustomerFilters>({ page: 1, pageSize: 20 });
  const [creating, setCreating] = useState(false);
  const customers = useCustomers(filters);

  const columns: TableColumnsType<Customer> = [
    {
      key: 'name',
      title: t('crm.col.name'),
      render: (_v, c) => (
        <Button type="link" size="small" onClick={() => onOpen(c.id)} style={{ padding: 0 }}>
          {c.name}
        </Button>
      ),
    },
    {
      key: 'phones',
      title: t('crm.col.phones'),
      render: (_v, c) => <span className="mono">{c.phones.map((p) => p.number).join(' / ')}</span>,
    },
    {
      key: 'tags',
      title: t('crm.col.tags'),
      render: (_v, c) => c.tags.map((tag) => <Tag key={tag}>{tag}</Tag>),
    },
    {
      key: 'tier',
      title: t('crm.col.tier'),
      render: (_v, c) => <Tag color={TIER_COLORS[c.tier]}>{t(`crm.tier.${c.tier}`)}</Tag>,
    },
    { key: 'updatedAt', title: t('crm.col.updatedAt'), render: (_v, c) => <DateTime value={c.updatedAt} /> },
  ];

  return (
    <div data-testid={CRM_IDS.page}>
      <PageHeader
        title={t('crm.title')}
        extra={
          <>
            <Button
              icon={<ReloadOutlined />}
              onClick={() => void customers.refetch()}
              aria-label={t('common.refresh')}
            />
            {session.can('customers.manage') ? (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setCreating(true)}
                data-testid={CRM_IDS.create}
              >
                {t('crm.create')}
              </Button>
            ) : null}
          </>
        }
      />
      <Flex gap={8} wrap style={{ marginBottom: 16 }}>
        <Space.Compact>
          <Input.Search
            allowClear
            placeholder={t('crm.searchPlaceholder')}
            style={{ width: 320 }}
            data-testid={CRM_IDS.search}
            onSearch={(q) => setFilters((f) => ({ ...f, q: q.trim() || undefined, page: 1 }))}
          />
        </Space.Compact>
        <Input.Search
          allowClear
          placeholder={t('crm.tagPlaceholder')}
          style={{ width: 160 }}
          onSearch={(tag) => setFilters((f) => ({ ...f, tag: tag.trim() || undefined, page: 1 }))}
        />
      </Flex>
      {customers.isError ? (
        <QueryError message={errorMessage(customers.error)} onRetry={() => void customers.refetch()} />
      ) : null}
      <Table<Customer>
        rowKey="id"
        columns={columns}
        dataSource={customers.data?.items}
        loading={customers.isFetching}
        locale={{ emptyText: t('crm.empty') }}
        pagination={{
          current: filters.page,
          pageSize: filters.pageSize,
          total: customers.data?.total ?? 0,
          showTotal: (count) => t('common.total', { count }),
          onChange: (page, pageSize) => setFilters((f) => ({ ...f, page, pageSize })),
        }}
      />
      {creating ? <CustomerFormDialog onClose={() => setCreating(false)} onCreated={(c) => onOpen(c.id)} /> : null}
    </div>
  );
}
