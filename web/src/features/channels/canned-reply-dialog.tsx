import { App, Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  type CannedReply,
  type CannedScope,
  CreateCannedReplyBody,
  type UpdateCannedReplyBody,
} from '../../../../contracts/conversations';
import { schemaRule } from '../../app/form-rules';
import { useFormSubmit } from '../../app/use-form-submit';
import { FormModal } from '../../ui/form-modal';
import { createCannedReply, updateCannedReply, useInvalidateCanned } from './api';
import type { CannedAccess } from './canned-access';
import { CannedVariables } from './canned-variables';
import { CHANNELS_IDS } from './testids';

type Values = { scope: CannedScope; teamId?: string; shortcut: string; title: string; text: string };

/** Create or edit a canned reply; the scopes offered are those the user may keep. */
export function CannedReplyDialog({
  reply,
  access,
  teamName,
  onClose,
}: {
  reply?: CannedReply;
  access: CannedAccess;
  teamName: (id: string) => string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const invalidate = useInvalidateCanned();
  const [form] = Form.useForm<Values>();
  const scope = Form.useWatch('scope', form);
  // Editing a reply keeps its scope on offer even if the user could not create one there now.
  const scopes = reply && !access.scopes.includes(reply.scope) ? [...access.scopes, reply.scope] : access.scopes;
  const teamIds =
    reply?.teamId && !access.teamIds.includes(reply.teamId) ? [...access.teamIds, reply.teamId] : access.teamIds;

  const save = useFormSubmit(
    form,
    async (v: Values) => {
      const body = {
        scope: v.scope,
        teamId: v.scope === 'team' ? (v.teamId ?? null) : null,
        shortcut: v.shortcut.trim(),
        title: v.title.trim(),
        text: v.text.trim(),
      };
      if (!reply) return createCannedReply(body);
      const patch: UpdateCannedReplyBody = body;
      return updateCannedReply(reply.id, patch);
    },
    {
      fieldsByCode: { 'CONVERSATIONS.CANNED_SCOPE': 'scope' },
      onSuccess: () => {
        invalidate();
        void message.success(t(reply ? 'canned.updated' : 'canned.created'));
        onClose();
      },
    },
  );

  return (
    <FormModal<Values>
      title={t(reply ? 'canned.edit' : 'canned.create')}
      onClose={onClose}
      form={form}
      width={640}
      initialValues={{
        scope: reply?.scope ?? 'personal',
        teamId: reply?.teamId ?? (teamIds.length === 1 ? teamIds[0] : undefined),
        shortcut: reply?.shortcut ?? '',
        title: reply?.title ?? '',
        text: reply?.text ?? '',
      }}
      onFinish={save.submit}
      pending={save.pending}
      formError={save.formError}
      submitLabel={t(reply ? 'common.save' : 'common.create')}
      submitTestId={CHANNELS_IDS.cannedSubmit}
    >
      <Form.Item name="scope" label={t('canned.form.scope')}>
        <Select options={scopes.map((s) => ({ value: s, label: t(`canned.scope.${s}`) }))} />
      </Form.Item>
      {scope === 'team' ? (
        <Form.Item
          name="teamId"
          label={t('canned.form.team')}
          rules={[{ required: true, message: t('canned.form.teamRequired') }]}
        >
          <Select options={teamIds.map((id) => ({ value: id, label: teamName(id) }))} />
        </Form.Item>
      ) : null}
      <Form.Item
        name="shortcut"
        label={t('canned.form.shortcut')}
        extra={t('canned.form.shortcutHelp')}
        rules={[
          { required: true, whitespace: true, message: t('canned.form.shortcutInvalid') },
          schemaRule(CreateCannedReplyBody.shape.shortcut, t('canned.form.shortcutInvalid')),
        ]}
      >
        <Input prefix="/" maxLength={40} autoComplete="off" autoFocus data-testid={CHANNELS_IDS.cannedShortcut} />
      </Form.Item>
      <Form.Item
        name="title"
        label={t('canned.form.title')}
        rules={[{ required: true, whitespace: true, message: t('canned.form.titleRequired') }, { max: 100 }]}
      >
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item
        name="text"
        label={t('canned.form.text')}
        extra={<CannedVariables />}
        rules={[{ required: true, whitespace: true, message: t('canned.form.textRequired') }, { max: 5000 }]}
      >
        <Input.TextArea autoSize={{ minRows: 4, maxRows: 10 }} maxLength={5000} showCount />
      </Form.Item>
    </FormModal>
  );
}
