import { Alert, Card, Empty, Flex, Form, InputNumber, Radio, Select, Space, Spin, Statistic, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RequirementsBody } from '../../../../contracts/wfm';
import { useErrorMessage } from '../../app/errors';
import { useCenterTimeZone } from '../../app/lookups';
import { QueryError } from '../../ui/query-error';
import { useForecasts, useRequirements } from './api';
import { dayLabel, timeIn } from './dates';
import { RequirementsDay } from './requirements-day';
import { type ServiceTargets, TargetsFields, targetsValid } from './targets-fields';
import { WFM_IDS } from './testids';
import { WhatIfPanel } from './what-if-panel';

/** The targets as the planner types them: percents and seconds (the body takes shares). */
export type TargetValues = ServiceTargets & {
  model: 'erlang_c' | 'erlang_a';
  patienceSeconds?: number | null;
  maxAbandon?: number | null;
};

const DEFAULT_TARGETS: TargetValues = {
  model: 'erlang_c',
  serviceLevel: 80,
  answerSeconds: 20,
  shrinkage: 30,
  maxOccupancy: 100,
};

/** The request for a forecast, targets and what-if percents (0 = as forecast). */
export function requirementsBody(
  forecastId: string,
  v: TargetValues,
  whatIf: { volume: number; aht: number },
): RequirementsBody {
  return {
    forecastId,
    model: v.model,
    targetServiceLevel: v.serviceLevel / 100,
    targetAnswerSeconds: v.answerSeconds,
    shrinkage: v.shrinkage / 100,
    maxOccupancy: v.maxOccupancy / 100,
    ...(v.model === 'erlang_a' && v.patienceSeconds ? { patienceSeconds: v.patienceSeconds } : {}),
    ...(v.model === 'erlang_a' && v.maxAbandon !== undefined && v.maxAbandon !== null
      ? { maxAbandonRate: v.maxAbandon / 100 }
      : {}),
    volumeFactor: 1 + whatIf.volume / 100,
    ahtFactor: 1 + whatIf.aht / 100,
  };
}

