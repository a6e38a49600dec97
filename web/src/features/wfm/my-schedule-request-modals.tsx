import { App, Empty, Form, Input, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Shift } from '../../../../contracts/wfm-schedules';
import { FormModal } from '../../ui/form-modal';
import { useRequestErrorMessage, useShiftFormat } from './my-schedule-shared';
import { SELF_IDS } from './my-schedule-testids';
import { useCreateShiftRequest, useTeamShifts } from './requests-api';

type Values = { reason?: string; peerShiftId?: string };

/**
 * 请假 (leave: a reason is required) or 换班 (swap: a colleague's shift of the same schedule, a reason
 * optional) for one of one's future shifts. A refusal of the server (a rule the swap would break) is
 * shown above the fields with each rule named.
 */
export function ShiftRequestModal({
  kind,
  shift,
  tz,
  me,
  range,
  onClose,
}: {
  kind: 'leave' | 'swap';
  shift: Shift;
  tz: string;
  me: string;
  range: { from: string; to: string };
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const fmt = useShiftFormat(tz);
  const create = useCreateShiftRequest();
  const errorText = useRequestErrorMessage();
  const [failure, setFailure] = useState<unknown>();
  const team = useTeamShifts(range.from, range.to, kind === 'swap');
  const now = Date.now();
  const peers = (team.data?.items ?? []).filter(
    (s) =>
      s.agentId !== me &&
      s.scheduleId === shift.scheduleId &&
      s.state === 'active' &&
      Date.parse(s.startAt) > now &&
      s.id !== shift.id,
  );

  const submit = (values: Values) => {
    setFailure(undefined);
    create.mutate(
      kind === 'leave'
        ? { kind, shiftId: shift.id, reason: values.reason ?? '' }
        : { kind, shiftId: shift.id, peerShiftId: values.peerShiftId, reason: values.reason ?? '' },
      {
        onSuccess: () => {
          void message.success(t('wfmSelf.mySchedule.sent'));
          onClose();
        },
        onError: setFailure,
      },
    );
  };

  return (
    <FormModal<Values>
      title={t(kind === 'leave' ? 'wfmSelf.mySchedule.leaveTitle' : 'wfmSelf.mySchedule.swapTitle', {
        shift: fmt.text(shift),
      })}
      onClose={onClose}
      form={form}
      onFinish={submit}
      pending={create.isPending}
      submitLabel={t('wfmSelf.mySchedule.send')}
      submitTestId={SELF_IDS.send}
      formError={failure === undefined ? undefined : errorText(failure)}
    >
      {kind === 'swap' ? (
        <Form.Item
          name="peerShiftId"
          label={t('wfmSelf.mySchedule.peerShift')}
          rules={[{ required: true, message: t('wfmSelf.mySchedule.peerShiftRequired') }]}
        >
          <Select
            data-testid={SELF_IDS.peerShift}
            loading={team.isLoading}
            showSearch={{ optionFilterProp: 'label' }}
            notFoundContent={
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('wfmSelf.mySchedule.noPeerShifts')} />
            }
            options={peers.map((s) => ({
              value: s.id,
              label: `${s.agentName} · ${fmt.text(s)} · ${s.templateName}`,
            }))}
          />
        </Form.Item>
      ) : null}
      <Form.Item
        name="reason"
        label={t(kind === 'leave' ? 'wfmSelf.mySchedule.reason' : 'wfmSelf.mySchedule.reasonOptional')}
        rules={
          kind === 'leave'
            ? [{ required: true, whitespace: true, message: t('wfmSelf.mySchedule.reasonRequired') }]
            : []
        }
      >
        <Input.TextArea data-testid={SELF_IDS.reason} rows={3} maxLength={500} showCount />
      </Form.Item>
    </FormModal>
  );
}
