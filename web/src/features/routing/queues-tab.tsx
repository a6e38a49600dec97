import { type TableColumnsType, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Queue } from '../../../../contracts/routing';
import { useQueues } from './api';
import { actionColumn, ConfigTable, keyColumn } from './config-table';
import { QueueFormDialog } from './queue-form-dialog';
import { ROUTING_IDS } from './testids';

export function QueuesTab() {
  const { t } = useTranslation();
  const queues = useQueues();
  const [dialog, setDialog] = useState<{ queue?: Queue } | null>(null);
  const columns: TableColumnsType<Queue> = [
    keyColumn('key', t('routingAdmin.key')),
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
    actionColumn(t('common.actions'), t('common.edit'), (queue: Queue) => setDialog({ queue })),
  ];
  return (
    <>
      <ConfigTable<Queue>
        query={queues}
        columns={columns}
        create={{
          label: t('routingAdmin.createQueue'),
          onClick: () => setDialog({}),
          testId: ROUTING_IDS.queuesCreate,
        }}
        emptyText={t('routingAdmin.noQueues')}
        scroll={{ x: 'max-content' }}
      />
      {dialog ? <QueueFormDialog queue={dialog.queue} onClose={() => setDialog(null)} /> : null}
    </>
  );
}
