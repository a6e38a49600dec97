import { App, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import type { Contact } from '../../../../contracts/routing';
import { schemaRule } from '../../app/form-rules';
import { useFormSubmit } from '../../app/use-form-submit';
import { FormModal } from '../../ui/form-modal';
import { conferenceCall } from './api';
import { DESKTOP_IDS } from './testids';

type Values = { agentId: string };

/** 三方通话: Kefu rings another agent's phone and joins it to the caller and this agent. */
export function ConferenceDialog({ contact, onClose }: { contact: Contact; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const save = useFormSubmit(form, (values: Values) => conferenceCall(contact.id, { agentId: values.agentId.trim() }), {
    fieldsByCode: { 'ROUTING.UNKNOWN_AGENT': 'agentId' },
    onSuccess: () => {
      void message.success(t('desktop.voice.conferenceStarted'));
      onClose();
    },
  });

  return (
    <FormModal
      title={t('desktop.voice.conferenceTitle')}
      onClose={onClose}
      form={form}
      onFinish={save.submit}
      pending={save.pending}
      formError={save.formError}
      submitLabel={t('desktop.voice.conferenceSubmit')}
      submitTestId={DESKTOP_IDS.conferenceSubmit}
    >
      <Form.Item
        name="agentId"
        label={t('desktop.agentId')}
        extra={t('desktop.voice.conferenceHint')}
        rules={[
          { required: true, message: t('desktop.agentIdRequired') },
          schemaRule(z.uuid(), t('desktop.agentIdRequired')),
        ]}
      >
        <Input autoComplete="off" autoFocus data-testid={DESKTOP_IDS.conferenceAgent} />
      </Form.Item>
    </FormModal>
  );
}
