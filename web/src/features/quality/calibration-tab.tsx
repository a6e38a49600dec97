import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  DatePicker,
  Empty,
  Flex,
  Form,
  Input,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import type { Calibration } from '../../../../contracts/quality';
import { useErrorMessage } from '../../app/errors';
import { useSession } from '../../app/session';
import { useFormSubmit } from '../../app/use-form-submit';
import { DateTime, useDateTimeFormat } from '../../ui/date-time';
import { FormModal } from '../../ui/form-modal';
import { QueryError } from '../../ui/query-error';
import { createCalibration, useCalibrations, useEvaluations, useInvalidateQuality, useTasks } from './api';
import { useNames } from './names';
import { QUALITY_IDS } from './testids';

type Values = { title: string; contactIds: string[]; evaluatorIds: string[]; dueAt?: Dayjs | null };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A new session: a title, the contacts (picked from recent evaluations and work lists, or pasted as
 * ids) and at least two evaluators, who then score blind.
 */
function CreateCalibrationDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const session = useSession();
  const navigate = useNavigate();
  const format = useDateTimeFormat();
  const names = useNames();
  const invalidate = useInvalidateQuality();
  const evaluations = useEvaluations({ page: 1, pageSize: 100 });
  const tasks = useTasks({ status: 'all', page: 1, pageSize: 100 }, session.can('qa.evaluate'));
  const [form] = Form.useForm<Values>();
  const contactOptions = useMemo(() => {
    const seen = new Map<string, string>();
    for (const e of evaluations.data?.items ?? []) seen.set(e.contactId, `${e.agentName} · ${format(e.contactAt)}`);
    for (const task of tasks.data?.items ?? [])
      if (!seen.has(task.contactId))
        seen.set(task.contactId, `${task.agentName} · ${task.connectedAt ? format(task.connectedAt) : ''}`);
    return [...seen].map(([value, label]) => ({ value, label }));
  }, [evaluations.data, tasks.data, format]);
  const save = useFormSubmit(
    form,
    (v: Values) =>
      createCalibration({
        title: v.title.trim(),
        contactIds: v.contactIds,
        evaluatorIds: v.evaluatorIds,
        ...(v.dueAt ? { dueAt: v.dueAt.endOf('day').toISOString() } : {}),
      }),
    {
      onSuccess: (c) => {
        void invalidate();
        void message.success(t('quality.calibration.created'));
        onClose();
        navigate(`/quality/calibrations/${c.id}`);
      },
    },
  );
  const ids = (label: string) => ({
    validator: (_: unknown, value: string[] | undefined) =>
      (value ?? []).every((v) => UUID.test(v)) ? Promise.resolve() : Promise.reject(new Error(label)),
  });
  return (
    <FormModal<Values>
      title={t('quality.calibration.create')}
      onClose={onClose}
      form={form}
      initialValues={{ title: '', contactIds: [], evaluatorIds: [] }}
      onFinish={save.submit}
      pending={save.pending}
      submitLabel={t('common.create')}
      submitTestId={QUALITY_IDS.calibrationSubmit}
      formError={save.formError}
      width={620}
    >
      <Form.Item
        name="title"
        label={t('quality.calibration.titleField')}
        rules={[{ required: true, whitespace: true, message: t('quality.calibration.titleRequired') }]}
      >
        <Input maxLength={200} data-testid={QUALITY_IDS.calibrationTitle} />
      </Form.Item>
      <Form.Item
        name="contactIds"
        label={t('quality.calibration.contacts')}
        extra={t('quality.calibration.contactsHint')}
        rules={[
          { required: true, message: t('quality.calibration.contactsRequired') },
          ids(t('quality.calibration.notAnId')),
        ]}
      >
        <Select
          mode="tags"
          maxCount={20}
          tokenSeparators={[',', ' ', '\n']}
          options={contactOptions}
          showSearch={{ optionFilterProp: 'label' }}
          loading={evaluations.isLoading}
          data-testid={QUALITY_IDS.calibrationContacts}
        />
      </Form.Item>
      <Form.Item
        name="evaluatorIds"
        label={t('quality.calibration.evaluators')}
        rules={[
          {
            validator: (_: unknown, value: string[] | undefined) =>
              (value ?? []).length >= 2
                ? Promise.resolve()
                : Promise.reject(new Error(t('quality.calibration.twoEvaluators'))),
          },
          ids(t('quality.calibration.notAnId')),
        ]}
      >
        <Select
          mode={names.userOptions.length > 0 ? 'multiple' : 'tags'}
          showSearch={{ optionFilterProp: 'label' }}
          tokenSeparators={names.userOptions.length > 0 ? undefined : [',', ' ']}
          options={names.userOptions}
          data-testid={QUALITY_IDS.calibrationEvaluators}
        />
      </Form.Item>
      <Form.Item name="dueAt" label={t('quality.calibration.dueAt')}>
        <DatePicker />
      </Form.Item>
    </FormModal>
  );
}

