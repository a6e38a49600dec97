import { ReloadOutlined } from '@ant-design/icons';
import { Button, DatePicker, Empty, Flex, Select, Table, type TableColumnsType, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { type HTMLAttributes, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { EVALUATION_STATUSES, type Evaluation, type EvaluationStatus } from '../../../../contracts/quality';
import { useErrorMessage } from '../../app/errors';
import { useSession } from '../../app/session';
import { DateTime } from '../../ui/date-time';
import { QueryError } from '../../ui/query-error';
import { useEvaluations } from './api';
import { rangeQuery } from './range';
import { StatusTag } from './status-tag';
import { QUALITY_IDS } from './testids';

/**
 * 质检结果: the evaluations the user may see — agents their own, team leads their teams', QA all —
 * newest change first; a row opens the evaluation.
 */
export function EvaluationsTab() {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const navigate = useNavigate();
  const session = useSession();
  const [status, setStatus] = useState<EvaluationStatus>();
  const [range, setRange] = useState<[Dayjs, Dayjs] | null>(null);
  const [mine, setMine] = useState<'all' | 'agent' | 'evaluator'>('all');
  const [page, setPage] = useState(1);
  const me = session.me?.user.id;
  const evaluations = useEvaluations({
    page,
    pageSize: 20,
    status,
    ...(range ? rangeQuery(range) : {}),
    agentId: mine === 'agent' ? me : undefined,
    evaluatorId: mine === 'evaluator' ? me : undefined,
  });
  const open = (e: Evaluation) => navigate(`/quality/evaluations/${e.id}`);

  const columns: TableColumnsType<Evaluation> = [
    { key: 'contactAt', title: t('quality.col.contactAt'), render: (_v, e) => <DateTime value={e.contactAt} /> },
    { key: 'agent', title: t('quality.col.agent'), dataIndex: 'agentName' },
    { key: 'evaluator', title: t('quality.col.evaluator'), dataIndex: 'evaluatorName' },
    {
      key: 'score',
      title: t('quality.col.score'),
      align: 'right',
      render: (_v, e) =>
        e.score === null ? (
          t('common.none')
        ) : (
          <Typography.Text strong type={e.breakdown?.fatal ? 'danger' : undefined}>
            {e.score}
          </Typography.Text>
        ),
    },
    { key: 'status', title: t('quality.col.status'), render: (_v, e) => <StatusTag status={e.status} /> },
    { key: 'submittedAt', title: t('quality.col.submittedAt'), render: (_v, e) => <DateTime value={e.submittedAt} /> },
    { key: 'updatedAt', title: t('quality.col.updatedAt'), render: (_v, e) => <DateTime value={e.updatedAt} /> },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_v, e) => (
        <Button
          size="small"
          onClick={(event) => {
            event.stopPropagation();
            open(e);
          }}
          data-testid={QUALITY_IDS.openEvaluation(e.id)}
        >
          {t('quality.evaluations.open')}
        </Button>
      ),
    },
  ];

  const whose = [
    { value: 'all' as const, label: t('quality.evaluations.whose.all') },
    ...(session.can('qa.own') ? [{ value: 'agent' as const, label: t('quality.evaluations.whose.agent') }] : []),
    ...(session.can('qa.evaluate')
      ? [{ value: 'evaluator' as const, label: t('quality.evaluations.whose.evaluator') }]
      : []),
  ];

  return (
    <>
      <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
        <DatePicker.RangePicker
          value={range}
          onChange={(v) => {
            setRange(v?.[0] && v[1] ? [v[0], v[1]] : null);
            setPage(1);
          }}
          aria-label={t('quality.filter.range')}
        />
        <Select
          allowClear
          style={{ minWidth: 160 }}
          placeholder={t('quality.filter.allStatuses')}
          aria-label={t('quality.col.status')}
          value={status}
          onChange={(v?: EvaluationStatus) => {
            setStatus(v);
            setPage(1);
          }}
          options={EVALUATION_STATUSES.map((s) => ({ value: s, label: t(`quality.status.${s}`) }))}
          data-testid={QUALITY_IDS.evaluationsStatus}
        />
        {whose.length > 1 ? (
          <Select
            style={{ minWidth: 160 }}
            value={mine}
            onChange={(v) => {
              setMine(v);
              setPage(1);
            }}
            options={whose}
            aria-label={t('quality.evaluations.whose.label')}
          />
        ) : null}
        <Button icon={<ReloadOutlined />} onClick={() => void evaluations.refetch()} aria-label={t('common.refresh')} />
      </Flex>
      {evaluations.isError ? (
        <QueryError message={errorMessage(evaluations.error)} onRetry={() => void evaluations.refetch()} />
      ) : null}
      <Table<Evaluation>
        rowKey="id"
        data-testid={QUALITY_IDS.evaluations}
        columns={columns}
        dataSource={evaluations.data?.items}
        loading={evaluations.isFetching}
        scroll={{ x: 'max-content' }}
        onRow={(e) => ({ onClick: () => open(e), style: { cursor: 'pointer' } }) as HTMLAttributes<HTMLElement>}
        locale={{
          emptyText:
            evaluations.isLoading || evaluations.isError ? ' ' : <Empty description={t('quality.evaluations.empty')} />,
        }}
        pagination={{
          current: page,
          pageSize: 20,
          total: evaluations.data?.total ?? 0,
          showSizeChanger: false,
          onChange: setPage,
          showTotal: (count) => t('common.total', { count }),
        }}
      />
    </>
  );
}
