import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Form, InputNumber, Progress, Radio, Select, Spin, Table, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { addDays } from '../../../../contracts/local-dates';
import {
  type CreateSimulationBody,
  SimulationRunResult,
  type SimulationSource,
  type SimulationSummary,
} from '../../../../contracts/wfm-simulations';
import { applyFieldErrors, useErrorMessage } from '../../app/errors';
import { useCenterTimeZone } from '../../app/lookups';
import { DateTime } from '../../ui/date-time';
import { QueryError } from '../../ui/query-error';
import { useForecasts } from './api';
import { dayLabel } from './dates';
import { renameFieldPaths } from './field-paths';
import { useJob, useSchedules } from './schedules-api';
import { figureText } from './simulation-format';
import { SimulationResultView } from './simulation-result';
import { SIMULATION_IDS } from './simulation-testids';
import { simulationKeys, useSimulations, useStartSimulation } from './simulations-api';
import { TargetsFields } from './targets-fields';

type Values = {
  forecastId?: string;
  date?: string;
  source: SimulationSource;
  agents: number;
  scheduleId?: string;
  serviceLevel: number;
  answerSeconds: number;
  shrinkage: number;
  maxOccupancy: number;
  replications: number;
  patienceSeconds?: number | null;
  serviceLevelSeconds: number;
};

/** The body's paths that are other names on this form. */
const FIELD_OF_PATH: Record<string, string> = {
  'staffing.agents': 'agents',
  'staffing.scheduleId': 'scheduleId',
  'staffing.source': 'source',
  staffing: 'source',
  'staffing.targets.targetServiceLevel': 'serviceLevel',
  'staffing.targets.targetAnswerSeconds': 'answerSeconds',
  'staffing.targets.shrinkage': 'shrinkage',
  'staffing.targets.maxOccupancy': 'maxOccupancy',
  targetServiceLevel: 'serviceLevel',
};

/** 模拟: run a day of a forecast through the ACD engine, follow it, read the result; past runs below (?simulation=<id>). */
export function SimulationTab() {
  const errorMessage = useErrorMessage();
  const [params, setParams] = useSearchParams();
  const open = params.get('simulation') ?? undefined;
  const zone = useCenterTimeZone();
  const show = useCallback(
    (id: string | undefined) =>
      setParams(id ? { tab: 'simulation', simulation: id } : { tab: 'simulation' }, { replace: false }),
    [setParams],
  );
  if (zone.isError) return <QueryError message={errorMessage(zone.error)} onRetry={() => void zone.refetch()} />;
  if (!zone.data) return <Spin />;
  if (open) return <SimulationResultView id={open} onBack={() => show(undefined)} />;
  return (
    <div data-testid={SIMULATION_IDS.simulation}>
      <RunForm onDone={show} />
      <PastRuns onOpen={show} />
    </div>
  );
}

