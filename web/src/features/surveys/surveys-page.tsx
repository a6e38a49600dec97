import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  Button,
  DatePicker,
  Empty,
  Flex,
  Select,
  Space,
  Switch,
  Table,
  type TableColumnsType,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { SURVEY_CHANNELS, type SurveyAnswer, type SurveyChannel } from '../../../../contracts/surveys';
import { useErrorMessage } from '../../app/errors';
import { useQueues } from '../../app/lookups';
import { useSession } from '../../app/session';
import { DateTime } from '../../ui/date-time';
import { PageHeader } from '../../ui/page-header';
import { QueryError } from '../../ui/query-error';
import { useSurveyAnswers } from './api';
import { TemplatesTab } from './templates-tab';
import { SURVEYS_IDS } from './testids';

function Scores({ a }: { a: SurveyAnswer }) {
  const { t } = useTranslation();
  const parts = (['csat', 'nps', 'ces'] as const).filter((k) => a[k] !== null);
  return (
    <Space size={4} wrap>
      {parts.map((k) => (
        <Tag key={k}>
          {t(`surveys.question.${k}`)} {a[k]}
        </Tag>
      ))}
      {a.low ? <Tag color="red">{t('surveys.low')}</Tag> : null}
    </Space>
  );
}

function AnswersTab() {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [params, setParams] = useSearchParams();
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [queue, setQueue] = useState<string>();
  const [channel, setChannel] = useState<SurveyChannel>();
  const [page, setPage] = useState(1);
  const lowOnly = params.get('lowOnly') === 'true';
  const queues = useQueues();
  const queueName = useMemo(() => new Map((queues.data ?? []).map((q) => [q.id, q.name])), [queues.data]);
  const answers = useSurveyAnswers({
    page,
    pageSize: 50,
    from: range?.[0]?.startOf('day').toISOString(),
    to: range?.[1]?.endOf('day').toISOString(),
    queue,
    channel,
    lowOnly: lowOnly ? 'true' : undefined,
  });
  const highlighted = params.get('answer');

  const columns: TableColumnsType<SurveyAnswer> = [
    {
      key: 'answeredAt',
      title: t('surveys.col.answeredAt'),
      dataIndex: 'answeredAt',
      render: (v: string) => <DateTime value={v} />,
    },
    {
      key: 'channel',
      title: t('surveys.col.channel'),
      dataIndex: 'channel',
      render: (v: SurveyChannel) => t(`surveys.channel.${v}`),
    },
    { key: 'agent', title: t('surveys.col.agent'), dataIndex: 'agentName', render: (v: string | null) => v ?? '—' },
    {
      key: 'queue',
      title: t('surveys.col.queue'),
      dataIndex: 'queueId',
      render: (v: string | null) => (v ? (queueName.get(v) ?? '—') : '—'),
    },
    { key: 'scores', title: t('surveys.col.scores'), render: (_v, a) => <Scores a={a} /> },
    {
      key: 'comment',
      title: t('surveys.col.comment'),
      dataIndex: 'comment',
      render: (v: string | null) =>
        v ? (
          <Typography.Paragraph ellipsis={{ rows: 2, expandable: true }} style={{ margin: 0, maxWidth: 360 }}>
            {v}
          </Typography.Paragraph>
        ) : (
          t('surveys.noComment')
        ),
    },
    {
      key: 'followUp',
      title: t('surveys.col.followUp'),
      dataIndex: 'followUpTicketId',
      render: (v: string | null) =>
        v ? (
          <Typography.Link href={`/tickets?id=${encodeURIComponent(v)}`}>{t('surveys.followUpOpened')}</Typography.Link>
        ) : null,
    },
  ];

  return (
    <>
      <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
        <DatePicker.RangePicker
          value={range}
          onChange={(v) => {
            setRange(v);
            setPage(1);
          }}
          aria-label={t('surveys.filter.range')}
        />
        <Select
          allowClear
          style={{ minWidth: 180 }}
          placeholder={t('surveys.filter.allQueues')}
          aria-label={t('surveys.filter.queue')}
          value={queue}
          onChange={(v?: string) => {
            setQueue(v);
            setPage(1);
          }}
          options={(queues.data ?? []).map((q) => ({ value: q.id, label: q.name }))}
        />
        <Select
          allowClear
          style={{ minWidth: 140 }}
          placeholder={t('surveys.filter.allChannels')}
          aria-label={t('surveys.filter.channel')}
          value={channel}
          onChange={(v?: SurveyChannel) => {
            setChannel(v);
            setPage(1);
          }}
          options={SURVEY_CHANNELS.map((c) => ({ value: c, label: t(`surveys.channel.${c}`) }))}
        />
        <Space>
          <Switch
            checked={lowOnly}
            onChange={(on) => {
              const next = new URLSearchParams(params);
              if (on) next.set('lowOnly', 'true');
              else next.delete('lowOnly');
              setParams(next, { replace: true });
              setPage(1);
            }}
            data-testid={SURVEYS_IDS.lowOnly}
            aria-label={t('surveys.filter.lowOnly')}
          />
          <span>{t('surveys.filter.lowOnly')}</span>
        </Space>
        <Button icon={<ReloadOutlined />} onClick={() => void answers.refetch()} aria-label={t('common.refresh')} />
      </Flex>
      {answers.isError ? (
        <QueryError message={errorMessage(answers.error)} onRetry={() => void answers.refetch()} />
      ) : null}
      <Table<SurveyAnswer>
        rowKey="id"
        data-testid={SURVEYS_IDS.answers}
        columns={columns}
        dataSource={answers.data?.items}
        loading={answers.isFetching}
        scroll={{ x: 'max-content' }}
        rowClassName={(a) => (a.id === highlighted ? 'ant-table-row-selected' : '')}
        locale={{
          emptyText: answers.isLoading || answers.isError ? ' ' : <Empty description={t('surveys.empty')} />,
        }}
        pagination={{
          current: page,
          pageSize: 50,
          total: answers.data?.total ?? 0,
          showSizeChanger: false,
          onChange: setPage,
          showTotal: (count) => t('common.total', { count }),
        }}
      />
    </>
  );
}

/** Surveys (满意度调查): the answers for supervisors and leads, the templates for admins. */
export function SurveysPage() {
  const { t } = useTranslation();
  const session = useSession();
  const [tab, setTab] = useState('answers');
  const [creating, setCreating] = useState(false);
  const manage = session.can('surveys.manage');
  return (
    <>
      <PageHeader
        title={t('surveys.title')}
        extra={
          tab === 'templates' && manage ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              data-testid={SURVEYS_IDS.templateCreate}
            >
              {t('surveys.templates.create')}
            </Button>
          ) : null
        }
      />
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: 'answers', label: t('surveys.tabs.answers'), children: <AnswersTab /> },
          {
            key: 'templates',
            label: t('surveys.tabs.templates'),
            children: <TemplatesTab manage={manage} creating={creating} onCreated={() => setCreating(false)} />,
          },
        ]}
      />
    </>
  );
}
