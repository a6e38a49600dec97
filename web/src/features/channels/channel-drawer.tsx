import { Alert, App, Button, Divider, Drawer, Flex, Form, Input, Space, Switch, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelConfig, ConversationChannel } from '../../../../contracts/conversations';
import { ApiError } from '../../app/api-client';
import { useFormSubmit } from '../../app/use-form-submit';
import { FormError } from '../../ui/form-error';
import { createChannel, updateChannel, useInvalidateChannels } from './api';
import { ChannelEndpoints, EndpointsAfterSave } from './channel-endpoints';
import { type ChannelFormValues, fromFormValues, toFormValues } from './channel-form';
import { EmailFields } from './email-fields';
import { KindIcon } from './kind-icon';
import { QueueField } from './queue-field';
import { SmsFields } from './sms-fields';
import { CHANNELS_IDS } from './testids';
import { WebchatFields } from './webchat-fields';
import { WechatFields } from './wechat-fields';

/**
 * The SMS provider's settings carry no webhook secret of their own: the form keeps it beside them
 * (`settings.webhookSecret`, sealed like every secret), so a complaint about it lands there.
 */
function onOwnFields(error: unknown): unknown {
  if (!(error instanceof ApiError)) return error;
  const details = error.details as { fields?: { path?: unknown }[] } | undefined;
  if (!Array.isArray(details?.fields)) return error;
  const fields = details.fields.map((f) =>
    f.path === 'settings.http.webhookSecret' ? { ...f, path: 'settings.webhookSecret' } : f,
  );
  return new ApiError(error.status, error.code, error.message, { ...details, fields });
}

type Props = {
  kind: ConversationChannel;
  channel: ChannelConfig | undefined;
  onClose: () => void;
};

/** Create or edit one channel; its kind is chosen before (the list's "new" menu) and never changes. */
export function ChannelDrawer({ kind, channel: initial, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const invalidate = useInvalidateChannels();
  const [form] = Form.useForm<ChannelFormValues>();
  // A channel just created stays open as itself: its snippet or webhook URL is what comes next.
  const [channel, setChannel] = useState(initial);
  const [notice, setNotice] = useState<string>();
  const opts = { webchatTitle: t('channels.webchat.defaultTitle') };

  const save = useFormSubmit(
    form,
    async (values: ChannelFormValues): Promise<{ channel: ChannelConfig; created: boolean }> => {
      const body = fromFormValues(kind, values);
      try {
        if (!channel) return { channel: await createChannel(body), created: true };
        return { channel: await updateChannel(channel.id, body), created: false };
      } catch (error) {
        throw onOwnFields(error);
      }
    },
    {
      fieldsByCode: { 'CONVERSATIONS.CHANNEL_NAME_TAKEN': 'name', 'CONVERSATIONS.QUEUE_NOT_FOUND': 'queue' },
      onSuccess: (saved) => {
        invalidate();
        if (saved.created) {
          setChannel(saved.channel);
          form.setFieldsValue(toFormValues(kind, saved.channel, opts));
          setNotice(t('channels.created', { name: saved.channel.name }));
        } else {
          void message.success(t('channels.updated', { name: saved.channel.name }));
          onClose();
        }
      },
    },
  );

  return (
    <Drawer
      open
      onClose={onClose}
      size={760}
      destroyOnHidden
      data-testid={CHANNELS_IDS.drawer}
      title={
        <Space>
          <KindIcon kind={kind} />
          {t(channel ? 'channels.edit' : 'channels.create')}
          <Tag>{t(`channels.kind.${kind}`)}</Tag>
        </Space>
      }
      drawerRender={(panel) => (
        <Form<ChannelFormValues>
          form={form}
          layout="vertical"
          initialValues={toFormValues(kind, initial, opts)}
          onFinish={() => save.submit(form.getFieldsValue(true) as ChannelFormValues)}
          scrollToFirstError
          style={{ height: '100%' }}
        >
          {panel}
        </Form>
      )}
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{channel ? t('common.close') : t('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={save.pending} data-testid={CHANNELS_IDS.formSubmit}>
            {channel ? t('common.save') : t('common.create')}
          </Button>
        </Flex>
      }
    >
      <FormError message={save.formError} />
      {notice ? <Alert type="success" showIcon title={notice} role="status" style={{ marginBottom: 16 }} /> : null}
      {channel ? (
        <>
          <Divider titlePlacement="start">{t('channels.endpoints')}</Divider>
          <ChannelEndpoints channel={channel} />
        </>
      ) : null}

      <Divider titlePlacement="start">{t('channels.common.section')}</Divider>
      <Form.Item
        name="name"
        label={t('channels.common.name')}
        rules={[{ required: true, whitespace: true, message: t('channels.common.nameRequired') }, { max: 100 }]}
      >
        <Input maxLength={100} autoFocus={!channel} data-testid={CHANNELS_IDS.formName} />
      </Form.Item>
      <QueueField kind={kind} />
      <Form.Item name="enabled" valuePropName="checked" label={t('channels.common.enabled')}>
        <Switch />
      </Form.Item>

      {kind === 'webchat' ? <WebchatFields /> : null}
      {kind === 'email' ? <EmailFields channel={channel} /> : null}
      {kind === 'sms' ? <SmsFields channel={channel} /> : null}
      {kind === 'wechat' ? <WechatFields channel={channel} /> : null}

      {channel ? null : <EndpointsAfterSave kind={kind} />}
    </Drawer>
  );
}
