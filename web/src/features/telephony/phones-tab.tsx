import { App, Button, Form, Input, Space, Switch, type TableColumnsType, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Phone } from '../../../../contracts/telephony';
import { useErrorMessage } from '../../app/errors';
import { useFormSubmit } from '../../app/use-form-submit';
import { DateTime } from '../../ui/date-time';
import { FormModal } from '../../ui/form-modal';
import { AdminTable } from './admin-table';
import { AgentSelect } from './agent-select';
import { createPhone, updatePhone, useInvalidateTelephony, usePhones } from './api';
import { TELEPHONY_IDS } from './testids';

const USERNAME = /^[a-z0-9._-]{1,40}$/;

function PasswordField({ autoFocus }: { autoFocus?: boolean }) {
  const { t } = useTranslation();
  return (
    <Form.Item
      name="password"
      label={t('telephonyAdmin.phones.password')}
      extra={t('telephonyAdmin.phones.passwordHelp')}
      rules={[
        { required: true, message: t('telephonyAdmin.phones.passwordRequired') },
        { min: 8, max: 64, message: t('telephonyAdmin.phones.passwordLength') },
      ]}
    >
      <Input.Password autoComplete="new-password" autoFocus={autoFocus} data-testid={TELEPHONY_IDS.phoneFormPassword} />
    </Form.Item>
  );
}

type CreateValues = { username: string; password: string; agentUserId: string };

function CreatePhoneDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const invalidate = useInvalidateTelephony();
  const [form] = Form.useForm<CreateValues>();
  const save = useFormSubmit(
    form,
    (v: CreateValues) => createPhone({ username: v.username.trim(), password: v.password, agentUserId: v.agentUserId }),
    {
      fieldsByCode: { 'TELEPHONY.USERNAME_TAKEN': 'username', 'TELEPHONY.AGENT_NOT_FOUND': 'agentUserId' },
      onSuccess: (phone) => {
        invalidate();
        void message.success(t('telephonyAdmin.phones.created', { username: phone.username }));
        onClose();
      },
    },
  );
  return (
    <FormModal
      title={t('telephonyAdmin.phones.create')}
      onClose={onClose}
      form={form}
      onFinish={save.submit}
      pending={save.pending}
      formError={save.formError}
      submitLabel={t('common.create')}
      submitTestId={TELEPHONY_IDS.phoneFormSubmit}
    >
      <Form.Item
        name="username"
        label={t('telephonyAdmin.phones.username')}
        extra={t('telephonyAdmin.phones.usernameHelp')}
        normalize={(v: string) => v.toLowerCase()}
        rules={[
          { required: true, message: t('telephonyAdmin.phones.usernameRequired') },
          { pattern: USERNAME, message: t('telephonyAdmin.phones.usernamePattern') },
        ]}
      >
        <Input autoComplete="off" autoFocus data-testid={TELEPHONY_IDS.phoneFormUsername} />
      </Form.Item>
      <PasswordField />
      <Form.Item
        name="agentUserId"
        label={t('telephonyAdmin.phones.agent')}
        rules={[{ required: true, message: t('telephonyAdmin.phones.agentRequired') }]}
      >
        <AgentSelect />
      </Form.Item>
    </FormModal>
  );
}

