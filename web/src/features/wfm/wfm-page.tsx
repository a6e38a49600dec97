import { Tabs } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { PageHeader } from '../../ui/page-header';
import { CalculatorTab } from './calculator-tab';
import { ForecastsTab } from './forecasts-tab';
import { IntradayTab } from './intraday-tab';
import { RequirementsTab } from './requirements-tab';
import { SchedulesTab } from './schedules-tab';
import { SetupTab } from './setup-tab';
import { SimulationTab } from './simulation-tab';
import { WFM_IDS } from './testids';

const TABS = ['forecasts', 'requirements', 'calculator', 'intraday', 'schedules', 'simulation', 'setup'] as const;
type WfmTab = (typeof TABS)[number];

const CONTENT: Record<WfmTab, () => ReactNode> = {
  forecasts: () => <ForecastsTab />,
  requirements: () => <RequirementsTab />,
  calculator: () => <CalculatorTab />,
  intraday: () => <IntradayTab />,
  schedules: () => <SchedulesTab />,
  simulation: () => <SimulationTab />,
  setup: () => <SetupTab />,
};

/**
 * 排班 (/wfm): forecasts, the staffing they need, the Erlang calculators, today against its forecast,
 * the schedules, a simulated day (模拟), and what schedules are made of (shift templates, agents' rules); the open tab is in the address (?tab=).
 */
export function WfmPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const asked = params.get('tab');
  const active: WfmTab = TABS.find((tab) => tab === asked) ?? 'forecasts';
  return (
    <div data-testid={WFM_IDS.page}>
      <PageHeader title={t('wfm.title')} description={t('wfm.description')} />
      <Tabs
        activeKey={active}
        onChange={(key) => setParams({ tab: key }, { replace: true })}
        destroyOnHidden
        items={TABS.map((key) => ({
          key,
          label: <span data-testid={WFM_IDS.tab(key)}>{t(`wfm.tabs.${key}`)}</span>,
          children: CONTENT[key](),
        }))}
      />
    </div>
  );
}
