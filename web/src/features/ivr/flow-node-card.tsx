import {
  ApiOutlined,
  AppstoreOutlined,
  AudioOutlined,
  ClockCircleOutlined,
  NumberOutlined,
  PhoneOutlined,
  SoundOutlined,
  StarOutlined,
  StopOutlined,
  TagsOutlined,
  TeamOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import { Handle, type NodeProps, Position, useUpdateNodeInternals } from '@xyflow/react';
import { Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { createContext, memo, type ReactNode, useContext, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { IvrNodeType } from '../../../../contracts/ivr';
import { type DocNode, type Exit, exitsOf, type IvrFlowNode } from './flow-graph';
import { EXIT_ROW, NODE_HEADER, NODE_WIDTH } from './flow-layout';
import { IVR_IDS } from './testids';

export const NODE_ICONS: Record<IvrNodeType, ReactNode> = {
  play: <SoundOutlined />,
  menu: <AppstoreOutlined />,
  collect: <NumberOutlined />,
  business_hours: <ClockCircleOutlined />,
  http: <ApiOutlined />,
  set: <TagsOutlined />,
  queue: <TeamOutlined />,
  voicemail: <AudioOutlined />,
  transfer: <PhoneOutlined />,
  survey: <StarOutlined />,
  hangup: <StopOutlined />,
  incident_active: <WarningOutlined />,
};

export const NODE_COLORS: Record<IvrNodeType, string> = {
  play: '#1677ff',
  menu: '#722ed1',
  collect: '#13c2c2',
  business_hours: '#fa8c16',
  http: '#2f54eb',
  set: '#597ef7',
  queue: '#389e0d',
  voicemail: '#08979c',
  transfer: '#d46b08',
  survey: '#d4b106',
  hangup: '#8c8c8c',
  incident_active: '#cf1322',
};

const RED = '#ff4d4f';

/** The label of an exit handle: 按 1 / Press 1, 多次失败, 工作时间内 … */
export function exitLabel(t: TFunction, type: IvrNodeType, exit: Exit): string {
  if (exit.key !== undefined) return t('ivr.exits.key', { key: exit.key });
  if (exit.field === 'next') {
    const byType: Partial<Record<IvrNodeType, string>> = {
      collect: 'ivr.exits.collectNext',
      http: 'ivr.exits.httpNext',
      queue: 'ivr.exits.queueNext',
      transfer: 'ivr.exits.transferNext',
    };
    return t(byType[type] ?? 'ivr.exits.next');
  }
  return t(`ivr.exits.${exit.field}`);
}

/** What the canvas knows beyond the nodes themselves: findings, the start, names for summaries. */
export type DesignerView = {
  start: string;
  /** Translated findings per node id. */
  issues: ReadonlyMap<string, string[]>;
  /** `node→field` of exits a finding concerns. */
  exitIssues: ReadonlySet<string>;
  /** `node→field` of exits with an edge. */
  connected: ReadonlySet<string>;
  /** One line saying what the node does (prompt descriptions, the queue's name …). */
  summary: (body: DocNode) => string;
};

export const DesignerViewContext = createContext<DesignerView>({
  start: '',
  issues: new Map(),
  exitIssues: new Set(),
  connected: new Set(),
  summary: () => '',
});

/** A node on the canvas: type and id, a one-line summary, an entry on the left, labelled exits on the right. */
export const IvrNodeCard = memo(function IvrNodeCard({ id, data, selected }: NodeProps<IvrFlowNode>) {
  const { t } = useTranslation();
  const view = useContext(DesignerViewContext);
  const body = data.body;
  const issues = view.issues.get(id) ?? [];
  const exits = exitsOf(body);
  const color = NODE_COLORS[body.type] ?? '#8c8c8c';
  const invalid = issues.length > 0;
  // Handles come and go with a menu's keys, and findings change the card's height: React Flow
  // measures the node again. Not on mount — React Flow measures new nodes itself, and an early
  // measurement of one node would let the initial fit-to-view run before the others are measured.
  const updateInternals = useUpdateNodeInternals();
  const shape = `${exits.map((x) => x.field).join(' ')}|${issues.length}`;
  const measured = useRef(shape);
  useEffect(() => {
    if (measured.current === shape) return;
    measured.current = shape;
    updateInternals(id);
  }, [id, shape, updateInternals]);
  return (
    <div
      data-testid={IVR_IDS.node(id)}
      data-invalid={invalid ? 'true' : 'false'}
      style={{
        width: NODE_WIDTH,
        background: '#fff',
        borderRadius: 8,
        border: `${invalid || selected ? 2 : 1}px solid ${invalid ? RED : selected ? '#1677ff' : '#d9d9d9'}`,
        boxShadow: selected ? '0 0 0 3px rgba(22,119,255,0.15)' : '0 1px 3px rgba(0,0,0,0.08)',
        fontSize: 12,
      }}
    >
      <Handle
        type="target"
        position={Position.Left}
        id="in"
        data-testid={IVR_IDS.entry(id)}
        style={{ top: NODE_HEADER / 2, width: 10, height: 26, borderRadius: 4, background: color, border: 'none' }}
      />
      <div style={{ height: NODE_HEADER, padding: '6px 10px', borderBottom: '1px solid #f0f0f0' }}>
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 6 }}>
          <span style={{ color, fontWeight: 600, fontSize: 13, whiteSpace: 'nowrap' }}>
            {NODE_ICONS[body.type]} {t(`ivr.nodeTypes.${body.type}`, { defaultValue: body.type })}
          </span>
          {view.start === id ? (
            <Tag color="green" style={{ marginInlineEnd: 0 }}>
              {t('ivr.designer.start')}
            </Tag>
          ) : (
            <Typography.Text type="secondary" style={{ fontSize: 11 }} ellipsis data-identifier>
              {id}
            </Typography.Text>
          )}
        </div>
        <Typography.Text type="secondary" ellipsis style={{ display: 'block', fontSize: 12, marginTop: 4 }}>
          {view.start === id ? <span data-identifier>{id} · </span> : null}
          {view.summary(body)}
        </Typography.Text>
      </div>
      <div style={{ padding: '6px 0' }}>
        {exits.length === 0 ? (
          <div style={{ height: EXIT_ROW, lineHeight: `${EXIT_ROW}px`, paddingInline: 10, color: '#8c8c8c' }}>
            {t('ivr.exits.none')}
          </div>
        ) : null}
        {exits.map((x) => {
          const key = `${id}→${x.field}`;
          const open = !view.connected.has(key);
          const flagged = view.exitIssues.has(key);
          return (
            <div
              key={x.field}
              style={{
                position: 'relative',
                height: EXIT_ROW,
                lineHeight: `${EXIT_ROW}px`,
                textAlign: 'right',
                paddingInline: '10px 16px',
                color: flagged ? RED : open && x.optional ? '#8c8c8c' : '#262626',
              }}
            >
              {exitLabel(t, body.type, x)}
              <Handle
                type="source"
                position={Position.Right}
                id={x.field}
                data-testid={IVR_IDS.exit(id, x.field)}
                data-connected={open ? 'false' : 'true'}
                style={{
                  width: 12,
                  height: 12,
                  background: open ? '#fff' : color,
                  border: `2px solid ${flagged ? RED : color}`,
                }}
              />
            </div>
          );
        })}
      </div>
      {invalid ? (
        <div
          data-testid={IVR_IDS.nodeIssues(id)}
          role="alert"
          style={{
            color: '#cf1322',
            background: '#fff1f0',
            borderTop: '1px solid #ffccc7',
            borderRadius: '0 0 8px 8px',
            padding: '4px 10px',
          }}
        >
          {issues.map((m) => (
            <div key={m}>{m}</div>
          ))}
        </div>
      ) : null}
    </div>
  );
});
