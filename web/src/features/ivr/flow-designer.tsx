import { ApartmentOutlined, DeleteOutlined, FlagOutlined } from '@ant-design/icons';
import {
  applyEdgeChanges,
  applyNodeChanges,
  Background,
  Controls,
  type EdgeChange,
  MarkerType,
  MiniMap,
  type NodeChange,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { Button, Card, Divider, Flex, Form, Input, Select, Space, Typography } from 'antd';
import { type PointerEvent as ReactPointerEvent, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IVR_LANGUAGES, type IvrLanguage, type IvrNodeType, NODE_ID_PATTERN } from '../../../../contracts/ivr';
import { usePromptLibrary, useQueues } from './api';
import {
  connectExit,
  type DocNode,
  exitOfIssue,
  exitsOf,
  type FlowGraph,
  type IvrFlowEdge,
  type IvrFlowNode,
  NODE_TYPES,
  newNodeBody,
  newNodeId,
  type PlacedIssue,
  pruneEdges,
  renameNode,
} from './flow-graph';
import { describeIssue } from './flow-issues';
import { autoLayout, NODE_WIDTH } from './flow-layout';
import {
  type DesignerView,
  DesignerViewContext,
  exitLabel,
  IvrNodeCard,
  NODE_COLORS,
  NODE_ICONS,
} from './flow-node-card';
import { NodeForm } from './node-form';
import { IVR_IDS } from './testids';

const NODE_RENDERERS = { ivr: IvrNodeCard };
const LANGUAGE_LABELS: Record<IvrLanguage, string> = { 'zh-CN': '中文（普通话）', 'en-US': 'English' };
const CANVAS_HEIGHT = 'calc(100vh - 250px)';

/** Changes the drawing (always from the latest one). */
export type SetGraph = (change: (graph: FlowGraph) => FlowGraph) => void;

type Props = {
  graph: FlowGraph;
  setGraph: SetGraph;
  /** The server's latest findings, placed on nodes where they concern one. */
  issues: PlacedIssue[];
  /** The admin moved, added or arranged nodes (positions are part of the draft). */
  onLayoutChange: () => void;
};

/** The visual designer: the palette, the canvas and the side panel of the selected node (or the flow). */
export function FlowDesigner(props: Props) {
  return (
    <ReactFlowProvider>
      <Designer {...props} />
    </ReactFlowProvider>
  );
}

function Designer({ graph, setGraph, issues, onLayoutChange }: Props) {
  const { t } = useTranslation();
  const flow = useReactFlow<IvrFlowNode, IvrFlowEdge>();
  const canvas = useRef<HTMLDivElement>(null);
  const summary = useSummary(graph.language);

  const view = useMemo<DesignerView>(() => {
    const byId = new Map(graph.nodes.map((n) => [n.id, n]));
    const messages = new Map<string, string[]>();
    const exitIssues = new Set<string>();
    for (const issue of issues) {
      const node = issue.node ? byId.get(issue.node) : undefined;
      if (!node) continue;
      const text = describeIssue(t, issue, byId, graph.edges);
      if (text === undefined) continue;
      const exit = exitOfIssue(node.data.body, issue.field);
      if (exit) exitIssues.add(`${node.id}→${exit.field}`);
      messages.set(node.id, [...(messages.get(node.id) ?? []), text]);
    }
    return {
      start: graph.start,
      issues: messages,
      exitIssues,
      connected: new Set(graph.edges.map((e) => `${e.source}→${e.sourceHandle}`)),
      summary,
    };
  }, [graph, issues, summary, t]);

  /** Adds a node where it was dropped (client coordinates), or in the middle of the view. */
  const add = (type: IvrNodeType, at: { x: number; y: number } | null) => {
    const box = canvas.current?.getBoundingClientRect();
    if (!box) return;
    if (at && (at.x < box.left || at.x > box.right || at.y < box.top || at.y > box.bottom)) return;
    const point = flow.screenToFlowPosition(at ?? { x: box.left + box.width / 2, y: box.top + box.height / 2 });
    setGraph((g) => {
      const id = newNodeId(
        type,
        g.nodes.map((n) => n.id),
      );
      const node: IvrFlowNode = {
        id,
        type: 'ivr',
        position: { x: Math.round(point.x - NODE_WIDTH / 2), y: Math.round(point.y - 20) },
        data: { body: newNodeBody(type, g.language) },
        selected: true,
      };
      return {
        ...g,
        start: g.nodes.length === 0 ? id : g.start,
        nodes: [...g.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), node],
      };
    });
    onLayoutChange();
  };

  const onNodesChange = (changes: NodeChange<IvrFlowNode>[]) => {
    setGraph((g) => {
      const nodes = applyNodeChanges(changes, g.nodes);
      const removed = new Set(changes.flatMap((c) => (c.type === 'remove' ? [c.id] : [])));
      const edges = removed.size ? g.edges.filter((e) => !removed.has(e.source) && !removed.has(e.target)) : g.edges;
      return { ...g, nodes, edges };
    });
    if (changes.some((c) => (c.type === 'position' && c.dragging === false) || c.type === 'remove')) onLayoutChange();
  };
  const onEdgesChange = (changes: EdgeChange<IvrFlowEdge>[]) =>
    setGraph((g) => ({ ...g, edges: applyEdgeChanges(changes, g.edges) }));

  const arrange = async () => {
    const nodes = await autoLayout(graph.nodes, graph.edges, 'all');
    setGraph((g) => ({
      ...g,
      nodes: g.nodes.map((n) => ({ ...n, position: nodes.find((m) => m.id === n.id)?.position ?? n.position })),
    }));
    onLayoutChange();
    requestAnimationFrame(() => void flow.fitView({ padding: 0.12, maxZoom: 1 }));
  };

  const selected = graph.nodes.find((n) => n.selected);

  return (
    <DesignerViewContext.Provider value={view}>
      <Flex gap={12} align="stretch" data-testid={IVR_IDS.designer}>
        <Palette onAdd={add} />
        <div
          ref={canvas}
          style={{
            flex: 1,
            minWidth: 0,
            height: CANVAS_HEIGHT,
            minHeight: 480,
            border: '1px solid #f0f0f0',
            borderRadius: 8,
          }}
          data-testid={IVR_IDS.canvas}
        >
          <ReactFlow<IvrFlowNode, IvrFlowEdge>
            nodes={graph.nodes}
            edges={graph.edges}
            nodeTypes={NODE_RENDERERS}
            onNodesChange={onNodesChange}
            onEdgesChange={onEdgesChange}
            onConnect={(c) => {
              if (!c.sourceHandle) return;
              const field = c.sourceHandle;
              setGraph((g) => ({ ...g, edges: connectExit(g.edges, c.source, field, c.target) }));
            }}
            defaultEdgeOptions={{ type: 'smoothstep', markerEnd: { type: MarkerType.ArrowClosed } }}
            deleteKeyCode={['Delete', 'Backspace']}
            fitView
            fitViewOptions={{ padding: 0.12, maxZoom: 1 }}
            minZoom={0.2}
            maxZoom={1.5}
            // An edge to a node the document does not have (typed JSON) is not drawn; the finding says so.
            onError={(code, message) => {
              if (code !== '008') console.warn(message);
            }}
          >
            <Background gap={16} />
            <Controls showInteractive={false} />
            <MiniMap<IvrFlowNode> pannable zoomable nodeColor={(n) => NODE_COLORS[n.data.body.type] ?? '#bfbfbf'} />
          </ReactFlow>
        </div>
        <Card
          size="small"
          style={{ width: 360, flexShrink: 0, height: CANVAS_HEIGHT, minHeight: 480, overflow: 'auto' }}
          data-testid={IVR_IDS.panel}
        >
          {selected ? (
            <NodePanel key={selected.id} node={selected} graph={graph} setGraph={setGraph} issues={issues} />
          ) : (
            <FlowPanel graph={graph} setGraph={setGraph} issues={issues} onAutoLayout={() => void arrange()} />
          )}
        </Card>
      </Flex>
    </DesignerViewContext.Provider>
  );
}

