import { Alert, Card, Table, Tag, Typography, theme } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { addDays } from '../../../../contracts/local-dates';
import { FORECAST_METHODS, type Forecast, type ForecastMethod, type ForecastQueue } from '../../../../contracts/wfm';
import { useErrorMessage } from '../../app/errors';
import { EChart, type EChartOption } from '../../ui/echart';
import { QueryError } from '../../ui/query-error';
import { useQueueHistory } from './api';
import { shortDay } from './dates';
import { forecastChartData, isAdjusted, percentText } from './forecast-chart';
import { WFM_IDS } from './testids';

/** Two weeks of history before the start: enough to see the weekly pattern continue into the forecast. */
const HISTORY_DAYS = 14;

/** One queue of a forecast: its chart, the methods' backtest errors and why this method (or none). */
export function ForecastQueuePanel({
  forecast,
  queue,
  today,
}: {
  forecast: Forecast;
  queue: ForecastQueue;
  today: string;
}) {
  const { t, i18n } = useTranslation();
  const { token } = theme.useToken();
  const errorMessage = useErrorMessage();
  const lang = i18n.language;
  const to = forecast.startDate < today ? forecast.startDate : today;
  const history = useQueueHistory(queue.queueId, addDays(to, -HISTORY_DAYS), to, forecast.intervalMinutes);
  const adjusted = isAdjusted(queue);

  const option = useMemo<EChartOption>(() => {
    const d = forecastChartData(
      queue,
      (history.data?.days ?? []).map((day) => ({ date: day.date, values: day.calls })),
      forecast.intervalMinutes,
    );
    const names = {
      actual: t('wfm.detail.history'),
      backtest: t('wfm.detail.backtest'),
      forecast: adjusted ? t('wfm.detail.forecastAdjusted') : t('wfm.detail.forecast'),
      base: t('wfm.detail.base'),
    };
    const line = { type: 'line', showSymbol: false, connectNulls: false, smooth: 0.2 } as const;
    // A label per day while they fit (about 10 across the card), else every few days.
    const labelEvery = Math.max(1, Math.ceil(d.axis.length / d.perDay / 10));
    return {
      // A thousand points per line: drawn at once (also what a screenshot shows).
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: Object.values(names).filter((n) => adjusted || n !== names.base) },
      grid: { left: 48, right: 16, top: 36, bottom: 32 },
      xAxis: {
        type: 'category',
        data: d.axis,
        boundaryGap: false,
        axisLabel: {
          interval: (index: number) => index % (d.perDay * labelEvery) === 0,
          formatter: (value: string) => shortDay(value.slice(0, 10), lang),
        },
        axisTick: { interval: (index: number) => index % d.perDay === 0 },
      },
      yAxis: { type: 'value', name: t('wfm.detail.calls'), minInterval: 1 },
      series: [
        // The history as a grey area, so that a backtest drawn over it (perfect on regular data) leaves it visible.
        {
          ...line,
          name: names.actual,
          data: d.actual,
          color: token.colorTextTertiary,
          lineStyle: { width: 3, opacity: 0.5 },
          areaStyle: { opacity: 0.12 },
        },
        { ...line, name: names.backtest, data: d.backtest, color: token.colorWarning, lineStyle: { type: 'dotted' } },
        ...(d.base
          ? [
              {
                ...line,
                name: names.base,
                data: d.base,
                color: token.colorPrimaryBorder,
                lineStyle: { type: 'dashed' },
              },
            ]
          : []),
        { ...line, name: names.forecast, data: d.forecast, color: token.colorPrimary, areaStyle: { opacity: 0.12 } },
      ],
    };
  }, [queue, history.data, forecast.intervalMinutes, adjusted, lang, t, token]);

  const total = queue.days.reduce((sum, day) => sum + day.calls.reduce((a, b) => a + b, 0), 0);
  const methodName = (m: ForecastMethod) => t(`wfm.method.${m}`);

  return (
    <Card
      title={t('wfm.detail.chartTitle', { queue: queue.queueName })}
      extra={
        <Typography.Text type="secondary" data-testid={WFM_IDS.queueTotal(queue.queueId)}>
          {t('wfm.detail.totalCalls', { calls: Math.round(total).toLocaleString(lang) })}
        </Typography.Text>
      }
      style={{ marginBottom: 16 }}
      data-testid={WFM_IDS.queue(queue.queueId)}
    >
      {history.isError ? (
        <QueryError message={errorMessage(history.error)} onRetry={() => void history.refetch()} />
      ) : null}
      {queue.shortOfHistory ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('wfm.detail.shortOfHistory', {
            required: queue.shortOfHistory.requiredDays,
            available: queue.shortOfHistory.availableDays,
          })}
          description={
            queue.shortOfHistory.missingWeekdays.length > 0
              ? t('wfm.detail.missingWeekdays', {
                  days: queue.shortOfHistory.missingWeekdays
                    .map((w) => t(`wfm.weekday.${w}`))
                    .join(lang === 'en-US' ? ', ' : '、'),
                })
              : undefined
          }
        />
      ) : null}
      <EChart
        option={option}
        height={300}
        ariaLabel={t('wfm.detail.chartTitle', { queue: queue.queueName })}
        testId={WFM_IDS.chart(queue.queueId)}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('wfm.detail.methodTitle')}
      </Typography.Title>
      {queue.method && queue.chosenBy ? (
        <Typography.Paragraph>
          {t('wfm.detail.chosenBecause', {
            method: methodName(queue.method),
            reason: t(`wfm.chosenBy.${queue.chosenBy}`),
          })}
        </Typography.Paragraph>
      ) : null}
      <Table
        size="small"
        pagination={false}
        rowKey="method"
        data-testid={WFM_IDS.methods(queue.queueId)}
        dataSource={FORECAST_METHODS.map((method) => ({ method, score: queue.backtest[method] }))}
        columns={[
          {
            title: t('wfm.detail.methodColumn'),
            dataIndex: 'method',
            render: (m: ForecastMethod) => (
              <>
                {methodName(m)} {m === queue.method ? <Tag color="blue">{t('wfm.detail.chosen')}</Tag> : null}
              </>
            ),
          },
          {
            title: t('wfm.detail.wapeInterval'),
            key: 'interval',
            render: (_, row) =>
              row.score
                ? (percentText(row.score.wapeInterval, lang) ?? t('wfm.detail.noVolume'))
                : t('wfm.detail.notRun'),
          },
          {
            title: t('wfm.detail.wapeDay'),
            key: 'day',
            render: (_, row) =>
              row.score ? (percentText(row.score.wapeDay, lang) ?? t('wfm.detail.noVolume')) : t('wfm.detail.notRun'),
          },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        {t('wfm.detail.wapeExplained')}
      </Typography.Paragraph>
    </Card>
  );
}
