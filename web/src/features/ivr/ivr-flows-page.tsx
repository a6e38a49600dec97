import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Empty, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import type { FlowSummary } from '../../../../contracts/ivr';
import { useErrorMessage } from '../../app/errors';
import { DateTime } from '../../ui/date-time';
import { PageHeader } from '../../ui/page-header';
import { QueryError } from '../../ui/query-error';
import { useFlows } from './api';
import { FlowCreateDialog } from './flow-create-dialog';
import { FlowEditor } from './flow-editor';
import { IVR_IDS } from './testids';

/** 语音导航: the IVR flows; `?flow=<id>` opens one in the editor (so a reload keeps it open). */
export function IvrFlowsPage() {
  const [params, setParams] = useSearchParams();
  const open = params.get('flow') ?? undefined;
  if (open) return <FlowEditor key={open} flowId={open} onBack={() => setParams({}, { replace: false })} />;
  return <FlowList onOpen={(id) => setParams({ flow: id })} />;
}

function FlowList({ onOpen }: { onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const flows = useFlows();
  const [creating, setCreating] = useState(false);

  const columns: TableColumnsType<FlowSummary> = [
    {
      key: 'key',
      title: t('ivr.col.key'),
      dataIndex: 'key',
      render: (k: string) => <Typography.Text code>{k}</Typography.Text>,
    },
    { key: 'name', title: t('ivr.col.name'), dataIndex: 'name' },
    {
      key: 'published',
      title: t('ivr.col.published'),
      dataIndex: 'publishedVersion',
      render: (v: number | null) => (v ? <Tag color="green">v{v}</Tag> : <Tag>{t('ivr.notPublished')}</Tag>),
    },
    {
      key: 'updatedAt',
      title: t('ivr.col.updatedAt'),
      dataIndex: 'updatedAt',
      render: (value: string) => <DateTime value={value} />,
    },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_v, flow) => (
        <Button type="link" size="small" onClick={() => onOpen(flow.id)} data-testid={IVR_IDS.open(flow.key)}>
          {t('common.edit')}
        </Button>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('ivr.title')}
        description={t('ivr.intro')}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={() => void flows.refetch()} aria-label={t('common.refresh')} />
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              data-testid={IVR_IDS.create}
            >
              {t('ivr.create')}
            </Button>
          </>
        }
      />
      {flows.isError ? <QueryError message={errorMessage(flows.error)} onRetry={() => void flows.refetch()} /> : null}
      <Table<FlowSummary>
        rowKey="id"
        columns={columns}
        dataSource={flows.data}
        loading={flows.isFetching}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: flows.isLoading || flows.isError ? ' ' : <Empty description={t('ivr.empty')} /> }}
        pagination={{ hideOnSinglePage: true, pageSize: 50, showTotal: (count) => t('common.total', { count }) }}
        data-testid={IVR_IDS.table}
      />
      {creating ? (
        <FlowCreateDialog
          onClose={() => setCreating(false)}
          onCreated={(flow) => {
            setCreating(false);
            onOpen(flow.id);
          }}
        />
      ) : null}
    </>
  );
}
