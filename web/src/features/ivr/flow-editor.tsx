import { ArrowLeftOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, Flex, Input, Spin, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Flow, type FlowIssue, type FlowVersionSummary, IVR_LANGUAGES } from '../../../../contracts/ivr';
import { useErrorMessage, validationIssues } from '../../app/errors';
import { DateTime } from '../../ui/date-time';
import { PageHeader } from '../../ui/page-header';
import { QueryError } from '../../ui/query-error';
import { ivrKeys, publishFlow, saveFlow, useFlow, useInvalidateFlows, validateFlow } from './api';
import { FlowDesigner } from './flow-designer';
import { type FlowDoc, type FlowGraph, NODE_TYPES, placeIssue, toDocument, toGraph } from './flow-graph';
import { describeIssue } from './flow-issues';
import { autoLayout } from './flow-layout';
import { FlowVersionDialog } from './flow-version-dialog';
import { IVR_IDS } from './testids';

const MONO = { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 13 };
const pretty = (doc: unknown) => JSON.stringify(doc, null, 2);

/** What the editor shows under the buttons: the server's findings, or a parse error of the text. */
type Findings = { kind: 'ok' } | { kind: 'issues'; issues: FlowIssue[] } | { kind: 'json'; message: string };
type Tab = 'designer' | 'json';