function RunForm({ onDone }: { onDone: (id: string) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const errorMessage = useErrorMessage();
  const [form] = Form.useForm<Values>();
  const forecasts = useForecasts();
  const schedules = useSchedules();
  const start = useStartSimulation();
  const [jobId, setJobId] = useState<string>();
  const [formError, setFormError] = useState<string>();
  const forecastId = Form.useWatch('forecastId', form);
  const source = Form.useWatch('source', form) ?? 'fixed';
  const date = Form.useWatch('date', form);

  const forecast = forecasts.data?.find((f) => f.id === forecastId);
  const dates = useMemo(
    () => (forecast ? Array.from({ length: forecast.days }, (_, i) => addDays(forecast.startDate, i)) : []),
    [forecast],
  );
  // The first forecast and its first day are a sensible start.
  useEffect(() => {
    if (!form.getFieldValue('forecastId') && forecasts.data?.[0])
      form.setFieldValue('forecastId', forecasts.data[0].id);
  }, [forecasts.data, form]);
  useEffect(() => {
    if (dates.length && !dates.includes(form.getFieldValue('date'))) form.setFieldValue('date', dates[0]);
  }, [dates, form]);
  const published = (schedules.data ?? []).filter(
    (s) => s.state === 'published' && (!date || (s.startDate <= date && date < addDays(s.startDate, s.days))),
  );

  const submit = (v: Values) => {
    setFormError(undefined);
    const staffing: CreateSimulationBody['staffing'] =
      v.source === 'fixed'
        ? { source: 'fixed', agents: v.agents }
        : v.source === 'schedule'
          ? { source: 'schedule', scheduleId: v.scheduleId ?? '' }
          : {
              source: 'requirement',
              targets: {
                targetServiceLevel: v.serviceLevel / 100,
                targetAnswerSeconds: v.answerSeconds,
                shrinkage: v.shrinkage / 100,
                maxOccupancy: v.maxOccupancy / 100,
              },
            };
    start.mutate(
      {
        forecastId: v.forecastId ?? '',
        date: v.date ?? '',
        staffing,
        replications: v.replications,
        serviceLevelSeconds: v.serviceLevelSeconds,
        targetServiceLevel: v.serviceLevel / 100,
        patienceSeconds: v.patienceSeconds || null,
      },
      {
        onSuccess: (started) => setJobId(started.jobId),
        onError: (error) => {
          const renamed = renameFieldPaths(error, (path) => FIELD_OF_PATH[path] ?? path);
          if (!applyFieldErrors(form, renamed, errorMessage)) setFormError(errorMessage(error));
        },
      },
    );
  };

  return (
    <Card title={t('wfm.simulation.form.title')} style={{ marginBottom: 16 }}>
      <Typography.Paragraph type="secondary">{t('wfm.simulation.form.intro')}</Typography.Paragraph>
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{
          source: 'fixed',
          agents: 10,
          serviceLevel: 80,
          answerSeconds: 20,
          shrinkage: 0,
          maxOccupancy: 100,
          replications: 20,
          patienceSeconds: null,
          serviceLevelSeconds: 20,
        }}
      >
        <Flex gap={16} wrap>
          <Form.Item
            name="forecastId"
            label={t('wfm.simulation.form.forecast')}
            rules={[{ required: true, message: t('wfm.simulation.form.forecastRequired') }]}
            style={{ minWidth: 320 }}
          >
            <Select
              loading={forecasts.isLoading}
              data-testid={SIMULATION_IDS.forecast}
              options={(forecasts.data ?? []).map((f) => ({
                value: f.id,
                label: `${f.name} · ${t('wfm.list.versionValue', { version: f.version })}`,
              }))}
            />
          </Form.Item>
          <Form.Item
            name="date"
            label={t('wfm.simulation.form.date')}
            rules={[{ required: true, message: t('wfm.simulation.form.dateRequired') }]}
            style={{ minWidth: 200 }}
          >
            <Select
              data-testid={SIMULATION_IDS.date}
              options={dates.map((d) => ({ value: d, label: dayLabel(d, lang) }))}
            />
          </Form.Item>
        </Flex>
        <Form.Item
          name="source"
          label={t('wfm.simulation.form.source')}
          extra={t(`wfm.simulation.sourceHelp.${source}`)}
        >
          <Radio.Group>
            {(['fixed', 'requirement', 'schedule'] as const).map((s) => (
              <Radio.Button key={s} value={s}>
                <span data-testid={SIMULATION_IDS.source(s)}>{t(`wfm.simulation.source.${s}`)}</span>
              </Radio.Button>
            ))}
          </Radio.Group>
        </Form.Item>
        <Flex gap={16} wrap>
          {source === 'fixed' ? (
            <Form.Item name="agents" label={t('wfm.simulation.form.agents')} rules={[{ required: true }]}>
              <InputNumber min={1} max={2000} precision={0} data-testid={SIMULATION_IDS.agents} />
            </Form.Item>
          ) : null}
          {source === 'schedule' ? (
            <Form.Item
              name="scheduleId"
              label={t('wfm.simulation.form.schedule')}
              rules={[{ required: true, message: t('wfm.simulation.form.scheduleRequired') }]}
              extra={published.length ? undefined : t('wfm.simulation.form.noSchedule')}
              style={{ minWidth: 320 }}
            >
              <Select
                loading={schedules.isLoading}
                data-testid={SIMULATION_IDS.schedule}
                options={published.map((s) => ({ value: s.id, label: s.name }))}
              />
            </Form.Item>
          ) : null}
          {source === 'requirement' ? (
            <TargetsFields />
          ) : (
            <Form.Item
              name="serviceLevel"
              label={t('wfm.simulation.form.target')}
              tooltip={t('wfm.simulation.form.targetHelp')}
              rules={[{ required: true }]}
            >
              <InputNumber min={1} max={100} suffix="%" />
            </Form.Item>
          )}
        </Flex>
        <Flex gap={16} wrap>
          <Form.Item name="serviceLevelSeconds" label={t('wfm.simulation.form.slSeconds')} rules={[{ required: true }]}>
            <InputNumber min={0} max={3600} precision={0} data-testid={SIMULATION_IDS.slSeconds} />
          </Form.Item>
          <Form.Item
            name="replications"
            label={t('wfm.simulation.form.replications')}
            tooltip={t('wfm.simulation.form.replicationsHelp')}
            rules={[{ required: true }]}
          >
            <InputNumber min={1} max={100} precision={0} data-testid={SIMULATION_IDS.replications} />
          </Form.Item>
          <Form.Item
            name="patienceSeconds"
            label={t('wfm.simulation.form.patience')}
            tooltip={t('wfm.simulation.form.patienceHelp')}
          >
            <InputNumber
              min={1}
              max={86_400}
              placeholder={t('wfm.simulation.form.patienceNone')}
              style={{ width: 180 }}
              data-testid={SIMULATION_IDS.patience}
            />
          </Form.Item>
        </Flex>
        {formError ? <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} /> : null}
        <Button type="primary" htmlType="submit" loading={start.isPending} data-testid={SIMULATION_IDS.submit}>
          {t('wfm.simulation.form.submit')}
        </Button>
      </Form>
      {jobId ? <RunProgress key={jobId} jobId={jobId} onDone={onDone} /> : null}
    </Card>
  );
}

