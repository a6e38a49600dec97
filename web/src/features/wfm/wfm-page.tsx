import { CalendarOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ComingSoon } from '../../ui/coming-soon';

export function WfmPage() {
  const { t } = useTranslation();
  return (
    <ComingSoon
      icon={<CalendarOutlined />}
      title={t('placeholders.wfm.title')}
      description={t('placeholders.wfm.description')}
    />
  );
}
