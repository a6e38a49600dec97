import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { Password } from '../../../contracts/auth';
import { schemaRule } from '../app/form-rules';

/**
 * "New password" and "confirm" with the contract's password rule: one definition for changing your
 * own password and for an administrator's reset. Fields are named `newPassword` and `confirm`.
 */
export function NewPasswordFields({ autoFocus = false }: { autoFocus?: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item
        name="newPassword"
        label={t('password.new')}
        extra={t('password.rule')}
        rules={[{ required: true, message: t('password.required') }, schemaRule(Password, t('password.rule'))]}
      >
        <Input.Password autoComplete="new-password" autoFocus={autoFocus} />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={t('password.confirm')}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('password.required') },
          ({ getFieldValue }) => ({
            validator: async (_rule, value) => {
              if (value && value !== getFieldValue('newPassword')) throw new Error(t('password.mismatch'));
            },
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
    </>
  );
}
