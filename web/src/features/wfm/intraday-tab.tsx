import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Form, Select, Spin, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { dateIn } from '../../../../contracts/local-dates';
import { useErrorMessage } from '../../app/errors';
import { useCenterTimeZone } from '../../app/lookups';
import { formatDateTime } from '../../ui/date-time';
import { QueryError } from '../../ui/query-error';
import { useNow } from '../../ui/use-now';
import { type IntradayParams, useForecasts, useIntraday } from './api';
import { dayLabel } from './dates';
import { IntradayView } from './intraday-panels';
import { forecastsCovering } from './intraday-view';
import { type ServiceTargets, TargetsFields, targetsValid } from './targets-fields';
import { WFM_IDS } from './testids';

// No shrinkage by default: the agents logged in are already those at work today, not the paid heads.
const DEFAULT_TARGETS: ServiceTargets = { serviceLevel: 80, answerSeconds: 20, shrinkage: 0, maxOccupancy: 100 };

/** The query for a forecast and the targets as the team lead types them (the query takes shares). */
function intradayParams(forecastId: string, v: ServiceTargets): IntradayParams | undefined {
  if (!targetsValid(v)) return undefined;
  return {
    forecastId,
    targetServiceLevel: v.serviceLevel / 100,
    targetAnswerSeconds: v.answerSeconds,
    shrinkage: v.shrinkage / 100,
    maxOccupancy: v.maxOccupancy / 100,
  };
}

/** 当日 (?tab=intraday): today against a forecast that covers it, refreshed every minute, and what to do next. */
export function IntradayTab() {
  const { t, i18n } = useTranslation();
  const errorMessage = useErrorMessage();
  const lang = i18n.language;
  const [, setParams] = useSearchParams();
  const zone = useCenterTimeZone();
  const forecasts = useForecasts({ live: true });
  const [forecastId, setForecastId] = useState<string>();
  const [targets, setTargets] = useState<ServiceTargets>(DEFAULT_TARGETS);
  // Re-read every minute so the screen moves to the next day at the centre's midnight.
  const now = useNow(60_000);
  const today = zone.data ? dateIn(zone.data, new Date(now)) : undefined;
  const covering = useMemo(
    () => (today && forecasts.data ? forecastsCovering(forecasts.data, today) : []),
    [forecasts.data, today],
  );
  const chosen = covering.find((f) => f.id === forecastId)?.id ?? covering[0]?.id;
  const params = useMemo(() => (chosen ? intradayParams(chosen, targets) : undefined), [chosen, targets]);
  const intraday = useIntraday(params);

  if (forecasts.isError)
    return <QueryError message={errorMessage(forecasts.error)} onRetry={() => void forecasts.refetch()} />;
  if (zone.isError) return <QueryError message={errorMessage(zone.error)} onRetry={() => void zone.refetch()} />;
  if (!forecasts.data || !zone.data || !today) return <Spin />;
  const centerTz = zone.data;

  if (covering.length === 0)
    return (
      <Alert
        type="info"
        showIcon
        data-testid={WFM_IDS.intradayNoForecast}
        title={t('wfm.intraday.noneToday', { today: dayLabel(today, lang) })}
        description={t('wfm.intraday.noneTodayHelp')}
        action={
          <Button type="primary" onClick={() => setParams({ tab: 'forecasts' })}>
            {t('wfm.intraday.toForecasts')}
          </Button>
        }
      />
    );

  const d = intraday.data;
  return (
    <div data-testid={WFM_IDS.intraday}>
      <Card title={t('wfm.intraday.targets')} style={{ marginBottom: 16 }}>
        <Form<ServiceTargets>
          layout="vertical"
          initialValues={DEFAULT_TARGETS}
          onValuesChange={(_, all) => setTargets(all)}
        >
          <Flex gap={16} wrap align="flex-end">
            <Form.Item label={t('wfm.intraday.forecast')} style={{ minWidth: 260, flex: 1 }}>
              <Select
                value={chosen}
                onChange={setForecastId}
                placeholder={t('wfm.intraday.pickForecast')}
                data-testid={WFM_IDS.intradayForecast}
                options={covering.map((f) => ({
                  value: f.id,
                  label: `${f.name} · ${t('wfm.list.versionValue', { version: f.version })} · ${dayLabel(f.startDate, lang)}`,
                }))}
              />
            </Form.Item>
            <TargetsFields wholeSeconds />
            <Form.Item>
              <Flex gap={12} align="center" wrap>
                <Button
                  icon={<ReloadOutlined />}
                  onClick={() => void intraday.refetch()}
                  loading={intraday.isFetching}
                  disabled={!params}
                  data-testid={WFM_IDS.intradayRefresh}
                >
                  {t('wfm.intraday.refresh')}
                </Button>
                {d ? (
                  <Typography.Text type="secondary" data-testid={WFM_IDS.intradayUpdatedAt}>
                    {t('wfm.intraday.updatedAt', {
                      // The centre's clock, as the charts' axis and their "now".
                      time: formatDateTime(intraday.dataUpdatedAt, lang, 'time', centerTz) ?? '',
                    })}
                    {' · '}
                    {t('wfm.intraday.autoRefresh')}
                  </Typography.Text>
                ) : null}
              </Flex>
            </Form.Item>
          </Flex>
        </Form>
      </Card>
      {intraday.isError ? (
        <QueryError message={errorMessage(intraday.error)} onRetry={() => void intraday.refetch()} />
      ) : null}
      {!d && intraday.isFetching ? (
        <Spin tip={t('wfm.intraday.loading')}>
          <div style={{ height: 120 }} />
        </Spin>
      ) : null}
      {d ? (
        <Spin spinning={intraday.isPlaceholderData && intraday.isFetching}>
          <IntradayView intraday={d} centerTz={centerTz} />
        </Spin>
      ) : null}
    </div>
  );
}