/**
 * The node types to add: drag one onto the canvas (pointer events, so a mouse, a pen and a test
 * driving the mouse all work) or click it (or Enter) to place it in the middle of the view.
 */
function Palette({ onAdd }: { onAdd: (type: IvrNodeType, at: { x: number; y: number } | null) => void }) {
  const { t } = useTranslation();
  const [ghost, setGhost] = useState<{ type: IvrNodeType; x: number; y: number }>();
  const drag = (type: IvrNodeType) => (e: ReactPointerEvent) => {
    if (e.button !== 0) return;
    e.preventDefault();
    const x0 = e.clientX;
    const y0 = e.clientY;
    let moved = false;
    const move = (ev: PointerEvent) => {
      if (Math.hypot(ev.clientX - x0, ev.clientY - y0) > 4) moved = true;
      if (moved) setGhost({ type, x: ev.clientX, y: ev.clientY });
    };
    const up = (ev: PointerEvent) => {
      window.removeEventListener('pointermove', move);
      setGhost(undefined);
      onAdd(type, moved ? { x: ev.clientX, y: ev.clientY } : null);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up, { once: true });
  };
  return (
    <Card
      size="small"
      title={t('ivr.designer.palette')}
      style={{ width: 190, flexShrink: 0 }}
      styles={{ body: { padding: 8 } }}
    >
      <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginBottom: 8 }}>
        {t('ivr.designer.paletteHelp')}
      </Typography.Text>
      <Flex vertical gap={6}>
        {NODE_TYPES.map((type) => (
          <Button
            key={type}
            block
            icon={NODE_ICONS[type]}
            style={{ justifyContent: 'flex-start', color: NODE_COLORS[type], cursor: 'grab', touchAction: 'none' }}
            onPointerDown={drag(type)}
            // Keyboard activation (detail 0); pointer clicks are handled on pointer up.
            onClick={(e) => {
              if (e.detail === 0) onAdd(type, null);
            }}
            data-testid={IVR_IDS.paletteItem(type)}
          >
            {t(`ivr.nodeTypes.${type}`)}
          </Button>
        ))}
      </Flex>
      {ghost ? (
        <div
          style={{
            position: 'fixed',
            left: ghost.x - 60,
            top: ghost.y - 14,
            pointerEvents: 'none',
            zIndex: 1000,
            padding: '4px 10px',
            background: '#fff',
            border: `1px solid ${NODE_COLORS[ghost.type]}`,
            borderRadius: 6,
            color: NODE_COLORS[ghost.type],
            boxShadow: '0 4px 12px rgba(0,0,0,0.15)',
          }}
        >
          {NODE_ICONS[ghost.type]} {t(`ivr.nodeTypes.${ghost.type}`)}
        </div>
      ) : null}
    </Card>
  );
}

