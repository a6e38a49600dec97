import { Card, Empty, Flex, Table, type TableColumnsType, Tag, Typography } from 'antd';
import type { HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import type { EvaluationDetail, EvaluationRevision } from '../../../../contracts/quality';
import { DateTime } from '../../ui/date-time';
import { answerText } from './answer-input';
import { changedItems, itemsOf } from './score';
import { QUALITY_IDS } from './testids';

type Appeal = EvaluationDetail['appeals'][number];

const APPEAL_COLOR: Record<Appeal['status'], string> = { open: 'gold', upheld: 'default', changed: 'green' };

/**
 * The evaluation's revisions (评分历史): the submitted score and, after an appeal changed it, the
 * new one — both kept, with what changed and why.
 */
export function EvaluationHistory({ detail }: { detail: EvaluationDetail }) {
  const { t } = useTranslation();
  const items = new Map(itemsOf(detail.scorecard.content).map((i) => [i.key, i]));
  const previous = (r: EvaluationRevision) => detail.history.find((h) => h.revision === r.revision - 1);
  const columns: TableColumnsType<EvaluationRevision> = [
    {
      key: 'revision',
      title: t('quality.history.revision'),
      render: (_v, r) => t('quality.history.nth', { n: r.revision }),
    },
    {
      key: 'reason',
      title: t('quality.history.reason'),
      render: (_v, r) => (
        <Tag color={r.reason === 'appeal_changed' ? 'green' : 'blue'}>{t(`quality.history.reasons.${r.reason}`)}</Tag>
      ),
    },
    {
      key: 'score',
      title: t('quality.col.score'),
      render: (_v, r) => (
        <Typography.Text strong data-testid={QUALITY_IDS.historyScore(r.revision)}>
          {r.score}
        </Typography.Text>
      ),
    },
    {
      key: 'by',
      title: t('quality.history.by'),
      render: (_v, r) => (
        <Flex vertical>
          <span>{r.byName}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            <DateTime value={r.at} />
          </Typography.Text>
        </Flex>
      ),
    },
    {
      key: 'changes',
      title: t('quality.history.changes'),
      width: '40%',
      render: (_v, r) => {
        const before = previous(r);
        if (!before) return t('common.none');
        const keys = changedItems(detail.scorecard.content, before.answers, r.answers);
        return (
          <Flex vertical gap={2}>
            {keys.map((k) => (
              <span key={k}>
                {items.get(k)?.label ?? k}: {answerText(t, items.get(k), before.answers[k])} →{' '}
                {answerText(t, items.get(k), r.answers[k])}
              </span>
            ))}
            {r.note ? <Typography.Text type="secondary">{r.note}</Typography.Text> : null}
          </Flex>
        );
      },
    },
  ];
  return (
    <Card size="small" title={t('quality.history.title')} data-testid={QUALITY_IDS.history}>
      <Table<EvaluationRevision>
        size="small"
        rowKey="revision"
        columns={columns}
        dataSource={detail.history}
        pagination={false}
        onRow={(r) => ({ 'data-testid': QUALITY_IDS.historyRow(r.revision) }) as HTMLAttributes<HTMLElement>}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('quality.history.empty')} /> }}
        scroll={{ x: 'max-content' }}
      />
    </Card>
  );
}

/** The appeals of the evaluation: reason, disputed items, outcome and the scores before and after. */
export function EvaluationAppeals({ detail }: { detail: EvaluationDetail }) {
  const { t } = useTranslation();
  if (detail.appeals.length === 0) return null;
  const items = new Map(itemsOf(detail.scorecard.content).map((i) => [i.key, i]));
  return (
    <Card size="small" title={t('quality.appeal.records')} data-testid={QUALITY_IDS.appealsOfEvaluation}>
      <Flex vertical gap={12}>
        {detail.appeals.map((a) => (
          <Flex key={a.id} vertical gap={4}>
            <Flex gap={8} wrap align="center">
              <Tag color={APPEAL_COLOR[a.status]}>{t(`quality.appealStatus.${a.status}`)}</Tag>
              <Typography.Text type="secondary">
                <DateTime value={a.createdAt} />
              </Typography.Text>
              <Typography.Text>
                {a.scoreAfter === null
                  ? t('quality.appeal.scoreBefore', { before: a.scoreBefore })
                  : t('quality.appeal.scoreChange', { before: a.scoreBefore, after: a.scoreAfter })}
              </Typography.Text>
            </Flex>
            <Typography.Text>
              {t('quality.appeal.reason')}: {a.reason}
            </Typography.Text>
            {a.items.length > 0 ? (
              <Flex gap={4} wrap>
                {a.items.map((k) => (
                  <Tag key={k}>{items.get(k)?.label ?? k}</Tag>
                ))}
              </Flex>
            ) : null}
            {a.decisionNote ? (
              <Typography.Text type="secondary">
                {t('quality.appeal.decisionNote')}: {a.decisionNote}
              </Typography.Text>
            ) : null}
          </Flex>
        ))}
      </Flex>
    </Card>
  );
}
