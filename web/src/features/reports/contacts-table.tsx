import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Dropdown, Table, type TableColumnsType, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { contactLabel } from '../../../../contracts/contact-labels';
import type { QueryParams } from '../../app/api-client';
import { useErrorMessage } from '../../app/errors';
import { DateTime } from '../../ui/date-time';
import { formatSeconds, NO_DATA } from '../../ui/kpi-format';
import { QueryError } from '../../ui/query-error';
import { type ExportFormat, exportContacts, type ReportContact, useReportContacts } from './api';
import { REPORTS_IDS } from './testids';

type Props = {
  /** The /reports/contacts question without its page. */
  query: QueryParams;
  /** The report's zone: a contact's time reads on the report's day, whatever the browser's zone. */
  timeZone: string;
  /** More columns at the end (the abandoned list's call-back action). */
  actions?: (contact: ReportContact) => React.ReactNode;
  testId?: string;
};

/** The contacts behind a figure, one row per contact, paged by the server; exports every page. */
export function ContactsTable({ query, timeZone, actions, testId = REPORTS_IDS.drawerTable }: Props) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const errorMessage = useErrorMessage();
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [exporting, setExporting] = useState(false);
  const q = { ...query, ...page };
  const contacts = useReportContacts(q);
  const lang = i18n.language === 'en-US' ? 'en-US' : 'zh-CN';

  const exportAs = async (format: ExportFormat) => {
    setExporting(true);
    try {
      await exportContacts(q, format, lang, t('reports.contactsFile'));
    } catch (err) {
      void message.error(errorMessage(err));
    } finally {
      setExporting(false);
    }
  };

  const label = (group: string, v: string | null) => (v ? t(`${group}.${v}`, { defaultValue: v }) : NO_DATA);
  const columns: TableColumnsType<ReportContact> = [
    {
      key: 'enteredAt',
      title: t('reports.drawer.col.enteredAt'),
      width: 170,
      render: (_v, c) => (c.enteredAt ? <DateTime value={c.enteredAt} timeZone={timeZone} /> : NO_DATA),
    },
    {
      key: 'channel',
      title: t('reports.drawer.col.channel'),
      width: 80,
      render: (_v, c) => label('acd.channel', c.channel),
    },
    {
      key: 'queue',
      title: t('reports.drawer.col.queue'),
      width: 120,
      ellipsis: true,
      render: (_v, c) => c.queueName ?? NO_DATA,
    },
    {
      key: 'agent',
      title: t('reports.drawer.col.agent'),
      width: 100,
      ellipsis: true,
      render: (_v, c) => c.agentName ?? NO_DATA,
    },
    {
      key: 'wait',
      title: t('reports.drawer.col.wait'),
      align: 'right',
      width: 80,
      render: (_v, c) => formatSeconds(c.waitSeconds),
    },
    {
      key: 'talk',
      title: t('reports.drawer.col.talk'),
      align: 'right',
      width: 80,
      render: (_v, c) => formatSeconds(c.talkSeconds),
    },
    {
      key: 'handle',
      title: t('reports.drawer.col.handle'),
      align: 'right',
      width: 90,
      render: (_v, c) => formatSeconds(c.handleSeconds),
    },
    {
      key: 'outcome',
      title: t('reports.drawer.col.outcome'),
      width: 90,
      render: (_v, c) => (c.outcome ? <Tag>{contactLabel(lang, 'outcome', c.outcome)}</Tag> : NO_DATA),
    },
    {
      key: 'requestType',
      title: t('reports.drawer.col.requestType'),
      width: 90,
      render: (_v, c) => label('acd.requestType', c.requestType),
    },
    {
      key: 'disposition',
      title: t('reports.drawer.col.disposition'),
      width: 90,
      render: (_v, c) => label('acd.disposition', c.disposition),
    },
    {
      key: 'csat',
      title: t('reports.drawer.col.csat'),
      align: 'right',
      width: 70,
      render: (_v, c) => c.csat ?? NO_DATA,
    },
    {
      key: 'transferred',
      title: t('reports.drawer.col.transferred'),
      width: 70,
      render: (_v, c) => (c.transferred ? t('reports.drawer.yes') : ''),
    },
    ...(actions
      ? [
          {
            key: 'actions',
            title: t('common.actions'),
            fixed: 'right' as const,
            width: 100,
            render: (_v: unknown, c: ReportContact) => actions(c),
          },
        ]
      : []),
  ];

  return (
    <>
      <div style={{ display: 'flex', justifyContent: 'flex-end', marginBottom: 8 }}>
        <Dropdown
          menu={{
            items: [
              { key: 'xlsx', label: t('reports.exportXlsx') },
              { key: 'csv', label: t('reports.exportCsv') },
            ],
            onClick: ({ key }) => void exportAs(key as ExportFormat),
          }}
        >
          <Button icon={<DownloadOutlined />} loading={exporting} data-testid={REPORTS_IDS.drawerExport}>
            {t('reports.export')}
          </Button>
        </Dropdown>
      </div>
      {contacts.isError ? (
        <QueryError message={errorMessage(contacts.error)} onRetry={() => void contacts.refetch()} />
      ) : null}
      <Table<ReportContact>
        data-testid={testId}
        size="small"
        rowKey="id"
        columns={columns}
        dataSource={contacts.data?.items}
        loading={contacts.isFetching}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('reports.empty') }}
        pagination={{
          current: page.page,
          pageSize: page.pageSize,
          total: contacts.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (count) => t('common.total', { count }),
          onChange: (p, s) => setPage({ page: s === page.pageSize ? p : 1, pageSize: s }),
        }}
      />
    </>
  );
}
