import { Button, Table, type TableColumnsType, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { EntityDimension, KpiFigures, KpiReport, KpiRow } from '../../../../contracts/reports';
import { DRILL_DOWN, formatFigure, type KpiColumn, kindOf } from './figures';
import { formatBucket, type Granularity } from './report-query';
import { REPORTS_IDS } from './testids';

/** A figure clicked: the contacts behind it, narrowed to its row (none for the total row). */
export type DrillTarget = {
  column: KpiColumn;
  key?: string | null;
  start?: string;
  /** The row as the drawer's subtitle names it ("话费查询 · 12月6日"). */
  rowLabel: string;
};

/** An extra column after the figures (not-ready by reason, self-service rate). */
export type ExtraColumn = {
  key: string;
  title: string;
  render: (figures: KpiFigures) => ReactNode;
  width?: number;
};

type Props = {
  report: KpiReport | undefined;
  entity: EntityDimension | undefined;
  granularity: Granularity;
  columns: readonly KpiColumn[];
  extra?: readonly ExtraColumn[];
  loading: boolean;
  onDrill?: (target: DrillTarget) => void;
  /** Rows on the page (the dashboard's compact table pages none). */
  pageSize?: number | false;
  size?: 'small' | 'middle';
};

const rowId = (r: KpiRow) => `${r.key ?? ''}|${r.start ?? ''}`;

/**
 * The KPI table: the row's entity and time bucket, then each figure as the server computed it —
 * ratios in %, seconds as m:ss — and the total. Every figure with data is a button that opens the
 * contacts behind it (keyboard: Tab to it, Enter).
 */
export function KpiTable({
  report,
  entity,
  granularity,
  columns,
  extra = [],
  loading,
  onDrill,
  pageSize = 50,
  size = 'small',
}: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const multiDay = report ? Date.parse(report.to) - Date.parse(report.from) > 86_400_000 : false;
  const hasTime = granularity !== 'total';
  // A row without a key is the contacts outside the dimension: in the IVR report, those that reached
  // a queue without any IVR flow (chat, e-mail, a direct line), not an unnamed flow.
  const noneLabel =
    entity === 'ivrFlow' || entity === 'team' ? t(`reports.dim.noneOf.${entity}`) : t('reports.dim.none');
  const entityLabel = (r: KpiRow) => (r.name ?? r.key ?? noneLabel) as string;
  const bucketLabel = (r: KpiRow) => (r.start ? formatBucket(r.start, granularity, lang, multiDay) : '');
  const rowLabel = (r: KpiRow) =>
    [entity ? entityLabel(r) : null, hasTime ? bucketLabel(r) : null].filter(Boolean).join(' · ');

  const cell = (
    column: KpiColumn,
    value: number | null | undefined,
    target: Omit<DrillTarget, 'column'>,
    testRow: string,
  ) => {
    const text = formatFigure(column, value, lang);
    if (value === null || value === undefined || !onDrill || DRILL_DOWN[column].length === 0) {
      return <span className={value === null || value === undefined ? 'report-nodata' : undefined}>{text}</span>;
    }
    return (
      <Button
        type="link"
        size="small"
        style={{ padding: 0, height: 'auto' }}
        data-testid={REPORTS_IDS.figure(column, testRow)}
        aria-label={`${t(`reports.col.${column}`)} ${text}${target.rowLabel ? ` · ${target.rowLabel}` : ''}`}
        onClick={() => onDrill({ column, ...target })}
      >
        {text}
      </Button>
    );
  };

  const cols: TableColumnsType<KpiRow> = [
    ...(entity
      ? [
          {
            key: 'entity',
            title: t(`reports.dim.${entity}`),
            fixed: 'left' as const,
            width: 160,
            ellipsis: true,
            render: (_: unknown, r: KpiRow) => entityLabel(r),
          },
        ]
      : []),
    ...(hasTime
      ? [
          {
            key: 'time',
            title: t('reports.dim.time'),
            fixed: 'left' as const,
            width: multiDay && granularity !== 'day' ? 150 : 120,
            render: (_: unknown, r: KpiRow) => bucketLabel(r),
          },
        ]
      : []),
    ...columns.map((c) => ({
      key: c,
      title: t(`reports.col.${c}`),
      align: 'right' as const,
      width: kindOf(c) === 'count' ? 96 : 110,
      render: (_: unknown, r: KpiRow) =>
        cell(c, r[c], { key: r.key, start: r.start, rowLabel: rowLabel(r) }, r.key ?? r.start ?? 'row'),
    })),
    ...extra.map((x) => ({
      key: x.key,
      title: x.title,
      width: x.width ?? 160,
      render: (_: unknown, r: KpiRow) => x.render(r),
    })),
  ];

  const labelCols = (entity ? 1 : 0) + (hasTime ? 1 : 0);
  return (
    <Table<KpiRow>
      data-testid={REPORTS_IDS.table}
      size={size}
      rowKey={rowId}
      columns={cols}
      dataSource={report?.rows}
      loading={loading}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: t('reports.empty') }}
      pagination={pageSize === false ? false : { pageSize, showSizeChanger: true, hideOnSinglePage: true }}
      summary={() =>
        report && report.rows.length > 0 ? (
          <Table.Summary>
            <Table.Summary.Row className="report-total">
              {labelCols > 0 ? (
                <Table.Summary.Cell index={0} colSpan={labelCols}>
                  <Typography.Text strong>{t('reports.dim.total')}</Typography.Text>
                </Table.Summary.Cell>
              ) : null}
              {columns.map((c, i) => (
                <Table.Summary.Cell key={c} index={labelCols + i} align="right">
                  <strong>{cell(c, report.total[c], { rowLabel: t('reports.dim.total') }, 'total')}</strong>
                </Table.Summary.Cell>
              ))}
              {extra.map((x, i) => (
                <Table.Summary.Cell key={x.key} index={labelCols + columns.length + i}>
                  {x.render(report.total)}
                </Table.Summary.Cell>
              ))}
            </Table.Summary.Row>
          </Table.Summary>
        ) : null
      }
    />
  );
}