function parseText(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether a typed document has the shape the designer can draw (the server judges the rest). */
function drawable(value: unknown): { doc: FlowDoc } | { problem: string } {
  if (!isRecord(value)) return { problem: 'not an object' };
  if (!(IVR_LANGUAGES as readonly unknown[]).includes(value.language)) return { problem: 'language' };
  if (typeof value.start !== 'string') return { problem: 'start' };
  if (!isRecord(value.nodes)) return { problem: 'nodes' };
  for (const [id, node] of Object.entries(value.nodes)) {
    if (!isRecord(node) || !(NODE_TYPES as readonly unknown[]).includes(node.type))
      return { problem: `nodes.${id}.type` };
  }
  if (value.layout !== undefined && !isRecord(value.layout)) return { problem: 'layout' };
  return { doc: value as FlowDoc };
}

/** JSON with sorted keys: two documents are the same whatever order their fields came in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    isRecord(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, v[k]]),
        )
      : v,
  );
}
const semantic = ({ layout: _layout, ...rest }: Partial<FlowDoc> & Record<string, unknown>) => canonical(rest);

/** Document → drawing, laying out nodes that have no position yet. */
async function drawingOf(doc: FlowDoc): Promise<FlowGraph> {
  const { unplaced, ...graph } = toGraph(doc);
  const nodes = unplaced.length ? await autoLayout(graph.nodes, graph.edges, new Set(unplaced)) : graph.nodes;
  return { ...graph, nodes };
}

/**
 * One flow's draft: the visual designer (设计器) and the same document as JSON (高级), 校验 / 保存 /
 * 发布 over whichever is open, and the published versions below.
 */
export function FlowEditor({ flowId, onBack }: { flowId: string; onBack: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorMessage = useErrorMessage();
  const invalidate = useInvalidateFlows();
  const queryClient = useQueryClient();
  const flow = useFlow(flowId);
  const [tab, setTab] = useState<Tab>('designer');
  const [graph, setGraph] = useState<FlowGraph>();
  const [text, setText] = useState<string>();
  const [moved, setMoved] = useState(false);
  const [findings, setFindings] = useState<Findings>();
  const [viewing, setViewing] = useState<number>();

  const loaded = !!flow.data;
  // biome-ignore lint/correctness/useExhaustiveDependencies: draw the draft once, when it first arrives
  useEffect(() => {
    if (!flow.data || graph) return;
    let live = true;
    const doc = flow.data.draft as FlowDoc;
    setText(pretty(doc));
    void drawingOf(doc).then((g) => {
      if (live) setGraph(g);
    });
    return () => {
      live = false;
    };
  }, [loaded]);

  /** The document being edited: the drawing, or the JSON text (undefined while it does not parse). */
  const current = useMemo((): { value: unknown } | undefined => {
    if (tab === 'designer') return graph ? { value: toDocument(graph) } : undefined;
    const r = parseText(text ?? '');
    return r.ok ? { value: r.value } : undefined;
  }, [tab, graph, text]);

  const saved = flow.data?.draft as FlowDoc | undefined;
  const dirty = (() => {
    if (!saved) return false;
    if (!current) return true;
    const doc = current.value as FlowDoc;
    if (semantic(doc) !== semantic(saved)) return true;
    // Positions count once the admin moved something, or when the stored draft has positions to differ from.
    return moved || (saved.layout !== undefined && canonical(doc.layout) !== canonical(saved.layout));
  })();

  const failed = (error: unknown) => {
    const fields = validationIssues(error);
    if (fields.length > 0)
      setFindings({ kind: 'issues', issues: fields.map((f) => ({ path: f.path, message: f.message })) });
    else {
      setFindings(undefined);
      void message.error(errorMessage(error));
    }
  };
  /** The document to send, or undefined after showing why the text is not JSON. */
  const outgoing = (): { value: unknown } | undefined => {
    if (tab === 'designer') return graph ? { value: toDocument(graph) } : undefined;
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
    onSuccess: (flowNow) => {
      queryClient.setQueryData(ivrKeys.flow(flowId), flowNow);
      setText(pretty(flowNow.draft));
      setMoved(false);
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

  const switchTab = async (next: Tab) => {
    if (next === tab) return;
    if (next === 'json') {
      if (graph) setText(pretty(toDocument(graph)));
      setTab('json');
      return;
    }
    const r = parseText(text ?? '');
    const shape = r.ok ? drawable(r.value) : { problem: r.message };
    if ('problem' in shape) {
      void message.error(t('ivr.designer.invalidJson', { message: shape.problem }));
      return;
    }
    setGraph(await drawingOf(shape.doc));
    setTab('designer');
  };

  const revert = () => {
    if (!saved) return;
    setText(pretty(saved));
    setMoved(false);
    setFindings(undefined);
    void drawingOf(saved).then(setGraph);
  };

  const placed = useMemo(() => (findings?.kind === 'issues' ? findings.issues.map(placeIssue) : []), [findings]);
  const byId = useMemo(() => new Map((graph?.nodes ?? []).map((n) => [n.id, n])), [graph]);

  if (flow.isError) {
    return <QueryError message={errorMessage(flow.error)} onRetry={() => void flow.refetch()} />;
  }
  if (!flow.data || !graph || text === undefined) return <Spin />;
  const data: Flow = flow.data;

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

  const selectNode = (id: string) => {
    if (tab !== 'designer') return;
    setGraph((g) => g && { ...g, nodes: g.nodes.map((n) => ({ ...n, selected: n.id === id })) });
  };

  const toolbar = (
    <Flex gap={8} wrap align="center">
      {dirty ? <Tag color="orange">{t('ivr.unsaved')}</Tag> : null}
      <Button
        loading={check.isPending}
        onClick={() => {
          const doc = outgoing();
          if (doc) check.mutate(doc.value);
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
          const doc = outgoing();
          if (doc) save.mutate(doc.value);
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
      <Button disabled={!dirty} onClick={revert}>
        {t('ivr.revert')}
      </Button>
    </Flex>
  );

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
      <Card size="small">
        <Tabs
          activeKey={tab}
          onChange={(k) => void switchTab(k as Tab)}
          destroyOnHidden
          tabBarExtraContent={toolbar}
          data-testid={IVR_IDS.tabs}
          items={[
            {
              key: 'designer',
              label: t('ivr.tabs.designer'),
              children: (
                <FlowDesigner
                  graph={graph}
                  setGraph={(change) => setGraph((g) => (g ? change(g) : g))}
                  issues={placed}
                  onLayoutChange={() => setMoved(true)}
                />
              ),
            },
            {
              key: 'json',
              label: t('ivr.tabs.json'),
              children: (
                <Input.TextArea
                  value={text}
                  onChange={(e) => setText(e.target.value)}
                  autoSize={{ minRows: 18, maxRows: 40 }}
                  spellCheck={false}
                  style={MONO}
                  aria-label={t('ivr.draft')}
                  data-testid={IVR_IDS.json}
                />
              ),
            },
          ]}
        />
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
                  {placed.map((i) => (
                    <li key={`${i.path}:${i.message}`}>
                      <Typography.Text code>{i.path || '/'}</Typography.Text>{' '}
                      {i.node && byId.has(i.node) && tab === 'designer' ? (
                        <Typography.Link onClick={() => selectNode(i.node ?? '')}>
                          {describeIssue(t, i, byId, graph.edges) ?? i.message}
                        </Typography.Link>
                      ) : (
                        i.message
                      )}
                    </li>
                  ))}
                </ul>
              }
            />
          ) : null}
        </div>
      </Card>
      <Card size="small" title={t('ivr.versions')} style={{ marginTop: 16 }}>
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
      {viewing !== undefined ? (
        <FlowVersionDialog flowId={flowId} version={viewing} onClose={() => setViewing(undefined)} />
      ) : null}
    </>
  );
}
