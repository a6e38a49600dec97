import { ReloadOutlined } from '@ant-design/icons';
import { Button, Empty, Flex, Segmented, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useErrorMessage } from '../../app/errors';
import { useSession } from '../../app/session';
import { DateTime } from '../../ui/date-time';
import { QueryError } from '../../ui/query-error';
import { type AppealWithEvaluation, useAppeals, useInvalidateQuality } from './api';
import { AppealDecisionDialog } from './appeal-decision';
import { QUALITY_IDS } from './testids';

/**
 * 申诉处理: the open appeals for a second reviewer (never the evaluator of the evaluation) to
 * uphold or change, and the decided ones with their outcome.
 */
export function AppealsTab() {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const navigate = useNavigate();
  const session = useSession();
  const invalidate = useInvalidateQuality();
  const [status, setStatus] = useState<'open' | 'decided'>('open');
  const [deciding, setDeciding] = useState<AppealWithEvaluation>();
  const appeals = useAppeals(status);
  const me = session.me?.user.id;

  const columns: TableColumnsType<AppealWithEvaluation> = [
    {
      key: 'createdAt',
      title: t('quality.appeals.col.createdAt'),
      render: (_v, a) => <DateTime value={a.createdAt} />,
    },
    { key: 'agent', title: t('quality.col.agent'), render: (_v, a) => a.evaluation.agentName },
    { key: 'evaluator', title: t('quality.col.evaluator'), render: (_v, a) => a.evaluation.evaluatorName },
    {
      key: 'score',
      title: t('quality.col.score'),
      render: (_v, a) =>
        a.scoreAfter === null
          ? a.scoreBefore
          : t('quality.appeal.scoreChange', { before: a.scoreBefore, after: a.scoreAfter }),
    },
    {
      key: 'reason',
      title: t('quality.appeal.reason'),
      render: (_v, a) => (
        <Typography.Paragraph ellipsis={{ rows: 2, expandable: true }} style={{ margin: 0, maxWidth: 360 }}>
          {a.reason}
        </Typography.Paragraph>
      ),
    },
    {
      key: 'items',
      title: t('quality.appeals.col.items'),
      render: (_v, a) =>
        a.items.length
          ? t('quality.appeals.itemCount', { count: a.items.length })
          : t('quality.appeals.wholeEvaluation'),
    },
    ...(status === 'decided'
      ? [
          {
            key: 'outcome',
            title: t('quality.appeals.col.outcome'),
            render: (_v: unknown, a: AppealWithEvaluation) => (
              <Space orientation="vertical" size={0}>
                <Tag color={a.status === 'changed' ? 'green' : 'default'}>{t(`quality.appealStatus.${a.status}`)}</Tag>
                {a.decisionNote ? <Typography.Text type="secondary">{a.decisionNote}</Typography.Text> : null}
              </Space>
            ),
          },
        ]
      : []),
    {
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      render: (_v, a) => (
        <Space size={4}>
          {a.status === 'open' && session.can('qa.review') && a.evaluation.evaluatorId !== me ? (
            <Button
              type="primary"
              size="small"
              onClick={() => setDeciding(a)}
              data-testid={QUALITY_IDS.decide(a.evaluationId)}
            >
              {t('quality.appeals.decide')}
            </Button>
          ) : null}
          <Button size="small" onClick={() => navigate(`/quality/evaluations/${a.evaluationId}`)}>
            {t('quality.evaluations.open')}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <>
      <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
        <Segmented<'open' | 'decided'>
          value={status}
          onChange={setStatus}
          options={[
            { value: 'open', label: t('quality.appeals.filter.open') },
            { value: 'decided', label: t('quality.appeals.filter.decided') },
          ]}
        />
        <Button icon={<ReloadOutlined />} onClick={() => void appeals.refetch()} aria-label={t('common.refresh')} />
      </Flex>
      {appeals.isError ? (
        <QueryError message={errorMessage(appeals.error)} onRetry={() => void appeals.refetch()} />
      ) : null}
      <Table<AppealWithEvaluation>
        rowKey="id"
        data-testid={QUALITY_IDS.appeals}
        columns={columns}
        dataSource={appeals.data}
        loading={appeals.isFetching}
        scroll={{ x: 'max-content' }}
        locale={{
          emptyText:
            appeals.isLoading || appeals.isError ? (
              ' '
            ) : (
              <Empty description={t(status === 'open' ? 'quality.appeals.empty' : 'quality.appeals.emptyDecided')} />
            ),
        }}
        pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
      />
      {deciding ? (
        <AppealDecisionDialog
          appeal={deciding}
          onClose={() => setDeciding(undefined)}
          onDone={() => void invalidate()}
        />
      ) : null}
    </>
  );
}
