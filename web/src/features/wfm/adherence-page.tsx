import { Tabs } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { PageHeader } from '../../ui/page-header';
import { AdherenceLiveTab } from './adherence-live-tab';
import { AdherenceReportTab } from './adherence-report-tab';
import { ADHERENCE_IDS } from './adherence-testids';

const TABS = ['live', 'report'] as const;
type AdherenceTab = (typeof TABS)[number];

const CONTENT: Record<AdherenceTab, () => ReactNode> = {
  live: () => <AdherenceLiveTab />,
  report: () => <AdherenceReportTab />,
};

/** 遵从度 (/adherence): agents against their published schedule, live and over days; the open tab is in the address (?tab=). */
export function AdherencePage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const asked = params.get('tab');
  const active: AdherenceTab = TABS.find((tab) => tab === asked) ?? 'live';
  return (
    <div data-testid={ADHERENCE_IDS.page}>
      <PageHeader title={t('wfmAdherence.title')} description={t('wfmAdherence.description')} />
      <Tabs
        activeKey={active}
        onChange={(key) => setParams({ tab: key }, { replace: true })}
        destroyOnHidden
        items={TABS.map((key) => ({
          key,
          label: <span data-testid={ADHERENCE_IDS.tab(key)}>{t(`wfmAdherence.tabs.${key}`)}</span>,
          children: CONTENT[key](),
        }))}
      />
    </div>
  );
}
