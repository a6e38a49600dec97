import { TranslationOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { currentLanguage, otherLanguage, setLanguage } from './i18n';
import { APP_IDS } from './testids';

/** One click switches between 中文 and English; the button names the language it switches to. */
export function LangSwitch() {
  const { t } = useTranslation();
  const next = otherLanguage(currentLanguage());
  return (
    <Button
      type="text"
      icon={<TranslationOutlined />}
      onClick={() => setLanguage(next)}
      aria-label={`${t('lang.switchTo')}: ${t(`lang.${next}`)}`}
      title={t('lang.switchTo')}
      data-testid={APP_IDS.langSwitch}
    >
      <span lang={next}>{t(`lang.${next}`)}</span>
    </Button>
  );
}