function PasswordDialog({ phone, onClose }: { phone: Phone; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const invalidate = useInvalidateTelephony();
  const [form] = Form.useForm<{ password: string }>();
  const save = useFormSubmit(form, (v: { password: string }) => updatePhone(phone.id, { password: v.password }), {
    onSuccess: () => {
      invalidate();
      void message.success(t('telephonyAdmin.phones.passwordSet', { username: phone.username }));
      onClose();
    },
  });
  return (
    <FormModal
      title={t('telephonyAdmin.phones.setPasswordOf', { username: phone.username })}
      onClose={onClose}
      form={form}
      onFinish={save.submit}
      pending={save.pending}
      formError={save.formError}
      submitLabel={t('common.save')}
      submitTestId={TELEPHONY_IDS.phoneFormSubmit}
    >
      <PasswordField autoFocus />
    </FormModal>
  );
}

/** Where each registration of a phone comes from, and until when it holds. */
function Bindings({ phone }: { phone: Phone }) {
  const { t } = useTranslation();
  if (phone.bindings.length === 0) return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  return (
    <Space orientation="vertical" size={0}>
      {phone.bindings.map((b) => (
        <Tooltip key={`${b.contact}-${b.source.host}-${b.source.port}`} title={b.contact}>
          <Typography.Text>
            {`${b.source.transport.toUpperCase()} ${b.source.host}:${b.source.port}`}
            {b.userAgent ? <Typography.Text type="secondary">{` · ${b.userAgent}`}</Typography.Text> : null}
            <Typography.Text type="secondary">
              {' · '}
              {t('telephonyAdmin.phones.expires')} <DateTime value={b.expiresAt} />
            </Typography.Text>
          </Typography.Text>
        </Tooltip>
      ))}
    </Space>
  );
}

export function PhonesTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorMessage = useErrorMessage();
  const invalidate = useInvalidateTelephony();
  const phones = usePhones();
  const [dialog, setDialog] = useState<{ kind: 'create' } | { kind: 'password'; phone: Phone } | null>(null);
  const setDisabled = (phone: Phone, disabled: boolean) =>
    updatePhone(phone.id, { disabled })
      .then(invalidate)
      .catch((error: unknown) => void message.error(errorMessage(error)));

  const columns: TableColumnsType<Phone> = [
    {
      key: 'username',
      title: t('telephonyAdmin.phones.username'),
      dataIndex: 'username',
      render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
    },
    {
      key: 'agent',
      title: t('telephonyAdmin.phones.agent'),
      dataIndex: 'agentName',
      render: (v: string | null) =>
        v ?? <Typography.Text type="secondary">{t('telephonyAdmin.phones.noAgent')}</Typography.Text>,
    },
    {
      key: 'status',
      title: t('telephonyAdmin.phones.status'),
      render: (_v, p) =>
        p.disabled ? (
          <Tag>{t('telephonyAdmin.disabled')}</Tag>
        ) : p.registered ? (
          <Tag color="green">{t('telephonyAdmin.phones.registered')}</Tag>
        ) : (
          <Tag color="orange">{t('telephonyAdmin.phones.unregistered')}</Tag>
        ),
    },
    { key: 'bindings', title: t('telephonyAdmin.phones.bindings'), render: (_v, p) => <Bindings phone={p} /> },
    {
      key: 'createdAt',
      title: t('telephonyAdmin.createdAt'),
      dataIndex: 'createdAt',
      render: (v: string) => <DateTime value={v} />,
    },
    {
      key: 'enabled',
      title: t('telephonyAdmin.enabled'),
      render: (_v, p) => (
        <Switch
          size="small"
          checked={!p.disabled}
          onChange={(on) => void setDisabled(p, !on)}
          aria-label={t('telephonyAdmin.enabledOf', { name: p.username })}
        />
      ),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_v, phone) => (
        <Button type="link" size="small" onClick={() => setDialog({ kind: 'password', phone })}>
          {t('telephonyAdmin.phones.setPassword')}
        </Button>
      ),
    },
  ];
  return (
    <>
      <AdminTable<Phone>
        query={phones}
        columns={columns}
        create={{
          label: t('telephonyAdmin.phones.create'),
          onClick: () => setDialog({ kind: 'create' }),
          testId: TELEPHONY_IDS.phonesCreate,
        }}
        emptyText={t('telephonyAdmin.phones.empty')}
        testId={TELEPHONY_IDS.phonesTable}
      />
      {dialog?.kind === 'create' ? <CreatePhoneDialog onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'password' ? <PasswordDialog phone={dialog.phone} onClose={() => setDialog(null)} /> : null}
    </>
  );
}
