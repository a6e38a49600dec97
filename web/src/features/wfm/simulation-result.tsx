import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Card, Col, Flex, Row, Segmented, Space, Spin, Statistic, Table, Tag, Typography, theme } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SimCenterFigures, Simulation } from '../../../../contracts/wfm-simulations';
import { useErrorMessage } from '../../app/errors';
import { EChart, type EChartOption } from '../../ui/echart';
import { QueryError } from '../../ui/query-error';
import { dayLabel, timeIn } from './dates';
import { clipped, estimateText, figureText, isRate, SIM_METRICS, type SimMetric } from './simulation-format';
import { SIMULATION_IDS } from './simulation-testids';
import { useSimulation } from './simulations-api';

type Interval = Simulation['result']['intervals'][number];

/** A saved run: its totals with 95 % intervals, a chart per interval, and the intervals' table. */
export function SimulationResultView({ id, onBack }: { id: string; onBack: () => void }) {
  const { t, i18n } = useTranslation();
  const errorMessage = useErrorMessage();
  const sim = useSimulation(id);
  if (sim.isError) return <QueryError message={errorMessage(sim.error)} onRetry={() => void sim.refetch()} />;
  if (!sim.data) return <Spin />;
  const s = sim.data;
  return (
    <div data-testid={SIMULATION_IDS.result} data-id={s.id}>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 16 }}>
        <Space wrap>
          <Button icon={<ArrowLeftOutlined />} onClick={onBack} data-testid={SIMULATION_IDS.back}>
            {t('wfm.simulation.result.back')}
          </Button>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {s.forecastName}
          </Typography.Title>
          <Typography.Text>{dayLabel(s.date, i18n.language)}</Typography.Text>
          <Tag>{t(`wfm.simulation.source.${s.source}`)}</Tag>
        </Space>
        <Typography.Text type="secondary">
          {t('wfm.simulation.result.run', {
            replications: s.replications,
            seed: s.seed,
            contacts: s.contacts.toLocaleString(i18n.language),
          })}
        </Typography.Text>
      </Flex>
      <Totals sim={s} />
      <IntervalChart sim={s} />
      <IntervalTable sim={s} />
    </div>
  );
}

function Totals({ sim }: { sim: Simulation }) {
  const { t, i18n } = useTranslation();
  const total = sim.result.total;
  return (
    <Card style={{ marginBottom: 16 }}>
      <Row gutter={[16, 16]}>
        {SIM_METRICS.map((m) => (
          <Col key={m} xs={24} sm={12} lg={6}>
            <div data-testid={SIMULATION_IDS.total(m)}>
              <Statistic
                title={t(`wfm.simulation.totals.${m}`)}
                value={estimateText(total[m], m, i18n.language)}
                styles={{ content: { fontSize: 20 } }}
              />
            </div>
          </Col>
        ))}
      </Row>
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
        {t('wfm.simulation.result.ciExplained', {
          replications: sim.replications,
          seconds: sim.input.serviceLevelSeconds,
        })}
      </Typography.Paragraph>
    </Card>
  );
}

