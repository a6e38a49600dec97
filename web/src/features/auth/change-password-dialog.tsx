import { App, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { useFormSubmit } from '../../app/use-form-submit';
import { FormModal } from '../../ui/form-modal';
import { NewPasswordFields } from '../../ui/new-password-fields';
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
    <FormModal
      open={open}
      afterClose={mutation.reset}
      title={t('password.title')}
      onClose={onClose}
      form={form}
      requiredMark={false}
      onFinish={mutation.submit}
      pending={mutation.pending}
      formError={mutation.formError}
      submitLabel={t('common.save')}
    >
      <input type="text" name="username" autoComplete="username" hidden readOnly />
      <Form.Item
        name="currentPassword"
        label={t('password.current')}
        rules={[{ required: true, message: t('password.required') }]}
      >
        <Input.Password autoComplete="current-password" autoFocus />
      </Form.Item>
      <NewPasswordFields />
    </FormModal>
  );
}
