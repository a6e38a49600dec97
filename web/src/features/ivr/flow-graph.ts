import type { Edge, Node } from '@xyflow/react';
import type { FlowIssue, IvrLanguage, IvrNodeType, NodePosition } from '../../../../contracts/ivr';

/**
 * The visual designer's view of a flow document (contracts/ivr.ts): one canvas node per document
 * node, one edge per connected exit. The document stays the truth — `toGraph` and `toDocument` are
 * inverses (flow-graph.test.ts proves the round trip for the demo hotline and every node type), so a
 * flow drawn on the canvas and the same flow typed as JSON are one document.
 *
 * Each node keeps its fields except the exits (`next`, `onFailure`, `options.<key>` …), which become
 * edges from the node's labelled exit handle. A menu's keys stay on the node (`options` with empty
 * targets): a key without an edge is an unconnected exit, written to the document as `""` so the
 * server names it (`nodes.menu.options.3`). A required exit without an edge is left out of the node
 * (the server names `nodes.x.next`); an optional one (a queue's `onTimeout`) just means "none".
 *
 * Positions live in the document's optional `layout` map, which the runner never reads; nodes
 * without a position are laid out automatically (flow-layout.ts).
 */

/** A document node as the designer holds it: loosely typed, since a typed draft may be invalid. */
export type DocNode = { type: IvrNodeType } & Record<string, unknown>;
/** A flow document as the designer reads and writes it (the server checks it). */
export type FlowDoc = {
  language: IvrLanguage;
  start: string;
  nodes: Record<string, DocNode>;
  layout?: Record<string, NodePosition>;
};

export type IvrNodeData = { body: DocNode };
export type IvrFlowNode = Node<IvrNodeData, 'ivr'>;
export type IvrFlowEdge = Edge;
export type FlowGraph = { language: IvrLanguage; start: string; nodes: IvrFlowNode[]; edges: IvrFlowEdge[] };

export const NODE_TYPES: readonly IvrNodeType[] = [
  'play',
  'menu',
  'collect',
  'business_hours',
  'http',
  'set',
  'queue',
  'voicemail',
  'transfer',
  'survey',
  'hangup',
  'incident_active',
];

/** An exit of a node: the document field it writes (`options.1` for a menu key). */
export type Exit = { field: string; optional: boolean; key?: string };

