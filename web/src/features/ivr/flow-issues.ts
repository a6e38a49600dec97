import type { TFunction } from 'i18next';
import { exitOfIssue, type IvrFlowEdge, type IvrFlowNode, type PlacedIssue } from './flow-graph';
import { exitLabel } from './flow-node-card';

/**
 * A server finding in the admin's words where its shape is known (an exit left open, a missing
 * target, an unreachable node, an unknown queue); otherwise the server's text with the field it names.
 * Returns undefined for a finding about an exit that has been connected since (it no longer applies).
 */
export function describeIssue(
  t: TFunction,
  issue: PlacedIssue,
  nodes: ReadonlyMap<string, IvrFlowNode>,
  edges: readonly IvrFlowEdge[],
): string | undefined {
  const node = issue.node ? nodes.get(issue.node) : undefined;
  const missing = /^no node (.+)$/.exec(issue.message);
  if (node) {
    const exit = exitOfIssue(node.data.body, issue.field);
    if (exit) {
      const connected = edges.some((e) => e.source === node.id && e.sourceHandle === exit.field);
      if (!connected) return t('ivr.issue.unconnected', { exit: exitLabel(t, node.data.body.type, exit) });
      if (!missing) return undefined;
    }
  }
  if (missing) return t('ivr.issue.noNode', { id: missing[1] });
  if (/^not reachable from /.test(issue.message)) return t('ivr.issue.unreachable');
  const queue = /^no queue (.+)$/.exec(issue.message);
  if (queue) return t('ivr.issue.noQueue', { queue: queue[1] });
  return issue.field ? `${issue.field}: ${issue.message}` : issue.message;
}
