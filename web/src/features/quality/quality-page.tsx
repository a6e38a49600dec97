import { FileSearchOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ComingSoon } from '../../ui/coming-soon';

export function QualityPage() {
  const { t } = useTranslation();
  return (
    <ComingSoon
      icon={<FileSearchOutlined />}
      title={t('placeholders.quality.title')}
      description={t('placeholders.quality.description')}
    />
  );
}
