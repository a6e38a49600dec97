import { DownloadOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Dropdown, Flex, Input, Select, Table, type TableColumnsType, Tabs, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { TICKET_PRIORITIES, TICKET_STATUSES, TICKET_TYPES, type Ticket } from '../../../../contracts/tickets';
import { downloadFile } from '../../app/api-client';
import { useErrorMessage } from '../../app/errors';
import { useSession } from '../../app/session';
import { DateTime } from '../../ui/date-time';
import { PageHeader } from '../../ui/page-header';
import { QueryError } from '../../ui/query-error';
import { useTickets } from './api';
import { type ListFilters, queryOf, TABS, type Tab } from './list-filters';
import { UserName, UserSelect } from './pickers';
import { SavedFilters } from './saved-filter-bar';
import { SlaBadge } from './sla-badge';
import { TICKETS_IDS } from './testids';
import { PRIORITY_COLORS, STATUS_COLORS } from './ticket-colors';
import { TicketDetail } from './ticket-detail';
import { TicketFormDialog } from './ticket-form-dialog';

/** 工单: the work lists and filters; `?id=` opens one order. */
export function TicketsPage() {
  const [params, setParams] = useSearchParams();
  const id = params.get('id');
  if (id) return <TicketDetail id={id} onBack={() => setParams({})} />;
  return <TicketList onOpen={(next) => setParams({ id: next })} />;
}

function TicketList({ onOpen }: { onOpen: (id: string) => void }) {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const errorMessage = useErrorMessage();
  const [filters, setFilters] = useState<ListFilters>({ tab: 'mine', sortDue: false, page: 1, pageSize: 20 });
  const [creating, setCreating] = useState(false);
  const [now] = useState(() => Date.now());
  const tickets = useTickets(queryOf(filters, now));
  const set = (patch: Partial<ListFilters>) => setFilters((f) => ({ ...f, page: 1, ...patch }));
  const { message } = App.useApp();
  const [exporting, setExporting] = useState(false);
  // One row per order with the list's tab, filters and search, in the screen's language.
  const exportAs = async (format: 'csv' | 'xlsx') => {
    const { page: _p, pageSize: _s, ...query } = queryOf(filters, now);
    const lang = i18n.language === 'en-US' ? 'en-US' : 'zh-CN';
    setExporting(true);
    try {
      await downloadFile(`/tickets/export.${format}`, { ...query, lang }, `${t('tickets.exportFile')}.${format}`);
    } catch (err) {
      void message.error(errorMessage(err));
    } finally {
      setExporting(false);
    }
  };

  const columns: TableColumnsType<Ticket> = [
    {
      key: 'number',
      title: t('tickets.col.number'),
      render: (_v, row) => (
        <Button type="link" size="small" className="mono" onClick={() => onOpen(row.id)} style={{ padding: 0 }}>
          {row.number}
        </Button>
      ),
    },
    { key: 'subject', title: t('tickets.col.subject'), dataIndex: 'subject', ellipsis: true },
    { key: 'type', title: t('tickets.col.type'), render: (_v, row) => t(`tickets.type.${row.type}`) },
    {
      key: 'priority',
      title: t('tickets.col.priority'),
      render: (_v, row) => <Tag color={PRIORITY_COLORS[row.priority]}>{row.priority}</Tag>,
    },
    {
      key: 'status',
      title: t('tickets.col.status'),
      render: (_v, row) => <Tag color={STATUS_COLORS[row.status]}>{t(`tickets.status.${row.status}`)}</Tag>,
    },
    { key: 'assignee', title: t('tickets.col.assignee'), render: (_v, row) => <UserName id={row.assigneeUserId} /> },
    {
      key: 'sla',
      title: t('tickets.col.sla'),
      sorter: true,
      sortDirections: ['ascend'],
      sortOrder: filters.sortDue ? 'ascend' : null,
      render: (_v, row) => <SlaBadge sla={row.sla} responded={row.respondedAt !== null} />,
    },
    { key: 'createdAt', title: t('tickets.col.createdAt'), render: (_v, row) => <DateTime value={row.createdAt} /> },
  ];

  const multi = (key: 'status' | 'type' | 'priority', values: readonly string[], label: (v: string) => string) => (
    <Select
      mode="multiple"
      allowClear
      maxTagCount="responsive"
      style={{ minWidth: 160 }}
      placeholder={t(`tickets.filter.${key}`)}
      value={filters[key]}
      onChange={(v: string[]) => set({ [key]: v.length ? v : undefined })}
      options={values.map((v) => ({ value: v, label: label(v) }))}
    />
  );

  return (
    <div data-testid={TICKETS_IDS.page}>
      <PageHeader
        title={t('tickets.title')}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={() => void tickets.refetch()} aria-label={t('common.refresh')} />
            {session.can('reports.view') ? (
              <Dropdown
                menu={{
                  items: [
                    { key: 'xlsx', label: t('tickets.exportXlsx') },
                    { key: 'csv', label: t('tickets.exportCsv') },
                  ],
                  onClick: ({ key }) => void exportAs(key as 'csv' | 'xlsx'),
                }}
              >
                <Button icon={<DownloadOutlined />} loading={exporting} data-testid={TICKETS_IDS.export}>
                  {t('tickets.export')}
                </Button>
              </Dropdown>
            ) : null}
            {session.can('tickets.work') ? (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setCreating(true)}
                data-testid={TICKETS_IDS.create}
              >
                {t('tickets.create')}
              </Button>
            ) : null}
          </>
        }
      />
      <Tabs
        data-testid={TICKETS_IDS.tabs}
        activeKey={filters.tab}
        onChange={(tab) => set({ tab: tab as Tab })}
        items={TABS.map((key) => ({ key, label: t(`tickets.tab.${key}`) }))}
      />
      <Flex gap={8} wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t('tickets.filter.search')}
          style={{ width: 240 }}
          data-testid={TICKETS_IDS.search}
          onSearch={(q) => set({ q: q.trim() || undefined })}
        />
        <DatePicker.RangePicker
          allowEmpty={[true, true]}
          placeholder={[t('tickets.filter.createdFrom'), t('tickets.filter.createdTo')]}
          value={[
            filters.createdFrom ? dayjs(filters.createdFrom) : null,
            filters.createdTo ? dayjs(filters.createdTo).subtract(1, 'day') : null,
          ]}
          onChange={(range) =>
            set({
              // Whole days in the user's zone: from the first day's midnight to the day after the last.
              createdFrom: range?.[0]?.startOf('day').format() || undefined,
              createdTo: range?.[1]?.startOf('day').add(1, 'day').format() || undefined,
            })
          }
        />
        {multi('status', TICKET_STATUSES, (v) => t(`tickets.status.${v}`))}
        {multi('type', TICKET_TYPES, (v) => t(`tickets.type.${v}`))}
        {multi('priority', TICKET_PRIORITIES, (v) => v)}
        {session.can('users.view') ? (
          <div style={{ width: 200 }}>
            <UserSelect
              value={filters.assigneeUserId}
              onChange={(v) => set({ assigneeUserId: v ?? undefined })}
              placeholder={t('tickets.filter.assignee')}
            />
          </div>
        ) : null}
        <SavedFilters userId={session.me?.user.id ?? ''} filters={filters} onApply={(f) => setFilters(f)} />
      </Flex>
      {tickets.isError ? (
        <QueryError message={errorMessage(tickets.error)} onRetry={() => void tickets.refetch()} />
      ) : null}
      <Table<Ticket>
        rowKey="id"
        columns={columns}
        dataSource={tickets.data?.items}
        loading={tickets.isFetching}
        locale={{ emptyText: t('tickets.empty') }}
        onChange={(_p, _f, sorter) => {
          const s = Array.isArray(sorter) ? sorter[0] : sorter;
          set({ sortDue: s?.columnKey === 'sla' && Boolean(s.order) });
        }}
        pagination={{
          current: filters.page,
          pageSize: filters.pageSize,
          total: tickets.data?.total ?? 0,
          showTotal: (count) => t('common.total', { count }),
          onChange: (page, pageSize) => setFilters((f) => ({ ...f, page, pageSize })),
        }}
      />
      {creating ? <TicketFormDialog onClose={() => setCreating(false)} onCreated={(c) => onOpen(c.id)} /> : null}
    </div>
  );
}
