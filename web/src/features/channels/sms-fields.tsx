import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Col, Divider, Form, Input, Radio, Row, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ChannelConfig } from '../../../../contracts/conversations';
import { hadSecret, SMS_AUTH_KINDS, SMS_REPORT_STATUSES, type SmsAuthKind } from './channel-form';
import { newWebhookSecret } from './random-token';
import { SecretInput } from './secret-input';
import { isMasked, secretFilled } from './secret-value';
import { CHANNELS_IDS } from './testids';

const http = (...path: string[]) => ['settings', 'http', ...path];

/** A field name of the provider's requests (required unless `optional`). */
function FieldName({ path, label, optional }: { path: string[]; label: string; optional?: boolean }) {
  const { t } = useTranslation();
  return (
    <Col xs={12} md={6}>
      <Form.Item
        name={http(...path)}
        label={label}
        rules={[
          ...(optional ? [] : [{ required: true, whitespace: true, message: t('channels.sms.required') }]),
          { max: 100 },
        ]}
      >
        <Input className="mono" autoComplete="off" spellCheck={false} />
      </Form.Item>
    </Col>
  );
}

const requiredSecret = (message: string) => ({
  validator: async (_r: unknown, v: string | undefined) => {
    if (!secretFilled(v)) throw new Error(message);
  },
});

function AuthFields({ channel }: { channel: ChannelConfig | undefined }) {
  const { t } = useTranslation();
  const kind = Form.useWatch(http('auth', 'kind')) as SmsAuthKind | undefined;
  // A stored secret counts only for the kind it was stored with.
  const stored = (field: string) => hadSecret(channel, ['http', 'auth', field]);
  return (
    <>
      <Form.Item name={http('auth', 'kind')} label={t('channels.sms.auth')}>
        <Radio.Group options={SMS_AUTH_KINDS.map((k) => ({ value: k, label: t(`channels.sms.authKinds.${k}`) }))} />
      </Form.Item>
      {kind === 'bearer' ? (
        <Form.Item
          name={http('auth', 'token')}
          label={t('channels.sms.token')}
          required
          rules={[requiredSecret(t('channels.sms.required'))]}
        >
          <SecretInput wasSet={stored('token')} />
        </Form.Item>
      ) : null}
      {kind === 'basic' ? (
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item
              name={http('auth', 'user')}
              label={t('channels.sms.authUser')}
              rules={[
                { required: true, message: t('channels.sms.required') },
                { pattern: /^[^:\r\n]*$/, message: t('channels.sms.noColon') },
              ]}
            >
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name={http('auth', 'password')}
              label={t('channels.sms.authPassword')}
              required
              rules={[requiredSecret(t('channels.sms.required'))]}
            >
              <SecretInput wasSet={stored('password')} />
            </Form.Item>
          </Col>
        </Row>
      ) : null}
      {kind === 'header' ? (
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item
              name={http('auth', 'name')}
              label={t('channels.sms.headerName')}
              rules={[
                { required: true, message: t('channels.sms.required') },
                { pattern: /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, message: t('channels.sms.headerNameInvalid') },
              ]}
            >
              <Input className="mono" autoComplete="off" placeholder="X-Api-Key" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name={http('auth', 'value')}
              label={t('channels.sms.headerValue')}
              required
              rules={[requiredSecret(t('channels.sms.required'))]}
            >
              <SecretInput wasSet={stored('value')} />
            </Form.Item>
          </Col>
        </Row>
      ) : null}
    </>
  );
}

/** The provider's status values and the delivery states they mean (DELIVRD → delivered). */
function StatusMap() {
  const { t } = useTranslation();
  return (
    <Form.Item label={t('channels.sms.statusMap')} extra={t('channels.sms.statusMapHelp')}>
      <Form.List name={http('report', 'statusMap')}>
        {(rows, { add, remove }) => (
          <>
            {rows.map((row) => (
              <Row gutter={8} key={row.key} align="top">
                <Col flex="1 1 160px">
                  <Form.Item
                    name={[row.name, 'key']}
                    dependencies={[http('report', 'statusMap')]}
                    rules={[
                      { required: true, whitespace: true, message: t('channels.sms.statusKeyRequired') },
                      ({ getFieldValue }) => ({
                        validator: async (_r, v: string | undefined) => {
                          const all = (getFieldValue(http('report', 'statusMap')) ?? []) as { key?: string }[];
                          if (v && all.filter((x) => x?.key?.trim() === v.trim()).length > 1)
                            throw new Error(t('channels.sms.statusDuplicate'));
                        },
                      }),
                    ]}
                  >
                    <Input className="mono" placeholder="DELIVRD" aria-label={t('channels.sms.statusKey')} />
                  </Form.Item>
                </Col>
                <Col flex="0 0 160px">
                  <Form.Item
                    name={[row.name, 'value']}
                    rules={[{ required: true, message: t('channels.sms.required') }]}
                  >
                    <Select
                      aria-label={t('channels.sms.statusValue')}
                      options={SMS_REPORT_STATUSES.map((s) => ({
                        value: s,
                        label: t(`channels.sms.statusValues.${s}`),
                      }))}
                    />
                  </Form.Item>
                </Col>
                <Col flex="0 0 auto">
                  <Button
                    type="text"
                    icon={<DeleteOutlined />}
                    aria-label={t('channels.sms.removeStatus')}
                    onClick={() => remove(row.name)}
                  />
                </Col>
              </Row>
            ))}
            <Button icon={<PlusOutlined />} onClick={() => add({ key: '', value: 'delivered' })}>
              {t('channels.sms.addStatus')}
            </Button>
          </>
        )}
      </Form.List>
    </Form.Item>
  );
}

