import { PlusOutlined } from '@ant-design/icons';
import { Button, Empty, Flex, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Queue } from '../../../../contracts/routing';
import { useErrorMessage } from '../../app/errors';
import { TEST_IDS } from '../../app/testids';
import { QueryError } from '../../ui/query-error';
import { useQueues } from './api';
import { QueueFormDialog } from './queue-form-dialog';

export function QueuesTab() {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const queues = useQueues();
  const [dialog, setDialog] = useState<{ queue?: Queue } | null>(null);
  const columns: TableColumnsType<Queue> = [
    {
      key: 'key',
      title: t('routingAdmin.key'),
      dataIndex: 'key',
      render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
    },
    { key: 'name', title: t('routingAdmin.name'), dataIndex: 'name' },
    { key: 'strategy', title: t('routingAdmin.strategy'), render: (_v, q) => t(`acd.strategy.${q.strategy}`) },
    {
      key: 'skills',
      title: t('routingAdmin.skillsRequired'),
      render: (_v, q) =>
        q.skills.length === 0
          ? t('common.none')
          : q.skills.map((s) => <Tag key={s.skill}>{`${s.skill} ≥ ${s.minLevel}`}</Tag>),
    },
    {
      key: 'sl',
      title: t('routingAdmin.slGoal'),
      render: (_v, q) =>
        t('routingAdmin.slGoalValue', { percent: q.serviceLevelPercent, seconds: q.serviceLevelSeconds }),
    },
    { key: 'wrapUp', title: t('routingAdmin.wrapUpSeconds'), dataIndex: 'wrapUpSeconds', align: 'right' },
    {
      key: 'overflow',
      title: t('routingAdmin.overflowAction'),
      render: (_v, q) =>
        q.overflowAction === 'queue' && q.overflowQueue
          ? `${t('acd.overflowAction.queue')} → ${q.overflowQueue}`
          : t(`acd.overflowAction.${q.overflowAction}`),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_v, queue) => (
        <Button type="link" size="small" onClick={() => setDialog({ queue })}>
          {t('common.edit')}
        </Button>
      ),
    },
  ];
  return (
    <>
      <Flex justify="flex-end" className="page-filters">
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setDialog({})}
          data-testid={TEST_IDS.queuesCreate}
        >
          {t('routingAdmin.createQueue')}
        </Button>
      </Flex>
      {queues.isError ? (
        <QueryError message={errorMessage(queues.error)} onRetry={() => void queues.refetch()} />
      ) : null}
      <Table<Queue>
        rowKey="id"
        columns={columns}
        dataSource={queues.data}
        loading={queues.isFetching}
        scroll={{ x: 'max-content' }}
        pagination={{ hideOnSinglePage: true, pageSize: 50 }}
        locale={{ emptyText: queues.isLoading ? ' ' : <Empty description={t('routingAdmin.noQueues')} /> }}
      />
      {dialog ? <QueueFormDialog queue={dialog.queue} onClose={() => setDialog(null)} /> : null}
    </>
  );
}
