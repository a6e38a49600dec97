import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Flex, Form, Input, Radio, Select, Switch, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { Announcement, CreateAnnouncementBody } from '../../../../contracts/announcements';
import { ROLES, type Role } from '../../../../contracts/permissions';
import type { Team } from '../../../../contracts/teams';
import { ApiError, isApiError } from '../../app/api-client';
import { validationIssues } from '../../app/errors';
import { useFormSubmit } from '../../app/use-form-submit';
import { FormModal } from '../../ui/form-modal';
import { publishAnnouncement, useInvalidateAnnouncements } from './api';
import { textToHtml } from './body-html';
import { ANNOUNCEMENTS_IDS } from './testids';

const MAX_QUESTIONS = 5;
const MIN_OPTIONS = 2;
const MAX_OPTIONS = 6;

type QuestionValues = { text?: string; options?: (string | undefined)[]; correct?: number };
type Values = {
  title: string;
  body?: string;
  audience: { kind: 'everyone' | 'teams' | 'roles'; teamIds?: string[]; roles?: Role[] };
  requireConfirmation: boolean;
  quiz?: QuestionValues[];
  expiresAt?: Dayjs | null;
};

function toBody(v: Values): CreateAnnouncementBody {
  const a = v.audience;
  const audience: CreateAnnouncementBody['audience'] =
    a.kind === 'teams'
      ? { kind: 'teams', teamIds: a.teamIds ?? [] }
      : a.kind === 'roles'
        ? { kind: 'roles', roles: a.roles ?? [] }
        : { kind: 'everyone' };
  return {
    title: v.title.trim(),
    body: textToHtml(v.body ?? ''),
    audience,
    requireConfirmation: v.requireConfirmation,
    quiz: (v.quiz ?? []).map((q) => ({
      text: (q.text ?? '').trim(),
      options: (q.options ?? []).map((o) => (o ?? '').trim()),
      correct: q.correct ?? 0,
    })),
    expiresAt: v.expiresAt ? v.expiresAt.toISOString() : null,
  };
}

/**
 * The server names the field of a KNOWLEDGE.INVALID (nobody addressed, a right answer that is no
 * option) in words of its own; as a VALIDATION.FAILED with our texts it lands on the form's field.
 */
function onFields(error: unknown, text: (path: string) => string): unknown {
  if (!isApiError(error, 'KNOWLEDGE.INVALID')) return error;
  const issues = validationIssues(error);
  if (issues.length === 0) return error;
  const fields = issues.map((issue) => {
    const path = String(issue.path);
    return { ...issue, path: path === 'audience' ? 'audience.kind' : path, message: text(path) };
  });
  return new ApiError(400, 'VALIDATION.FAILED', error.message, { fields });
}

/** The right answer chosen with the radios beside the options (the form item holds it and its error). */
function CorrectAnswer({ value, options }: { value?: number; options: (string | undefined)[] | undefined }) {
  const { t } = useTranslation();
  const option = value === undefined ? undefined : options?.[value];
  return (
    <Typography.Text type="secondary">
      {option === undefined ? t('announcements.form.correctHint') : t('announcements.status.correctAnswer', { option })}
    </Typography.Text>
  );
}

