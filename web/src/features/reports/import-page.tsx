import { InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Descriptions, Flex, Table, Tag, Typography, Upload } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CONTACT_IMPORT_COLUMNS,
  type ContactImportIssue,
  ContactImportReport,
  type Job,
  JobStarted,
} from '../../../../contracts/jobs';
import { API_BASE, ApiError } from '../../app/api-client';
import { useErrorMessage } from '../../app/errors';
import { JobProgress } from '../../ui/job-progress';
import { PageHeader } from '../../ui/page-header';

const isJsonLines = (name: string) => /\.(ndjson|jsonl)$/i.test(name);

/** The file itself as the body (text/csv or application/x-ndjson), answered with the job to follow. */
async function startImport(file: File, partial: boolean): Promise<string> {
  let response: Response;
  try {
    response = await fetch(`${API_BASE}/contacts/import${partial ? '?partial=true' : ''}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        'content-type': isJsonLines(file.name) ? 'application/x-ndjson' : 'text/csv',
      },
      body: file,
    });
  } catch (cause) {
    throw new ApiError(0, 'NETWORK', cause instanceof Error ? cause.message : 'network error');
  }
  const body = (await response.json().catch(() => undefined)) as
    | { jobId?: string; error?: { code?: string; message?: string; details?: unknown } }
    | undefined;
  if (response.ok) return JobStarted.parse(body).jobId;
  const e = body?.error;
  throw new ApiError(response.status, e?.code ?? 'INTERNAL', e?.message ?? response.statusText, e?.details);
}

/** 导入历史数据: upload a contact-history file, follow its job, read the report (docs/reports.md, "Import"). */
export function ImportPage() {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [file, setFile] = useState<File | null>(null);
  const [partial, setPartial] = useState(false);
  const [jobId, setJobId] = useState<string | null>(null);
  const [report, setReport] = useState<ContactImportReport | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  const start = async () => {
    if (!file) return;
    setSending(true);
    setFailure(null);
    setReport(null);
    setJobId(null);
    try {
      setJobId(await startImport(file, partial));
    } catch (err) {
      setFailure(errorMessage(err));
    } finally {
      setSending(false);
    }
  };
  const onFinished = useCallback((job: Job) => {
    const parsed = ContactImportReport.safeParse(job.result);
    setReport(parsed.success ? parsed.data : null);
  }, []);
  const running = !!jobId && !report;

  return (
    <Flex vertical gap={16}>
      <PageHeader title={t('reportsImport.title')} description={t('reportsImport.description')} />
      <Card>
        <Flex vertical gap={12}>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            {t('reportsImport.columns')}{' '}
            {/* The file's column names, typed as they are (data-identifier: not words to translate). */}
            <Typography.Text code data-identifier>
              {CONTACT_IMPORT_COLUMNS.join(', ')}
            </Typography.Text>
            <br />
            {t('reportsImport.times')}
          </Typography.Paragraph>
          <Upload.Dragger
            accept=".csv,.ndjson,.jsonl,text/csv,application/x-ndjson"
            maxCount={1}
            beforeUpload={(f) => {
              setFile(f);
              return false;
            }}
            onRemove={() => setFile(null)}
            fileList={file ? [{ uid: 'file', name: file.name, status: 'done' }] : []}
            disabled={running}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('reportsImport.pick')}</p>
            <p className="ant-upload-hint">{t('reportsImport.pickHint')}</p>
          </Upload.Dragger>
          <Checkbox checked={partial} onChange={(e) => setPartial(e.target.checked)} disabled={running}>
            {t('reportsImport.partial')}
          </Checkbox>
          <Flex gap={12} align="center">
            <Button type="primary" disabled={!file || running} loading={sending} onClick={() => void start()}>
              {t('reportsImport.start')}
            </Button>
            {running ? <Typography.Text type="secondary">{t('reportsImport.background')}</Typography.Text> : null}
          </Flex>
          {failure ? <Alert type="error" showIcon message={failure} /> : null}
          {jobId ? <JobProgress jobId={jobId} onFinished={onFinished} /> : null}
        </Flex>
      </Card>
      {report ? <ImportReport report={report} /> : null}
    </Flex>
  );
}

function ImportReport({ report }: { report: ContactImportReport }) {
  const { t } = useTranslation();
  const k = (key: string) => t(`reportsImport.report.${key}`);
  return (
    <Card title={k('title')} data-testid="import-report">
      <Flex vertical gap={12}>
        {report.rejected > 0 && !report.partial ? (
          <Alert type="warning" showIcon message={k('nothingApplied')} />
        ) : null}
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, md: 4 }}
          items={(['rows', 'applied', 'created', 'updated', 'unchanged', 'rejected', 'seconds'] as const).map((f) => ({
            key: f,
            label: k(f),
            children: report[f].toLocaleString(),
          }))}
        />
        {report.createdQueues.length > 0 ? (
          <div>
            <Typography.Text strong>{k('createdQueues')}: </Typography.Text>
            {report.createdQueues.map((q) => (
              <Tag key={q}>{q}</Tag>
            ))}
          </div>
        ) : null}
        {report.createdAgents.length > 0 ? (
          <div>
            <Typography.Text strong>{k('createdAgents')}: </Typography.Text>
            {report.createdAgents.map((a) => (
              <Tag key={a}>{a}</Tag>
            ))}
          </div>
        ) : null}
        {report.issues.length > 0 ? (
          <>
            <Typography.Title level={5} style={{ margin: 0 }}>
              {k('issues')}
            </Typography.Title>
            {report.issueCount > report.issues.length ? (
              <Typography.Text type="secondary">
                {t('reportsImport.report.moreIssues', { shown: report.issues.length, total: report.issueCount })}
              </Typography.Text>
            ) : null}
            <Table<ContactImportIssue>
              size="small"
              rowKey={(i) => `${i.row}:${i.column}:${i.message}`}
              dataSource={report.issues}
              pagination={{ pageSize: 50, showSizeChanger: false }}
              columns={[
                { title: k('row'), dataIndex: 'row', width: 90 },
                { title: k('column'), dataIndex: 'column', width: 180 },
                { title: k('message'), dataIndex: 'message' },
              ]}
            />
          </>
        ) : null}
      </Flex>
    </Card>
  );
}
