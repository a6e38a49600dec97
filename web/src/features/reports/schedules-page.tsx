import { PlusOutlined, SendOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Switch,
  Table,
  type TableColumnsType,
  Tag,
  TimePicker,
} from 'antd';
import dayjs from 'dayjs';
import i18n from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import {
  type Cadence,
  type CreateReportScheduleBody,
  REPORT_PERIODS,
  ReportRun,
  type ReportSchedule,
  ReportScheduleList,
  ReportSchedule as ReportScheduleSchema,
} from '../../../../contracts/report-schedules';
import { contractApi } from '../../app/api-client';
import { applyFieldErrors, useErrorMessage } from '../../app/errors';
import { DateTime } from '../../ui/date-time';
import { PageHeader } from '../../ui/page-header';
import { QueryError } from '../../ui/query-error';

// This page's strings, kept beside it (the rest of features/reports is another screen's).
const zhCN = {
  title: '定时报表',
  description: '按日、周或月把指标报表（XLSX 附件）发送到指定邮箱。',
  add: '新建定时报表',
  edit: '编辑定时报表',
  sendNow: '立即发送',
  sent: '已发送：{{subject}}',
  failed: '发送失败：{{error}}',
  empty: '还没有定时报表',
  paused: '已停用',
  col: {
    name: '名称',
    recipients: '收件人',
    cadence: '发送时间',
    period: '统计范围',
    last: '上次发送',
    next: '下次发送',
  },
  field: {
    name: '名称',
    recipients: '收件人邮箱',
    recipientsHelp: '1–20 个邮箱地址，回车分隔',
    language: '语言',
    period: '统计范围',
    cadence: '频率',
    weekday: '星期',
    day: '每月第几天',
    time: '时间',
    groupBy: '分组',
    queue: '队列',
    allQueues: '全部队列',
    enabled: '启用',
  },
  cadence: { daily: '每天', weekly: '每周', monthly: '每月' },
  period: { yesterday: '昨天', last_week: '上周', last_month: '上月' },
  status: { sent: '已发送', failed: '失败', running: '发送中' },
  groupBy: { queue: '按队列', agent: '按座席', team: '按班组', channel: '按渠道', day: '按天' },
  weekdays: ['周一', '周二', '周三', '周四', '周五', '周六', '周日'],
};
const enUS: typeof zhCN = {
  title: 'Scheduled reports',
  description: 'KPI reports mailed daily, weekly or monthly with the XLSX attached.',
  add: 'New scheduled report',
  edit: 'Edit scheduled report',
  sendNow: 'Send now',
  sent: 'Sent: {{subject}}',
  failed: 'Not sent: {{error}}',
  empty: 'No scheduled reports yet',
  paused: 'Off',
  col: { name: 'Name', recipients: 'Recipients', cadence: 'Sent', period: 'Covers', last: 'Last sent', next: 'Next' },
  field: {
    name: 'Name',
    recipients: 'Recipient addresses',
    recipientsHelp: '1–20 e-mail addresses, Enter between them',
    language: 'Language',
    period: 'Covers',
    cadence: 'Frequency',
    weekday: 'Weekday',
    day: 'Day of the month',
    time: 'Time',
    groupBy: 'Group by',
    queue: 'Queue',
    allQueues: 'All queues',
    enabled: 'Enabled',
  },
  cadence: { daily: 'Daily', weekly: 'Weekly', monthly: 'Monthly' },
  period: { yesterday: 'Yesterday', last_week: 'Last week', last_month: 'Last month' },
  status: { sent: 'Sent', failed: 'Failed', running: 'Sending' },
  groupBy: { queue: 'By queue', agent: 'By agent', team: 'By team', channel: 'By channel', day: 'By day' },
  weekdays: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
};
i18n.addResourceBundle('zh-CN', 'translation', { reportSchedules: zhCN }, true, false);
i18n.addResourceBundle('en-US', 'translation', { reportSchedules: enUS }, true, false);

const QueueList = z.object({ items: z.array(z.object({ id: z.string(), key: z.string(), name: z.string() })) });
const GROUP_BY = ['queue', 'agent', 'team', 'channel', 'day'] as const;
const keys = { all: ['reports', 'schedules'] as const };

type FormValues = {
  name: string;
  recipients: string[];
  language: 'zh-CN' | 'en-US';
  period: (typeof REPORT_PERIODS)[number];
  kind: Cadence['kind'];
  weekday?: number;
  day?: number;
  time: dayjs.Dayjs;
  groupBy: (typeof GROUP_BY)[number];
  queue?: string;
  enabled: boolean;
};

