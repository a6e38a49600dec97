import { Form, InputNumber } from 'antd';
import { useTranslation } from 'react-i18next';

/** The service targets as a planner or team lead types them: percents and seconds. */
export type ServiceTargets = { serviceLevel: number; answerSeconds: number; shrinkage: number; maxOccupancy: number };

/** Every target filled with a finite number: only then is there something to ask the server. */
export function targetsValid(v: ServiceTargets): boolean {
  return [v.serviceLevel, v.answerSeconds, v.shrinkage, v.maxOccupancy].every(
    (x) => typeof x === 'number' && Number.isFinite(x),
  );
}

/**
 * The service level, answer time, shrinkage and maximum occupancy inputs of a targets form (the
 * requirements' and the intraday's): Form.Items named after ServiceTargets, placed inside the caller's
 * <Form> and layout. `wholeSeconds` rounds the answer time (intraday's query takes whole seconds).
 */
export function TargetsFields({ wholeSeconds = false }: { wholeSeconds?: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item name="serviceLevel" label={t('wfm.requirements.serviceLevel')} rules={[{ required: true }]}>
        <InputNumber min={1} max={100} suffix="%" />
      </Form.Item>
      <Form.Item name="answerSeconds" label={t('wfm.requirements.answerSeconds')} rules={[{ required: true }]}>
        <InputNumber min={0} max={3600} precision={wholeSeconds ? 0 : undefined} />
      </Form.Item>
      <Form.Item
        name="shrinkage"
        label={t('wfm.requirements.shrinkage')}
        tooltip={t('wfm.requirements.shrinkageHelp')}
        rules={[{ required: true }]}
      >
        <InputNumber min={0} max={99} suffix="%" />
      </Form.Item>
      <Form.Item name="maxOccupancy" label={t('wfm.requirements.maxOccupancy')} rules={[{ required: true }]}>
        <InputNumber min={1} max={100} suffix="%" />
      </Form.Item>
    </>
  );
}
