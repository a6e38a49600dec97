import {
  App,
  Button,
  Checkbox,
  Flex,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Space,
  Switch,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AddressOrCidr, type Trunk } from '../../../../contracts/telephony';
import { useErrorMessage } from '../../app/errors';
import { useFormSubmit } from '../../app/use-form-submit';
import { FormModal } from '../../ui/form-modal';
import { AdminTable } from './admin-table';
import { createTrunk, updateTrunk, useInvalidateTelephony, useTrunks } from './api';
import { TELEPHONY_IDS } from './testids';

type Values = {
  name: string;
  inboundAddresses: string[];
  outboundHost?: string;
  outboundPort?: number | null;
  outboundTransport: 'udp' | 'tcp';
  outboundUsername?: string;
  outboundPassword?: string;
  clearPassword?: boolean;
  callerId?: string;
};

const orNull = (v: string | undefined) => v?.trim() || null;

function TrunkDialog({ trunk, onClose }: { trunk?: Trunk; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const invalidate = useInvalidateTelephony();
  const [form] = Form.useForm<Values>();
  const save = useFormSubmit(
    form,
    (v: Values) => {
      const fields = {
        name: v.name.trim(),
        inboundAddresses: (v.inboundAddresses ?? []).map((a) => a.trim()).filter(Boolean),
        outboundHost: orNull(v.outboundHost),
        outboundPort: v.outboundPort ?? null,
        outboundTransport: v.outboundTransport,
        outboundUsername: orNull(v.outboundUsername),
        callerId: orNull(v.callerId),
      };
      if (!trunk) return createTrunk({ ...fields, outboundPassword: v.outboundPassword || null });
      // Editing: an empty password keeps the stored one unless the admin asks to clear it.
      const password = v.clearPassword
        ? { outboundPassword: null }
        : v.outboundPassword
          ? { outboundPassword: v.outboundPassword }
          : {};
      return updateTrunk(trunk.id, { ...fields, ...password });
    },
    {
      fieldsByCode: { 'TELEPHONY.TRUNK_NAME_TAKEN': 'name' },
      onSuccess: (saved) => {
        invalidate();
        void message.success(t('telephonyAdmin.trunks.saved', { name: saved.name }));
        onClose();
      },
    },
  );
  const clearing = Form.useWatch('clearPassword', form);
  return (
    <FormModal
      title={t(trunk ? 'telephonyAdmin.trunks.edit' : 'telephonyAdmin.trunks.create')}
      onClose={onClose}
      form={form}
      width={640}
      initialValues={
        trunk
          ? {
              name: trunk.name,
              inboundAddresses: trunk.inboundAddresses,
              outboundHost: trunk.outboundHost ?? '',
              outboundPort: trunk.outboundPort,
              outboundTransport: trunk.outboundTransport,
              outboundUsername: trunk.outboundUsername ?? '',
              callerId: trunk.callerId ?? '',
            }
          : { inboundAddresses: [], outboundTransport: 'udp' }
      }
      onFinish={save.submit}
      pending={save.pending}
      formError={save.formError}
      submitLabel={t(trunk ? 'common.save' : 'common.create')}
      submitTestId={TELEPHONY_IDS.trunkFormSubmit}
    >
      <Form.Item
        name="name"
        label={t('telephonyAdmin.trunks.name')}
        rules={[{ required: true, whitespace: true, message: t('telephonyAdmin.trunks.nameRequired') }, { max: 60 }]}
      >
        <Input autoComplete="off" autoFocus data-testid={TELEPHONY_IDS.trunkFormName} />
      </Form.Item>
      <Form.Item
        name="inboundAddresses"
        label={t('telephonyAdmin.trunks.inbound')}
        extra={t('telephonyAdmin.trunks.inboundHelp')}
        rules={[
          {
            validator: (_r, list?: string[]) => {
              const bad = (list ?? []).filter((a) => !AddressOrCidr.safeParse(a).success);
              return bad.length > 0
                ? Promise.reject(new Error(t('telephonyAdmin.trunks.badAddress', { addresses: bad.join(', ') })))
                : Promise.resolve();
            },
          },
        ]}
      >
        <Select
          mode="tags"
          tokenSeparators={[',', ' ', '\n']}
          open={false}
          suffixIcon={null}
          placeholder="203.0.113.10, 203.0.113.0/24"
          data-testid={TELEPHONY_IDS.trunkFormInbound}
        />
      </Form.Item>
      <Typography.Title level={5}>{t('telephonyAdmin.trunks.outbound')}</Typography.Title>
      <Flex gap={12}>
        <Form.Item
          name="outboundHost"
          label={t('telephonyAdmin.trunks.host')}
          style={{ flex: 3 }}
          rules={[{ max: 253 }]}
        >
          <Input autoComplete="off" placeholder="sip.carrier.example" />
        </Form.Item>
        <Form.Item name="outboundPort" label={t('telephonyAdmin.trunks.port')} style={{ flex: 1 }}>
          <InputNumber min={1} max={65535} precision={0} placeholder="5060" style={{ width: '100%' }} />
        </Form.Item>
      </Flex>
      <Form.Item name="outboundTransport" label={t('telephonyAdmin.trunks.transport')}>
        <Radio.Group
          optionType="button"
          options={[
            { value: 'udp', label: 'UDP' },
            { value: 'tcp', label: 'TCP' },
          ]}
        />
      </Form.Item>
      <Form.Item name="outboundUsername" label={t('telephonyAdmin.trunks.username')} rules={[{ max: 64 }]}>
        <Input autoComplete="off" />
      </Form.Item>
      <Form.Item
        name="outboundPassword"
        label={t('telephonyAdmin.trunks.password')}
        extra={trunk?.hasOutboundPassword ? t('telephonyAdmin.trunks.passwordKept') : undefined}
        rules={[{ max: 128 }]}
      >
        <Input.Password
          autoComplete="new-password"
          disabled={Boolean(clearing)}
          placeholder={trunk?.hasOutboundPassword ? t('telephonyAdmin.trunks.passwordSet') : undefined}
        />
      </Form.Item>
      {trunk?.hasOutboundPassword ? (
        <Form.Item name="clearPassword" valuePropName="checked">
          <Checkbox>{t('telephonyAdmin.trunks.clearPassword')}</Checkbox>
        </Form.Item>
      ) : null}
      <Form.Item
        name="callerId"
        label={t('telephonyAdmin.trunks.callerId')}
        extra={t('telephonyAdmin.trunks.callerIdHelp')}
        rules={[{ pattern: /^\+?[0-9*#]{1,32}$/, message: t('telephonyAdmin.numbers.numberPattern') }]}
      >
        <Input autoComplete="off" />
      </Form.Item>
    </FormModal>
  );
}

export function TrunksTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorMessage = useErrorMessage();
  const invalidate = useInvalidateTelephony();
  const trunks = useTrunks();
  const [dialog, setDialog] = useState<{ trunk?: Trunk } | null>(null);
  const setDisabled = (trunk: Trunk, disabled: boolean) =>
    updateTrunk(trunk.id, { disabled })
      .then(invalidate)
      .catch((error: unknown) => void message.error(errorMessage(error)));

  const columns: TableColumnsType<Trunk> = [
    { key: 'name', title: t('telephonyAdmin.trunks.name'), dataIndex: 'name' },
    {
      key: 'inbound',
      title: t('telephonyAdmin.trunks.inbound'),
      dataIndex: 'inboundAddresses',
      render: (v: string[]) =>
        v.length === 0 ? (
          <Typography.Text type="secondary">{t('telephonyAdmin.trunks.noInbound')}</Typography.Text>
        ) : (
          <Space size={[0, 4]} wrap>
            {v.map((a) => (
              <Tag key={a}>{a}</Tag>
            ))}
          </Space>
        ),
    },
    {
      key: 'outbound',
      title: t('telephonyAdmin.trunks.outbound'),
      render: (_v, tr) =>
        tr.outboundHost ? (
          <Typography.Text code>
            {`${tr.outboundTransport}:${tr.outboundUsername ? `${tr.outboundUsername}@` : ''}${tr.outboundHost}${tr.outboundPort ? `:${tr.outboundPort}` : ''}`}
          </Typography.Text>
        ) : (
          t('common.none')
        ),
    },
    {
      key: 'callerId',
      title: t('telephonyAdmin.trunks.callerId'),
      dataIndex: 'callerId',
      render: (v: string | null) => v ?? t('common.none'),
    },
    {
      key: 'enabled',
      title: t('telephonyAdmin.enabled'),
      render: (_v, tr) => (
        <Switch
          size="small"
          checked={!tr.disabled}
          onChange={(on) => void setDisabled(tr, !on)}
          aria-label={t('telephonyAdmin.enabledOf', { name: tr.name })}
        />
      ),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_v, trunk) => (
        <Button type="link" size="small" onClick={() => setDialog({ trunk })}>
          {t('common.edit')}
        </Button>
      ),
    },
  ];
  return (
    <>
      <AdminTable<Trunk>
        query={trunks}
        columns={columns}
        create={{
          label: t('telephonyAdmin.trunks.create'),
          onClick: () => setDialog({}),
          testId: TELEPHONY_IDS.trunksCreate,
        }}
        emptyText={t('telephonyAdmin.trunks.empty')}
        testId={TELEPHONY_IDS.trunksTable}
      />
      {dialog ? <TrunkDialog trunk={dialog.trunk} onClose={() => setDialog(null)} /> : null}
    </>
  );
}
