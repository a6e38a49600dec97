import { Card, Col, Row, Statistic, Typography, theme } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { addDays, dateIn } from '../../../../contracts/local-dates';
import type { KpiFigures } from '../../../../contracts/reports';
import { useErrorMessage } from '../../app/errors';
import { EChart, type EChartOption } from '../../ui/echart';
import { QueryError } from '../../ui/query-error';
import { useNow } from '../../ui/use-now';
import { useKpis } from './api';
import { dayAxis, heatmapOf, seriesByTime } from './charts-data';
import { ContactsDrawer } from './contacts-drawer';
import { formatFigure, type KpiColumn } from './figures';
import { type DrillTarget, KpiTable } from './kpi-table';
import { REPORTS_IDS } from './testids';

/** The 80/20 goal of DOMAIN.md: 80% of contacts answered within 20 seconds. */
const SL_GOAL = 0.8;
const SL_SECONDS = 20;
/** Today changes as contacts end: the dashboard asks again every minute. */
const REFRESH_MS = 60_000;

const TILES: readonly KpiColumn[] = [
  'offered',
  'answered',
  'serviceLevel',
  'abandonRate',
  'asaSeconds',
  'ahtSeconds',
  'fcr',
  'csat',
];
const QUEUE_TODAY: readonly KpiColumn[] = [
  'offered',
  'answered',
  'abandoned',
  'serviceLevel',
  'abandonRate',
  'asaSeconds',
  'ahtSeconds',
  'fcr',
  'csat',
];

const timeIn = (tz: string, at: Date) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);

/**
 * 报表概览: today in the center's zone — tiles, the service-level gauge, volume by interval against
 * the same weekday last week, the last 7 days as a day × hour heatmap and the queues' table. Every
 * tile and number opens the contacts behind it.
 */
