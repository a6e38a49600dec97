import { Empty, Tabs } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useSearchParams } from 'react-router-dom';
import { useSession } from '../../app/session';
import { PageHeader } from '../../ui/page-header';
import { AppealsTab } from './appeals-tab';
import { CalibrationPage } from './calibration-page';
import { CalibrationTab } from './calibration-tab';
import { CoachingTab } from './coaching-tab';
import { EvaluationPage } from './evaluation-page';
import { EvaluationsTab } from './evaluations-tab';
import { ExamplesTab } from './examples-tab';
import { ReportsTab } from './reports-tab';
import { SettingsTab } from './settings-tab';
import { type QualityTab, tabFor, visibleTabs } from './tabs';
import { QUALITY_IDS } from './testids';
import { WorklistTab } from './worklist-tab';

const CONTENT: Record<QualityTab, () => ReactNode> = {
  worklist: () => <WorklistTab />,
  evaluations: () => <EvaluationsTab />,
  appeals: () => <AppealsTab />,
  calibration: () => <CalibrationTab />,
  reports: () => <ReportsTab />,
  coaching: () => <CoachingTab />,
  examples: () => <ExamplesTab />,
  settings: () => <SettingsTab />,
};

/** The tabs of /quality, each for the permissions of its part; the open tab is in the address (?tab=). */
function QualityTabs() {
  const { t } = useTranslation();
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const tabs = visibleTabs(session.can);
  const active = tabFor(params.get('tab'), tabs);
  if (!active) return <Empty description={t('forbidden.description')} />;
  return (
    <div data-testid={QUALITY_IDS.page}>
      <PageHeader title={t('quality.title')} />
      <Tabs
        activeKey={active}
        onChange={(key) => setParams({ tab: key }, { replace: true })}
        destroyOnHidden
        data-testid={QUALITY_IDS.tabs}
        items={tabs.map((key) => ({
          key,
          label: <span data-testid={QUALITY_IDS.tab(key)}>{t(`quality.tabs.${key}`)}</span>,
          children: CONTENT[key](),
        }))}
      />
    </div>
  );
}

/** 质检 (/quality/*): the tabs, one evaluation, one calibration session. */
export function QualityPage() {
  return (
    <Routes>
      <Route index element={<QualityTabs />} />
      <Route path="evaluations/:id" element={<EvaluationPage />} />
      <Route path="calibrations/:id" element={<CalibrationPage />} />
      {/* app/status-pages reaches back to the page table; an unknown sub-path goes to the tabs instead. */}
      <Route path="*" element={<Navigate to="/quality" replace />} />
    </Routes>
  );
}
