import { App, Form } from 'antd';
import { useTranslation } from 'react-i18next';
import type { User } from '../../../../contracts/auth';
import { useFormSubmit } from '../../app/use-form-submit';
import { FormModal } from '../../ui/form-modal';
import { NewPasswordFields } from '../../ui/new-password-fields';
import { resetUserPassword } from './api';

type Values = { newPassword: string; confirm: string };

/** An administrator sets a new password for someone who forgot theirs. */
export function ResetPasswordDialog({ user, onClose }: { user: User; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const reset = useFormSubmit(form, ({ newPassword }: Values) => resetUserPassword(user.id, { newPassword }), {
    onSuccess: () => {
      void message.success(t('users.resetDone', { name: user.displayName }));
      onClose();
    },
  });

  return (
    <FormModal
      title={t('users.resetTitle', { name: user.displayName })}
      onClose={onClose}
      form={form}
      onFinish={reset.submit}
      pending={reset.pending}
      formError={reset.formError}
      submitLabel={t('users.resetPassword')}
    >
      <input type="text" name="username" autoComplete="username" value={user.username} readOnly hidden />
      <NewPasswordFields autoFocus />
    </FormModal>
  );
}
