import { Card, Spin, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useErrorMessage } from '../../app/errors';
import { QueryError } from '../../ui/query-error';
import { useForecastComparison } from './api';
import { dayLabel } from './dates';
import { percentText } from './forecast-chart';
import { WFM_IDS } from './testids';

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

/** 预测与实际: per queue and passed day, the calls forecast and those that came, with the error. */
export function ComparisonPanel({ forecastId, started }: { forecastId: string; started: boolean }) {
  const { t, i18n } = useTranslation();
  const errorMessage = useErrorMessage();
  const lang = i18n.language;
  const comparison = useForecastComparison(forecastId, started);
  const pct = (v: number | null) => percentText(v, lang) ?? t('wfm.detail.noVolume');

  return (
    <Card title={t('wfm.comparison.title')} style={{ marginBottom: 16 }} data-testid={WFM_IDS.comparison}>
      {!started ? <Typography.Text type="secondary">{t('wfm.comparison.none')}</Typography.Text> : null}
      {comparison.isError ? (
        <QueryError message={errorMessage(comparison.error)} onRetry={() => void comparison.refetch()} />
      ) : null}
      {started && comparison.isLoading ? <Spin /> : null}
      {comparison.data ? (
        <Typography.Paragraph type="secondary">{t('wfm.comparison.help')}</Typography.Paragraph>
      ) : null}
      {comparison.data?.queues.map((q) => (
        <div key={q.queueId} style={{ marginBottom: 16 }}>
          <Typography.Text strong>
            {t('wfm.comparison.overall', { queue: q.queueName, interval: pct(q.wapeInterval), day: pct(q.wapeDay) })}
          </Typography.Text>
          <Table
            size="small"
            rowKey="date"
            pagination={false}
            style={{ marginTop: 8 }}
            dataSource={q.days}
            locale={{ emptyText: t('wfm.comparison.none') }}
            columns={[
              { title: t('wfm.comparison.date'), dataIndex: 'date', render: (d: string) => dayLabel(d, lang) },
              {
                title: t('wfm.comparison.forecast'),
                key: 'forecast',
                align: 'right',
                render: (_, d) => Math.round(sum(d.forecast)).toLocaleString(lang),
              },
              {
                title: t('wfm.comparison.actual'),
                key: 'actual',
                align: 'right',
                render: (_, d) => Math.round(sum(d.actual)).toLocaleString(lang),
              },
              { title: t('wfm.comparison.wape'), dataIndex: 'wape', align: 'right', render: pct },
            ]}
          />
        </div>
      ))}
    </Card>
  );
}
