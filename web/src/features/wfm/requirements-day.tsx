import { Card, Select, Table, Tag, Tooltip, Typography, theme } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { RequirementCell, Requirements } from '../../../../contracts/wfm';
import { EChart, type EChartOption } from '../../ui/echart';
import { dayLabel, timeIn } from './dates';
import { percentText } from './forecast-chart';
import { busyIntervals, type DaySummary, daySummaries } from './requirements-summary';
import { WFM_IDS } from './testids';

/** The picked day's chart, the table of every day's peak and hours, and the day's intervals per queue. */
export function RequirementsDay({
  requirements: r,
  day,
  onDay,
  centerTz,
}: {
  requirements: Requirements;
  day: string;
  onDay: (day: string) => void;
  centerTz: string;
}) {
  const { t, i18n } = useTranslation();
  const { token } = theme.useToken();
  const lang = i18n.language;
  const today = r.days.find((d) => d.date === day) ?? r.days[0];
  const summaries = useMemo(() => daySummaries(r), [r]);

  const option = useMemo<EChartOption>(() => {
    const intervals = today?.intervals ?? [];
    const names = { agents: t('wfm.requirements.agents'), scheduled: t('wfm.requirements.scheduled') };
    return {
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: [names.agents, names.scheduled] },
      grid: { left: 40, right: 16, top: 36, bottom: 28 },
      xAxis: {
        type: 'category',
        data: intervals.map((i) => timeIn(centerTz, i.start)),
        axisLabel: { interval: Math.max(0, Math.round(intervals.length / 12) - 1) },
      },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          name: names.agents,
          type: 'bar',
          color: token.colorPrimary,
          data: intervals.map((i) =>
            i.cells.every((c) => c.met) ? i.agents : { value: i.agents, itemStyle: { color: token.colorError } },
          ),
        },
        {
          name: names.scheduled,
          type: 'line',
          step: 'middle',
          showSymbol: false,
          color: token.colorSuccess,
          data: intervals.map((i) => i.scheduledAgents),
        },
      ],
    };
  }, [today, centerTz, t, token]);

  const rows = today ? busyIntervals(today) : [];
  const cellText = (c: RequirementCell) =>
    t('wfm.requirements.cellTitle', {
      calls: c.calls.toFixed(1),
      aht: Math.round(c.ahtSeconds),
      sl: percentText(c.serviceLevel, lang) ?? '—',
    });

  return (
    <>
      <Card
        title={t('wfm.requirements.chartTitle', { day: dayLabel(day, lang) })}
        extra={
          <Select
            value={day}
            onChange={onDay}
            style={{ minWidth: 180 }}
            aria-label={t('wfm.requirements.day')}
            data-testid={WFM_IDS.reqDay}
            options={r.days.map((d) => ({ value: d.date, label: dayLabel(d.date, lang) }))}
          />
        }
        style={{ marginBottom: 16 }}
      >
        <EChart
          option={option}
          height={280}
          ariaLabel={t('wfm.requirements.chartTitle', { day: dayLabel(day, lang) })}
          testId={WFM_IDS.reqChart}
        />
        {today?.intervals.some((i) => i.cells.some((c) => !c.met)) ? (
          <Typography.Text type="secondary">
            <Tag color="error">{t('wfm.requirements.unmet')}</Tag>
            {t('wfm.requirements.unmetCell')}
          </Typography.Text>
        ) : null}
      </Card>
      <Card title={t('wfm.requirements.table')} style={{ marginBottom: 16 }}>
        <Table<DaySummary>
          size="small"
          rowKey="date"
          pagination={false}
          data-testid={WFM_IDS.reqTable}
          onRow={(s) => ({ onClick: () => onDay(s.date), style: { cursor: 'pointer' } })}
          rowClassName={(s) => (s.date === day ? 'ant-table-row-selected' : '')}
          dataSource={summaries}
          columns={[
            { title: t('wfm.requirements.day'), dataIndex: 'date', render: (d: string) => dayLabel(d, lang) },
            { title: t('wfm.requirements.peakAgents'), dataIndex: 'peakAgents', align: 'right' },
            { title: t('wfm.requirements.peakScheduled'), dataIndex: 'peakScheduled', align: 'right' },
            {
              title: t('wfm.requirements.peakTime'),
              dataIndex: 'peakAt',
              render: (at: string | null) => (at ? timeIn(centerTz, at) : '—'),
            },
            {
              title: t('wfm.requirements.scheduledHours'),
              dataIndex: 'scheduledHours',
              align: 'right',
              render: (h: number) => t('wfm.requirements.hoursValue', { hours: h.toLocaleString(lang) }),
            },
            {
              title: t('wfm.requirements.unmetIntervals'),
              dataIndex: 'unmetIntervals',
              render: (n: number) =>
                n > 0 ? <Tag color="error">{t('wfm.requirements.unmetCount', { count: n })}</Tag> : '—',
            },
          ]}
        />
      </Card>
      <Card title={t('wfm.requirements.intervals', { day: dayLabel(day, lang) })}>
        <Table
          size="small"
          rowKey="start"
          data-testid={WFM_IDS.reqIntervals}
          pagination={{ pageSize: 16, hideOnSinglePage: true }}
          dataSource={rows}
          scroll={{ x: true }}
          columns={[
            { title: t('wfm.requirements.interval'), dataIndex: 'start', render: (s: string) => timeIn(centerTz, s) },
            ...r.queues.map((q, index) => ({
              title: q.queueName,
              key: q.queueId,
              align: 'right' as const,
              render: (_: unknown, i: (typeof rows)[number]) => {
                const c = i.cells[index];
                if (!c) return '—';
                return c.met ? (
                  <Tooltip title={cellText(c)}>{c.agents}</Tooltip>
                ) : (
                  <Tooltip title={`${cellText(c)} · ${t('wfm.requirements.unmetCell')}`}>
                    <Tag color="error">{c.agents}</Tag>
                  </Tooltip>
                );
              },
            })),
            { title: t('wfm.requirements.agents'), dataIndex: 'agents', align: 'right' },
            { title: t('wfm.requirements.scheduled'), dataIndex: 'scheduledAgents', align: 'right' },
          ]}
        />
      </Card>
    </>
  );
}
