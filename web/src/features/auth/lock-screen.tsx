import { LockOutlined } from '@ant-design/icons';
import { Avatar, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { LangSwitch } from '../../app/lang-switch';
import { useSession } from '../../app/session';
import { useFormSubmit } from '../../app/use-form-submit';
import { FormError } from '../../ui/form-error';
import { AUTH_IDS } from './testids';

type Values = { password: string };

/** Covers the whole app until the user types their password again (锁屏). */
export function LockScreen() {
  const { t } = useTranslation();
  const session = useSession();
  const [form] = Form.useForm<Values>();
  const user = session.me?.user;
  const unlock = useFormSubmit(form, ({ password }: Values) => session.unlock(password), {
    fieldsByCode: { 'AUTH.WRONG_PASSWORD': 'password' },
    onError: () => form.setFieldValue('password', undefined),
  });

  return (
    <div className="lock-screen" role="dialog" aria-modal="true" aria-labelledby="lock-title">
      <Card className="lock-card">
        <Flex vertical align="center" gap={8} style={{ marginBottom: 16, textAlign: 'center' }}>
          <Avatar size={64} icon={<LockOutlined />} style={{ background: '#1677ff' }} />
          <Typography.Title level={4} id="lock-title" style={{ margin: 0 }}>
            {t('lock.title')}
          </Typography.Title>
          {user ? (
            <Typography.Text strong>
              {user.displayName} ({user.username})
            </Typography.Text>
          ) : null}
          <Typography.Text type="secondary">{t('lock.hint')}</Typography.Text>
        </Flex>
        <FormError message={unlock.formError} />
        <Form form={form} layout="vertical" requiredMark={false} onFinish={unlock.submit}>
          {/* Lets a password manager know whose password this is. */}
          <input type="text" name="username" autoComplete="username" value={user?.username ?? ''} readOnly hidden />
          <Form.Item
            name="password"
            label={t('lock.password')}
            rules={[{ required: true, message: t('lock.passwordRequired') }]}
          >
            <Input.Password
              autoFocus
              autoComplete="current-password"
              size="large"
              data-testid={AUTH_IDS.lockPassword}
            />
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            size="large"
            block
            loading={unlock.pending}
            data-testid={AUTH_IDS.lockSubmit}
          >
            {t('lock.submit')}
          </Button>
        </Form>
        <Flex justify="space-between" align="center" style={{ marginTop: 12 }}>
          <LangSwitch />
          <Button type="link" onClick={() => void session.logout()}>
            {t('lock.logout')}
          </Button>
        </Flex>
      </Card>
    </div>
  );
}
