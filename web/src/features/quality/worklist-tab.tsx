import { ReloadOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { App, Button, Empty, Flex, Segmented, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import type { Task } from '../../../../contracts/quality';
import { isApiError } from '../../app/api-client';
import { useErrorMessage } from '../../app/errors';
import { DateTime } from '../../ui/date-time';
import { QueryError } from '../../ui/query-error';
import { formatDuration } from '../../ui/recording';
import { startEvaluation, useTasks } from './api';
import { useNames } from './names';
import { QUALITY_IDS } from './testids';

type Status = 'open' | 'done' | 'all';

/** The reasons a contact was drawn, as tags (抽中原因：低满意度 …). */
export function ReasonTags({ reasons }: { reasons: readonly Task['reasons'][number][] }) {
  const { t } = useTranslation();
  return (
    <Space size={[4, 4]} wrap>
      {reasons.map((r) => (
        <Tag key={r} color={r === 'random' ? 'default' : r === 'complaint' || r === 'low_csat' ? 'red' : 'blue'}>
          {t(`quality.reason.${r}`)}
        </Tag>
      ))}
    </Space>
  );
}

/**
 * 我的质检任务: the contacts drawn for this evaluator, why each was chosen and when it is due
 * (overdue in red); 评分 opens the evaluation (a draft, or the one already started).
 */
export function WorklistTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorMessage = useErrorMessage();
  const navigate = useNavigate();
  const names = useNames();
  const [status, setStatus] = useState<Status>('open');
  const [page, setPage] = useState(1);
  const tasks = useTasks({ status, page, pageSize: 50 });
  const start = useMutation({
    mutationFn: (task: Task) => startEvaluation({ contactId: task.contactId, taskId: task.id }),
    onSuccess: (d) => navigate(`/quality/evaluations/${d.id}`),
    onError: (e, task) => {
      // Evaluated already (a second tab): open that evaluation instead.
      const existing = isApiError(e, 'QUALITY.ALREADY_EVALUATED')
        ? ((e.details as { evaluationId?: string } | undefined)?.evaluationId ?? task.evaluationId)
        : undefined;
      if (existing) navigate(`/quality/evaluations/${existing}`);
      else void message.error(errorMessage(e));
    },
  });

  const columns: TableColumnsType<Task> = [
    { key: 'agent', title: t('quality.col.agent'), dataIndex: 'agentName' },
    {
      key: 'queue',
      title: t('quality.col.queue'),
      render: (_v, task) => (
        <Flex vertical>
          <span>{names.queue(task.queueId) || t('common.none')}</span>
          {task.channel ? (
            <Typography.Text type="secondary">
              {t(`acd.channel.${task.channel}`, { defaultValue: task.channel })}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    {
      key: 'contactAt',
      title: t('quality.col.contactAt'),
      render: (_v, task) => <DateTime value={task.connectedAt} />,
    },
    {
      key: 'handle',
      title: t('quality.col.handle'),
      render: (_v, task) => formatDuration(task.handleMs) ?? t('common.none'),
    },
    { key: 'reasons', title: t('quality.col.reasons'), render: (_v, task) => <ReasonTags reasons={task.reasons} /> },
    {
      key: 'due',
      title: t('quality.col.due'),
      render: (_v, task) => (
        <Space size={4}>
          <Typography.Text type={task.overdue ? 'danger' : undefined} strong={task.overdue}>
            <DateTime value={task.dueAt} />
          </Typography.Text>
          {task.overdue ? <Tag color="red">{t('quality.worklist.overdue')}</Tag> : null}
        </Space>
      ),
    },
    {
      key: 'findings',
      title: t('quality.col.findings'),
      align: 'right',
      render: (_v, task) =>
        task.findings > 0 ? (
          <Tag color="orange">{task.findings}</Tag>
        ) : (
          <Typography.Text type="secondary">0</Typography.Text>
        ),
    },
    {
      key: 'status',
      title: t('quality.col.status'),
      render: (_v, task) => t(`quality.taskStatus.${task.status}`),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      render: (_v, task) =>
        task.status === 'done' && task.evaluationId ? (
          <Button size="small" onClick={() => navigate(`/quality/evaluations/${task.evaluationId}`)}>
            {t('quality.worklist.view')}
          </Button>
        ) : task.status === 'cancelled' ? null : (
          <Button
            type="primary"
            size="small"
            loading={start.isPending && start.variables?.id === task.id}
            onClick={() => start.mutate(task)}
            data-testid={QUALITY_IDS.evaluateContact(task.contactId)}
          >
            {task.status === 'in_progress' ? t('quality.worklist.continue') : t('quality.worklist.evaluate')}
          </Button>
        ),
    },
  ];

  return (
    <>
      <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
        <Segmented<Status>
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          options={(['open', 'done', 'all'] as const).map((s) => ({
            value: s,
            label: t(`quality.worklist.filter.${s}`),
          }))}
          data-testid={QUALITY_IDS.worklistStatus}
        />
        <Button icon={<ReloadOutlined />} onClick={() => void tasks.refetch()} aria-label={t('common.refresh')} />
      </Flex>
      {tasks.isError ? <QueryError message={errorMessage(tasks.error)} onRetry={() => void tasks.refetch()} /> : null}
      <Table<Task>
        rowKey="id"
        data-testid={QUALITY_IDS.worklist}
        columns={columns}
        dataSource={tasks.data?.items}
        loading={tasks.isFetching}
        scroll={{ x: 'max-content' }}
        locale={{
          emptyText: tasks.isLoading || tasks.isError ? ' ' : <Empty description={t('quality.worklist.empty')} />,
        }}
        pagination={{
          current: page,
          pageSize: 50,
          total: tasks.data?.total ?? 0,
          showSizeChanger: false,
          onChange: setPage,
          showTotal: (count) => t('common.total', { count }),
        }}
      />
    </>
  );
}
