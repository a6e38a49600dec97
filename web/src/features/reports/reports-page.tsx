import { Flex, Spin, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { useErrorMessage } from '../../app/errors';
import { PageHeader } from '../../ui/page-header';
import { QueryError } from '../../ui/query-error';
import { AbandonedList } from './abandoned-list';
import { useCenterTimeZone } from './api';
import { Dashboard } from './dashboard';
import { KpiReportView } from './kpi-report-view';
import { REPORTS_IDS } from './testids';

const TABS = ['dashboard', 'queues', 'agents', 'teams', 'ivr', 'abandoned'] as const;
type Tab = (typeof TABS)[number];
const pathOf = (tab: Tab) => (tab === 'dashboard' ? '/reports' : `/reports/${tab}`);

/** 报表: the dashboard at /reports and one report per tab under it (/reports/queues …). */
export function ReportsPage() {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const location = useLocation();
  const navigate = useNavigate();
  const zone = useCenterTimeZone();
  const sub = location.pathname.replace(/^\/reports\/?/, '').split('/')[0] ?? '';
  const active: Tab = (TABS as readonly string[]).includes(sub) ? (sub as Tab) : 'dashboard';

  return (
    <div data-testid={REPORTS_IDS.page}>
      <PageHeader title={t('reports.title')} />
      <Tabs
        data-testid={REPORTS_IDS.tabs}
        activeKey={active}
        onChange={(tab) => navigate(pathOf(tab as Tab))}
        items={TABS.map((tab) => ({ key: tab, label: t(`reports.tabs.${tab}`) }))}
      />
      {zone.isError ? <QueryError message={errorMessage(zone.error)} onRetry={() => void zone.refetch()} /> : null}
      {zone.isLoading ? (
        <Flex justify="center" style={{ padding: 48 }}>
          <Spin />
        </Flex>
      ) : null}
      {zone.data ? (
        <Routes>
          <Route index element={<Dashboard centerTz={zone.data} />} />
          <Route path="queues" element={<KpiReportView key="queues" kind="queues" centerTz={zone.data} />} />
          <Route path="agents" element={<KpiReportView key="agents" kind="agents" centerTz={zone.data} />} />
          <Route path="teams" element={<KpiReportView key="teams" kind="teams" centerTz={zone.data} />} />
          <Route path="ivr" element={<KpiReportView key="ivr" kind="ivr" centerTz={zone.data} />} />
          <Route path="abandoned" element={<AbandonedList centerTz={zone.data} />} />
          <Route path="*" element={<Navigate to="/reports" replace />} />
        </Routes>
      ) : null}
    </div>
  );
}