function HttpProviderFields({ channel }: { channel: ChannelConfig | undefined }) {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item
        name={http('sendUrl')}
        label={t('channels.sms.sendUrl')}
        rules={[
          { required: true, message: t('channels.sms.sendUrlInvalid') },
          { pattern: /^https?:\/\/\S+$/i, message: t('channels.sms.sendUrlInvalid') },
        ]}
      >
        <Input
          className="mono"
          autoComplete="off"
          placeholder="https://sms.example.com/v1/send"
          data-testid={CHANNELS_IDS.smsSendUrl}
        />
      </Form.Item>
      <Form.Item name={http('format')} label={t('channels.sms.format')}>
        <Radio.Group
          options={(['json', 'form'] as const).map((f) => ({ value: f, label: t(`channels.sms.formats.${f}`) }))}
        />
      </Form.Item>
      <AuthFields channel={channel} />

      <Typography.Title level={5}>{t('channels.sms.sendFields')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('channels.sms.fieldNameHelp')}</Typography.Paragraph>
      <Row gutter={12}>
        <FieldName path={['fields', 'to']} label={t('channels.sms.fieldTo')} />
        <FieldName path={['fields', 'text']} label={t('channels.sms.fieldText')} />
        <FieldName path={['fields', 'from']} label={t('channels.sms.fieldFrom')} optional />
        <FieldName path={['fields', 'clientRef']} label={t('channels.sms.fieldClientRef')} optional />
      </Row>
      <Row gutter={12}>
        <Col xs={24} md={12}>
          <Form.Item
            name={http('responseIdPath')}
            label={t('channels.sms.responseIdPath')}
            extra={t('channels.sms.responseIdPathHelp')}
            rules={[{ required: true, whitespace: true, message: t('channels.sms.required') }, { max: 100 }]}
          >
            <Input className="mono" autoComplete="off" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name={http('from')} label={t('channels.sms.defaultFrom')} rules={[{ max: 32 }]}>
            <Input autoComplete="off" />
          </Form.Item>
        </Col>
      </Row>

      <Typography.Title level={5}>{t('channels.sms.inbound')}</Typography.Title>
      <Row gutter={12}>
        <FieldName path={['inbound', 'id']} label={t('channels.sms.inboundId')} />
        <FieldName path={['inbound', 'from']} label={t('channels.sms.inboundFrom')} />
        <FieldName path={['inbound', 'to']} label={t('channels.sms.inboundTo')} />
        <FieldName path={['inbound', 'text']} label={t('channels.sms.inboundText')} />
        <FieldName path={['inbound', 'at']} label={t('channels.sms.inboundAt')} optional />
        <FieldName path={['inbound', 'ref']} label={t('channels.sms.inboundRef')} optional />
        <FieldName path={['inbound', 'total']} label={t('channels.sms.inboundTotal')} optional />
        <FieldName path={['inbound', 'seq']} label={t('channels.sms.inboundSeq')} optional />
      </Row>

      <Typography.Title level={5}>{t('channels.sms.report')}</Typography.Title>
      <Row gutter={12}>
        <FieldName path={['report', 'id']} label={t('channels.sms.reportId')} />
        <FieldName path={['report', 'status']} label={t('channels.sms.reportStatus')} />
        <FieldName path={['report', 'error']} label={t('channels.sms.reportError')} optional />
        <FieldName path={['report', 'at']} label={t('channels.sms.reportAt')} optional />
      </Row>
      <StatusMap />
    </>
  );
}

/** An SMS number: the provider, and for the HTTP provider how to call it and read its webhooks. */
export function SmsFields({ channel }: { channel: ChannelConfig | undefined }) {
  const { t } = useTranslation();
  const provider = Form.useWatch(['settings', 'provider']) as 'log' | 'http' | undefined;
  const secretSet = hadSecret(channel, ['webhookSecret']);
  return (
    <>
      <Divider titlePlacement="start">{t('channels.sms.section')}</Divider>
      <Row gutter={12}>
        <Col xs={24} md={12}>
          <Form.Item
            name={['settings', 'number']}
            label={t('channels.sms.number')}
            extra={t('channels.sms.numberHelp')}
            rules={[{ required: true, whitespace: true, message: t('channels.sms.numberRequired') }, { max: 32 }]}
          >
            <Input autoComplete="off" data-testid={CHANNELS_IDS.smsNumber} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name={['settings', 'provider']} label={t('channels.sms.provider')}>
            <Select
              data-testid={CHANNELS_IDS.smsProvider}
              options={(['log', 'http'] as const).map((p) => ({ value: p, label: t(`channels.sms.providers.${p}`) }))}
            />
          </Form.Item>
        </Col>
      </Row>
      {provider === 'http' ? (
        <>
          <HttpProviderFields channel={channel} />
          <Form.Item
            name={['settings', 'webhookSecret']}
            label={t('channels.sms.webhookSecret')}
            required
            extra={t('channels.sms.webhookSecretHelp')}
            rules={[
              {
                validator: async (_r, v: string | undefined) => {
                  if (!secretFilled(v) || (!isMasked(v) && (v ?? '').length < 16))
                    throw new Error(t('channels.sms.webhookSecretShort'));
                },
              },
            ]}
          >
            <SecretInput wasSet={secretSet} generate={newWebhookSecret} plain testId={CHANNELS_IDS.smsWebhookSecret} />
          </Form.Item>
        </>
      ) : null}
    </>
  );
}
