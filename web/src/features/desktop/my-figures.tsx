import { Alert, Card, Col, Row, Segmented, Statistic } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KpiFigures } from '../../../../contracts/reports';
import { useErrorMessage } from '../../app/errors';
import { formatNumber, formatRatio, formatSeconds } from '../../ui/kpi-format';
import { useMyFigures } from './api';
import { DESKTOP_IDS } from './testids';

const RANGES = ['today', 'thisWeek', 'thisMonth'] as const;
type Range = (typeof RANGES)[number];

/** Today's date in a time zone (en-CA writes YYYY-MM-DD). */
const todayIn = (tz: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(),
  );

/** Whole days in the center's zone: today, this week from Monday, this month; `to` is tomorrow. */
function rangeOf(range: Range, tz: string): { from: string; to: string } {
  const today = dayjs(todayIn(tz));
  const from =
    range === 'today'
      ? today
      : range === 'thisWeek'
        ? today.subtract((today.day() + 6) % 7, 'day')
        : today.startOf('month');
  return { from: from.format('YYYY-MM-DD'), to: today.add(1, 'day').format('YYYY-MM-DD') };
}

const FIGURES: ReadonlyArray<{ name: string; value: (f: KpiFigures, lang: string) => string }> = [
  { name: 'handled', value: (f, lang) => formatNumber(f.handled, lang) },
  { name: 'aht', value: (f) => formatSeconds(f.ahtSeconds) },
  { name: 'talk', value: (f) => formatSeconds(f.talkSeconds) },
  { name: 'wrapUp', value: (f) => formatSeconds(f.wrapUpSeconds) },
  { name: 'fcr', value: (f) => formatRatio(f.fcr) },
  { name: 'csat', value: (f) => formatRatio(f.csat) },
  { name: 'occupancy', value: (f) => formatRatio(f.occupancy) },
  { name: 'utilization', value: (f) => formatRatio(f.utilization) },
];

/**
 * 我的指标: the agent's own figures from the reports (the same definitions as every report) — for an
 * agent who may not open the reports themselves.
 */
export function MyFigures() {
  const { t, i18n } = useTranslation();
  const errorMessage = useErrorMessage();
  const [range, setRange] = useState<Range>('today');
  // The days are the center's (as in every report): its zone is learnt from the first reply, the
  // browser's stands in until then (the same day but for a few hours around midnight).
  const [zone, setZone] = useState<string>();
  const { from, to } = rangeOf(range, zone ?? Intl.DateTimeFormat().resolvedOptions().timeZone);
  const figures = useMyFigures(from, to);
  const replyZone = figures.data?.tz;
  useEffect(() => {
    if (replyZone && replyZone !== zone) setZone(replyZone);
  }, [replyZone, zone]);
  return (
    <Card
      size="small"
      title={t('desktop.myFigures.title')}
      data-testid={DESKTOP_IDS.myFigures}
      loading={figures.isLoading}
      extra={
        <Segmented<Range>
          size="small"
          aria-label={t('desktop.myFigures.range')}
          value={range}
          onChange={setRange}
          options={RANGES.map((r) => ({ value: r, label: t(`desktop.myFigures.${r}`) }))}
        />
      }
    >
      {figures.isError ? <Alert type="warning" showIcon title={errorMessage(figures.error)} /> : null}
      {figures.data ? (
        <Row gutter={[16, 8]}>
          {FIGURES.map((f) => (
            <Col key={f.name} xs={12} md={6} data-testid={DESKTOP_IDS.myFigure(f.name)}>
              <Statistic title={t(`desktop.myFigures.${f.name}`)} value={f.value(figures.data.total, i18n.language)} />
            </Col>
          ))}
        </Row>
      ) : null}
    </Card>
  );
}