/** One quiz question: its text, its options, and the radio that marks the right one. */
function QuestionEditor({ index, onRemove }: { index: number; onRemove: () => void }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance<Values>();
  const correct = Form.useWatch(['quiz', index, 'correct'], form);
  const optionTexts = Form.useWatch(['quiz', index, 'options'], form);
  const setCorrect = (value: number | undefined) => {
    form.setFieldValue(['quiz', index, 'correct'], value);
    if (value !== undefined) void form.validateFields([['quiz', index, 'correct']]);
  };
  return (
    <Card
      size="small"
      title={t('announcements.form.question', { n: index + 1 })}
      extra={
        <Button
          type="text"
          size="small"
          danger
          icon={<DeleteOutlined />}
          onClick={onRemove}
          aria-label={t('announcements.form.removeQuestion')}
        />
      }
      style={{ marginBottom: 12 }}
    >
      <Form.Item
        name={[index, 'text']}
        rules={[{ required: true, whitespace: true, message: t('announcements.form.questionRequired') }, { max: 500 }]}
      >
        <Input
          placeholder={t('announcements.form.questionText')}
          data-testid={ANNOUNCEMENTS_IDS.quizQuestion(index)}
          autoComplete="off"
        />
      </Form.Item>
      <Form.List name={[index, 'options']}>
        {(options, { add, remove }) => (
          <>
            {options.map((option, o) => (
              <Flex key={option.key} gap={8} align="baseline">
                <Radio
                  checked={correct === o}
                  onChange={() => setCorrect(o)}
                  aria-label={t('announcements.form.correct')}
                  data-testid={ANNOUNCEMENTS_IDS.quizCorrect(index, o)}
                />
                <Form.Item
                  name={option.name}
                  style={{ flex: 1, marginBottom: 8 }}
                  rules={[
                    { required: true, whitespace: true, message: t('announcements.form.optionRequired') },
                    { max: 200 },
                  ]}
                >
                  <Input
                    placeholder={t('announcements.form.option', { n: o + 1 })}
                    data-testid={ANNOUNCEMENTS_IDS.quizOption(index, o)}
                    autoComplete="off"
                  />
                </Form.Item>
                <Button
                  type="text"
                  size="small"
                  icon={<DeleteOutlined />}
                  disabled={options.length <= MIN_OPTIONS}
                  aria-label={t('announcements.form.removeOption')}
                  onClick={() => {
                    remove(option.name);
                    if (correct === o) setCorrect(undefined);
                    else if (correct !== undefined && correct > o) setCorrect(correct - 1);
                  }}
                />
              </Flex>
            ))}
            {options.length < MAX_OPTIONS ? (
              <Button
                type="dashed"
                size="small"
                icon={<PlusOutlined />}
                onClick={() => add('')}
                data-testid={ANNOUNCEMENTS_IDS.quizOptionAdd(index)}
                style={{ marginBottom: 8 }}
              >
                {t('announcements.form.optionAdd')}
              </Button>
            ) : null}
          </>
        )}
      </Form.List>
      <Form.Item
        name={[index, 'correct']}
        rules={[{ required: true, message: t('announcements.form.correctRequired') }]}
        style={{ marginBottom: 0 }}
      >
        <CorrectAnswer options={optionTexts} />
      </Form.Item>
    </Card>
  );
}

type Props = {
  /** The teams one may address: every team for announcements.manage, the teams one leads otherwise. */
  teams: Team[];
  /** Holders of announcements.manage also address everyone and roles. */
  manager: boolean;
  onClose: () => void;
};

