import { CustomerServiceOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ComingSoon } from '../../ui/coming-soon';

export function DesktopPage() {
  const { t } = useTranslation();
  return (
    <ComingSoon
      icon={<CustomerServiceOutlined />}
      title={t('placeholders.desktop.title')}
      description={t('placeholders.desktop.description')}
    />
  );
}
