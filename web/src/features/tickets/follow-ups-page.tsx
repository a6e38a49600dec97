import { PhoneOutlined, ReloadOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Radio, Rate, Space, Table, type TableColumnsType, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { FollowUp, FollowUpOutcomeBody } from '../../../../contracts/tickets';
import { useErrorMessage } from '../../app/errors';
import { useSession } from '../../app/session';
import { useFormSubmit } from '../../app/use-form-submit';
import { DateTime } from '../../ui/date-time';
import { FormModal } from '../../ui/form-modal';
import { PageHeader } from '../../ui/page-header';
import { QueryError } from '../../ui/query-error';
import { useNow } from '../../ui/use-now';
import { useInvalidateTickets } from './api';
import { dialFollowUp, type FollowUpListQuery, recordFollowUpOutcome, useFollowUps } from './flows-api';
import { TICKETS_IDS } from './testids';

type Tab = 'due' | 'mine' | 'all';

/**
 * 回访任务: my due follow-up visits, all of mine, and (for team leads and supervisors) everyone's;
 * click-to-call through the server (numbers are masked for agents) and the outcome of the call.
 */
export function FollowUpsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const session = useSession();
  const errorMessage = useErrorMessage();
  const now = useNow(60_000);
  const [tab, setTab] = useState<Tab>('due');
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  // The due list is "due by now", fixed per minute so the query key does not change every render.
  const dueBy = new Date(Math.floor(now / 60_000) * 60_000 + 60_000).toISOString();
  const query: FollowUpListQuery = {
    ...paging,
    ...(tab === 'all' ? {} : { mine: true }),
    ...(tab === 'due' ? { due: dueBy } : {}),
  };
  const list = useFollowUps(query);
  const invalidate = useInvalidateTickets();
  const [recording, setRecording] = useState<FollowUp>();
  const [dialling, setDialling] = useState<string>();
  /** The call id of the last click-to-call per follow-up: the outcome links it (and does not count it twice). */
  const [calls, setCalls] = useState<Record<string, string>>({});
  const canWork = session.can('tickets.work');
  const tabs: Tab[] = session.can('supervisor.monitor') ? ['due', 'mine', 'all'] : ['due', 'mine'];

  const call = async (f: FollowUp) => {
    setDialling(f.id);
    try {
      const out = await dialFollowUp(f.id);
      setCalls((c) => ({ ...c, [f.id]: out.callId }));
      void message.info(t('followUps.calling'));
    } catch (error) {
      void message.error(errorMessage(error));
    } finally {
      setDialling(undefined);
      invalidate();
    }
  };

  const columns: TableColumnsType<FollowUp> = [
    {
      key: 'ticket',
      title: t('followUps.col.ticket'),
      render: (_v, f) => (
        <Link className="mono" to={`/tickets?id=${encodeURIComponent(f.ticketId)}`}>
          {f.ticketNumber}
        </Link>
      ),
    },
    {
      key: 'subject',
      title: t('followUps.col.subject'),
      ellipsis: true,
      render: (_v, f) => (
        <Space size={4}>
          <span>{f.subject}</span>
          <Typography.Text type="secondary">({t(`tickets.type.${f.ticketType}`)})</Typography.Text>
        </Space>
      ),
    },
    {
      key: 'customer',
      title: t('followUps.col.customer'),
      render: (_v, f) =>
        f.customerId ? (
          <Link to={`/customers?id=${encodeURIComponent(f.customerId)}`}>{t('followUps.openCustomer')}</Link>
        ) : (
          t('common.none')
        ),
    },
    {
      key: 'phone',
      title: t('followUps.col.phone'),
      render: (_v, f) => (f.customerPhone ? <span className="mono">{f.customerPhone}</span> : t('followUps.noPhone')),
    },
    {
      key: 'due',
      title: t('followUps.col.due'),
      render: (_v, f) => (
        <Typography.Text type={new Date(f.dueAt).getTime() <= now ? 'danger' : undefined}>
          <DateTime value={f.dueAt} />
        </Typography.Text>
      ),
    },
    { key: 'attempts', title: t('followUps.col.attempts'), dataIndex: 'attempts', align: 'right' },
    ...(canWork
      ? [
          {
            key: 'actions',
            title: t('followUps.col.actions'),
            render: (_v: unknown, f: FollowUp) => (
              <Space>
                <Button
                  size="small"
                  icon={<PhoneOutlined />}
                  disabled={!f.dialNumber}
                  loading={dialling === f.id}
                  onClick={() => void call(f)}
                  data-testid={TICKETS_IDS.followUpCall(f.id)}
                >
                  {t('followUps.call')}
                </Button>
                <Button size="small" onClick={() => setRecording(f)} data-testid={TICKETS_IDS.followUpRecord(f.id)}>
                  {t('followUps.record')}
                </Button>
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <div data-testid={TICKETS_IDS.followUps}>
      <PageHeader
        title={t('followUps.title')}
        extra={
          <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} aria-label={t('common.refresh')} />
        }
      />
      <Tabs
        data-testid={TICKETS_IDS.followUpTabs}
        activeKey={tab}
        onChange={(k) => {
          setTab(k as Tab);
          setPaging((p) => ({ ...p, page: 1 }));
        }}
        items={tabs.map((key) => ({ key, label: t(`followUps.tab.${key}`) }))}
      />
      {list.isError ? <QueryError message={errorMessage(list.error)} onRetry={() => void list.refetch()} /> : null}
      <Table<FollowUp>
        rowKey="id"
        columns={columns}
        dataSource={list.data?.items}
        loading={list.isFetching}
        locale={{ emptyText: t('followUps.empty') }}
        onRow={(f) => ({ 'data-testid': TICKETS_IDS.followUpRow(f.id), 'data-attempts': f.attempts }) as never}
        pagination={{
          current: paging.page,
          pageSize: paging.pageSize,
          total: list.data?.total ?? 0,
          showTotal: (count) => t('common.total', { count }),
          onChange: (page, pageSize) => setPaging({ page, pageSize }),
        }}
      />
      {recording ? (
        <OutcomeDialog followUp={recording} callId={calls[recording.id]} onClose={() => setRecording(undefined)} />
      ) : null}
    </div>
  );
}

type Result = 'satisfied' | 'unsatisfied' | 'unreachable';
type Values = { result: Result; score?: number; note: string };

/** Satisfied (3–5) closes a resolved order, unsatisfied (1–2) reopens it, unreachable counts an attempt. */
function OutcomeDialog({ followUp, callId, onClose }: { followUp: FollowUp; callId?: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const invalidate = useInvalidateTickets();
  const [form] = Form.useForm<Values>();
  const result = Form.useWatch('result', form);
  const save = useFormSubmit(
    form,
    (v: Values) => {
      const body: FollowUpOutcomeBody =
        v.result === 'unreachable'
          ? { reached: false, note: v.note.trim() }
          : { reached: true, satisfaction: v.score, note: v.note.trim() };
      return recordFollowUpOutcome(followUp.id, callId ? { ...body, callId } : body);
    },
    {
      onSuccess: (_f, v) => {
        invalidate();
        void message.success(
          t(
            v.result === 'unreachable'
              ? 'followUps.savedOpen'
              : v.result === 'unsatisfied'
                ? 'followUps.savedReopened'
                : 'followUps.saved',
          ),
        );
        onClose();
      },
    },
  );
  const scoreOk = (v: number | undefined) =>
    !!v && (result === 'satisfied' ? v >= 3 : result === 'unsatisfied' ? v <= 2 : true);
  return (
    <FormModal
      title={t('followUps.outcomeTitle', { number: followUp.ticketNumber })}
      onClose={onClose}
      form={form}
      onFinish={save.submit}
      pending={save.pending}
      formError={save.formError}
      submitLabel={t('followUps.record')}
      submitTestId={TICKETS_IDS.outcomeSubmit}
    >
      <Form.Item
        name="result"
        label={t('followUps.result')}
        rules={[{ required: true, message: t('followUps.resultRequired') }]}
      >
        <Radio.Group
          data-testid={TICKETS_IDS.outcomeResult}
          onChange={(e) => form.setFieldValue('score', e.target.value === 'satisfied' ? 5 : 1)}
        >
          {(['satisfied', 'unsatisfied', 'unreachable'] as const).map((r) => (
            <Radio key={r} value={r}>
              {t(`followUps.results.${r}`)}
            </Radio>
          ))}
        </Radio.Group>
      </Form.Item>
      {result && result !== 'unreachable' ? (
        <Form.Item
          name="score"
          label={t('followUps.score')}
          extra={t('followUps.scoreHint')}
          dependencies={['result']}
          rules={[
            {
              validator: (_r, v: number | undefined) =>
                scoreOk(v) ? Promise.resolve() : Promise.reject(new Error(t('followUps.scoreRequired'))),
            },
          ]}
        >
          <Rate count={5} allowClear={false} data-testid={TICKETS_IDS.outcomeScore} />
        </Form.Item>
      ) : null}
      <Form.Item
        name="note"
        label={t('followUps.note')}
        rules={[{ required: true, whitespace: true, message: t('followUps.noteRequired') }, { max: 5_000 }]}
      >
        <Input.TextArea rows={3} data-testid={TICKETS_IDS.outcomeNote} />
      </Form.Item>
    </FormModal>
  );
}
