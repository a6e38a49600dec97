import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Flex, Select, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { dateIn } from '../../../../contracts/local-dates';
import { useErrorMessage } from '../../app/errors';
import { formatDateTime } from '../../ui/date-time';
import { QueryError } from '../../ui/query-error';
import { AdjustmentsEditor } from './adjustments-editor';
import { useForecast, useForecastVersions } from './api';
import { ComparisonPanel } from './comparison-panel';
import { dayLabel } from './dates';
import { ForecastQueuePanel } from './forecast-queue';
import { WFM_IDS } from './testids';

/** One version of a forecast: its queues' charts and errors, the adjustments, the versions, what happened. */
export function ForecastDetail({
  id,
  centerTz,
  onOpen,
  onBack,
}: {
  id: string;
  centerTz: string;
  onOpen: (id: string) => void;
  onBack: () => void;
}) {
  const { t, i18n } = useTranslation();
  const errorMessage = useErrorMessage();
  const forecast = useForecast(id);
  const versions = useForecastVersions(id);
  const lang = i18n.language;
  const today = dateIn(centerTz, new Date());

  const back = (
    <Button icon={<ArrowLeftOutlined />} onClick={onBack} data-testid={WFM_IDS.back}>
      {t('wfm.detail.back')}
    </Button>
  );
  if (forecast.isError)
    return (
      <>
        {back}
        <div style={{ marginTop: 16 }}>
          <QueryError message={errorMessage(forecast.error)} onRetry={() => void forecast.refetch()} />
        </div>
      </>
    );
  if (!forecast.data)
    return (
      <Flex vertical gap={16}>
        {back}
        <Spin tip={t('wfm.detail.loading')}>
          <div style={{ height: 120 }} />
        </Spin>
      </Flex>
    );
  const f = forecast.data;

  return (
    <div data-testid={WFM_IDS.detail} data-version={f.version}>
      <Flex justify="space-between" align="center" gap={12} wrap style={{ marginBottom: 12 }}>
        <Flex align="center" gap={12} wrap>
          {back}
          <Typography.Title level={4} style={{ margin: 0 }}>
            {f.name}
          </Typography.Title>
        </Flex>
        <Flex align="center" gap={8}>
          <Typography.Text type="secondary">{t('wfm.detail.version')}</Typography.Text>
          <Select
            style={{ minWidth: 240 }}
            value={f.id}
            loading={versions.isLoading}
            onChange={onOpen}
            aria-label={t('wfm.detail.version')}
            data-testid={WFM_IDS.versionPicker}
            options={(versions.data ?? [f]).map((v) => ({
              value: v.id,
              label: t('wfm.detail.versionOption', {
                version: v.version,
                date: formatDateTime(v.createdAt, lang) ?? v.createdAt,
              }),
            }))}
          />
        </Flex>
      </Flex>
      <Typography.Paragraph type="secondary">
        {t('wfm.detail.summary', {
          start: dayLabel(f.startDate, lang, true),
          days: f.days,
          minutes: f.intervalMinutes,
          weeks: f.historyWeeks,
        })}
        {f.note ? ` · ${t('wfm.detail.versionNote', { version: f.version, note: f.note })}` : null}
      </Typography.Paragraph>
      {f.queues.map((q) => (
        <ForecastQueuePanel key={q.queueId} forecast={f} queue={q} today={today} />
      ))}
      <AdjustmentsEditor key={f.id} forecast={f} onSaved={(next) => onOpen(next.id)} />
      <ComparisonPanel forecastId={f.id} started={f.startDate <= today} />
    </div>
  );
}
