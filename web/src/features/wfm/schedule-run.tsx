import {
  Alert,
  Button,
  DatePicker,
  Flex,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Progress,
  Select,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ScheduleRunResult } from '../../../../contracts/wfm-schedules';
import { applyFieldErrors, useErrorMessage } from '../../app/errors';
import { FormModal } from '../../ui/form-modal';
import { useForecasts } from './api';
import { dayLabel } from './dates';
import { renameFieldPaths } from './field-paths';
import { hoursOf } from './schedule-times';
import { useJob, useStartSchedule } from './schedules-api';
import { SCHEDULE_IDS } from './schedules-testids';
import { type ServiceTargets, TargetsFields } from './targets-fields';

type Values = ServiceTargets & {
  name: string;
  forecastId: string;
  startDate?: Dayjs | null;
  days: number;
  timeLimitSeconds: number;
};

/** The body's paths that are other names on this form. */
const FIELD_OF_PATH: Record<string, string> = {
  'requirement.forecastId': 'forecastId',
  'requirement.targetServiceLevel': 'serviceLevel',
  'requirement.targetAnswerSeconds': 'answerSeconds',
  'requirement.shrinkage': 'shrinkage',
  'requirement.maxOccupancy': 'maxOccupancy',
};

/**
 * 新建排班: the run's name, forecast, days and targets; once started, the solver's progress, then the
 * schedule it made (opened) or why there is none (agents whose contracted hours cannot be met, …).
 */
export function ScheduleRun({ onClose, onScheduled }: { onClose: () => void; onScheduled: (id: string) => void }) {
  const { t, i18n } = useTranslation();
  const errorMessage = useErrorMessage();
  const [form] = Form.useForm<Values>();
  const forecasts = useForecasts();
  const start = useStartSchedule();
  const [jobId, setJobId] = useState<string>();
  const [formError, setFormError] = useState<string>();

  const submit = (v: Values) => {
    setFormError(undefined);
    start.mutate(
      {
        name: v.name,
        requirement: {
          forecastId: v.forecastId,
          targetServiceLevel: v.serviceLevel / 100,
          targetAnswerSeconds: v.answerSeconds,
          shrinkage: v.shrinkage / 100,
          maxOccupancy: v.maxOccupancy / 100,
        },
        ...(v.startDate ? { startDate: v.startDate.format('YYYY-MM-DD') } : {}),
        days: v.days,
        timeLimitSeconds: v.timeLimitSeconds,
      },
      {
        onSuccess: (started) => setJobId(started.jobId),
        onError: (error) => {
          const renamed = renameFieldPaths(error, (path) => FIELD_OF_PATH[path] ?? path);
          if (applyFieldErrors(form, renamed, errorMessage)) return;
          // Nobody to schedule or nothing to schedule them on: the setup tab is where that is fixed.
          const path = (renamed as { details?: { fields?: { path: string }[] } }).details?.fields?.[0]?.path ?? '';
          if (path.startsWith('agentIds')) setFormError(t('wfm.schedules.run.noAgents'));
          else if (path.startsWith('templateIds')) setFormError(t('wfm.schedules.run.noTemplates'));
          else setFormError(errorMessage(error));
        },
      },
    );
  };

  if (jobId) return <RunProgress jobId={jobId} onClose={onClose} onScheduled={onScheduled} />;

  return (
    <FormModal<Values>
      title={t('wfm.schedules.run.title')}
      onClose={onClose}
      form={form}
      width={680}
      initialValues={{
        name: '',
        days: 7,
        timeLimitSeconds: 60,
        serviceLevel: 80,
        answerSeconds: 20,
        shrinkage: 30,
        maxOccupancy: 90,
      }}
      onFinish={submit}
      pending={start.isPending}
      submitLabel={t('wfm.schedules.run.submit')}
      submitTestId={SCHEDULE_IDS.submit}
      formError={formError}
    >
      <Form.Item
        name="name"
        label={t('wfm.schedules.run.name')}
        rules={[{ required: true, whitespace: true, message: t('wfm.schedules.run.nameRequired') }]}
      >
        <Input maxLength={100} placeholder={t('wfm.schedules.run.namePlaceholder')} data-testid={SCHEDULE_IDS.name} />
      </Form.Item>
      <Form.Item
        name="forecastId"
        label={t('wfm.schedules.run.forecast')}
        extra={t('wfm.schedules.run.forecastHelp')}
        rules={[{ required: true, message: t('wfm.schedules.run.forecastRequired') }]}
      >
        <Select
          loading={forecasts.isLoading}
          data-testid={SCHEDULE_IDS.forecast}
          options={(forecasts.data ?? []).map((f) => ({
            value: f.id,
            label: `${f.name} · ${t('wfm.list.versionValue', { version: f.version })} · ${dayLabel(f.startDate, i18n.language)}`,
          }))}
        />
      </Form.Item>
      <Flex gap={16} wrap>
        <Form.Item
          name="startDate"
          label={t('wfm.schedules.run.startDate')}
          extra={t('wfm.schedules.run.startDateHelp')}
        >
          <DatePicker allowClear />
        </Form.Item>
        <Form.Item name="days" label={t('wfm.schedules.run.days')} rules={[{ required: true }]}>
          <InputNumber min={1} max={14} precision={0} data-testid={SCHEDULE_IDS.days} />
        </Form.Item>
        <Form.Item
          name="timeLimitSeconds"
          label={t('wfm.schedules.run.timeLimit')}
          extra={t('wfm.schedules.run.timeLimitHelp')}
          rules={[{ required: true }]}
        >
          <InputNumber min={5} max={600} precision={0} data-testid={SCHEDULE_IDS.timeLimit} />
        </Form.Item>
      </Flex>
      <Typography.Text strong>{t('wfm.schedules.run.targets')}</Typography.Text>
      <Flex gap={16} wrap style={{ marginTop: 8 }}>
        <TargetsFields />
      </Flex>
    </FormModal>
  );
}

