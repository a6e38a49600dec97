import { App, Button, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { Password } from '../../../../contracts/auth';
import { schemaRule } from '../../app/form-rules';
import { useFormSubmit } from '../../app/use-form-submit';
import { FormError } from '../../ui/form-error';
import { changePassword } from './api';

type Values = { currentPassword: string; newPassword: string; confirm: string };

export function ChangePasswordDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const mutation = useFormSubmit(
    form,
    ({ currentPassword, newPassword }: Values) => changePassword({ currentPassword, newPassword }),
    {
      fieldsByCode: { 'AUTH.WRONG_PASSWORD': 'currentPassword' },
      onSuccess: () => {
        void message.success(t('password.changed'));
        onClose();
      },
    },
  );

  return (
    <Modal
      open={open}
      title={t('password.title')}
      onCancel={onClose}
      destroyOnHidden
      afterClose={() => mutation.reset()}
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button key="submit" type="primary" htmlType="submit" loading={mutation.pending}>
          {t('common.save')}
        </Button>,
      ]}
      modalRender={(dom) => (
        <Form form={form} layout="vertical" requiredMark={false} onFinish={mutation.submit}>
          {dom}
        </Form>
      )}
    >
      <FormError message={mutation.formError} />
      <input type="text" name="username" autoComplete="username" hidden readOnly />
      <Form.Item
        name="currentPassword"
        label={t('password.current')}
        rules={[{ required: true, message: t('password.required') }]}
      >
        <Input.Password autoComplete="current-password" autoFocus />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label={t('password.new')}
        extra={t('password.rule')}
        rules={[{ required: true, message: t('password.required') }, schemaRule(Password, t('password.rule'))]}
      >
        <Input.Password autoComplete="new-password" />
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
    </Modal>
  );
}
