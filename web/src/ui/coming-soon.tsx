import { Result, Tag } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

type Props = { icon: ReactNode; title: string; description: string };

/** Stands in for a module that is not built yet: says what will live here. */
export function ComingSoon({ icon, title, description }: Props) {
  const { t } = useTranslation();
  return (
    <Result
      icon={<span className="coming-soon-icon">{icon}</span>}
      title={title}
      subTitle={<span className="coming-soon-text">{description}</span>}
      extra={<Tag color="processing">{t('common.comingSoon')}</Tag>}
    />
  );
}