/** The run's job, asked every second: replications done of all, then the saved run opens. */
function RunProgress({ jobId, onDone }: { jobId: string; onDone: (id: string) => void }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const client = useQueryClient();
  const job = useJob(jobId);
  const j = job.data;
  const parsed = j?.state === 'done' ? SimulationRunResult.safeParse(j.result) : undefined;
  const simulationId = parsed?.success ? parsed.data.simulationId : undefined;
  useEffect(() => {
    if (!simulationId) return;
    // The list was asked while the run was going: it is one run short.
    void client.invalidateQueries({ queryKey: simulationKeys.simulations });
    onDone(simulationId);
  }, [simulationId, onDone, client]);
  const done = j?.progress.rowsDone ?? 0;
  const total = j?.progress.rowsTotal;
  return (
    <Flex
      vertical
      gap={8}
      style={{ marginTop: 16 }}
      aria-live="polite"
      data-testid={SIMULATION_IDS.progress}
      data-state={j?.state ?? 'queued'}
      data-done={done}
      data-total={total ?? ''}
    >
      <Progress
        percent={j?.state === 'done' ? 100 : Math.floor(j?.progress.percent ?? 0)}
        status={j?.state === 'failed' ? 'exception' : j?.state === 'done' ? 'success' : 'active'}
        aria-label={t('wfm.simulation.progressLabel')}
      />
      <Typography.Text type="secondary">
        {j?.state === 'running' && total
          ? t('wfm.simulation.progress', { done, total })
          : t(`jobs.state.${j?.state ?? 'queued'}`)}
      </Typography.Text>
      {job.isError ? <Alert type="error" showIcon title={errorMessage(job.error)} /> : null}
      {j?.state === 'failed' ? (
        <Alert
          type="error"
          showIcon
          title={t('wfm.simulation.failed')}
          description={j.error}
          data-testid={SIMULATION_IDS.runProblem}
        />
      ) : null}
    </Flex>
  );
}

function PastRuns({ onOpen }: { onOpen: (id: string) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const errorMessage = useErrorMessage();
  const runs = useSimulations();
  const pct = (v: number | null) => (v === null ? '—' : `${figureText(v, 'serviceLevel', lang)}%`);
  return (
    <Card title={t('wfm.simulation.runs.title')}>
      {runs.isError ? <QueryError message={errorMessage(runs.error)} onRetry={() => void runs.refetch()} /> : null}
      <Table<SimulationSummary>
        data-testid={SIMULATION_IDS.runs}
        rowKey="id"
        size="small"
        loading={runs.isLoading}
        dataSource={runs.data ?? []}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: t('wfm.simulation.runs.empty') }}
        columns={[
          {
            title: t('wfm.simulation.runs.forecast'),
            key: 'forecast',
            render: (_, s) => (
              <Button
                type="link"
                style={{ padding: 0 }}
                onClick={() => onOpen(s.id)}
                data-testid={SIMULATION_IDS.open(s.id)}
              >
                {s.forecastName}
              </Button>
            ),
          },
          { title: t('wfm.simulation.runs.date'), key: 'date', render: (_, s) => dayLabel(s.date, lang) },
          {
            title: t('wfm.simulation.runs.source'),
            key: 'source',
            render: (_, s) => t(`wfm.simulation.source.${s.source}`),
          },
          { title: t('wfm.simulation.totals.serviceLevel'), key: 'sl', render: (_, s) => pct(s.serviceLevel) },
          {
            title: t('wfm.simulation.totals.asaSeconds'),
            key: 'asa',
            render: (_, s) => (s.asaSeconds === null ? '—' : `${figureText(s.asaSeconds, 'asaSeconds', lang)} s`),
          },
          { title: t('wfm.simulation.totals.abandonRate'), key: 'ab', render: (_, s) => pct(s.abandonRate) },
          { title: t('wfm.simulation.totals.occupancy'), key: 'occ', render: (_, s) => pct(s.occupancy) },
          {
            title: t('wfm.simulation.runs.createdAt'),
            key: 'createdAt',
            render: (_, s) => <DateTime value={s.createdAt} />,
          },
        ]}
      />
    </Card>
  );
}
