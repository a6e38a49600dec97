import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Empty,
  Flex,
  Form,
  Input,
  Segmented,
  Space,
  Switch,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import type { Coaching } from '../../../../contracts/quality';
import { useErrorMessage } from '../../app/errors';
import { useSession } from '../../app/session';
import { useFormSubmit } from '../../app/use-form-submit';
import { DateTime } from '../../ui/date-time';
import { FormModal } from '../../ui/form-modal';
import { QueryError } from '../../ui/query-error';
import { updateCoaching, useCoaching, useInvalidateQuality } from './api';
import { CoachingDialog } from './coaching-dialogs';
import { useNames } from './names';
import { QUALITY_IDS } from './testids';

type NotesValues = { notes: string; done: boolean };

function NotesDialog({ coaching, onClose }: { coaching: Coaching; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const invalidate = useInvalidateQuality();
  const [form] = Form.useForm<NotesValues>();
  const save = useFormSubmit(
    form,
    (v: NotesValues) => updateCoaching(coaching.id, { notes: v.notes.trim(), status: v.done ? 'done' : 'open' }),
    {
      onSuccess: () => {
        void invalidate();
        void message.success(t('quality.coaching.saved'));
        onClose();
      },
    },
  );
  return (
    <FormModal<NotesValues>
      title={t('quality.coaching.notesFor', { name: coaching.agentName })}
      onClose={onClose}
      form={form}
      initialValues={{ notes: coaching.notes, done: coaching.status === 'done' }}
      onFinish={save.submit}
      pending={save.pending}
      submitLabel={t('common.save')}
      formError={save.formError}
    >
      <Typography.Paragraph>
        {t('quality.coaching.goal')}: {coaching.goal}
      </Typography.Paragraph>
      <Form.Item name="notes" label={t('quality.coaching.notes')}>
        <Input.TextArea autoSize={{ minRows: 3 }} maxLength={4000} />
      </Form.Item>
      <Form.Item name="done" label={t('quality.coaching.done')} valuePropName="checked">
        <Switch />
      </Form.Item>
    </FormModal>
  );
}

/** 辅导: coaching tasks — agents their own, team leads their teams', QA all; coaches keep notes and close them. */
export function CoachingTab() {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const navigate = useNavigate();
  const session = useSession();
  const names = useNames();
  const [status, setStatus] = useState<'open' | 'done' | 'all'>('open');
  const [editing, setEditing] = useState<Coaching>();
  const [creating, setCreating] = useState(false);
  const coaching = useCoaching(status);
  const coach = (['qa.team', 'qa.evaluate', 'qa.manage'] as const).some((p) => session.can(p));

  const columns: TableColumnsType<Coaching> = [
    { key: 'agent', title: t('quality.col.agent'), dataIndex: 'agentName' },
    { key: 'coach', title: t('quality.coaching.coach'), dataIndex: 'coachName' },
    {
      key: 'goal',
      title: t('quality.coaching.goal'),
      render: (_v, c) => (
        <Typography.Paragraph ellipsis={{ rows: 2, expandable: true }} style={{ margin: 0, maxWidth: 360 }}>
          {c.goal}
        </Typography.Paragraph>
      ),
    },
    {
      key: 'items',
      title: t('quality.coaching.items'),
      render: (_v, c) =>
        c.items.length ? t('quality.appeals.itemCount', { count: c.items.length }) : t('common.none'),
    },
    {
      key: 'due',
      title: t('quality.coaching.dueAt'),
      render: (_v, c) => (
        <Typography.Text type={c.overdue ? 'danger' : undefined}>
          <DateTime value={c.dueAt} style="date" />
        </Typography.Text>
      ),
    },
    {
      key: 'status',
      title: t('quality.col.status'),
      render: (_v, c) => (
        <Tag color={c.status === 'done' ? 'green' : c.overdue ? 'red' : 'processing'}>
          {c.status === 'open' && c.overdue ? t('quality.worklist.overdue') : t(`quality.coaching.status.${c.status}`)}
        </Tag>
      ),
    },
    {
      key: 'notes',
      title: t('quality.coaching.notes'),
      render: (_v, c) =>
        c.notes ? (
          <Typography.Paragraph ellipsis={{ rows: 2, expandable: true }} style={{ margin: 0, maxWidth: 280 }}>
            {c.notes}
          </Typography.Paragraph>
        ) : (
          t('common.none')
        ),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_v, c) => (
        <Space size={4}>
          {coach ? (
            <Button size="small" onClick={() => setEditing(c)}>
              {t('quality.coaching.record')}
            </Button>
          ) : null}
          {c.evaluationId ? (
            <Button size="small" onClick={() => navigate(`/quality/evaluations/${c.evaluationId}`)}>
              {t('quality.coaching.evaluation')}
            </Button>
          ) : null}
        </Space>
      ),
    },
  ];

  return (
    <>
      <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
        <Segmented<'open' | 'done' | 'all'>
          value={status}
          onChange={setStatus}
          options={(['open', 'done', 'all'] as const).map((s) => ({
            value: s,
            label: t(`quality.coaching.filter.${s}`),
          }))}
        />
        {coach && names.userOptions.length > 0 ? (
          <Button icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid={QUALITY_IDS.coachingCreate}>
            {t('quality.coaching.create')}
          </Button>
        ) : null}
        <Button icon={<ReloadOutlined />} onClick={() => void coaching.refetch()} aria-label={t('common.refresh')} />
      </Flex>
      {coaching.isError ? (
        <QueryError message={errorMessage(coaching.error)} onRetry={() => void coaching.refetch()} />
      ) : null}
      <Table<Coaching>
        rowKey="id"
        data-testid={QUALITY_IDS.coaching}
        columns={columns}
        dataSource={coaching.data}
        loading={coaching.isFetching}
        scroll={{ x: 'max-content' }}
        locale={{
          emptyText: coaching.isLoading || coaching.isError ? ' ' : <Empty description={t('quality.coaching.empty')} />,
        }}
        pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
      />
      {editing ? <NotesDialog coaching={editing} onClose={() => setEditing(undefined)} /> : null}
      {creating ? <CoachingDialog onClose={() => setCreating(false)} /> : null}
    </>
  );
}
