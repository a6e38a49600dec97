import { DashboardOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ComingSoon } from '../../ui/coming-soon';

export function SupervisorPage() {
  const { t } = useTranslation();
  return (
    <ComingSoon
      icon={<DashboardOutlined />}
      title={t('placeholders.supervisor.title')}
      description={t('placeholders.supervisor.description')}
    />
  );
}
