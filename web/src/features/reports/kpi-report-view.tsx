import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Dropdown, Flex, Space, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EntityDimension, KpiFigures } from '../../../../contracts/reports';
import { useErrorMessage } from '../../app/errors';
import { useReasonCodes } from '../../app/lookups';
import { formatRatio, formatSeconds } from '../../ui/kpi-format';
import { QueryError } from '../../ui/query-error';
import { type ExportFormat, exportKpis, reportKeys, useKpis } from './api';
import { ContactsDrawer } from './contacts-drawer';
import { AGENT_COLUMNS, type KpiColumn, QUEUE_COLUMNS, selfServiceRate } from './figures';
import { IvrDropouts } from './ivr-dropouts';
import { type DrillTarget, type ExtraColumn, KpiTable } from './kpi-table';
import { ReportFiltersBar, useReportFilters } from './report-filters';
import { kpiQuery } from './report-query';
import { REPORTS_IDS } from './testids';

export type ReportKind = 'queues' | 'agents' | 'teams' | 'ivr';

const SPEC: Record<
  ReportKind,
  {
    entity: EntityDimension;
    columns: readonly KpiColumn[];
    filters: { queue?: boolean; channel?: boolean; team?: boolean };
  }
> = {
  queues: { entity: 'queue', columns: QUEUE_COLUMNS, filters: { queue: true, channel: true } },
  agents: { entity: 'agent', columns: AGENT_COLUMNS, filters: { team: true } },
  teams: { entity: 'team', columns: AGENT_COLUMNS, filters: { team: true } },
  ivr: {
    entity: 'ivrFlow',
    columns: ['selfService', 'offered', 'shortAbandoned', 'answered', 'abandoned'],
    filters: {},
  },
};

/** One historical report: filters, the KPI table with drill-down, and its export in the UI language. */
export function KpiReportView({ kind, centerTz }: { kind: ReportKind; centerTz: string }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const errorMessage = useErrorMessage();
  const spec = SPEC[kind];
  const [filters, setFilters] = useReportFilters(centerTz);
  const query = useMemo(() => kpiQuery(spec.entity, filters), [spec.entity, filters]);
  const report = useKpis(query);
  const queryClient = useQueryClient();
  // One refresh for the tab: the KPI table and, on the IVR tab, the runs and drop-outs below it.
  const refresh = () => {
    void report.refetch();
    void queryClient.refetchQueries({ queryKey: reportKeys.ivrAll, type: 'active' });
  };
  const [drill, setDrill] = useState<DrillTarget>();
  const [exporting, setExporting] = useState(false);
  const reasons = useReasonCodes();
  const lang = i18n.language === 'en-US' ? 'en-US' : 'zh-CN';

  const exportAs = async (format: ExportFormat) => {
    setExporting(true);
    try {
      await exportKpis(query, format, lang, `${t('reports.exportFile')}-${t(`reports.tabs.${kind}`)}`);
    } catch (err) {
      void message.error(errorMessage(err));
    } finally {
      setExporting(false);
    }
  };

  const reasonLabel = (code: string) => {
    const r = reasons.data?.find((x) => x.code === code);
    if (!code) return t('reports.dim.none');
    return r ? (lang === 'en-US' ? r.labelEn : r.labelZh) : code;
  };
  const extra: ExtraColumn[] =
    kind === 'agents' || kind === 'teams'
      ? [
          {
            key: 'notReady',
            title: t('reports.col.notReady'),
            width: 360,
            render: (f: KpiFigures) =>
              f.notReadySeconds && Object.keys(f.notReadySeconds).length > 0 ? (
                <Space size={[4, 4]} wrap>
                  {Object.entries(f.notReadySeconds)
                    .sort((a, b) => b[1] - a[1])
                    .map(([code, s]) => (
                      <Tag key={code} style={{ marginInlineEnd: 0 }}>
                        {reasonLabel(code)} {formatSeconds(s)}
                      </Tag>
                    ))}
                </Space>
              ) : (
                <span className="report-nodata">—</span>
              ),
          },
        ]
      : kind === 'ivr'
        ? [
            {
              key: 'selfServiceRate',
              title: t('reports.col.selfServiceRate'),
              width: 120,
              render: (f: KpiFigures) => formatRatio(selfServiceRate(f)),
            },
          ]
        : [];

  return (
    <>
      <Flex justify="space-between" align="flex-start" gap={8} wrap>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
          {t(`reports.description.${kind}`)}
        </Typography.Paragraph>
        <Space>
          <Button icon={<ReloadOutlined />} onClick={refresh} aria-label={t('common.refresh')} />
          <Dropdown
            menu={{
              items: [
                { key: 'xlsx', label: t('reports.exportXlsx') },
                { key: 'csv', label: t('reports.exportCsv') },
              ],
              onClick: ({ key }) => void exportAs(key as ExportFormat),
            }}
          >
            <Button icon={<DownloadOutlined />} loading={exporting} data-testid={REPORTS_IDS.export}>
              {t('reports.export')}
            </Button>
          </Dropdown>
        </Space>
      </Flex>
      <ReportFiltersBar value={filters} onChange={setFilters} centerTz={centerTz} show={spec.filters} />
      {report.isError ? (
        <QueryError message={errorMessage(report.error)} onRetry={() => void report.refetch()} />
      ) : null}
      <KpiTable
        report={report.data}
        entity={spec.entity}
        granularity={filters.granularity}
        columns={spec.columns}
        extra={extra}
        loading={report.isFetching}
        onDrill={setDrill}
      />
      {kind === 'ivr' ? <IvrDropouts filters={filters} /> : null}
      <ContactsDrawer
        target={drill}
        query={query}
        timeZone={filters.tz ?? centerTz}
        onClose={() => setDrill(undefined)}
      />
    </>
  );
}
