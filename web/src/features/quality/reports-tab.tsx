import {
  Card,
  DatePicker,
  Empty,
  Flex,
  Progress,
  Select,
  Skeleton,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type GapRow, QUALITY_GROUPS, type QualityReportRow } from '../../../../contracts/quality';
import { useErrorMessage } from '../../app/errors';
import { QueryError } from '../../ui/query-error';
import { useGaps, useQualityReport } from './api';
import { FindingsSearch } from './findings-search';
import { useNames } from './names';
import { type DayRange, lastDays, rangeQuery } from './range';
import { KIND_COLOR } from './scorecard-form';
import { QUALITY_IDS } from './testids';

type Group = (typeof QUALITY_GROUPS)[number];

/** A report row's key as a name: people, teams and queues by name; days, weeks and months as dates. */
function useRowLabel(groupBy: Group) {
  const { t } = useTranslation();
  const names = useNames();
  return (key: string) => {
    if (!key) return t('quality.reports.unassigned');
    switch (groupBy) {
      case 'agent':
      case 'evaluator':
        return names.user(key);
      case 'team':
        return names.team(key);
      case 'queue':
        return names.queue(key);
      case 'week':
        return t('quality.reports.weekOf', { date: key });
      default:
        return key;
    }
  };
}

/** 差距分析: the items that fail most, as bars of their fail rate. */
function Gaps({ query }: { query: Record<string, string> }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const gaps = useGaps(query);
  const rows = (gaps.data ?? []).filter((g) => g.evaluated > 0).slice(0, 15);
  return (
    <Card size="small" title={t('quality.reports.gaps')} data-testid={QUALITY_IDS.gaps}>
      {gaps.isError ? <QueryError message={errorMessage(gaps.error)} onRetry={() => void gaps.refetch()} /> : null}
      {gaps.isLoading ? (
        <Skeleton active />
      ) : rows.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('quality.reports.noGaps')} />
      ) : (
        <Flex vertical gap={8}>
          {rows.map((g: GapRow) => (
            <div key={`${g.scorecardId}:${g.item}`}>
              <Flex justify="space-between" gap={8}>
                <span>
                  <Tag color={KIND_COLOR[g.kind]}>{t(`quality.itemKind.${g.kind}`)}</Tag>
                  {g.label}
                </span>
                <Typography.Text type="secondary">
                  {t('quality.reports.failedOf', { failed: g.failed, evaluated: g.evaluated })}
                </Typography.Text>
              </Flex>
              <Progress
                percent={Math.round(g.failRate * 1000) / 10}
                status={g.failRate >= 0.3 ? 'exception' : 'normal'}
                aria-label={g.label}
              />
            </div>
          ))}
        </Flex>
      )}
    </Card>
  );
}

/**
 * 报表: quality scores by agent, team, queue, evaluator or period over a range of days (the last 30 in
 * the user's time zone by default), the gap analysis, and the search of automatic check findings.
 */
export function ReportsTab() {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [range, setRange] = useState<DayRange>(() => lastDays(dayjs()));
  const [groupBy, setGroupBy] = useState<Group>('agent');
  const query = rangeQuery(range);
  const report = useQualityReport({ ...query, groupBy });
  const label = useRowLabel(groupBy);
  const score = (v: number | null) => (v === null ? t('common.none') : v);

  const columns: TableColumnsType<QualityReportRow> = [
    {
      key: 'key',
      title: t(`quality.reports.group.${groupBy}`),
      render: (_v, r) => (r === report.data?.total ? t('quality.reports.total') : label(r.key)),
    },
    { key: 'evaluations', title: t('quality.reports.col.evaluations'), dataIndex: 'evaluations', align: 'right' },
    { key: 'mean', title: t('quality.reports.col.mean'), align: 'right', render: (_v, r) => score(r.meanScore) },
    { key: 'min', title: t('quality.reports.col.min'), align: 'right', render: (_v, r) => score(r.minScore) },
    { key: 'max', title: t('quality.reports.col.max'), align: 'right', render: (_v, r) => score(r.maxScore) },
    {
      key: 'fatal',
      title: t('quality.reports.col.fatal'),
      align: 'right',
      render: (_v, r) => (r.fatal > 0 ? <Typography.Text type="danger">{r.fatal}</Typography.Text> : 0),
    },
    { key: 'appeals', title: t('quality.reports.col.appeals'), dataIndex: 'appeals', align: 'right' },
    { key: 'changed', title: t('quality.reports.col.changed'), dataIndex: 'appealsChanged', align: 'right' },
  ];
  const rows = report.data ? [...report.data.rows, ...(report.data.rows.length > 1 ? [report.data.total] : [])] : [];

  return (
    <Flex vertical gap={16}>
      <Flex gap={12} wrap align="center">
        <DatePicker.RangePicker
          value={range}
          allowClear={false}
          onChange={(v) => {
            if (v?.[0] && v[1]) setRange([v[0], v[1]]);
          }}
          presets={[7, 30, 90].map((n) => ({
            label: t('quality.reports.lastDays', { count: n }),
            value: lastDays(dayjs(), n),
          }))}
          aria-label={t('quality.filter.range')}
          data-testid={QUALITY_IDS.reportRange}
        />
        <Select<Group>
          style={{ minWidth: 140 }}
          value={groupBy}
          onChange={setGroupBy}
          options={QUALITY_GROUPS.map((g) => ({
            value: g,
            label: t('quality.reports.groupBy', { group: t(`quality.reports.group.${g}`) }),
          }))}
          aria-label={t('quality.reports.groupByLabel')}
          data-testid={QUALITY_IDS.reportGroupBy}
        />
      </Flex>
      {report.isError ? (
        <QueryError message={errorMessage(report.error)} onRetry={() => void report.refetch()} />
      ) : null}
      <Table<QualityReportRow>
        size="small"
        rowKey={(r) => (r === report.data?.total ? '__total' : r.key)}
        data-testid={QUALITY_IDS.reportTable}
        columns={columns}
        dataSource={rows}
        loading={report.isFetching}
        scroll={{ x: 'max-content' }}
        rowClassName={(r) => (r === report.data?.total ? 'ant-table-row-selected' : '')}
        pagination={false}
        locale={{
          emptyText: report.isLoading || report.isError ? ' ' : <Empty description={t('quality.reports.empty')} />,
        }}
      />
      <Gaps query={query} />
      <FindingsSearch range={query} />
    </Flex>
  );
}
