import { App, Checkbox, Form, Input, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import type { UpdateWebhookBody, Webhook } from '../../../../contracts/webhooks';
import { useFormSubmit } from '../../app/use-form-submit';
import { FormModal } from '../../ui/form-modal';
import { createWebhook, updateWebhook, useInvalidateWebhooks } from './api';
import { WEBHOOKS_IDS } from './testids';

type Values = { url: string; events: string[]; active: boolean; description?: string; rotateSecret?: boolean };

const SUGGESTED = ['tickets.ticket.*', 'routing.contact.*', 'voice.call.*', 'teams.team.*', '*'];

/** Create or edit a webhook; a secret in the answer (created, rotated) goes to `onSecret`. */
export function WebhookFormDialog({
  webhook,
  onClose,
  onSecret,
}: {
  webhook?: Webhook;
  onClose: () => void;
  onSecret: (secret: string) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const invalidate = useInvalidateWebhooks();
  const [form] = Form.useForm<Values>();

  const save = useFormSubmit(
    form,
    async (v: Values): Promise<{ secret?: string }> => {
      const description = v.description?.trim() ?? '';
      if (!webhook) return createWebhook({ url: v.url.trim(), events: v.events, active: v.active, description });
      const body: UpdateWebhookBody = {};
      if (v.url.trim() !== webhook.url) body.url = v.url.trim();
      if (v.events.join() !== webhook.events.join()) body.events = v.events;
      if (v.active !== webhook.active) body.active = v.active;
      if (description !== webhook.description) body.description = description;
      if (v.rotateSecret) body.rotateSecret = true;
      return Object.keys(body).length === 0 ? {} : updateWebhook(webhook.id, body);
    },
    {
      fieldsByCode: { 'WEBHOOKS.URL_REFUSED': 'url' },
      onSuccess: (saved) => {
        invalidate();
        void message.success(t(webhook ? 'webhooks.updated' : 'webhooks.created'));
        onClose();
        if (saved.secret) onSecret(saved.secret);
      },
    },
  );

  return (
    <FormModal
      title={t(webhook ? 'webhooks.edit' : 'webhooks.create')}
      onClose={onClose}
      form={form}
      width={640}
      initialValues={{
        url: webhook?.url,
        events: webhook?.events ?? [],
        active: webhook?.active ?? true,
        description: webhook?.description,
        rotateSecret: false,
      }}
      onFinish={save.submit}
      pending={save.pending}
      formError={save.formError}
      submitLabel={t(webhook ? 'common.save' : 'common.create')}
      submitTestId={WEBHOOKS_IDS.formSubmit}
    >
      <Form.Item
        name="url"
        label={t('webhooks.form.url')}
        rules={[{ required: true, type: 'url', message: t('webhooks.form.urlRequired') }, { max: 2000 }]}
      >
        <Input autoComplete="off" autoFocus placeholder="https://" data-testid={WEBHOOKS_IDS.formUrl} />
      </Form.Item>
      <Form.Item
        name="events"
        label={t('webhooks.form.events')}
        extra={t('webhooks.form.eventsHelp')}
        rules={[{ required: true, type: 'array', min: 1, message: t('webhooks.form.eventsRequired') }]}
      >
        <Select
          mode="tags"
          tokenSeparators={[',', ' ']}
          options={SUGGESTED.map((value) => ({ value, label: value }))}
          data-testid={WEBHOOKS_IDS.formEvents}
        />
      </Form.Item>
      <Form.Item name="active" label={t('webhooks.form.active')} valuePropName="checked">
        <Switch />
      </Form.Item>
      <Form.Item name="description" label={t('webhooks.form.description')} rules={[{ max: 500 }]}>
        <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} />
      </Form.Item>
      {webhook ? (
        <Form.Item name="rotateSecret" valuePropName="checked">
          <Checkbox>{t('webhooks.form.rotateSecret')}</Checkbox>
        </Form.Item>
      ) : null}
    </FormModal>
  );
}
