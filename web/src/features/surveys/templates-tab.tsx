import {
  App,
  Button,
  Checkbox,
  Empty,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Switch,
  Table,
  type TableColumnsType,
  Tag,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  SURVEY_CHANNELS,
  SURVEY_QUESTIONS,
  type SurveyChannel,
  type SurveyQuestion,
  type SurveyTemplate,
  type UpdateSurveyTemplateBody,
} from '../../../../contracts/surveys';
import { useErrorMessage } from '../../app/errors';
import { useQueues } from '../../app/lookups';
import { useFormSubmit } from '../../app/use-form-submit';
import { FormModal } from '../../ui/form-modal';
import { QueryError } from '../../ui/query-error';
import { createTemplate, setQueueTemplate, updateTemplate, useInvalidateSurveys, useSurveyTemplates } from './api';
import { SURVEYS_IDS } from './testids';

type Values = {
  name: string;
  questions: SurveyQuestion[];
  introZh: string;
  introEn: string;
  expiryHours: number;
  channels: SurveyChannel[];
  sendAfterContact: boolean;
  followUpOnLowScore: boolean;
  queueIds: string[];
};

/** Create or edit a template, and choose the queues that use it; rendered only while open. */
function TemplateFormDialog({ template, onClose }: { template?: SurveyTemplate; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const invalidate = useInvalidateSurveys();
  const queues = useQueues();
  const [form] = Form.useForm<Values>();

  const save = useFormSubmit(
    form,
    async ({ queueIds, ...values }: Values): Promise<SurveyTemplate> => {
      const body = { ...values, name: values.name.trim() };
      let saved: SurveyTemplate;
      if (!template) saved = await createTemplate({ ...body, isDefault: false });
      else {
        const patch: UpdateSurveyTemplateBody = {};
        for (const k of Object.keys(body) as Array<keyof typeof body>)
          if (JSON.stringify(body[k]) !== JSON.stringify(template[k])) Object.assign(patch, { [k]: body[k] });
        saved = Object.keys(patch).length ? await updateTemplate(template.id, patch) : template;
      }
      // The queue map: queues added point here; queues taken off go back to the default.
      const before = new Set(template?.queueIds ?? []);
      const after = new Set(queueIds);
      for (const q of after) if (!before.has(q)) await setQueueTemplate(q, saved.id);
      for (const q of before) if (!after.has(q)) await setQueueTemplate(q, null);
      return saved;
    },
    {
      fieldsByCode: { 'SURVEYS.TEMPLATE_NAME_TAKEN': 'name' },
      onSuccess: (saved) => {
        invalidate();
        void message.success(
          t(template ? 'surveys.templates.updated' : 'surveys.templates.created', { name: saved.name }),
        );
        onClose();
      },
    },
  );

  return (
    <FormModal<Values>
      title={t(template ? 'surveys.templates.edit' : 'surveys.templates.create')}
      onClose={onClose}
      form={form}
      width={640}
      initialValues={{
        name: template?.name,
        questions: template?.questions ?? ['csat', 'text'],
        introZh: template?.introZh ?? '',
        introEn: template?.introEn ?? '',
        expiryHours: template?.expiryHours ?? 72,
        channels: template?.channels ?? ['ivr', 'sms', 'email'],
        sendAfterContact: template?.sendAfterContact ?? false,
        followUpOnLowScore: template?.followUpOnLowScore ?? false,
        queueIds: template?.queueIds ?? [],
      }}
      onFinish={save.submit}
      pending={save.pending}
      formError={save.formError}
      submitLabel={t(template ? 'common.save' : 'common.create')}
      submitTestId={SURVEYS_IDS.templateSubmit}
    >
      <Form.Item
        name="name"
        label={t('surveys.templates.form.name')}
        rules={[{ required: true, whitespace: true, message: t('surveys.templates.form.nameRequired') }, { max: 100 }]}
      >
        <Input autoComplete="off" autoFocus />
      </Form.Item>
      <Form.Item
        name="questions"
        label={t('surveys.templates.form.questions')}
        rules={[
          {
            validator: (_r, v: SurveyQuestion[] | undefined) =>
              v?.some((q) => q !== 'text')
                ? Promise.resolve()
                : Promise.reject(new Error(t('surveys.templates.form.questionsRequired'))),
          },
        ]}
      >
        <Checkbox.Group options={SURVEY_QUESTIONS.map((q) => ({ value: q, label: t(`surveys.questionScale.${q}`) }))} />
      </Form.Item>
      <Form.Item name="introZh" label={t('surveys.templates.form.introZh')} rules={[{ max: 500 }]}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} />
      </Form.Item>
      <Form.Item name="introEn" label={t('surveys.templates.form.introEn')} rules={[{ max: 500 }]}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} />
      </Form.Item>
      <Form.Item name="expiryHours" label={t('surveys.templates.form.expiryHours')} rules={[{ required: true }]}>
        <InputNumber min={1} max={720} precision={0} />
      </Form.Item>
      <Form.Item
        name="channels"
        label={t('surveys.templates.form.channels')}
        rules={[{ required: true, type: 'array', min: 1, message: t('surveys.templates.form.channelsRequired') }]}
      >
        <Checkbox.Group options={SURVEY_CHANNELS.map((c) => ({ value: c, label: t(`surveys.channel.${c}`) }))} />
      </Form.Item>
      <Form.Item name="sendAfterContact" valuePropName="checked" label={t('surveys.templates.form.sendAfterContact')}>
        <Switch />
      </Form.Item>
      <Form.Item
        name="followUpOnLowScore"
        valuePropName="checked"
        label={t('surveys.templates.form.followUpOnLowScore')}
      >
        <Switch />
      </Form.Item>
      <Form.Item name="queueIds" label={t('surveys.templates.form.queues')}>
        <Select
          mode="multiple"
          allowClear
          loading={queues.isLoading}
          optionFilterProp="label"
          options={(queues.data ?? []).map((q) => ({ value: q.id, label: q.name }))}
        />
      </Form.Item>
    </FormModal>
  );
}

