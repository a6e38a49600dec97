import { ApiOutlined, ExportOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Form, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ChannelConfig } from '../../../../contracts/conversations';
import { isApiError } from '../../app/api-client';
import { useErrorMessage } from '../../app/errors';
import { testChannel } from './api';
import { CopyField } from './copy-field';
import { h5ChatUrl, smsWebhookUrl, wechatServerUrl, widgetSnippet } from './endpoints';
import { CHANNELS_IDS } from './testids';

/** This server as the browser reaches it: the addresses customers' browsers and providers call. */
const origin = () => window.location.origin;

function WebchatEndpoints({ channel }: { channel: ChannelConfig }) {
  const { t } = useTranslation();
  const snippet = widgetSnippet(origin(), channel.publicKey);
  const h5 = h5ChatUrl(origin(), channel.publicKey);
  return (
    <>
      <Form.Item label={t('channels.webchat.snippet')} extra={t('channels.webchat.snippetHelp')}>
        <CopyField
          value={snippet}
          label={t('channels.webchat.snippet')}
          multiline
          testId={CHANNELS_IDS.snippet}
          copyTestId={CHANNELS_IDS.snippetCopy}
          copyLabel={t('channels.webchat.copySnippet')}
        />
      </Form.Item>
      <Form.Item label={t('channels.webchat.h5')}>
        <Space wrap>
          <Typography.Text className="mono">{h5}</Typography.Text>
          <a href={h5} target="_blank" rel="noopener noreferrer" data-testid={CHANNELS_IDS.h5Link}>
            <ExportOutlined /> {t('channels.webchat.openH5')}
          </a>
        </Space>
      </Form.Item>
    </>
  );
}

function EmailTest({ channel }: { channel: ChannelConfig }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const test = useMutation({ mutationFn: () => testChannel(channel.id) });
  const sides = test.data ? (['imap', 'smtp'] as const).filter((s) => test.data[s]) : [];
  // A 404 that is not "no such channel" is a server without the test route (an older version).
  const unavailable =
    test.error &&
    isApiError(test.error) &&
    test.error.status === 404 &&
    test.error.code !== 'CONVERSATIONS.CHANNEL_NOT_FOUND';
  return (
    <Form.Item extra={t('channels.email.testHelp')}>
      <Space orientation="vertical" style={{ width: '100%' }} data-testid={CHANNELS_IDS.emailTestResult}>
        <Button
          icon={<ApiOutlined />}
          loading={test.isPending}
          onClick={() => test.mutate()}
          data-testid={CHANNELS_IDS.emailTest}
        >
          {t('channels.email.test')}
        </Button>
        {unavailable ? <Alert type="info" showIcon title={t('channels.email.testUnavailable')} /> : null}
        {test.error && !unavailable ? <Alert type="error" showIcon title={errorMessage(test.error)} /> : null}
        {test.data && sides.length === 0 ? (
          <Alert type="info" showIcon title={t('channels.email.testNothing')} />
        ) : null}
        {sides.map((side) => {
          const r = test.data?.[side];
          const name = side.toUpperCase();
          return r?.ok ? (
            <Alert key={side} type="success" showIcon title={t('channels.email.testOk', { side: name })} />
          ) : (
            <Alert
              key={side}
              type="error"
              showIcon
              title={t('channels.email.testFailed', { side: name, error: r?.error ?? '' })}
            />
          );
        })}
      </Space>
    </Form.Item>
  );
}

/**
 * What the administrator hands on once the channel exists: the widget snippet and H5 page, the SMS
 * provider's webhook URL, the WeChat server URL; for a mailbox, the connection test.
 */
export function ChannelEndpoints({ channel }: { channel: ChannelConfig }) {
  const { t } = useTranslation();
  const provider = Form.useWatch(['settings', 'provider']) as string | undefined;
  switch (channel.kind) {
    case 'webchat':
      return <WebchatEndpoints channel={channel} />;
    case 'email':
      return <EmailTest channel={channel} />;
    case 'sms':
      return provider === 'http' ? (
        <Form.Item label={t('channels.sms.webhookUrl')} extra={t('channels.sms.webhookUrlHelp')}>
          <CopyField
            value={smsWebhookUrl(origin(), channel.publicKey)}
            label={t('channels.sms.webhookUrl')}
            testId={CHANNELS_IDS.smsWebhookUrl}
          />
        </Form.Item>
      ) : null;
    case 'wechat':
      return (
        <Form.Item label={t('channels.wechat.serverUrl')} extra={t('channels.wechat.serverUrlHelp')}>
          <CopyField
            value={wechatServerUrl(origin(), channel.publicKey)}
            label={t('channels.wechat.serverUrl')}
            testId={CHANNELS_IDS.wechatServerUrl}
          />
        </Form.Item>
      );
  }
}

/** Said in place of the endpoints while the channel is not saved yet. */
export function EndpointsAfterSave({ kind }: { kind: ChannelConfig['kind'] }) {
  const { t } = useTranslation();
  const text =
    kind === 'webchat'
      ? t('channels.webchat.afterSave')
      : kind === 'email'
        ? t('channels.email.testSaveFirst')
        : kind === 'sms'
          ? t('channels.sms.afterSave')
          : t('channels.wechat.afterSave');
  return <Alert type="info" showIcon title={text} style={{ marginBottom: 16 }} />;
}
