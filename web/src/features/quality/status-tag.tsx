import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { EvaluationStatus } from '../../../../contracts/quality';

export const STATUS_COLOR: Record<EvaluationStatus, string> = {
  draft: 'default',
  submitted: 'blue',
  acknowledged: 'green',
  appealed: 'gold',
  upheld: 'purple',
  revised: 'cyan',
};

export function StatusTag({ status }: { status: EvaluationStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLOR[status]}>{t(`quality.status.${status}`)}</Tag>;
}
