import { Alert, Col, Divider, Form, Input, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import { type ChannelConfig, WechatSettings } from '../../../../contracts/conversations';
import { schemaRule } from '../../app/form-rules';
import { hadSecret } from './channel-form';
import { newEncodingAesKey, newWechatToken } from './random-token';
import { SecretInput } from './secret-input';
import { isMasked, secretFilled } from './secret-value';

const S = WechatSettings.shape;

/** A WeChat official account: its ids, the AppSecret, and the token and key shared with its console. */
export function WechatFields({ channel }: { channel: ChannelConfig | undefined }) {
  const { t } = useTranslation();
  const token = Form.useWatch(['settings', 'token']) as string | undefined;
  const aesKey = Form.useWatch(['settings', 'encodingAesKey']) as string | undefined;
  // A token or key typed or generated now is shown this once: say so while one is on screen.
  const fresh = (token && !isMasked(token)) || (aesKey && !isMasked(aesKey));
  return (
    <>
      <Divider titlePlacement="start">{t('channels.wechat.section')}</Divider>
      <Row gutter={12}>
        <Col xs={24} md={12}>
          <Form.Item
            name={['settings', 'appId']}
            label={t('channels.wechat.appId')}
            rules={[{ required: true, whitespace: true, message: t('channels.wechat.appIdRequired') }, { max: 64 }]}
          >
            <Input className="mono" autoComplete="off" spellCheck={false} placeholder="wx…" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            name={['settings', 'originalId']}
            label={t('channels.wechat.originalId')}
            extra={t('channels.wechat.originalIdHelp')}
            rules={[{ max: 64 }]}
          >
            <Input className="mono" autoComplete="off" spellCheck={false} placeholder="gh_…" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        name={['settings', 'appSecret']}
        label={t('channels.wechat.appSecret')}
        required
        rules={[
          {
            validator: async (_r, v: string | undefined) => {
              if (!secretFilled(v)) throw new Error(t('channels.wechat.appSecretRequired'));
            },
          },
        ]}
      >
        <SecretInput wasSet={hadSecret(channel, ['appSecret'])} />
      </Form.Item>
      <Form.Item
        name={['settings', 'token']}
        label={t('channels.wechat.token')}
        required
        extra={t('channels.wechat.tokenHelp')}
        rules={[
          {
            validator: async (_r, v: string | undefined) => {
              if (!secretFilled(v)) throw new Error(t('channels.wechat.tokenRequired'));
            },
          },
          schemaRule(S.token, t('channels.wechat.tokenInvalid')),
        ]}
      >
        <SecretInput wasSet={hadSecret(channel, ['token'])} generate={() => newWechatToken()} plain />
      </Form.Item>
      <Form.Item
        name={['settings', 'encodingAesKey']}
        label={t('channels.wechat.aesKey')}
        extra={t('channels.wechat.aesKeyHelp')}
        rules={[schemaRule(S.encodingAesKey, t('channels.wechat.aesKeyInvalid'))]}
      >
        <SecretInput
          wasSet={hadSecret(channel, ['encodingAesKey'])}
          generate={() => newEncodingAesKey()}
          plain
          clearable
        />
      </Form.Item>
      {fresh ? (
        <Alert type="warning" showIcon title={t('channels.wechat.copyBeforeSave')} style={{ marginBottom: 16 }} />
      ) : null}
      <Form.Item
        name={['settings', 'apiBase']}
        label={t('channels.wechat.apiBase')}
        extra={t('channels.wechat.apiBaseHelp')}
        rules={[{ type: 'url', message: t('channels.wechat.apiBaseInvalid') }]}
      >
        <Input className="mono" autoComplete="off" spellCheck={false} />
      </Form.Item>
    </>
  );
}