/** The run's job, asked every second: its percent and phase, then what it came to. */
function RunProgress({
  jobId,
  onClose,
  onScheduled,
}: {
  jobId: string;
  onClose: () => void;
  onScheduled: (id: string) => void;
}) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const job = useJob(jobId);
  const j = job.data;
  const parsed = j?.state === 'done' ? ScheduleRunResult.safeParse(j.result) : undefined;
  const result = parsed?.success ? parsed.data : undefined;
  const scheduledId = result?.status === 'scheduled' ? result.scheduleId : undefined;
  useEffect(() => {
    if (scheduledId) onScheduled(scheduledId);
  }, [scheduledId, onScheduled]);

  // A run that has begun but not yet named its phase is starting.
  const phase = j?.progress.phase ?? (j?.state === 'running' ? 'starting' : undefined);
  const percent = Math.floor(j?.progress.percent ?? 0);
  return (
    <Modal
      open
      title={t(
        j?.state === 'failed' || (j?.state === 'done' && !scheduledId)
          ? 'wfm.schedules.run.notScheduled'
          : 'wfm.schedules.run.running',
      )}
      onCancel={onClose}
      footer={<Button onClick={onClose}>{t('common.close')}</Button>}
      width={640}
    >
      <Flex
        vertical
        gap={8}
        aria-live="polite"
        data-testid={SCHEDULE_IDS.progress}
        data-state={j?.state ?? 'queued'}
        data-phase={phase ?? ''}
      >
        <Progress
          percent={j?.state === 'done' ? 100 : percent}
          status={
            j?.state === 'failed' || (result && !scheduledId) ? 'exception' : j?.state === 'done' ? 'success' : 'active'
          }
          aria-label={t('wfm.schedules.run.progress')}
        />
        {j?.state === 'done' || j?.state === 'failed' ? null : (
          <Typography.Text type="secondary">
            {t(`jobs.state.${j?.state ?? 'queued'}`)}
            {phase && j?.state === 'running' ? ` · ${t(`wfm.schedules.phase.${phase}`, { defaultValue: phase })}` : ''}
          </Typography.Text>
        )}
        {j?.state === 'running' ? (
          <Typography.Text type="secondary">{t('wfm.schedules.run.leaveOpen')}</Typography.Text>
        ) : null}
        {job.isError ? <Alert type="error" showIcon title={errorMessage(job.error)} /> : null}
        {j?.state === 'failed' ? (
          <Alert
            type="error"
            showIcon
            title={t('wfm.schedules.run.failed')}
            description={j.error}
            data-testid={SCHEDULE_IDS.runProblem}
          />
        ) : null}
        {j?.state === 'done' && !result ? (
          <Alert
            type="error"
            showIcon
            title={t('wfm.schedules.run.unknownResult')}
            data-testid={SCHEDULE_IDS.runProblem}
          />
        ) : null}
        {result ? <RunOutcome result={result} /> : null}
      </Flex>
    </Modal>
  );
}

function RunOutcome({ result }: { result: ScheduleRunResult }) {
  const { t, i18n } = useTranslation();
  const hours = (m: number) => hoursOf(m).toLocaleString(i18n.language);
  switch (result.status) {
    case 'scheduled':
      return <Alert type="success" showIcon title={t('wfm.schedules.run.scheduled')} />;
    case 'infeasible':
      return (
        <Alert
          type="error"
          showIcon
          data-testid={SCHEDULE_IDS.runProblem}
          title={t('wfm.schedules.run.infeasible')}
          description={
            <List
              size="small"
              dataSource={result.agents}
              renderItem={(a) => (
                <List.Item>
                  {t('wfm.schedules.run.infeasibleAgent', {
                    name: a.agentName,
                    max: hours(a.maxPaidMinutes),
                    min: hours(a.minWeeklyMinutes),
                  })}
                </List.Item>
              )}
            />
          }
        />
      );
    case 'invalid':
      return (
        <Alert
          type="error"
          showIcon
          data-testid={SCHEDULE_IDS.runProblem}
          title={t('wfm.schedules.run.invalid')}
          description={
            <List
              size="small"
              dataSource={result.problems}
              renderItem={(p) => (
                <List.Item>
                  <Typography.Text code>{p.path}</Typography.Text> {p.code}
                </List.Item>
              )}
            />
          }
        />
      );
    case 'no_solution':
      return (
        <Alert
          type="error"
          showIcon
          data-testid={SCHEDULE_IDS.runProblem}
          title={t('wfm.schedules.run.noSolution')}
          description={result.reason}
        />
      );
  }
}
