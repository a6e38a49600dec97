import { Alert, DatePicker, Flex, Table, type TableColumnsType, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdherenceReport } from '../../../../contracts/wfm-adherence';
import { useErrorMessage } from '../../app/errors';
import { QueryError } from '../../ui/query-error';
import { useAdherenceReport, useAdherenceZone } from './adherence-api';
import { hours, lastWeek, MAX_REPORT_DAYS, percent, thisWeekSoFar } from './adherence-format';
import { TeamFilter } from './adherence-team-filter';
import { ADHERENCE_IDS } from './adherence-testids';

type AgentRow = AdherenceReport['agents'][number];
type TeamRow = AdherenceReport['teams'][number];
type Totals = AdherenceReport['total'];
type Range = { from: string; to: string };

const DAY = 'YYYY-MM-DD';

/** The figure columns both tables share, sortable; a null ratio (nothing scheduled) shows —. */
function useFigureColumns<R extends Totals>(): TableColumnsType<R> {
  const { t } = useTranslation();
  const none = t('common.none');
  const nullsLast = (a: number | null, b: number | null) => (a ?? -1) - (b ?? -1);
  const minutesColumn = (key: string, field: keyof Totals & `${string}Minutes`) => ({
    key,
    title: t(`wfmAdherence.report.col.${key}`),
    align: 'right' as const,
    sorter: (a: R, b: R) => a[field] - b[field],
    render: (_v: unknown, r: R) => hours(r[field]),
  });
  return [
    minutesColumn('scheduled', 'scheduledMinutes'),
    minutesColumn('work', 'workMinutes'),
    minutesColumn('adherent', 'adherentMinutes'),
    minutesColumn('available', 'availableMinutes'),
    {
      key: 'adherence',
      title: t('wfmAdherence.report.col.adherence'),
      align: 'right',
      sorter: (a, b) => nullsLast(a.adherence, b.adherence),
      render: (_v, r) => percent(r.adherence) ?? none,
    },
    {
      key: 'conformance',
      title: t('wfmAdherence.report.col.conformance'),
      align: 'right',
      sorter: (a, b) => nullsLast(a.conformance, b.conformance),
      render: (_v, r) => percent(r.conformance) ?? none,
    },
  ];
}

/** 报表: adherence and conformance per agent and per team over local days (this week so far by default). */
export function AdherenceReportTab() {
  const tz = useAdherenceZone();
  // The default range needs the centre's zone: this week is the centre's week.
  return tz ? <ReportView initial={thisWeekSoFar(tz, new Date())} tz={tz} /> : null;
}

function ReportView({ initial, tz }: { initial: Range; tz: string }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [range, setRange] = useState<Range>(initial);
  const [teamId, setTeamId] = useState<string | undefined>();
  const report = useAdherenceReport({ ...range, teamId });
  const figures = useFigureColumns<AgentRow>();
  const teamFigures = useFigureColumns<TeamRow>();
  const teamName = (id: string | null, name: string | null) => (id ? (name ?? id) : t('wfmAdherence.noTeam'));
  const teamNames = new Map(report.data?.teams.map((tm) => [tm.teamId, tm.teamName]));

  const agentColumns: TableColumnsType<AgentRow> = [
    {
      key: 'agent',
      title: t('wfmAdherence.report.col.agent'),
      dataIndex: 'agentName',
      sorter: (a, b) => a.agentName.localeCompare(b.agentName),
    },
    {
      key: 'team',
      title: t('wfmAdherence.report.col.team'),
      render: (_v, a) => teamName(a.teamId, teamNames.get(a.teamId) ?? null),
    },
    ...figures,
  ];
  const teamColumns: TableColumnsType<TeamRow> = [
    {
      key: 'team',
      title: t('wfmAdherence.report.col.team'),
      render: (_v, r) => teamName(r.teamId, r.teamName),
    },
    ...teamFigures,
  ];
  const total = report.data?.total;
  const none = t('common.none');

  const toDay = (d: Dayjs) => d.format(DAY);
  const week = (r: Range): [Dayjs, Dayjs] => [dayjs(r.from), dayjs(r.to)];
  return (
    <Flex vertical gap={16}>
      <Flex gap={12} wrap align="center">
        <DatePicker.RangePicker
          value={[dayjs(range.from), dayjs(range.to)]}
          allowClear={false}
          onChange={(v) => {
            if (v?.[0] && v[1]) setRange({ from: toDay(v[0]), to: toDay(v[1]) });
          }}
          disabledDate={(current, info) =>
            Boolean(info?.from && Math.abs(current.diff(info.from, 'day')) >= MAX_REPORT_DAYS)
          }
          presets={[
            { label: t('wfmAdherence.report.thisWeek'), value: week(thisWeekSoFar(tz, new Date())) },
            { label: t('wfmAdherence.report.lastWeek'), value: week(lastWeek(tz, new Date())) },
          ]}
          aria-label={t('wfmAdherence.report.range')}
          title={t('wfmAdherence.report.maxDays')}
          data-testid={ADHERENCE_IDS.range}
        />
        <TeamFilter value={teamId} onChange={setTeamId} testId={ADHERENCE_IDS.reportTeam} />
      </Flex>
      <Alert
        type="info"
        showIcon
        title={t('wfmAdherence.report.explanation')}
        data-testid={ADHERENCE_IDS.explanation}
      />
      {report.isError ? (
        <QueryError message={errorMessage(report.error)} onRetry={() => void report.refetch()} />
      ) : null}
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t('wfmAdherence.report.byTeam')}
      </Typography.Title>
      <Table<TeamRow>
        size="small"
        rowKey={(r) => r.teamId ?? 'none'}
        data-testid={ADHERENCE_IDS.teamsTable}
        loading={report.isFetching}
        columns={teamColumns}
        dataSource={report.data?.teams ?? []}
        pagination={false}
        summary={() =>
          total ? (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>
                <strong>{t('wfmAdherence.report.total')}</strong>
              </Table.Summary.Cell>
              {[total.scheduledMinutes, total.workMinutes, total.adherentMinutes, total.availableMinutes].map(
                (m, i) => (
                  <Table.Summary.Cell key={TOTAL_MINUTES[i]} index={i + 1} align="right">
                    {hours(m)}
                  </Table.Summary.Cell>
                ),
              )}
              <Table.Summary.Cell index={5} align="right">
                {percent(total.adherence) ?? none}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={6} align="right">
                {percent(total.conformance) ?? none}
              </Table.Summary.Cell>
            </Table.Summary.Row>
          ) : null
        }
      />
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t('wfmAdherence.report.byAgent')}
      </Typography.Title>
      <Table<AgentRow>
        size="small"
        rowKey="agentId"
        data-testid={ADHERENCE_IDS.agentsTable}
        loading={report.isFetching}
        columns={agentColumns}
        dataSource={report.data?.agents ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
      />
    </Flex>
  );
}

const TOTAL_MINUTES = ['scheduled', 'work', 'adherent', 'available'] as const;
