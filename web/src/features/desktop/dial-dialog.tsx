import { App, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { DialNumber } from '../../../../contracts/voice';
import { schemaRule } from '../../app/form-rules';
import { useFormSubmit } from '../../app/use-form-submit';
import { FormModal } from '../../ui/form-modal';
import { dialNumber, useInvalidateDesktop } from './api';
import { DESKTOP_IDS } from './testids';

type Values = { number: string };

/** 外呼: Kefu first rings the agent's own phone, then calls the number through the outbound trunk. */
export function DialDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const invalidate = useInvalidateDesktop();
  const [form] = Form.useForm<Values>();
  const save = useFormSubmit(form, (values: Values) => dialNumber({ number: values.number.trim() }), {
    onSuccess: () => {
      void message.success(t('desktop.voice.dialing'));
      invalidate();
      onClose();
    },
  });

  return (
    <FormModal
      title={t('desktop.voice.dialTitle')}
      onClose={onClose}
      form={form}
      onFinish={save.submit}
      pending={save.pending}
      formError={save.formError}
      submitLabel={t('desktop.voice.dialSubmit')}
      submitTestId={DESKTOP_IDS.dialSubmit}
    >
      <Form.Item
        name="number"
        label={t('desktop.voice.number')}
        extra={t('desktop.voice.numberHint')}
        rules={[
          { required: true, message: t('desktop.voice.numberRequired') },
          schemaRule(DialNumber, t('desktop.voice.numberInvalid')),
        ]}
      >
        <Input autoComplete="off" autoFocus inputMode="tel" className="mono" data-testid={DESKTOP_IDS.dialNumber} />
      </Form.Item>
    </FormModal>
  );
}
