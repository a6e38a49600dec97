import type { ElkNode } from 'elkjs/lib/elk-api';
import { type DocNode, exitsOf, type IvrFlowEdge, type IvrFlowNode } from './flow-graph';

/** The node card's size (flow-node-card.tsx draws to these numbers). */
export const NODE_WIDTH = 248;
export const NODE_HEADER = 58;
export const EXIT_ROW = 26;

export const nodeHeight = (body: DocNode) => NODE_HEADER + Math.max(1, exitsOf(body).length) * EXIT_ROW + 12;

/**
 * Positions for nodes the document has none for: elkjs's layered layout left to right, each
 * node's exits as ports in the card's order (fewer crossings). When only some nodes lack a position
 * (typed in the JSON tab), those go in a column right of the drawing, so what the admin arranged stays.
 * elkjs is loaded on first use (it is large, and most visits never need it) and runs in a worker.
 */
export async function autoLayout(
  nodes: IvrFlowNode[],
  edges: IvrFlowEdge[],
  unplaced: ReadonlySet<string> | 'all',
): Promise<IvrFlowNode[]> {
  const all = unplaced === 'all' || nodes.every((n) => unplaced.has(n.id));
  if (!all) return placeBeside(nodes, unplaced);
  // elkjs in a Web Worker: the page stays responsive, and its 1.6 MB script is a static asset
  // fetched on first use rather than a chunk of the app.
  const [{ default: ELK }, { default: workerUrl }] = await Promise.all([
    import('elkjs/lib/elk-api.js'),
    import('elkjs/lib/elk-worker.min.js?url'),
  ]);
  const ids = new Set(nodes.map((n) => n.id));
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.layered.spacing.nodeNodeBetweenLayers': '90',
      'elk.spacing.nodeNode': '36',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
    },
    children: nodes.map((n) => ({
      id: n.id,
      width: NODE_WIDTH,
      height: nodeHeight(n.data.body),
      layoutOptions: { 'elk.portConstraints': 'FIXED_ORDER' },
      ports: [
        { id: `${n.id}::in`, layoutOptions: { 'elk.port.side': 'WEST' } },
        ...exitsOf(n.data.body).map((x, i) => ({
          id: `${n.id}::${x.field}`,
          layoutOptions: { 'elk.port.side': 'EAST', 'elk.port.index': String(i) },
        })),
      ],
    })),
    edges: edges
      .filter((e) => ids.has(e.source) && ids.has(e.target))
      .map((e) => ({ id: e.id, sources: [`${e.source}::${e.sourceHandle}`], targets: [`${e.target}::in`] })),
  };
  const elk = new ELK({ workerUrl });
  const laid = await elk.layout(graph).finally(() => elk.terminateWorker());
  const at = new Map((laid.children ?? []).map((c) => [c.id, { x: Math.round(c.x ?? 0), y: Math.round(c.y ?? 0) }]));
  return nodes.map((n) => ({ ...n, position: at.get(n.id) ?? n.position }));
}

function placeBeside(nodes: IvrFlowNode[], unplaced: ReadonlySet<string>): IvrFlowNode[] {
  const placed = nodes.filter((n) => !unplaced.has(n.id));
  const right = Math.max(0, ...placed.map((n) => n.position.x + NODE_WIDTH)) + 90;
  let y = Math.min(0, ...placed.map((n) => n.position.y));
  return nodes.map((n) => {
    if (!unplaced.has(n.id)) return n;
    const position = { x: right, y };
    y += nodeHeight(n.data.body) + 36;
    return { ...n, position };
  });
}
