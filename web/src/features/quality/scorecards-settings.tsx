import { PlusOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { App, Button, Empty, Flex, Popconfirm, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Scorecard, ScorecardContent, ScorecardItem } from '../../../../contracts/quality';
import { useErrorMessage } from '../../app/errors';
import { useQueues } from '../../app/lookups';
import { DateTime } from '../../ui/date-time';
import { QueryError } from '../../ui/query-error';
import { useInvalidateQuality } from './api';
import { ScorecardDialog } from './scorecard-dialog';
import { ItemWeight } from './scorecard-form';
import { publishScorecard, useScorecards } from './settings-api';
import { QUALITY_IDS } from './testids';

/** A published (or draft) content's items, section by section. */
function ItemsTable({ content }: { content: ScorecardContent }) {
  const { t } = useTranslation();
  const columns: TableColumnsType<ScorecardItem & { section: string }> = [
    { key: 'section', title: t('qualityAdmin.scorecards.section'), dataIndex: 'section' },
    { key: 'label', title: t('qualityAdmin.scorecards.item'), dataIndex: 'label' },
    { key: 'kind', title: t('qualityAdmin.scorecards.kind'), render: (_v, i) => <ItemWeight item={i} /> },
    {
      key: 'answer',
      title: t('qualityAdmin.scorecards.answerType'),
      render: (_v, i) =>
        `${t(`qualityAdmin.answerType.${i.answerType}`)}${i.answerType === 'scale' ? ` 1–${i.scaleMax}` : ''}${
          i.allowNa ? ` · ${t('qualityAdmin.scorecards.allowNa')}` : ''
        }`,
    },
    {
      key: 'guidance',
      title: t('qualityAdmin.scorecards.guidance'),
      render: (_v, i) => (
        <Typography.Paragraph
          type="secondary"
          ellipsis={{ rows: 2, expandable: true }}
          style={{ margin: 0, maxWidth: 420 }}
        >
          {i.guidance || t('common.none')}
        </Typography.Paragraph>
      ),
    },
  ];
  return (
    <Table
      size="small"
      rowKey="key"
      columns={columns}
      dataSource={content.sections.flatMap((s) => s.items.map((i) => ({ ...i, section: s.title })))}
      pagination={false}
      scroll={{ x: 'max-content' }}
    />
  );
}

/** 评分表: the scorecards with their version; a draft is edited and then published as the next version. */
export function ScorecardsSettings() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorMessage = useErrorMessage();
  const queues = useQueues();
  const invalidate = useInvalidateQuality();
  const scorecards = useScorecards();
  const [dialog, setDialog] = useState<{ scorecard?: Scorecard } | null>(null);
  const queueName = new Map((queues.data ?? []).map((q) => [q.id, q.name]));
  const publish = useMutation({
    mutationFn: (id: string) => publishScorecard(id),
    onSuccess: (s) => {
      void invalidate();
      void message.success(t('qualityAdmin.scorecards.published', { version: s.version }));
    },
    onError: (e) => void message.error(errorMessage(e)),
  });
  const template = scorecards.data?.find((s) => s.isDefault)?.content ?? undefined;

  const columns: TableColumnsType<Scorecard> = [
    {
      key: 'name',
      title: t('qualityAdmin.scorecards.name'),
      render: (_v, s) => (
        <Space size={4}>
          {s.name}
          {s.isDefault ? <Tag color="blue">{t('qualityAdmin.scorecards.default')}</Tag> : null}
          {s.archived ? <Tag>{t('qualityAdmin.scorecards.archived')}</Tag> : null}
        </Space>
      ),
    },
    {
      key: 'version',
      title: t('qualityAdmin.scorecards.version'),
      render: (_v, s) => (
        <Space size={4}>
          {s.version
            ? t('qualityAdmin.scorecards.versionN', { version: s.version })
            : t('qualityAdmin.scorecards.unpublished')}
          {s.draft ? <Tag color="gold">{t('qualityAdmin.scorecards.hasDraft')}</Tag> : null}
        </Space>
      ),
    },
    {
      key: 'queues',
      title: t('qualityAdmin.scorecards.queues'),
      render: (_v, s) =>
        s.queueIds.length
          ? s.queueIds.map((q) => queueName.get(q) ?? q).join('、')
          : t('qualityAdmin.scorecards.allQueues'),
    },
    {
      key: 'updatedAt',
      title: t('qualityAdmin.scorecards.updatedAt'),
      render: (_v, s) => <DateTime value={s.updatedAt} />,
    },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_v, s) => (
        <Space size={4}>
          <Button
            size="small"
            onClick={() => setDialog({ scorecard: s })}
            data-testid={QUALITY_IDS.scorecardEdit(s.id)}
          >
            {t('qualityAdmin.scorecards.edit')}
          </Button>
          {s.draft ? (
            <Popconfirm
              title={t('qualityAdmin.scorecards.publishConfirm', { version: s.version + 1 })}
              onConfirm={() => publish.mutate(s.id)}
            >
              <Button
                size="small"
                type="primary"
                loading={publish.isPending && publish.variables === s.id}
                data-testid={QUALITY_IDS.scorecardPublish(s.id)}
              >
                {t('qualityAdmin.scorecards.publish')}
              </Button>
            </Popconfirm>
          ) : null}
        </Space>
      ),
    },
  ];

  return (
    <>
      <Flex gap={12} style={{ marginBottom: 12 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({})}>
          {t('qualityAdmin.scorecards.create')}
        </Button>
      </Flex>
      {scorecards.isError ? (
        <QueryError message={errorMessage(scorecards.error)} onRetry={() => void scorecards.refetch()} />
      ) : null}
      <Table<Scorecard>
        rowKey="id"
        data-testid={QUALITY_IDS.scorecards}
        columns={columns}
        dataSource={scorecards.data}
        loading={scorecards.isFetching}
        scroll={{ x: 'max-content' }}
        expandable={{
          expandedRowRender: (s) => {
            const content = s.draft ?? s.content;
            return content ? (
              <Flex vertical gap={8}>
                {s.draft ? (
                  <Typography.Text type="warning">{t('qualityAdmin.scorecards.showingDraft')}</Typography.Text>
                ) : null}
                <ItemsTable content={content} />
              </Flex>
            ) : null;
          },
        }}
        locale={{
          emptyText:
            scorecards.isLoading || scorecards.isError ? (
              ' '
            ) : (
              <Empty description={t('qualityAdmin.scorecards.empty')} />
            ),
        }}
        pagination={false}
      />
      {dialog ? (
        <ScorecardDialog scorecard={dialog.scorecard} template={template} onClose={() => setDialog(null)} />
      ) : null}
    </>
  );
}