/** Findings of one node by its field (`prompts`, `queue`, `weekly.mon` …), for the form. */
function fieldIssuesOf(node: IvrFlowNode, issues: PlacedIssue[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const i of issues) {
    if (i.node !== node.id || !i.field || exitOfIssue(node.data.body, i.field)) continue;
    const parts = i.field.split('.');
    const key = parts[0] === 'weekly' ? parts.slice(0, 2).join('.') : (parts[0] ?? '');
    if (!out.has(key)) out.set(key, i.message);
  }
  return out;
}

function NodePanel({
  node,
  graph,
  setGraph,
  issues,
}: {
  node: IvrFlowNode;
  graph: FlowGraph;
  setGraph: SetGraph;
  issues: PlacedIssue[];
}) {
  const { t } = useTranslation();
  const [id, setId] = useState(node.id);
  const taken = id !== node.id && graph.nodes.some((n) => n.id === id);
  const badId = !NODE_ID_PATTERN.test(id);
  const rename = () => {
    if (id === node.id || taken || badId) return;
    setGraph((g) => renameNode(g, node.id, id));
  };
  const update = (body: DocNode) =>
    setGraph((g) => {
      const nodes = g.nodes.map((n) => (n.id === node.id ? { ...n, data: { body } } : n));
      return { ...g, nodes, edges: pruneEdges(nodes, g.edges) };
    });
  const body = node.data.body;
  const targets = new Map(graph.edges.filter((e) => e.source === node.id).map((e) => [e.sourceHandle, e.target]));
  return (
    <>
      <Flex justify="space-between" align="center" style={{ marginBottom: 12 }}>
        <Typography.Title level={5} style={{ margin: 0, color: NODE_COLORS[body.type] }}>
          {NODE_ICONS[body.type]} {t(`ivr.nodeTypes.${body.type}`)}
        </Typography.Title>
        <Space size={4}>
          {graph.start !== node.id ? (
            <Button size="small" icon={<FlagOutlined />} onClick={() => setGraph((g) => ({ ...g, start: node.id }))}>
              {t('ivr.designer.setStart')}
            </Button>
          ) : null}
          <Button
            size="small"
            danger
            icon={<DeleteOutlined />}
            aria-label={t('ivr.designer.deleteNode')}
            title={t('ivr.designer.deleteNode')}
            onClick={() =>
              setGraph((g) => ({
                ...g,
                nodes: g.nodes.filter((n) => n.id !== node.id),
                edges: g.edges.filter((e) => e.source !== node.id && e.target !== node.id),
              }))
            }
            data-testid={IVR_IDS.nodeDelete}
          />
        </Space>
      </Flex>
      <Form layout="vertical" size="small">
        <Form.Item
          label={t('ivr.designer.nodeId')}
          extra={t('ivr.designer.nodeIdHelp')}
          validateStatus={taken || badId ? 'error' : undefined}
          help={taken ? t('ivr.designer.nodeIdTaken') : badId ? t('ivr.form.keyPattern') : undefined}
        >
          <Input
            value={id}
            onChange={(e) => setId(e.target.value.trim())}
            onBlur={rename}
            onPressEnter={rename}
            autoComplete="off"
            data-testid={IVR_IDS.nodeId}
          />
        </Form.Item>
      </Form>
      <NodeForm body={body} language={graph.language} fieldIssues={fieldIssuesOf(node, issues)} onChange={update} />
      <Divider style={{ margin: '8px 0' }} />
      <Typography.Text strong>{t('ivr.designer.exitsTitle')}</Typography.Text>
      <ul style={{ margin: '4px 0 0', paddingInlineStart: 18 }}>
        {exitsOf(body).map((x) => (
          <li key={x.field}>
            {exitLabel(t, body.type, x)} →{' '}
            {targets.get(x.field) ? (
              <Typography.Text code>{targets.get(x.field)}</Typography.Text>
            ) : (
              <Typography.Text type={x.optional ? 'secondary' : 'danger'}>{t('ivr.exits.unconnected')}</Typography.Text>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}

function FlowPanel({
  graph,
  setGraph,
  issues,
  onAutoLayout,
}: {
  graph: FlowGraph;
  setGraph: SetGraph;
  issues: PlacedIssue[];
  onAutoLayout: () => void;
}) {
  const { t } = useTranslation();
  const onFlow = issues.filter((i) => !i.node || !graph.nodes.some((n) => n.id === i.node));
  return (
    <>
      <Flex justify="space-between" align="center" style={{ marginBottom: 12 }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('ivr.designer.flowSettings')}
        </Typography.Title>
        <Button size="small" icon={<ApartmentOutlined />} onClick={onAutoLayout} data-testid={IVR_IDS.autoLayout}>
          {t('ivr.designer.autoLayout')}
        </Button>
      </Flex>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('ivr.designer.flowHelp')}
      </Typography.Paragraph>
      <Form layout="vertical" size="small">
        <Form.Item label={t('ivr.designer.startNode')}>
          <Select
            value={graph.start}
            onChange={(start) => setGraph((g) => ({ ...g, start }))}
            options={graph.nodes.map((n) => ({
              value: n.id,
              label: `${n.id} · ${t(`ivr.nodeTypes.${n.data.body.type}`)}`,
            }))}
            data-testid={IVR_IDS.startSelect}
          />
        </Form.Item>
        <Form.Item label={t('ivr.designer.language')}>
          <Select
            value={graph.language}
            onChange={(language) => setGraph((g) => ({ ...g, language }))}
            options={IVR_LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_LABELS[l] }))}
          />
        </Form.Item>
      </Form>
      <Typography.Text type="secondary">{t('ivr.designer.nodes', { count: graph.nodes.length })}</Typography.Text>
      {onFlow.length > 0 ? (
        <ul style={{ color: '#cf1322', paddingInlineStart: 18 }}>
          {onFlow.map((i) => (
            <li key={`${i.path}:${i.message}`}>
              <Typography.Text code>{i.path}</Typography.Text> {i.message}
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

/** The one-line summary of a node on its card: prompts by description, the queue by name … */
function useSummary(language: IvrLanguage): (body: DocNode) => string {
  const { t, i18n } = useTranslation();
  const library = usePromptLibrary();
  const queues = useQueues();
  return useMemo(() => {
    const ui = i18n.language === 'en-US' ? 'en-US' : 'zh-CN';
    const prompts = new Map(
      (library.data ?? [])
        .filter((p) => p.language === language)
        .map((p) => [p.key, p.description?.[ui] || p.key] as const),
    );
    const queueNames = new Map((queues.data ?? []).map((q) => [q.key, q.name] as const));
    const sep = ui === 'zh-CN' ? '、' : ', ';
    const promptList = (v: unknown) =>
      Array.isArray(v)
        ? v
            .map((r: { prompt?: string; say?: string; value?: string }) =>
              r.prompt !== undefined
                ? (prompts.get(r.prompt) ?? r.prompt)
                : r.say
                  ? t(`ivr.fields.sayKinds.${r.say}`)
                  : '',
            )
            .filter(Boolean)
            .join(sep)
        : '';
    return (body: DocNode) => {
      switch (body.type) {
        case 'queue':
        case 'voicemail': {
          const key = String(body.queue ?? '');
          return key ? (queueNames.get(key) ?? key) : t('ivr.fields.pickQueue');
        }
        case 'collect':
        case 'survey':
          return `{{${String(body.variable ?? '')}}}`;
        case 'business_hours': {
          const weekly = (body.weekly ?? {}) as Record<string, string[] | undefined>;
          return `${t('ivr.fields.weekdays.mon')} ${(weekly.mon ?? []).join(' ') || '—'}`;
        }
        case 'http':
          return `${String(body.method ?? 'GET')} ${String(body.url ?? '')}`;
        case 'set':
          return (
            Object.keys((body.attributes ?? {}) as object).join(sep) || (body.language ? String(body.language) : '')
          );
        case 'transfer':
          return String(body.number ?? '');
        default:
          return promptList(body.prompts);
      }
    };
  }, [library.data, queues.data, language, i18n.language, t]);
}