/** 人力需求: a forecast turned into agents per interval by Erlang C or A, with the what-if sliders. */
export function RequirementsTab() {
  const { t, i18n } = useTranslation();
  const errorMessage = useErrorMessage();
  const lang = i18n.language;
  const zone = useCenterTimeZone();
  const forecasts = useForecasts();
  const [forecastId, setForecastId] = useState<string>();
  const [form] = Form.useForm<TargetValues>();
  const [targets, setTargets] = useState<TargetValues>(DEFAULT_TARGETS);
  const [whatIf, setWhatIf] = useState({ volume: 0, aht: 0 });
  const [day, setDay] = useState<string>();

  const chosen = forecastId ?? forecasts.data?.[0]?.id;
  const body = useMemo(
    () => (chosen && targetsValid(targets) ? requirementsBody(chosen, targets, whatIf) : undefined),
    [chosen, targets, whatIf],
  );
  const requirements = useRequirements(body);
  const r = requirements.data;
  useEffect(() => {
    if (r && !r.days.some((d) => d.date === day)) setDay(r.days[0]?.date);
  }, [r, day]);

  if (forecasts.isError)
    return <QueryError message={errorMessage(forecasts.error)} onRetry={() => void forecasts.refetch()} />;
  if (zone.isError) return <QueryError message={errorMessage(zone.error)} onRetry={() => void zone.refetch()} />;
  if (!forecasts.data || !zone.data) return <Spin />;
  if (forecasts.data.length === 0) return <Empty description={t('wfm.requirements.noForecasts')} />;
  const centerTz = zone.data;
  const model = targets.model;

  return (
    <div data-testid={WFM_IDS.requirements}>
      <Flex gap={16} wrap align="stretch" style={{ marginBottom: 16 }}>
        <Card title={t('wfm.requirements.targets')} style={{ flex: '2 1 480px' }}>
          <Form<TargetValues>
            form={form}
            layout="vertical"
            initialValues={DEFAULT_TARGETS}
            onValuesChange={(_, all) => setTargets(all)}
          >
            <Flex gap={16} wrap>
              <Form.Item label={t('wfm.requirements.forecast')} style={{ minWidth: 260, flex: 1 }}>
                <Select
                  value={chosen}
                  onChange={setForecastId}
                  placeholder={t('wfm.requirements.pickForecast')}
                  data-testid={WFM_IDS.reqForecast}
                  options={forecasts.data.map((f) => ({
                    value: f.id,
                    label: `${f.name} · ${t('wfm.list.versionValue', { version: f.version })} · ${dayLabel(f.startDate, lang)}`,
                  }))}
                />
              </Form.Item>
              <Form.Item name="model" label={t('wfm.requirements.model')}>
                <Radio.Group
                  optionType="button"
                  data-testid={WFM_IDS.reqModel}
                  options={[
                    { value: 'erlang_c', label: t('wfm.requirements.erlang_c') },
                    { value: 'erlang_a', label: t('wfm.requirements.erlang_a') },
                  ]}
                />
              </Form.Item>
            </Flex>
            <Flex gap={16} wrap>
              <TargetsFields />
              {model === 'erlang_a' ? (
                <>
                  <Form.Item
                    name="patienceSeconds"
                    label={t('wfm.requirements.patience')}
                    tooltip={t('wfm.requirements.patienceHelp')}
                  >
                    <InputNumber
                      min={1}
                      max={86_400}
                      placeholder={t('wfm.requirements.patienceHelp')}
                      style={{ width: 160 }}
                    />
                  </Form.Item>
                  <Form.Item name="maxAbandon" label={t('wfm.requirements.maxAbandon')}>
                    <InputNumber min={0} max={100} suffix="%" />
                  </Form.Item>
                </>
              ) : null}
            </Flex>
            {model === 'erlang_a' && r ? (
              <Space direction="vertical" size={0}>
                {r.queues.map((q) => (
                  <Typography.Text key={q.queueId} type="secondary">
                    {q.patienceSeconds === null
                      ? t('wfm.requirements.patienceNone', { queue: q.queueName })
                      : t(
                          targets.patienceSeconds
                            ? 'wfm.requirements.patienceGiven'
                            : 'wfm.requirements.patienceEstimated',
                          { queue: q.queueName, seconds: Math.round(q.patienceSeconds).toLocaleString(lang) },
                        )}
                  </Typography.Text>
                ))}
              </Space>
            ) : null}
          </Form>
        </Card>
        <WhatIfPanel value={whatIf} onChange={setWhatIf} style={{ flex: '1 1 380px' }} />
      </Flex>
      {requirements.isError ? (
        <QueryError message={errorMessage(requirements.error)} onRetry={() => void requirements.refetch()} />
      ) : null}
      {!r && requirements.isFetching ? (
        <Spin tip={t('wfm.requirements.calculating')}>
          <div style={{ height: 120 }} />
        </Spin>
      ) : null}
      {r ? (
        <Spin spinning={requirements.isFetching}>
          <Card style={{ marginBottom: 16 }}>
            <Flex gap={48} wrap align="center">
              <Statistic
                title={t('wfm.requirements.peak')}
                value={t('wfm.requirements.peakValue', { agents: r.peak.agents, scheduled: r.peak.scheduledAgents })}
                data-testid={WFM_IDS.reqPeak}
                data-agents={r.peak.agents}
                data-scheduled={r.peak.scheduledAgents}
              />
              {r.peak.at ? (
                <Typography.Text type="secondary">
                  {t('wfm.requirements.peakAt', {
                    at: `${dayLabel(dateOf(r, r.peak.at), lang)} ${timeIn(centerTz, r.peak.at)}`,
                  })}
                </Typography.Text>
              ) : null}
            </Flex>
          </Card>
          {r.days.some((d) => d.intervals.some((i) => i.cells.some((c) => !c.met))) ? (
            <Alert type="warning" showIcon title={t('wfm.requirements.unmetCell')} style={{ marginBottom: 16 }} />
          ) : null}
          {day ? <RequirementsDay requirements={r} day={day} onDay={setDay} centerTz={centerTz} /> : null}
        </Spin>
      ) : null}
    </div>
  );
}

/** The day (of the requirements) an interval start falls in. */
function dateOf(r: { days: { date: string; intervals: { start: string }[] }[] }, start: string): string {
  return r.days.find((d) => d.intervals.some((i) => i.start === start))?.date ?? start.slice(0, 10);
}
