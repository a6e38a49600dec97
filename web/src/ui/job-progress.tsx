import { useQuery } from '@tanstack/react-query';
import { Alert, Flex, Progress, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Job } from '../../../contracts/jobs';
import { contractApi } from '../app/api-client';
import { useErrorMessage } from '../app/errors';

type Props = {
  jobId: string;
  /** Called once when the job has finished (done or failed), with its last state. */
  onFinished?: (job: Job) => void;
};

const finished = (job: Job | undefined) => job?.state === 'done' || job?.state === 'failed';

/**
 * A job's progress (GET /api/v1/jobs/:id, polled every second until it ends): percent, rows done,
 * problems so far. The job runs on the server: leaving the page does not stop it.
 */
export function JobProgress({ jobId, onFinished }: Props) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const query = useQuery({
    queryKey: ['jobs', jobId],
    queryFn: ({ signal }) => contractApi.get(Job, `/jobs/${encodeURIComponent(jobId)}`, undefined, signal),
    refetchInterval: (q) => (finished(q.state.data) ? false : 1000),
  });
  const job = query.data;
  useEffect(() => {
    if (job && finished(job)) onFinished?.(job);
  }, [job, onFinished]);

  if (query.isError) return <Alert type="error" showIcon message={errorMessage(query.error)} />;
  if (!job) return <Progress percent={0} status="active" aria-label={t('jobs.progress')} />;
  const { progress } = job;
  const status = job.state === 'failed' ? 'exception' : job.state === 'done' ? 'success' : 'active';
  const phase = progress.phase && ['validating', 'writing'].includes(progress.phase) ? progress.phase : undefined;
  return (
    <Flex vertical gap={4} data-testid="job-progress" aria-live="polite">
      <Progress
        percent={Math.floor(progress.percent)}
        status={status}
        aria-label={t('jobs.progress')}
        aria-valuenow={Math.floor(progress.percent)}
      />
      <Typography.Text type="secondary">
        {t(`jobs.state.${job.state}`)}
        {phase && job.state === 'running' ? ` · ${t(`jobs.phase.${phase}`)}` : ''}
        {' · '}
        {progress.rowsTotal !== undefined
          ? t('jobs.rowsOf', { done: progress.rowsDone.toLocaleString(), total: progress.rowsTotal.toLocaleString() })
          : t('jobs.rows', { done: progress.rowsDone.toLocaleString() })}
        {' · '}
        {t('jobs.errors', { count: progress.errors })}
      </Typography.Text>
      {job.state === 'failed' && job.error ? <Alert type="error" showIcon message={job.error} /> : null}
    </Flex>
  );
}