export function Dashboard({ centerTz }: { centerTz: string }) {
  const { t, i18n } = useTranslation();
  const { token } = theme.useToken();
  const errorMessage = useErrorMessage();
  const lang = i18n.language;
  // Ticks each minute: a wall screen left open past midnight moves on to the new day.
  const now = new Date(useNow(REFRESH_MS));
  const today = dateIn(centerTz, now);
  const tomorrow = addDays(today, 1);
  const lastWeek = addDays(today, -7);
  const todayQuery = useMemo(
    () => ({ from: today, to: tomorrow, groupBy: 'interval', intervalMinutes: 15 }),
    [today, tomorrow],
  );
  const todayReport = useKpis(todayQuery, { refetchInterval: REFRESH_MS });
  const lastWeekReport = useKpis({
    from: lastWeek,
    to: addDays(lastWeek, 1),
    groupBy: 'interval',
    intervalMinutes: 15,
  });
  const week = useKpis({ from: addDays(today, -6), to: tomorrow, groupBy: 'hour' }, { refetchInterval: REFRESH_MS });
  const queuesQuery = useMemo(() => ({ from: today, to: tomorrow, groupBy: 'queue' }), [today, tomorrow]);
  const queues = useKpis(queuesQuery, { refetchInterval: REFRESH_MS });
  const [drill, setDrill] = useState<{ target: DrillTarget; query: Record<string, string | number> }>();

  const total: KpiFigures | undefined = todayReport.data?.total;
  const sl = total?.serviceLevel ?? null;
  const slColor = sl === null ? undefined : sl >= SL_GOAL ? token.colorSuccess : token.colorError;

  const volume = useMemo<EChartOption>(() => {
    const axis = dayAxis(15);
    const nowTime = timeIn(centerTz, new Date());
    const todayByTime = seriesByTime(todayReport.data?.rows ?? [], 'offered');
    const lastByTime = seriesByTime(lastWeekReport.data?.rows ?? [], 'offered');
    const lastLabel = t('reports.dashboard.lastWeek', {
      date: new Intl.DateTimeFormat(lang, { timeZone: 'UTC', month: 'short', day: 'numeric', weekday: 'short' }).format(
        new Date(`${lastWeek}T00:00:00Z`),
      ),
    });
    return {
      tooltip: { trigger: 'axis' },
      legend: { data: [t('reports.dashboard.today'), lastLabel], top: 0 },
      grid: { left: 40, right: 16, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: axis, boundaryGap: false, axisLabel: { interval: 7 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          name: t('reports.dashboard.today'),
          type: 'line',
          smooth: 0.3,
          showSymbol: false,
          areaStyle: { opacity: 0.15 },
          // Intervals still to come are no data, not zero calls.
          data: axis.map((x) => (x <= nowTime ? (todayByTime.get(x) ?? null) : null)),
        },
        {
          name: lastLabel,
          type: 'line',
          smooth: 0.3,
          showSymbol: false,
          lineStyle: { type: 'dashed' },
          data: axis.map((x) => lastByTime.get(x) ?? null),
        },
      ],
    };
  }, [todayReport.data, lastWeekReport.data, centerTz, lang, lastWeek, t]);

  const heatmap = useMemo<EChartOption>(() => {
    const days = Array.from({ length: 7 }, (_, i) => addDays(today, i - 6));
    const m = heatmapOf(week.data?.rows ?? [], 'offered', days);
    const dayLabel = (d: string) =>
      new Intl.DateTimeFormat(lang, { timeZone: 'UTC', month: 'numeric', day: 'numeric', weekday: 'short' }).format(
        new Date(`${d}T00:00:00Z`),
      );
    return {
      tooltip: {
        position: 'top',
        formatter: (p: { value: [number, number, number] }) =>
          `${dayLabel(m.days[p.value[1]] ?? '')} ${String(p.value[0]).padStart(2, '0')}:00<br/>${t('reports.dashboard.offered')}: ${p.value[2]}`,
      },
      grid: { left: 96, right: 16, top: 8, bottom: 64 },
      xAxis: { type: 'category', data: m.hours.map((h) => String(h).padStart(2, '0')), splitArea: { show: true } },
      yAxis: { type: 'category', data: m.days.map(dayLabel), splitArea: { show: true } },
      visualMap: {
        min: 0,
        max: Math.max(1, m.max),
        calculable: true,
        orient: 'horizontal',
        left: 'center',
        bottom: 0,
        itemHeight: 120,
        inRange: { color: [token.colorPrimaryBg, token.colorPrimary] },
      },
      series: [
        {
          type: 'heatmap',
          data: m.cells,
          label: { show: false },
          emphasis: { itemStyle: { borderColor: token.colorText, borderWidth: 1 } },
        },
      ],
    };
  }, [week.data, today, lang, t, token]);

  const gauge = useMemo<EChartOption>(
    () => ({
      series: [
        {
          type: 'gauge',
          min: 0,
          max: 100,
          radius: '92%',
          center: ['50%', '55%'],
          progress: { show: false },
          axisLine: {
            lineStyle: {
              width: 14,
              color: [
                [SL_GOAL, token.colorErrorBorder],
                [1, token.colorSuccessBorder],
              ],
            },
          },
          // No data: no needle pointing at 0 (that would read as 0%).
          pointer: { show: sl !== null, width: 5 },
          axisTick: { show: false },
          splitLine: { length: 10 },
          axisLabel: { distance: 20, fontSize: 10, color: token.colorTextTertiary },
          detail: {
            valueAnimation: true,
            formatter: () => formatFigure('serviceLevel', sl, lang),
            fontSize: 24,
            offsetCenter: [0, '75%'],
            color: slColor ?? token.colorTextTertiary,
          },
          data: [{ value: sl === null ? 0 : Math.round(sl * 1000) / 10 }],
        },
      ],
    }),
    [sl, slColor, lang, token],
  );

  const anyError = [todayReport, lastWeekReport, week, queues].find((q) => q.isError);
  return (
    <>
      <Typography.Paragraph type="secondary">
        {t('reports.description.dashboard', { tz: centerTz })}
      </Typography.Paragraph>
      {anyError ? <QueryError message={errorMessage(anyError.error)} onRetry={() => void anyError.refetch()} /> : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card size="small" title={t('reports.dashboard.tiles')} loading={todayReport.isLoading}>
            <Row gutter={[16, 16]}>
              {TILES.map((c) => {
                const value = total?.[c] ?? null;
                return (
                  <Col key={c} xs={12} md={6} data-testid={REPORTS_IDS.tile(c)}>
                    <button
                      type="button"
                      className="report-tile"
                      disabled={value === null}
                      aria-label={t('reports.drill', { figure: t(`reports.col.${c}`) })}
                      onClick={() => setDrill({ target: { column: c, rowLabel: '' }, query: todayQuery })}
                    >
                      <Statistic
                        title={t(`reports.col.${c}`)}
                        value={formatFigure(c, value, lang)}
                        valueStyle={c === 'serviceLevel' && slColor ? { color: slColor } : undefined}
                      />
                      {c === 'serviceLevel' ? (
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {t('reports.dashboard.slGoal', { goal: SL_GOAL * 100, seconds: SL_SECONDS })}
                        </Typography.Text>
                      ) : null}
                    </button>
                  </Col>
                );
              })}
            </Row>
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small" title={t('reports.dashboard.gauge')} loading={todayReport.isLoading}>
            <EChart
              option={gauge}
              height={214}
              ariaLabel={`${t('reports.dashboard.gauge')}: ${formatFigure('serviceLevel', sl, lang)}`}
              testId={REPORTS_IDS.gauge}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('reports.dashboard.volume')}>
            <EChart
              option={volume}
              height={300}
              ariaLabel={t('reports.dashboard.volume')}
              testId={REPORTS_IDS.volume}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('reports.dashboard.heatmap')}>
            <EChart
              option={heatmap}
              height={300}
              ariaLabel={t('reports.dashboard.heatmap')}
              testId={REPORTS_IDS.heatmap}
            />
          </Card>
        </Col>
        <Col span={24}>
          <Card size="small" title={t('reports.dashboard.queuesToday')}>
            <KpiTable
              report={queues.data}
              entity="queue"
              granularity="total"
              columns={QUEUE_TODAY}
              loading={queues.isFetching && !queues.data}
              pageSize={false}
              onDrill={(target) => setDrill({ target, query: queuesQuery })}
            />
          </Card>
        </Col>
      </Row>
      <ContactsDrawer
        target={drill?.target}
        query={drill?.query ?? {}}
        timeZone={centerTz}
        onClose={() => setDrill(undefined)}
      />
    </>
  );
}
