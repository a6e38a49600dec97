import { Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { PageHeader } from '../../ui/page-header';
import { NumbersTab } from './numbers-tab';
import { PhonesTab } from './phones-tab';
import { PromptsTab } from './prompts-tab';
import { TrunksTab } from './trunks-tab';

const TABS = ['phones', 'numbers', 'trunks', 'prompts'] as const;
type Tab = (typeof TABS)[number];

/** 语音设置: agent phones, called numbers, trunks and prompts, one tab each (kept in the URL). */
export function TelephonyAdminPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as Tab) : 'phones';
  return (
    <>
      <PageHeader title={t('telephonyAdmin.title')} description={t('telephonyAdmin.intro')} />
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams({ tab: key }, { replace: true })}
        destroyOnHidden
        items={[
          { key: 'phones', label: t('telephonyAdmin.tabs.phones'), children: <PhonesTab /> },
          { key: 'numbers', label: t('telephonyAdmin.tabs.numbers'), children: <NumbersTab /> },
          { key: 'trunks', label: t('telephonyAdmin.tabs.trunks'), children: <TrunksTab /> },
          { key: 'prompts', label: t('telephonyAdmin.tabs.prompts'), children: <PromptsTab /> },
        ]}
      />
    </>
  );
}