/** The fixed exits of each node type; a menu's key exits come first (see exitsOf). */
const FIXED_EXITS: Record<IvrNodeType, Array<{ field: string; optional: boolean }>> = {
  play: [{ field: 'next', optional: false }],
  menu: [{ field: 'onFailure', optional: false }],
  collect: [
    { field: 'next', optional: false },
    { field: 'onFailure', optional: false },
  ],
  business_hours: [
    { field: 'open', optional: false },
    { field: 'closed', optional: false },
  ],
  incident_active: [
    { field: 'active', optional: false },
    { field: 'inactive', optional: false },
  ],
  http: [
    { field: 'next', optional: false },
    { field: 'onError', optional: false },
  ],
  set: [{ field: 'next', optional: false }],
  queue: [
    { field: 'next', optional: false },
    { field: 'onTimeout', optional: true },
    { field: 'onCallback', optional: true },
  ],
  voicemail: [{ field: 'next', optional: false }],
  transfer: [{ field: 'next', optional: true }],
  survey: [{ field: 'next', optional: false }],
  hangup: [],
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A menu's keys, in the document's order. */
export function menuKeys(body: DocNode): string[] {
  return isRecord(body.options) ? Object.keys(body.options) : [];
}

/** Every exit of a node, in the order the node card shows them. */
export function exitsOf(body: DocNode): Exit[] {
  const keys: Exit[] =
    body.type === 'menu' ? menuKeys(body).map((key) => ({ field: `options.${key}`, optional: false, key })) : [];
  return [...keys, ...(FIXED_EXITS[body.type] ?? [])];
}

/** The node without its exits (a menu keeps its keys, targets emptied). */
function bodyOf(node: DocNode): DocNode {
  const body: DocNode = { ...node };
  for (const { field } of FIXED_EXITS[node.type] ?? []) delete body[field];
  if (node.type === 'menu' && isRecord(node.options)) {
    body.options = Object.fromEntries(Object.keys(node.options).map((k) => [k, '']));
  }
  return body;
}

const edgeId = (source: string, field: string) => `${source}→${field}`;

/** The edge of one exit. */
export function exitEdge(source: string, field: string, target: string): IvrFlowEdge {
  return { id: edgeId(source, field), source, sourceHandle: field, target, targetHandle: 'in' };
}

function targetOf(node: DocNode, field: string): unknown {
  if (field.startsWith('options.')) return isRecord(node.options) ? node.options[field.slice(8)] : undefined;
  return node[field];
}

/** Document → canvas. Nodes without a stored position sit at 0,0 and are listed in `unplaced`. */
export function toGraph(doc: FlowDoc): FlowGraph & { unplaced: string[] } {
  const nodes: IvrFlowNode[] = [];
  const edges: IvrFlowEdge[] = [];
  const unplaced: string[] = [];
  for (const [id, node] of Object.entries(doc.nodes)) {
    const at = doc.layout?.[id];
    if (!at) unplaced.push(id);
    nodes.push({ id, type: 'ivr', position: at ? { x: at.x, y: at.y } : { x: 0, y: 0 }, data: { body: bodyOf(node) } });
    for (const exit of exitsOf(node)) {
      const target = targetOf(node, exit.field);
      if (typeof target === 'string' && target !== '') edges.push(exitEdge(id, exit.field, target));
    }
  }
  return { language: doc.language, start: doc.start, nodes, edges, unplaced };
}

/** Canvas → document: each node's fields, its exits from the edges, and every position. */
export function toDocument(graph: FlowGraph): FlowDoc {
  const targets = new Map(graph.edges.map((e) => [edgeId(e.source, e.sourceHandle ?? ''), e.target]));
  const nodes: Record<string, DocNode> = {};
  const layout: Record<string, NodePosition> = {};
  for (const n of graph.nodes) {
    const node: DocNode = { ...n.data.body };
    if (node.type === 'menu') {
      node.options = Object.fromEntries(
        menuKeys(node).map((key) => [key, targets.get(edgeId(n.id, `options.${key}`)) ?? '']),
      );
    }
    for (const { field } of FIXED_EXITS[node.type] ?? []) {
      const target = targets.get(edgeId(n.id, field));
      if (target !== undefined) node[field] = target;
    }
    nodes[n.id] = node;
    layout[n.id] = { x: Math.round(n.position.x), y: Math.round(n.position.y) };
  }
  return { language: graph.language, start: graph.start, nodes, layout };
}

// ---- edits -------------------------------------------------------------------------------------

/** Connects an exit to a node; an exit has one target, so an earlier edge of it goes. */
export function connectExit(edges: IvrFlowEdge[], source: string, field: string, target: string): IvrFlowEdge[] {
  const id = edgeId(source, field);
  return [...edges.filter((e) => e.id !== id), exitEdge(source, field, target)];
}

const ID_PREFIX: Record<IvrNodeType, string> = {
  play: 'play',
  menu: 'menu',
  collect: 'collect',
  business_hours: 'hours',
  http: 'http',
  set: 'set',
  queue: 'queue',
  voicemail: 'voicemail',
  transfer: 'transfer',
  survey: 'survey',
  hangup: 'hangup',
  incident_active: 'outage',
};

/** A fresh node id for a type: `menu_1`, `menu_2` … */
export function newNodeId(type: IvrNodeType, taken: Iterable<string>): string {
  const used = new Set(taken);
  for (let i = 1; ; i++) {
    const id = `${ID_PREFIX[type]}_${i}`;
    if (!used.has(id)) return id;
  }
}

/** What a node dropped from the palette starts with: the schema's defaults, exits unconnected. */
export function newNodeBody(type: IvrNodeType, language: IvrLanguage): DocNode {
  switch (type) {
    case 'play':
      return { type, prompts: [{ prompt: 'welcome' }] };
    case 'menu':
      return {
        type,
        prompts: [{ prompt: 'menu' }],
        options: { '1': '' },
        timeoutSeconds: 5,
        maxRetries: 3,
        invalidPrompts: [{ prompt: 'invalid' }],
        noInputPrompts: [{ prompt: 'no-input' }],
      };
    case 'collect':
      return {
        type,
        prompts: [],
        variable: 'digits',
        minDigits: 1,
        maxDigits: 8,
        terminator: '#',
        timeoutSeconds: 5,
        interDigitSeconds: 3,
        maxRetries: 3,
        invalidPrompts: [{ prompt: 'invalid' }],
        noInputPrompts: [{ prompt: 'no-input' }],
      };
    case 'business_hours': {
      const day = ['09:00-18:00'];
      return {
        type,
        timezone: 'Asia/Shanghai',
        weekly: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: [], sun: [] },
        holidays: [],
        workdays: [],
      };
    }
    case 'http':
      return { type, url: 'https://', method: 'GET', timeoutMs: 3000, assign: {} };
    case 'set':
      return { type, attributes: {}, language };
    case 'queue':
      return {
        type,
        queue: '',
        announceEverySeconds: 30,
        announcePosition: true,
        announceWait: true,
        callbackOffer: false,
      };
    case 'voicemail':
      return { type, queue: '', maxSeconds: 120, prompts: [{ prompt: 'voicemail' }] };
    case 'transfer':
      return { type, number: '' };
    case 'survey':
      return { type, prompts: [{ prompt: 'survey' }], variable: 'csat' };
    case 'hangup':
      return { type, prompts: [{ prompt: 'goodbye' }] };
    case 'incident_active':
      return { type, service: 'broadband', prompts: [] };
  }
}

