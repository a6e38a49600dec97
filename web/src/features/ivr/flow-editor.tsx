import { ArrowLeftOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Empty, Flex, Input, Row, Spin, Table, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Flow, FlowIssue, FlowVersionSummary } from '../../../../contracts/ivr';
import { useErrorMessage, validationIssues } from '../../app/errors';
import { DateTime } from '../../ui/date-time';
import { PageHeader } from '../../ui/page-header';
import { QueryError } from '../../ui/query-error';
import { publishFlow, saveFlow, useFlow, useInvalidateFlows, validateFlow } from './api';
import { FlowVersionDialog } from './flow-version-dialog';
import { IVR_IDS } from './testids';

const MONO = { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 13 };
const pretty = (flow: Flow) => JSON.stringify(flow.draft, null, 2);

/** What the editor shows under the buttons: the server's findings, or a parse error of the text. */
type Findings = { kind: 'ok' } | { kind: 'issues'; issues: FlowIssue[] } | { kind: 'json'; message: string };

function parseText(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  }
}

/** The draft as JSON (校验 / 保存 / 发布) beside the published versions. */
export function FlowEditor({ flowId, onBack }: { flowId: string; onBack: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorMessage = useErrorMessage();
  const invalidate = useInvalidateFlows();
  const flow = useFlow(flowId);
  const [text, setText] = useState<string>();
  const [findings, setFindings] = useState<Findings>();
  const [viewing, setViewing] = useState<number>();

  useEffect(() => {
    if (flow.data && text === undefined) setText(pretty(flow.data));
  }, [flow.data, text]);

  const dirty = !!flow.data && text !== undefined && text !== pretty(flow.data);

  const failed = (error: unknown) => {
    const fields = validationIssues(error);
    if (fields.length > 0)
      setFindings({ kind: 'issues', issues: fields.map((f) => ({ path: f.path, message: f.message })) });
    else {
      setFindings(undefined);
      void message.error(errorMessage(error));
    }
  };
  /** The text as JSON, or undefined after showing why it is not. */
  const parsed = (): { value: unknown } | undefined => {
    const r = parseText(text ?? '');
    if (r.ok) return { value: r.value };
    setFindings({ kind: 'json', message: r.message });
    return undefined;
  };

  const check = useMutation({
    mutationFn: validateFlow,
    onSuccess: (reply) => setFindings(reply.valid ? { kind: 'ok' } : { kind: 'issues', issues: reply.issues }),
    onError: failed,
  });
  const save = useMutation({
    mutationFn: (definition: unknown) => saveFlow(flowId, { definition }),
    onSuccess: (saved) => {
      setText(pretty(saved));
      setFindings({ kind: 'ok' });
      invalidate();
      void message.success(t('ivr.saved'));
    },
    onError: failed,
  });
  const publish = useMutation({
    mutationFn: () => publishFlow(flowId),
    onSuccess: (v) => {
      setFindings({ kind: 'ok' });
      invalidate();
      void message.success(t('ivr.published', { version: v.version }));
    },
    onError: failed,
  });

  if (flow.isError) {
    return <QueryError message={errorMessage(flow.error)} onRetry={() => void flow.refetch()} />;
  }
  if (!flow.data || text === undefined) return <Spin />;
  const data = flow.data;

  const versionColumns = [
    {
      key: 'version',
      title: t('ivr.col.version'),
      dataIndex: 'version',
      render: (v: number) => (
        <>
          v{v} {v === data.publishedVersion ? <Tag color="green">{t('ivr.live')}</Tag> : null}
        </>
      ),
    },
    {
      key: 'publishedAt',
      title: t('ivr.col.publishedAt'),
      dataIndex: 'publishedAt',
      render: (value: string) => <DateTime value={value} />,
    },
    {
      key: 'view',
      title: t('common.actions'),
      render: (_: unknown, v: FlowVersionSummary) => (
        <Button type="link" size="small" onClick={() => setViewing(v.version)}>
          {t('ivr.view')}
        </Button>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={
          <>
            {data.name} <Typography.Text code>{data.key}</Typography.Text>
          </>
        }
        description={
          data.publishedVersion ? t('ivr.publishedAs', { version: data.publishedVersion }) : t('ivr.notPublished')
        }
        extra={
          <Button icon={<ArrowLeftOutlined />} onClick={onBack}>
            {t('ivr.back')}
          </Button>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card size="small" title={t('ivr.draft')} extra={dirty ? <Tag color="orange">{t('ivr.unsaved')}</Tag> : null}>
            <Input.TextArea
              value={text}
              onChange={(e) => setText(e.target.value)}
              autoSize={{ minRows: 18, maxRows: 40 }}
              spellCheck={false}
              style={MONO}
              aria-label={t('ivr.draft')}
              data-testid={IVR_IDS.json}
            />
            <Flex gap={8} style={{ marginTop: 12 }} wrap>
              <Button
                loading={check.isPending}
                onClick={() => {
                  const p = parsed();
                  if (p) check.mutate(p.value);
                }}
                data-testid={IVR_IDS.validate}
              >
                {t('ivr.validate')}
              </Button>
              <Button
                type="primary"
                disabled={!dirty}
                loading={save.isPending}
                onClick={() => {
                  const p = parsed();
                  if (p) save.mutate(p.value);
                }}
                data-testid={IVR_IDS.save}
              >
                {t('common.save')}
              </Button>
              <Tooltip title={dirty ? t('ivr.saveFirst') : undefined}>
                <Button
                  disabled={dirty}
                  loading={publish.isPending}
                  onClick={() => publish.mutate()}
                  data-testid={IVR_IDS.publish}
                >
                  {t('ivr.publish')}
                </Button>
              </Tooltip>
              <Button disabled={!dirty} onClick={() => setText(pretty(data))}>
                {t('ivr.revert')}
              </Button>
            </Flex>
            <div style={{ marginTop: 12 }} data-testid={IVR_IDS.issues} aria-live="polite">
              {findings?.kind === 'ok' ? <Alert type="success" showIcon message={t('ivr.valid')} /> : null}
              {findings?.kind === 'json' ? (
                <Alert type="error" showIcon message={t('ivr.badJson')} description={findings.message} />
              ) : null}
              {findings?.kind === 'issues' ? (
                <Alert
                  type="error"
                  showIcon
                  message={t('ivr.issues', { count: findings.issues.length })}
                  description={
                    <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                      {findings.issues.map((i) => (
                        <li key={`${i.path}:${i.message}`}>
                          <Typography.Text code>{i.path || '/'}</Typography.Text> {i.message}
                        </li>
                      ))}
                    </ul>
                  }
                />
              ) : null}
            </div>
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small" title={t('ivr.versions')}>
            <Table<FlowVersionSummary>
              rowKey="version"
              size="small"
              columns={versionColumns}
              dataSource={[...data.versions].reverse()}
              pagination={{ hideOnSinglePage: true, pageSize: 20 }}
              locale={{ emptyText: <Empty description={t('ivr.noVersions')} /> }}
              data-testid={IVR_IDS.versions}
            />
          </Card>
        </Col>
      </Row>
      {viewing !== undefined ? (
        <FlowVersionDialog flowId={flowId} version={viewing} onClose={() => setViewing(undefined)} />
      ) : null}
    </>
  );
}