/** The templates: which questions, channels, expiry, options and queues each has; the default one. */
export function TemplatesTab(props: { manage: boolean; creating: boolean; onCreated: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorMessage = useErrorMessage();
  const templates = useSurveyTemplates();
  const queues = useQueues();
  const invalidate = useInvalidateSurveys();
  const [editing, setEditing] = useState<SurveyTemplate>();
  const queueName = useMemo(() => new Map((queues.data ?? []).map((q) => [q.id, q.name])), [queues.data]);

  const makeDefault = async (tpl: SurveyTemplate) => {
    try {
      await updateTemplate(tpl.id, { isDefault: true });
      invalidate();
    } catch (err) {
      void message.error(errorMessage(err));
    }
  };

  const columns: TableColumnsType<SurveyTemplate> = [
    {
      key: 'name',
      title: t('surveys.templates.col.name'),
      render: (_v, tpl) => (
        <Space>
          {tpl.name}
          {tpl.isDefault ? <Tag color="blue">{t('surveys.templates.default')}</Tag> : null}
        </Space>
      ),
    },
    {
      key: 'questions',
      title: t('surveys.templates.col.questions'),
      render: (_v, tpl) => tpl.questions.map((q) => t(`surveys.question.${q}`)).join('、'),
    },
    {
      key: 'channels',
      title: t('surveys.templates.col.channels'),
      render: (_v, tpl) => tpl.channels.map((c) => t(`surveys.channel.${c}`)).join('、'),
    },
    {
      key: 'expiry',
      title: t('surveys.templates.col.expiry'),
      render: (_v, tpl) => t('surveys.templates.hours', { count: tpl.expiryHours }),
    },
    {
      key: 'queues',
      title: t('surveys.templates.col.queues'),
      render: (_v, tpl) =>
        [
          ...(tpl.isDefault ? [t('surveys.templates.queuesDefault')] : []),
          ...tpl.queueIds.map((id) => queueName.get(id) ?? id),
        ].join('、') || '—',
    },
    {
      key: 'options',
      title: t('surveys.templates.col.options'),
      render: (_v, tpl) => (
        <Space size={4} wrap>
          {tpl.sendAfterContact ? <Tag>{t('surveys.templates.sendAfterContact')}</Tag> : null}
          {tpl.followUpOnLowScore ? <Tag>{t('surveys.templates.followUpOnLowScore')}</Tag> : null}
        </Space>
      ),
    },
  ];
  if (props.manage)
    columns.push({
      key: 'actions',
      title: t('common.actions'),
      render: (_v, tpl) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setEditing(tpl)}>
            {t('common.edit')}
          </Button>
          {tpl.isDefault ? null : (
            <Button type="link" size="small" onClick={() => void makeDefault(tpl)}>
              {t('surveys.templates.makeDefault')}
            </Button>
          )}
        </Space>
      ),
    });

  return (
    <>
      {templates.isError ? (
        <QueryError message={errorMessage(templates.error)} onRetry={() => void templates.refetch()} />
      ) : null}
      <Table<SurveyTemplate>
        rowKey="id"
        columns={columns}
        dataSource={templates.data}
        loading={templates.isFetching}
        scroll={{ x: 'max-content' }}
        pagination={false}
        locale={{
          emptyText:
            templates.isLoading || templates.isError ? ' ' : <Empty description={t('surveys.templates.empty')} />,
        }}
      />
      {props.creating ? <TemplateFormDialog onClose={props.onCreated} /> : null}
      {editing ? <TemplateFormDialog template={editing} onClose={() => setEditing(undefined)} /> : null}
    </>
  );
}
