import { ReadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ComingSoon } from '../../ui/coming-soon';

export function TrainingPage() {
  const { t } = useTranslation();
  return (
    <ComingSoon
      icon={<ReadOutlined />}
      title={t('placeholders.training.title')}
      description={t('placeholders.training.description')}
    />
  );
}
