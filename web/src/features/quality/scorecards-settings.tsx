import { PlusOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Empty,
  Flex,
  Form,
  Input,
  Popconfirm,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Scorecard, ScorecardContent, ScorecardItem } from '../../../../contracts/quality';
import { useErrorMessage, validationIssues } from '../../app/errors';
import { useQueues } from '../../app/lookups';
import { useFormSubmit } from '../../app/use-form-submit';
import { DateTime } from '../../ui/date-time';
import { FormModal } from '../../ui/form-modal';
import { QueryError } from '../../ui/query-error';
import { useInvalidateQuality } from './api';
import { ItemWeight } from './scorecard-form';
import { contentProblems } from './scorecard-json';
import { createScorecard, publishScorecard, updateScorecard, useScorecards } from './settings-api';
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

type Values = { name: string; queueIds: string[]; json: string };

/**
 * Create a scorecard or edit one's draft as JSON (sections → items: key, label, guidance, kind,
 * answerType, weight, scaleMax, allowNa, autoCheck); checked against the contract before it is sent.
 */
function ScorecardDialog({
  scorecard,
  template,
  onClose,
}: {
  scorecard?: Scorecard;
  template?: ScorecardContent;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queues = useQueues();
  const invalidate = useInvalidateQuality();
  const [form] = Form.useForm<Values>();
  const [problems, setProblems] = useState<string[]>([]);
  const save = useFormSubmit(
    form,
    async (v: Values) => {
      const { content, problems: found } = contentProblems(v.json);
      setProblems(found);
      if (!content) throw new Error('invalid');
      const body = { name: v.name.trim(), queueIds: v.queueIds, content };
      return scorecard ? updateScorecard(scorecard.id, body) : createScorecard(body);
    },
    {
      fieldsByCode: { 'QUALITY.SCORECARD_NAME_TAKEN': 'name' },
      onSuccess: () => {
        void invalidate();
        void message.success(t('qualityAdmin.scorecards.saved'));
        onClose();
      },
      onError: (e) => {
        const issues = validationIssues(e);
        if (issues.length) setProblems(issues.map((i) => `${String(i.path)}: ${i.message}`));
      },
    },
  );
  const initial = scorecard?.draft ?? scorecard?.content ?? template ?? { sections: [] };
  return (
    <FormModal<Values>
      title={
        scorecard
          ? t('qualityAdmin.scorecards.editDraft', { name: scorecard.name })
          : t('qualityAdmin.scorecards.create')
      }
      onClose={onClose}
      form={form}
      initialValues={{
        name: scorecard?.name ?? '',
        queueIds: scorecard?.queueIds ?? [],
        json: JSON.stringify(initial, null, 2),
      }}
      onFinish={save.submit}
      pending={save.pending}
      submitLabel={t('qualityAdmin.scorecards.saveDraft')}
      submitTestId={QUALITY_IDS.scorecardSave}
      formError={problems.length ? undefined : save.formError}
      width={820}
    >
      <Form.Item name="name" label={t('qualityAdmin.scorecards.name')} rules={[{ required: true, whitespace: true }]}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item
        name="queueIds"
        label={t('qualityAdmin.scorecards.queues')}
        extra={t('qualityAdmin.scorecards.queuesHint')}
      >
        <Select
          mode="multiple"
          showSearch={{ optionFilterProp: 'label' }}
          options={(queues.data ?? []).map((q) => ({ value: q.id, label: q.name }))}
        />
      </Form.Item>
      <Form.Item
        name="json"
        label={t('qualityAdmin.scorecards.content')}
        extra={t('qualityAdmin.scorecards.contentHint')}
      >
        <Input.TextArea
          autoSize={{ minRows: 14, maxRows: 28 }}
          spellCheck={false}
          style={{ fontFamily: 'monospace', fontSize: 12 }}
          onChange={() => setProblems([])}
          data-testid={QUALITY_IDS.scorecardJson}
        />
      </Form.Item>
      {problems.length ? (
        <Alert
          type="error"
          showIcon
          title={t('qualityAdmin.scorecards.invalid')}
          description={
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {problems.slice(0, 12).map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          }
        />
      ) : null}
    </FormModal>
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