/** 发布公告: title, text, audience, confirmation, optional quiz and expiry; rendered only while open. */
export function AnnouncementFormDialog({ teams, manager, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const invalidate = useInvalidateAnnouncements();
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch(['audience', 'kind'], form);
  const quizLength = Form.useWatch('quiz', form)?.length ?? 0;

  const fieldText = (path: string) =>
    path === 'audience' ? t('announcements.form.nobody') : t('announcements.form.correctRequired');
  const publish = (values: Values): Promise<Announcement> =>
    publishAnnouncement(toBody(values)).catch((error: unknown) => {
      throw onFields(error, fieldText);
    });
  const save = useFormSubmit(form, publish, {
    onSuccess: (saved) => {
      invalidate();
      void message.success(t('announcements.published', { title: saved.title, count: saved.readers }));
      onClose();
    },
  });

  const initialValues: Partial<Values> = {
    audience: { kind: manager ? 'everyone' : 'teams', teamIds: !manager && teams.length === 1 ? [teams[0]!.id] : [] },
    requireConfirmation: true,
    quiz: [],
  };

  return (
    <FormModal<Values>
      title={t('announcements.create')}
      onClose={onClose}
      form={form}
      initialValues={initialValues}
      onFinish={save.submit}
      pending={save.pending}
      formError={save.formError}
      submitLabel={t('announcements.publish')}
      submitTestId={ANNOUNCEMENTS_IDS.submit}
      scrollToFirstError
      width={720}
    >
      <Form.Item
        name="title"
        label={t('announcements.form.title')}
        rules={[{ required: true, whitespace: true, message: t('announcements.form.titleRequired') }, { max: 200 }]}
      >
        <Input autoComplete="off" autoFocus data-testid={ANNOUNCEMENTS_IDS.title} />
      </Form.Item>
      <Form.Item name="body" label={t('announcements.form.body')} extra={t('announcements.form.bodyHint')}>
        <Input.TextArea autoSize={{ minRows: 4, maxRows: 12 }} data-testid={ANNOUNCEMENTS_IDS.body} />
      </Form.Item>
      {/* Team leads address the teams they lead only: no choice to show them. */}
      <Form.Item name={['audience', 'kind']} label={t('announcements.form.audience')} hidden={!manager}>
        <Radio.Group>
          {manager ? (
            <Radio value="everyone" data-testid={ANNOUNCEMENTS_IDS.audience('everyone')}>
              {t('announcements.audience.everyone')}
            </Radio>
          ) : null}
          <Radio value="teams" data-testid={ANNOUNCEMENTS_IDS.audience('teams')}>
            {t('announcements.audience.teams')}
          </Radio>
          {manager ? (
            <Radio value="roles" data-testid={ANNOUNCEMENTS_IDS.audience('roles')}>
              {t('announcements.audience.roles')}
            </Radio>
          ) : null}
        </Radio.Group>
      </Form.Item>
      {!manager ? (
        <Alert type="info" showIcon title={t('announcements.form.leadOnly')} style={{ marginBottom: 16 }} />
      ) : null}
      {kind === 'teams' ? (
        <Form.Item
          name={['audience', 'teamIds']}
          label={t('announcements.form.teams')}
          rules={[{ required: true, type: 'array', min: 1, message: t('announcements.form.teamsRequired') }]}
        >
          <Select
            mode="multiple"
            allowClear
            optionFilterProp="label"
            options={teams.map((team) => ({ value: team.id, label: team.name }))}
            data-testid={ANNOUNCEMENTS_IDS.teams}
          />
        </Form.Item>
      ) : null}
      {kind === 'roles' ? (
        <Form.Item
          name={['audience', 'roles']}
          label={t('announcements.form.roles')}
          rules={[{ required: true, type: 'array', min: 1, message: t('announcements.form.rolesRequired') }]}
        >
          <Select
            mode="multiple"
            allowClear
            optionFilterProp="label"
            options={ROLES.map((role) => ({ value: role, label: t(`roleNames.${role}`) }))}
            data-testid={ANNOUNCEMENTS_IDS.roles}
          />
        </Form.Item>
      ) : null}
      <Flex gap={24} wrap>
        <Form.Item
          name="requireConfirmation"
          label={t('announcements.form.requireConfirmation')}
          valuePropName="checked"
          extra={t('announcements.form.requireConfirmationHint')}
          style={{ flex: 1, minWidth: 260 }}
        >
          <Switch disabled={quizLength > 0} data-testid={ANNOUNCEMENTS_IDS.requireConfirmation} />
        </Form.Item>
        <Form.Item
          name="expiresAt"
          label={t('announcements.form.expiresAt')}
          extra={t('announcements.form.expiresAtHint')}
          style={{ flex: 1, minWidth: 260 }}
        >
          <DatePicker
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            style={{ width: '100%' }}
            data-testid={ANNOUNCEMENTS_IDS.expiresAt}
          />
        </Form.Item>
      </Flex>
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('announcements.form.quiz')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('announcements.form.quizHint')}</Typography.Paragraph>
      <Form.List name="quiz">
        {(questions, { add, remove }) => (
          <>
            {questions.map((q) => (
              <QuestionEditor key={q.key} index={q.name} onRemove={() => remove(q.name)} />
            ))}
            {questions.length < MAX_QUESTIONS ? (
              <Button
                type="dashed"
                block
                icon={<PlusOutlined />}
                onClick={() => {
                  add({ text: '', options: ['', ''] });
                  form.setFieldValue('requireConfirmation', true);
                }}
                data-testid={ANNOUNCEMENTS_IDS.quizAdd}
              >
                {t('announcements.form.quizAdd')}
              </Button>
            ) : null}
          </>
        )}
      </Form.List>
    </FormModal>
  );
}
