import { App, Checkbox, DatePicker, Flex, Form, Input, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { EXAMPLE_AUDIENCES, type ScorecardItem } from '../../../../contracts/quality';
import { useFormSubmit } from '../../app/use-form-submit';
import { FormModal } from '../../ui/form-modal';
import { createCoaching, createExample, useInvalidateQuality } from './api';
import { useNames } from './names';
import { QUALITY_IDS } from './testids';

type CoachingValues = { agentId: string; goal: string; items: string[]; dueAt: Dayjs };

/**
 * 创建辅导任务: for an agent (fixed when made from an evaluation, whose failed items come
 * preselected), a goal and a due date (a week by default).
 */
export function CoachingDialog({
  agent,
  evaluationId,
  items = [],
  failed = [],
  onClose,
}: {
  agent?: { id: string; name: string };
  evaluationId?: string;
  items?: readonly ScorecardItem[];
  failed?: readonly string[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const names = useNames();
  const invalidate = useInvalidateQuality();
  const [form] = Form.useForm<CoachingValues>();
  const save = useFormSubmit(
    form,
    (v: CoachingValues) =>
      createCoaching({
        agentId: agent?.id ?? v.agentId,
        ...(evaluationId ? { evaluationId } : {}),
        goal: v.goal.trim(),
        items: v.items ?? [],
        dueAt: v.dueAt.endOf('day').toISOString(),
      }),
    {
      onSuccess: () => {
        void invalidate();
        void message.success(t('quality.coaching.created'));
        onClose();
      },
    },
  );
  return (
    <FormModal<CoachingValues>
      title={agent ? t('quality.coaching.createFor', { name: agent.name }) : t('quality.coaching.create')}
      onClose={onClose}
      form={form}
      initialValues={{ goal: '', items: [...failed], dueAt: dayjs().add(7, 'day') }}
      onFinish={save.submit}
      pending={save.pending}
      submitLabel={t('common.create')}
      submitTestId={QUALITY_IDS.coachingSubmit}
      formError={save.formError}
    >
      {agent ? null : (
        <Form.Item
          name="agentId"
          label={t('quality.col.agent')}
          rules={[{ required: true, message: t('quality.coaching.agentRequired') }]}
        >
          <Select showSearch={{ optionFilterProp: 'label' }} options={names.userOptions} />
        </Form.Item>
      )}
      <Form.Item
        name="goal"
        label={t('quality.coaching.goal')}
        rules={[{ required: true, whitespace: true, message: t('quality.coaching.goalRequired') }]}
      >
        <Input.TextArea autoSize={{ minRows: 2 }} maxLength={2000} data-testid={QUALITY_IDS.coachingGoal} />
      </Form.Item>
      {items.length > 0 ? (
        <Form.Item name="items" label={t('quality.coaching.items')}>
          <Checkbox.Group>
            <Flex vertical gap={4}>
              {items.map((i) => (
                <Checkbox key={i.key} value={i.key}>
                  {i.label}
                </Checkbox>
              ))}
            </Flex>
          </Checkbox.Group>
        </Form.Item>
      ) : null}
      <Form.Item name="dueAt" label={t('quality.coaching.dueAt')} rules={[{ required: true }]}>
        <DatePicker allowClear={false} disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
      </Form.Item>
    </FormModal>
  );
}

type ExampleValues = {
  contactId: string;
  title: string;
  note: string;
  tags: string[];
  audience: (typeof EXAMPLE_AUDIENCES)[number];
};

/** 加入优秀案例: a contact (fixed from an evaluation, else pasted) with a title, a note, tags and who may see it. */
export function ExampleDialog({
  contactId,
  evaluationId,
  onClose,
}: {
  contactId?: string;
  evaluationId?: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const invalidate = useInvalidateQuality();
  const [form] = Form.useForm<ExampleValues>();
  const save = useFormSubmit(
    form,
    (v: ExampleValues) =>
      createExample({
        contactId: contactId ?? v.contactId.trim(),
        ...(evaluationId ? { evaluationId } : {}),
        title: v.title.trim(),
        note: v.note.trim(),
        tags: v.tags ?? [],
        audience: v.audience,
      }),
    {
      onSuccess: () => {
        void invalidate();
        void message.success(t('quality.examples.created'));
        onClose();
      },
    },
  );
  return (
    <FormModal<ExampleValues>
      title={t('quality.examples.create')}
      onClose={onClose}
      form={form}
      initialValues={{ contactId: '', title: '', note: '', tags: [], audience: 'leads' }}
      onFinish={save.submit}
      pending={save.pending}
      submitLabel={t('common.create')}
      submitTestId={QUALITY_IDS.exampleSubmit}
      formError={save.formError}
    >
      {contactId ? null : (
        <Form.Item
          name="contactId"
          label={t('quality.examples.contactId')}
          rules={[{ required: true, whitespace: true, message: t('quality.examples.contactRequired') }]}
        >
          <Input />
        </Form.Item>
      )}
      <Form.Item
        name="title"
        label={t('quality.examples.titleField')}
        rules={[{ required: true, whitespace: true, message: t('quality.examples.titleRequired') }]}
      >
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="note" label={t('quality.examples.note')}>
        <Input.TextArea autoSize={{ minRows: 2 }} maxLength={4000} />
      </Form.Item>
      <Form.Item name="tags" label={t('quality.examples.tags')}>
        <Select mode="tags" maxCount={10} open={false} suffixIcon={null} />
      </Form.Item>
      <Form.Item name="audience" label={t('quality.examples.audience')}>
        <Select options={EXAMPLE_AUDIENCES.map((a) => ({ value: a, label: t(`quality.audience.${a}`) }))} />
      </Form.Item>
    </FormModal>
  );
}
