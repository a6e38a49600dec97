import { App, Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  type CreateUserBody,
  Password,
  Phone,
  type UpdateUserBody,
  type User,
  Username,
} from '../../../../contracts/auth';
import { ROLES, type Role } from '../../../../contracts/permissions';
import type { Team } from '../../../../contracts/teams';
import { schemaRule } from '../../app/form-rules';
import { useFormSubmit } from '../../app/use-form-submit';
import { FormModal } from '../../ui/form-modal';
import { createUser, updateUser, useInvalidateUsers } from './api';
import { USERS_IDS } from './testids';

type Values = {
  username: string;
  displayName: string;
  password: string;
  roles: Role[];
  teamId?: string | null;
  phone?: string;
};

type Props = {
  /** The user to edit; none to create one. */
  user?: User;
  teams: readonly Team[] | undefined;
  onClose: () => void;
};

const sameRoles = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((role) => b.includes(role));

/** Only what changed goes to the server. A masked phone (138****5678) is never sent back. */
function changesOf(user: User, values: Values, phoneMasked: boolean): UpdateUserBody {
  const body: UpdateUserBody = {};
  const displayName = values.displayName.trim();
  if (displayName !== user.displayName) body.displayName = displayName;
  if (!sameRoles(values.roles, user.roles)) body.roles = values.roles;
  const teamId = values.teamId ?? null;
  if (teamId !== user.teamId) body.teamId = teamId;
  const phone = values.phone?.trim() || null;
  if (phoneMasked ? phone !== null : phone !== user.phone) body.phone = phone;
  return body;
}

/** Create or edit a user; rendered only while open, so each opening starts from fresh values. */
export function UserFormDialog({ user, teams, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const invalidate = useInvalidateUsers();
  const [form] = Form.useForm<Values>();
  const phoneMasked = Boolean(user?.phone?.includes('*'));

  const save = useFormSubmit(
    form,
    async (values: Values): Promise<User> => {
      if (user) {
        const body = changesOf(user, values, phoneMasked);
        return Object.keys(body).length === 0 ? user : updateUser(user.id, body);
      }
      const body: CreateUserBody = {
        username: values.username.trim(),
        password: values.password,
        displayName: values.displayName.trim(),
        roles: values.roles,
        teamId: values.teamId ?? undefined,
        phone: values.phone?.trim() || undefined,
      };
      return createUser(body);
    },
    {
      fieldsByCode: { 'USERS.USERNAME_TAKEN': 'username' },
      onSuccess: (saved) => {
        invalidate();
        void message.success(t(user ? 'users.updated' : 'users.created', { name: saved.displayName }));
        onClose();
      },
    },
  );

  const initialValues: Partial<Values> = user
    ? {
        username: user.username,
        displayName: user.displayName,
        roles: [...user.roles],
        teamId: user.teamId ?? undefined,
        phone: phoneMasked ? undefined : (user.phone ?? undefined),
      }
    : { roles: ['agent'] };

  return (
    <FormModal
      title={t(user ? 'users.edit' : 'users.create')}
      onClose={onClose}
      form={form}
      initialValues={initialValues}
      onFinish={save.submit}
      pending={save.pending}
      formError={save.formError}
      submitLabel={t(user ? 'common.save' : 'common.create')}
      submitTestId={USERS_IDS.formSubmit}
    >
      <Form.Item
        name="username"
        label={t('users.form.username')}
        extra={user ? undefined : t('users.form.usernameRule')}
        rules={
          user
            ? []
            : [
                { required: true, message: t('users.form.usernameRule') },
                schemaRule(Username, t('users.form.usernameRule')),
              ]
        }
      >
        <Input disabled={Boolean(user)} autoComplete="off" autoFocus={!user} data-testid={USERS_IDS.formUsername} />
      </Form.Item>
      <Form.Item
        name="displayName"
        label={t('users.form.displayName')}
        rules={[{ required: true, whitespace: true, message: t('users.form.displayNameRequired') }, { max: 100 }]}
      >
        <Input autoComplete="off" autoFocus={Boolean(user)} data-testid={USERS_IDS.formDisplayName} />
      </Form.Item>
      {user ? null : (
        <Form.Item
          name="password"
          label={t('users.form.password')}
          extra={t('password.rule')}
          rules={[{ required: true, message: t('password.required') }, schemaRule(Password, t('password.rule'))]}
        >
          <Input.Password autoComplete="new-password" data-testid={USERS_IDS.formPassword} />
        </Form.Item>
      )}
      <Form.Item
        name="roles"
        label={t('users.form.roles')}
        rules={[{ required: true, type: 'array', min: 1, message: t('users.form.rolesRequired') }]}
      >
        <Select
          mode="multiple"
          options={ROLES.map((role) => ({ value: role, label: t(`roleNames.${role}`) }))}
          showSearch={{ optionFilterProp: 'label' }}
          data-testid={USERS_IDS.formRoles}
        />
      </Form.Item>
      <Form.Item name="teamId" label={t('users.form.team')}>
        <Select
          allowClear
          placeholder={t('users.form.noTeam')}
          loading={!teams}
          options={(teams ?? []).map((team) => ({ value: team.id, label: team.name }))}
          showSearch={{ optionFilterProp: 'label' }}
          data-testid={USERS_IDS.formTeam}
        />
      </Form.Item>
      <Form.Item name="phone" label={t('users.form.phone')} rules={[schemaRule(Phone, t('users.form.phoneRule'))]}>
        <Input
          type="tel"
          autoComplete="off"
          placeholder={phoneMasked ? t('users.form.phoneKeep', { masked: user?.phone }) : undefined}
          data-testid={USERS_IDS.formPhone}
        />
      </Form.Item>
    </FormModal>
  );
}
