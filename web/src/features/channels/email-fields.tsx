import { Alert, Col, Divider, Form, Input, InputNumber, Row, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ChannelConfig } from '../../../../contracts/conversations';
import { hadSecret } from './channel-form';
import { SecretInput } from './secret-input';
import { secretFilled } from './secret-value';

/** Host, port, TLS, user and password of one side (IMAP or SMTP). */
function ServerFields({
  side,
  channel,
  userRequired,
}: {
  side: 'imap' | 'smtp';
  channel: ChannelConfig | undefined;
  userRequired: boolean;
}) {
  const { t } = useTranslation();
  const name = (field: string) => ['settings', side, field];
  const wasSet = hadSecret(channel, [side, 'password']);
  return (
    <>
      <Row gutter={12}>
        <Col xs={24} md={12}>
          <Form.Item
            name={name('host')}
            label={t('channels.email.host')}
            rules={[{ required: true, whitespace: true, message: t('channels.email.hostRequired') }, { max: 200 }]}
          >
            <Input
              autoComplete="off"
              spellCheck={false}
              placeholder={side === 'imap' ? 'imap.example.com' : 'smtp.example.com'}
            />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name={name('port')} label={t('channels.email.port')} rules={[{ required: true }]}>
            <InputNumber min={1} max={65_535} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name={name('secure')} label={t('channels.email.secure')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={12}>
        <Col xs={24} md={12}>
          <Form.Item
            name={name('user')}
            label={t('channels.email.user')}
            rules={[
              ...(userRequired
                ? [{ required: true, whitespace: true, message: t('channels.email.userRequired') }]
                : []),
              { max: 200 },
            ]}
          >
            <Input autoComplete="off" spellCheck={false} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            name={name('password')}
            label={t('channels.email.password')}
            required={side === 'imap'}
            rules={
              side === 'imap'
                ? [
                    {
                      validator: async (_r, v: string | undefined) => {
                        if (!secretFilled(v)) throw new Error(t('channels.email.passwordRequired'));
                      },
                    },
                  ]
                : []
            }
          >
            <SecretInput wasSet={wasSet} clearable={side === 'smtp'} />
          </Form.Item>
        </Col>
      </Row>
      {side === 'imap' ? (
        <Form.Item name={name('mailbox')} label={t('channels.email.mailbox')} rules={[{ max: 200 }]}>
          <Input placeholder="INBOX" style={{ maxWidth: 240 }} />
        </Form.Item>
      ) : null}
    </>
  );
}

/** A mailbox: its address, how mail comes in (IMAP) and goes out (SMTP), signature and auto-reply. */
export function EmailFields({ channel }: { channel: ChannelConfig | undefined }) {
  const { t } = useTranslation();
  const receiveImap = Form.useWatch('receiveImap') as boolean | undefined;
  const sendSmtp = Form.useWatch('sendSmtp') as boolean | undefined;
  return (
    <>
      <Divider titlePlacement="start">{t('channels.email.section')}</Divider>
      <Row gutter={12}>
        <Col xs={24} md={12}>
          <Form.Item
            name={['settings', 'address']}
            label={t('channels.email.address')}
            rules={[{ required: true, type: 'email', message: t('channels.email.addressInvalid') }]}
          >
            <Input autoComplete="off" spellCheck={false} placeholder="service@example.com" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name={['settings', 'displayName']} label={t('channels.email.displayName')} rules={[{ max: 100 }]}>
            <Input />
          </Form.Item>
        </Col>
      </Row>

      <Divider titlePlacement="start">{t('channels.email.imap')}</Divider>
      <Form.Item name="receiveImap" valuePropName="checked" label={t('channels.email.receiveImap')}>
        <Switch />
      </Form.Item>
      {receiveImap === false ? (
        <Alert type="info" showIcon title={t('channels.email.receiveImapOff')} style={{ marginBottom: 16 }} />
      ) : (
        <ServerFields side="imap" channel={channel} userRequired />
      )}

      <Divider titlePlacement="start">{t('channels.email.smtp')}</Divider>
      <Form.Item name="sendSmtp" valuePropName="checked" label={t('channels.email.sendSmtp')}>
        <Switch />
      </Form.Item>
      {sendSmtp === false ? null : <ServerFields side="smtp" channel={channel} userRequired={false} />}

      <Divider titlePlacement="start">{t('channels.email.replies')}</Divider>

      <Form.Item
        name={['settings', 'signature']}
        label={t('channels.email.signature')}
        extra={t('channels.email.signatureHelp')}
        rules={[{ max: 5000 }]}
      >
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
      </Form.Item>
      <Form.Item
        name={['settings', 'autoReply']}
        label={t('channels.email.autoReply')}
        extra={t('channels.email.autoReplyHelp')}
        rules={[{ max: 5000 }]}
      >
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
      </Form.Item>
    </>
  );
}