/** 校准: the sessions one runs (qa.manage) or scores in (qa.evaluate). */
export function CalibrationTab() {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const navigate = useNavigate();
  const session = useSession();
  const [creating, setCreating] = useState(false);
  const calibrations = useCalibrations();
  const columns: TableColumnsType<Calibration> = [
    { key: 'title', title: t('quality.calibration.titleField'), dataIndex: 'title' },
    {
      key: 'status',
      title: t('quality.col.status'),
      render: (_v, c) => (
        <Tag color={c.status === 'open' ? 'processing' : 'default'}>{t(`quality.calibration.status.${c.status}`)}</Tag>
      ),
    },
    { key: 'contacts', title: t('quality.calibration.contacts'), render: (_v, c) => c.contactIds.length },
    {
      key: 'evaluators',
      title: t('quality.calibration.evaluators'),
      render: (_v, c) => (
        <Space size={[4, 4]} wrap>
          {c.evaluators.map((e) => (
            <Tag key={e.id}>
              {t('quality.calibration.progress', { name: e.name, done: e.submitted, total: c.contactIds.length })}
            </Tag>
          ))}
        </Space>
      ),
    },
    { key: 'dueAt', title: t('quality.calibration.dueAt'), render: (_v, c) => <DateTime value={c.dueAt} /> },
    {
      key: 'createdAt',
      title: t('quality.calibration.createdAt'),
      render: (_v, c) => <DateTime value={c.createdAt} />,
    },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_v, c) => (
        <Button
          size="small"
          onClick={() => navigate(`/quality/calibrations/${c.id}`)}
          data-testid={QUALITY_IDS.openCalibration(c.id)}
        >
          {t('quality.evaluations.open')}
        </Button>
      ),
    },
  ];
  return (
    <>
      <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
        {session.can('qa.manage') ? (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid={QUALITY_IDS.calibrationCreate}
          >
            {t('quality.calibration.create')}
          </Button>
        ) : null}
        <Button
          icon={<ReloadOutlined />}
          onClick={() => void calibrations.refetch()}
          aria-label={t('common.refresh')}
        />
      </Flex>
      {calibrations.isError ? (
        <QueryError message={errorMessage(calibrations.error)} onRetry={() => void calibrations.refetch()} />
      ) : null}
      <Table<Calibration>
        rowKey="id"
        data-testid={QUALITY_IDS.calibrations}
        columns={columns}
        dataSource={calibrations.data}
        loading={calibrations.isFetching}
        scroll={{ x: 'max-content' }}
        locale={{
          emptyText:
            calibrations.isLoading || calibrations.isError ? (
              ' '
            ) : (
              <Empty description={t('quality.calibration.empty')} />
            ),
        }}
        pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
      />
      {creating ? <CreateCalibrationDialog onClose={() => setCreating(false)} /> : null}
    </>
  );
}