/** A menu's keys changed in its form: edges of removed keys go. */
export function withMenuKeys(body: DocNode, keys: string[]): DocNode {
  return { ...body, options: Object.fromEntries(keys.map((k) => [k, ''])) };
}

/** Drops edges whose exit no longer exists on their node (a removed menu key). */
export function pruneEdges(nodes: IvrFlowNode[], edges: IvrFlowEdge[]): IvrFlowEdge[] {
  const exits = new Set(nodes.flatMap((n) => exitsOf(n.data.body).map((x) => edgeId(n.id, x.field))));
  return edges.filter((e) => exits.has(e.id));
}

/** Renames a node: its edges in and out, and the start, follow. */
export function renameNode(graph: FlowGraph, from: string, to: string): FlowGraph {
  const id = (v: string) => (v === from ? to : v);
  return {
    ...graph,
    start: id(graph.start),
    nodes: graph.nodes.map((n) => (n.id === from ? { ...n, id: to } : n)),
    edges: graph.edges.map((e) =>
      e.source === from || e.target === from ? exitEdge(id(e.source), e.sourceHandle ?? '', id(e.target)) : e,
    ),
  };
}

// ---- findings ----------------------------------------------------------------------------------

/** A finding of the server placed on the canvas: on a node (and one of its exits), or on the flow. */
export type PlacedIssue = FlowIssue & { node?: string; field?: string };

/** Where a finding's path (`definition.nodes.menu.options.3`) points. */
export function placeIssue(issue: FlowIssue): PlacedIssue {
  const path = issue.path.replace(/^definition\.?/, '');
  const m = /^(?:nodes|layout)\.([^.]+)(?:\.(.+))?$/.exec(path);
  if (!m) return issue;
  return { ...issue, node: m[1], ...(m[2] ? { field: m[2] } : {}) };
}

/** Whether a finding concerns one exit of the node (the field or something below it). */
export function exitOfIssue(body: DocNode, field: string | undefined): Exit | undefined {
  if (!field) return undefined;
  return exitsOf(body).find((x) => field === x.field || field.startsWith(`${x.field}.`));
}
