import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { LoginBody } from '../../../../contracts/auth';
import { LangSwitch } from '../../app/lang-switch';
import { type EndReason, useSession } from '../../app/session';
import { useFormSubmit } from '../../app/use-form-submit';
import { FormError } from '../../ui/form-error';
import { AUTH_IDS } from './testids';

export function LoginPage({ reason }: { reason?: EndReason }) {
  const { t } = useTranslation();
  const session = useSession();
  const [form] = Form.useForm<LoginBody>();
  useEffect(() => {
    document.title = `${t('login.title')} · ${t('common.appName')}`;
  }, [t]);
  const login = useFormSubmit(form, (body: LoginBody) => session.login(body), {
    onError: () => form.setFieldValue('password', undefined),
  });

  return (
    <div className="login-page">
      <div className="login-topbar">
        <LangSwitch />
      </div>
      <main className="login-main">
        <Card className="login-card">
          <div className="login-brand">
            <img src="/favicon.svg" alt="" width={48} height={48} />
            <Typography.Title level={2} style={{ margin: 0 }}>
              {t('common.appName')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('common.tagline')}</Typography.Text>
          </div>
          {reason && !login.formError ? (
            <Alert
              type={reason === 'logout' ? 'success' : 'warning'}
              showIcon
              title={t(`login.ended.${reason}`)}
              style={{ marginBottom: 16 }}
            />
          ) : null}
          <FormError message={login.formError} />
          <Form
            form={form}
            layout="vertical"
            requiredMark={false}
            onFinish={login.submit}
            aria-label={t('login.title')}
          >
            <Form.Item
              name="username"
              label={t('login.username')}
              rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
            >
              <Input
                prefix={<UserOutlined />}
                autoComplete="username"
                autoFocus
                size="large"
                data-testid={AUTH_IDS.loginUsername}
              />
            </Form.Item>
            <Form.Item
              name="password"
              label={t('login.password')}
              rules={[{ required: true, message: t('login.passwordRequired') }]}
            >
              <Input.Password
                prefix={<LockOutlined />}
                autoComplete="current-password"
                size="large"
                data-testid={AUTH_IDS.loginPassword}
              />
            </Form.Item>
            <Button
              type="primary"
              htmlType="submit"
              size="large"
              block
              loading={login.pending}
              data-testid={AUTH_IDS.loginSubmit}
            >
              {t('login.submit')}
            </Button>
          </Form>
        </Card>
      </main>
    </div>
  );
}