/** The chosen figure per interval: its mean, its 95 % band, the target (service level) and agents present. */
function IntervalChart({ sim }: { sim: Simulation }) {
  const { t, i18n } = useTranslation();
  const { token } = theme.useToken();
  const [metric, setMetric] = useState<SimMetric>('serviceLevel');
  const option = useMemo<EChartOption>(() => {
    const scale = (v: number | undefined) => (v === undefined ? null : isRate(metric) ? v * 100 : v);
    const rows = sim.result.intervals.map((iv) => {
      const e = iv.total[metric];
      return e ? clipped(e, metric) : null;
    });
    const round = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);
    const names = {
      mean: t(`wfm.simulation.totals.${metric}`),
      band: t('wfm.simulation.result.band'),
      agents: t('wfm.simulation.result.agents'),
    };
    return {
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: [names.mean, names.band, names.agents] },
      grid: { left: 48, right: 48, top: 36, bottom: 28 },
      xAxis: {
        type: 'category',
        data: sim.result.intervals.map((iv) => timeIn(sim.timezone, iv.start)),
        axisLabel: { interval: Math.max(0, Math.round(sim.result.intervals.length / 12) - 1) },
      },
      yAxis: [
        {
          type: 'value',
          name: isRate(metric) ? '%' : 's',
          ...(isRate(metric) ? { min: 0, max: 100 } : { min: 0 }),
        },
        { type: 'value', name: names.agents, minInterval: 1, splitLine: { show: false } },
      ],
      series: [
        {
          name: names.agents,
          type: 'bar',
          yAxisIndex: 1,
          color: token.colorFillSecondary,
          data: sim.result.intervals.map((iv) => iv.agents),
        },
        // The band: an invisible line at the low end with the band's width stacked on it.
        {
          name: 'low',
          type: 'line',
          stack: 'ci',
          symbol: 'none',
          lineStyle: { opacity: 0 },
          tooltip: { show: false },
          data: rows.map((e) => round(scale(e?.low))),
        },
        {
          name: names.band,
          type: 'line',
          stack: 'ci',
          symbol: 'none',
          color: token.colorPrimaryBorder,
          lineStyle: { opacity: 0 },
          areaStyle: { color: token.colorPrimaryBg, opacity: 0.9 },
          data: rows.map((e) => (e ? round((scale(e.high) ?? 0) - (scale(e.low) ?? 0)) : null)),
        },
        {
          name: names.mean,
          type: 'line',
          symbol: 'none',
          color: token.colorPrimary,
          data: rows.map((e) => round(scale(e?.mean))),
          ...(metric === 'serviceLevel'
            ? {
                markLine: {
                  symbol: 'none',
                  lineStyle: { color: token.colorError, type: 'dashed' },
                  label: { formatter: t('wfm.simulation.result.target') },
                  data: [{ yAxis: Math.round(sim.input.targetServiceLevel * 1000) / 10 }],
                },
              }
            : {}),
        },
      ],
    };
  }, [sim, metric, t, token]);
  const title = t('wfm.simulation.result.chartTitle', { metric: t(`wfm.simulation.totals.${metric}`) });
  return (
    <Card
      title={title}
      style={{ marginBottom: 16 }}
      extra={
        <Segmented<SimMetric>
          value={metric}
          onChange={setMetric}
          data-testid={SIMULATION_IDS.metric}
          options={SIM_METRICS.map((m) => ({ value: m, label: t(`wfm.simulation.metricShort.${m}`) }))}
        />
      }
    >
      <EChart option={option} height={300} ariaLabel={title} testId={SIMULATION_IDS.chart} />
      <Typography.Text type="secondary">
        {t('wfm.simulation.result.chartHelp', { language: i18n.language })}
      </Typography.Text>
    </Card>
  );
}

/** Intervals with contacts (forecast or simulated): each figure with its interval. */
function IntervalTable({ sim }: { sim: Simulation }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const rows = sim.result.intervals.filter((iv) => iv.forecastContacts > 0 || iv.total.offered.mean > 0);
  const cell = (m: SimMetric) => (_: unknown, iv: Interval) => estimateText(iv.total[m], m, lang);
  const count = (f: SimCenterFigures['offered']) => figureText(f.mean, 'asaSeconds', lang);
  return (
    <Card title={t('wfm.simulation.result.tableTitle')}>
      <Table<Interval>
        data-testid={SIMULATION_IDS.table}
        rowKey="start"
        size="small"
        dataSource={rows}
        pagination={false}
        scroll={{ x: 960, y: 480 }}
        locale={{ emptyText: t('wfm.simulation.result.noIntervals') }}
        columns={[
          {
            title: t('wfm.simulation.result.time'),
            key: 'time',
            width: 80,
            render: (_, iv) => timeIn(sim.timezone, iv.start),
          },
          { title: t('wfm.simulation.result.agents'), key: 'agents', width: 80, dataIndex: 'agents' },
          {
            title: t('wfm.simulation.result.forecast'),
            key: 'forecast',
            width: 90,
            render: (_, iv) => figureText(iv.forecastContacts, 'asaSeconds', lang),
          },
          {
            title: t('wfm.simulation.result.offered'),
            key: 'offered',
            width: 90,
            render: (_, iv) => count(iv.total.offered),
          },
          ...SIM_METRICS.map((m) => ({ title: t(`wfm.simulation.totals.${m}`), key: m, render: cell(m) })),
        ]}
      />
    </Card>
  );
}