function toBody(v: FormValues): CreateReportScheduleBody {
  const time = v.time.format('HH:mm');
  const cadence: Cadence =
    v.kind === 'weekly'
      ? { kind: 'weekly', weekday: v.weekday ?? 1, time }
      : v.kind === 'monthly'
        ? { kind: 'monthly', day: v.day ?? 1, time }
        : { kind: 'daily', time };
  return {
    name: v.name,
    recipients: v.recipients,
    language: v.language,
    period: v.period,
    cadence,
    query: { groupBy: v.groupBy, ...(v.queue ? { queue: v.queue } : {}) },
    enabled: v.enabled,
  };
}

function toValues(s: ReportSchedule): FormValues {
  const q = s.query as { groupBy?: FormValues['groupBy']; queue?: string };
  return {
    name: s.name,
    recipients: s.recipients,
    language: s.language,
    period: s.period,
    kind: s.cadence.kind,
    weekday: s.cadence.kind === 'weekly' ? s.cadence.weekday : undefined,
    day: s.cadence.kind === 'monthly' ? s.cadence.day : undefined,
    time: dayjs(s.cadence.time, 'HH:mm'),
    groupBy: q.groupBy ?? 'queue',
    queue: q.queue,
    enabled: s.enabled,
  };
}

function ScheduleDialog({ schedule, onClose }: { schedule: ReportSchedule | null | undefined; onClose(): void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<FormValues>();
  const errorMessage = useErrorMessage();
  const queryClient = useQueryClient();
  const queues = useQuery({
    queryKey: ['reports', 'queues'],
    queryFn: () => contractApi.get(QueueList, '/reports/queues'),
  });
  const kind = Form.useWatch('kind', form);
  const save = useMutation({
    mutationFn: (v: FormValues) =>
      schedule
        ? contractApi.patch(ReportScheduleSchema, `/reports/schedules/${encodeURIComponent(schedule.id)}`, toBody(v))
        : contractApi.post(ReportScheduleSchema, '/reports/schedules', toBody(v)),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: keys.all });
      onClose();
    },
    onError: (err) => {
      applyFieldErrors(form, err, errorMessage);
    },
  });
  const initial: FormValues = schedule
    ? toValues(schedule)
    : {
        name: '',
        recipients: [],
        language: i18n.language === 'en-US' ? 'en-US' : 'zh-CN',
        period: 'yesterday',
        kind: 'daily',
        time: dayjs('08:00', 'HH:mm'),
        groupBy: 'queue',
        enabled: true,
      };
  return (
    <Modal
      open
      title={schedule ? t('reportSchedules.edit') : t('reportSchedules.add')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={initial} onFinish={(v) => save.mutate(v)}>
        <Form.Item name="name" label={t('reportSchedules.field.name')} rules={[{ required: true, max: 100 }]}>
          <Input />
        </Form.Item>
        <Form.Item
          name="recipients"
          label={t('reportSchedules.field.recipients')}
          extra={t('reportSchedules.field.recipientsHelp')}
          rules={[{ required: true, type: 'array', min: 1, max: 20 }]}
        >
          <Select mode="tags" tokenSeparators={[',', ' ', ';']} open={false} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="period" label={t('reportSchedules.field.period')}>
            <Select
              style={{ width: 140 }}
              options={REPORT_PERIODS.map((p) => ({ value: p, label: t(`reportSchedules.period.${p}`) }))}
            />
          </Form.Item>
          <Form.Item name="kind" label={t('reportSchedules.field.cadence')}>
            <Select
              style={{ width: 120 }}
              options={(['daily', 'weekly', 'monthly'] as const).map((k) => ({
                value: k,
                label: t(`reportSchedules.cadence.${k}`),
              }))}
            />
          </Form.Item>
          {kind === 'weekly' && (
            <Form.Item name="weekday" label={t('reportSchedules.field.weekday')} rules={[{ required: true }]}>
              <Select
                style={{ width: 100 }}
                options={(t('reportSchedules.weekdays', { returnObjects: true }) as string[]).map((label, i) => ({
                  value: i + 1,
                  label,
                }))}
              />
            </Form.Item>
          )}
          {kind === 'monthly' && (
            <Form.Item name="day" label={t('reportSchedules.field.day')} rules={[{ required: true }]}>
              <InputNumber min={1} max={31} />
            </Form.Item>
          )}
          <Form.Item name="time" label={t('reportSchedules.field.time')} rules={[{ required: true }]}>
            <TimePicker format="HH:mm" minuteStep={5} needConfirm={false} />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="groupBy" label={t('reportSchedules.field.groupBy')}>
            <Select
              style={{ width: 140 }}
              options={GROUP_BY.map((g) => ({ value: g, label: t(`reportSchedules.groupBy.${g}`) }))}
            />
          </Form.Item>
          <Form.Item name="queue" label={t('reportSchedules.field.queue')}>
            <Select
              allowClear
              style={{ width: 180 }}
              placeholder={t('reportSchedules.field.allQueues')}
              loading={queues.isLoading}
              options={(queues.data?.items ?? []).map((q) => ({ value: q.id, label: q.name }))}
            />
          </Form.Item>
          <Form.Item name="language" label={t('reportSchedules.field.language')}>
            <Select
              style={{ width: 120 }}
              options={[
                { value: 'zh-CN', label: '中文' },
                { value: 'en-US', label: 'English' },
              ]}
            />
          </Form.Item>
          <Form.Item name="enabled" label={t('reportSchedules.field.enabled')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

function cadenceText(c: Cadence, t: ReturnType<typeof useTranslation>['t']): string {
  const days = t('reportSchedules.weekdays', { returnObjects: true }) as string[];
  if (c.kind === 'weekly') return `${t('reportSchedules.cadence.weekly')} ${days[c.weekday - 1]} ${c.time}`;
  if (c.kind === 'monthly') return `${t('reportSchedules.cadence.monthly')} ${c.day} · ${c.time}`;
  return `${t('reportSchedules.cadence.daily')} ${c.time}`;
}

/** `/reports/schedules`: the user's scheduled reports (all of them for managers), their form, send now. */
export function SchedulesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorMessage = useErrorMessage();
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<ReportSchedule | null | undefined>(undefined);
  const list = useQuery({
    queryKey: keys.all,
    queryFn: () => contractApi.get(ReportScheduleList, '/reports/schedules'),
  });
  const run = useMutation({
    mutationFn: (id: string) => contractApi.post(ReportRun, `/reports/schedules/${encodeURIComponent(id)}/run`),
    onSuccess: (r) => {
      if (r.status === 'sent') void message.success(t('reportSchedules.sent', { subject: r.subject }));
      else void message.error(t('reportSchedules.failed', { error: r.error }));
      void queryClient.invalidateQueries({ queryKey: keys.all });
    },
    onError: (err) => void message.error(errorMessage(err)),
  });

  const columns: TableColumnsType<ReportSchedule> = [
    { key: 'name', title: t('reportSchedules.col.name'), dataIndex: 'name' },
    {
      key: 'recipients',
      title: t('reportSchedules.col.recipients'),
      dataIndex: 'recipients',
      render: (r: string[]) => r.join(', '),
    },
    {
      key: 'cadence',
      title: t('reportSchedules.col.cadence'),
      render: (_v, s) => (s.enabled ? cadenceText(s.cadence, t) : <Tag>{t('reportSchedules.paused')}</Tag>),
    },
    {
      key: 'period',
      title: t('reportSchedules.col.period'),
      dataIndex: 'period',
      render: (p: string) => t(`reportSchedules.period.${p}`),
    },
    {
      key: 'last',
      title: t('reportSchedules.col.last'),
      render: (_v, s) =>
        s.lastRunAt ? (
          <Space>
            <DateTime value={s.lastRunAt} />
            {s.lastStatus && (
              <Tag
                color={s.lastStatus === 'sent' ? 'green' : s.lastStatus === 'failed' ? 'red' : 'blue'}
                title={s.lastError ?? ''}
              >
                {t(`reportSchedules.status.${s.lastStatus}`)}
              </Tag>
            )}
          </Space>
        ) : null,
    },
    {
      key: 'next',
      title: t('reportSchedules.col.next'),
      dataIndex: 'nextRunAt',
      render: (v: string | null) => (v ? <DateTime value={v} /> : null),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_v, s) => (
        <Space>
          <Button type="link" size="small" onClick={() => setDialog(s)}>
            {t('common.edit')}
          </Button>
          <Button
            type="link"
            size="small"
            icon={<SendOutlined />}
            loading={run.isPending && run.variables === s.id}
            onClick={() => run.mutate(s.id)}
          >
            {t('reportSchedules.sendNow')}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('reportSchedules.title')}
        description={t('reportSchedules.description')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog(null)}>
            {t('reportSchedules.add')}
          </Button>
        }
      />
      {list.isError ? (
        <QueryError message={errorMessage(list.error)} onRetry={() => void list.refetch()} />
      ) : (
        <Table
          rowKey="id"
          loading={list.isLoading}
          columns={columns}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: <Empty description={t('reportSchedules.empty')} /> }}
          pagination={false}
        />
      )}
      {dialog !== undefined && <ScheduleDialog schedule={dialog} onClose={() => setDialog(undefined)} />}
    </>
  );
}
