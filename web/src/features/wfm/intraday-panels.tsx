import { Card, Empty, List, Tag, Typography, theme } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Intraday } from '../../../../contracts/wfm';
import { EChart, type EChartOption } from '../../ui/echart';
import { arrivalsSoFar, direction, intradayChartData, spanLabel, wholePercent } from './intraday-view';
import { WFM_IDS } from './testids';

const SUGGESTION_COLOR = { offer_overtime: 'error', cancel_activities: 'warning', offer_time_off: 'success' } as const;

/** The intraday answer: the ratio per queue in words, the calls and agents charts, and the suggestions. */
export function IntradayView({ intraday, centerTz }: { intraday: Intraday; centerTz: string }) {
  const { t, i18n } = useTranslation();
  const { token } = theme.useToken();
  const lang = i18n.language;
  const data = useMemo(() => intradayChartData(intraday, centerTz), [intraday, centerTz]);
  const sofar = useMemo(() => arrivalsSoFar(intraday), [intraday]);

  const nowLine = useMemo(
    () => ({
      silent: true,
      symbol: 'none',
      lineStyle: { color: token.colorError, type: 'solid', width: 1 },
      label: { formatter: t('wfm.intraday.now'), color: token.colorError },
      data: [{ xAxis: data.nowIndex }],
    }),
    [data.nowIndex, token, t],
  );
  const axis = useMemo(
    () => ({
      type: 'category',
      data: data.axis,
      axisLabel: { interval: Math.max(0, Math.round(data.axis.length / 12) - 1) },
    }),
    [data.axis],
  );

  const callsOption = useMemo<EChartOption>(() => {
    const names = {
      forecast: t('wfm.intraday.forecastCalls'),
      actual: t('wfm.intraday.actualCalls'),
      reforecast: t('wfm.intraday.reforecastCalls'),
    };
    return {
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: [names.actual, names.forecast, names.reforecast] },
      grid: { left: 40, right: 16, top: 36, bottom: 28 },
      xAxis: axis,
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: names.actual, type: 'bar', color: token.colorPrimary, data: data.actual, markLine: nowLine },
        {
          name: names.forecast,
          type: 'line',
          showSymbol: false,
          color: token.colorTextTertiary,
          data: data.forecast,
        },
        {
          name: names.reforecast,
          type: 'line',
          showSymbol: false,
          color: token.colorWarning,
          lineStyle: { type: 'dashed', width: 2 },
          data: data.reforecast,
        },
      ],
    };
  }, [data, axis, nowLine, t, token]);

  const agentsOption = useMemo<EChartOption>(() => {
    const names = {
      required: t('wfm.intraday.required'),
      scheduled: t('wfm.intraday.requiredScheduled'),
      loggedIn: t('wfm.intraday.loggedIn'),
      onSchedule: t('wfm.intraday.onSchedule'),
    };
    const onSchedule = data.onSchedule;
    return {
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: {
        top: 0,
        data: [names.required, names.scheduled, names.loggedIn, ...(onSchedule ? [names.onSchedule] : [])],
      },
      grid: { left: 40, right: 16, top: 36, bottom: 28 },
      xAxis: axis,
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          name: names.required,
          type: 'bar',
          color: token.colorPrimary,
          data: data.required,
          markLine: nowLine,
        },
        {
          name: names.scheduled,
          type: 'line',
          step: 'middle',
          showSymbol: false,
          color: token.colorWarning,
          data: data.requiredScheduled,
        },
        {
          name: names.loggedIn,
          type: 'line',
          step: 'middle',
          showSymbol: false,
          color: token.colorSuccess,
          lineStyle: { width: 3 },
          data: data.loggedIn,
        },
        ...(onSchedule
          ? [
              {
                name: names.onSchedule,
                type: 'line' as const,
                step: 'middle' as const,
                showSymbol: false,
                color: token.colorTextSecondary,
                lineStyle: { type: 'dashed' as const, width: 2 },
                data: onSchedule,
              },
            ]
          : []),
      ],
    };
  }, [data, axis, nowLine, t, token]);

  const restText = (change: number) => {
    const kind = direction(change);
    if (kind === 'above') return t('wfm.intraday.restRaised', { percent: wholePercent(change, lang) });
    if (kind === 'below') return t('wfm.intraday.restLowered', { percent: wholePercent(change, lang) });
    return t('wfm.intraday.restKept');
  };
  const calls = (n: number) => Math.round(n).toLocaleString(lang);

  return (
    <>
      <Card title={t('wfm.intraday.ratioTitle')} style={{ marginBottom: 16 }}>
        {sofar.map((q) => (
          <Typography.Paragraph
            key={q.queueId}
            data-testid={WFM_IDS.intradayRatio(q.queueId)}
            data-change={q.change ?? ''}
            data-rest-change={q.restChange}
            style={{ marginBottom: 8 }}
          >
            {t(`wfm.intraday.${direction(q.change)}`, {
              queue: q.queueName,
              actual: calls(q.actual),
              forecast: calls(q.forecast),
              percent: q.change === null ? '' : wholePercent(q.change, lang),
            })}
            {restText(q.restChange)}
          </Typography.Paragraph>
        ))}
        <Typography.Text type="secondary">{t('wfm.intraday.damped')}</Typography.Text>
      </Card>
      <Card
        title={t('wfm.intraday.suggestionsTitle')}
        extra={<Typography.Text type="secondary">{t('wfm.intraday.suggestionsHelp')}</Typography.Text>}
        style={{ marginBottom: 16 }}
      >
        {intraday.suggestions.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('wfm.intraday.noSuggestions')} />
        ) : (
          <List
            size="small"
            data-testid={WFM_IDS.intradaySuggestions}
            dataSource={intraday.suggestions}
            renderItem={(s, index) => (
              <List.Item data-testid={WFM_IDS.intradaySuggestion(index)} data-kind={s.kind}>
                <Typography.Text>
                  <Tag color={SUGGESTION_COLOR[s.kind]}>{t(`wfm.intraday.tag.${s.kind}`)}</Tag>
                  {t(s.kind === 'offer_time_off' ? 'wfm.intraday.spare' : 'wfm.intraday.short', {
                    span: spanLabel(s.from, s.to, centerTz),
                    count: s.agents,
                  })}
                  {lang === 'en-US' ? ': ' : '：'}
                  {t(`wfm.intraday.kind.${s.kind}`)}
                </Typography.Text>
              </List.Item>
            )}
          />
        )}
      </Card>
      <Card title={t('wfm.intraday.callsTitle')} style={{ marginBottom: 16 }}>
        <EChart
          option={callsOption}
          height={280}
          ariaLabel={t('wfm.intraday.callsTitle')}
          testId={WFM_IDS.intradayCalls}
        />
      </Card>
      <Card title={t('wfm.intraday.agentsTitle')}>
        <EChart
          option={agentsOption}
          height={280}
          ariaLabel={t('wfm.intraday.agentsTitle')}
          testId={WFM_IDS.intradayAgents}
        />
      </Card>
    </>
  );
}
