import { BarChartOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ComingSoon } from '../../ui/coming-soon';

export function ReportsPage() {
  const { t } = useTranslation();
  return (
    <ComingSoon
      icon={<BarChartOutlined />}
      title={t('placeholders.reports.title')}
      description={t('placeholders.reports.description')}
    />
  );
}
