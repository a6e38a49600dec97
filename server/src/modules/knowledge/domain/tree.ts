import type { TreeNode } from '../../../../../contracts/knowledge';

export type TreeProblem = { path: string; message: string };

/**
 * What is wrong with a troubleshooting tree (故障树): every answer leads to a node that exists, ids
 * are unique, and every node can be reached from the first (an unreachable step is a mistake the
 * author would not see until an agent got stuck). Loops are allowed: "try again" is a real step.
 */
export function treeProblems(nodes: readonly TreeNode[]): TreeProblem[] {
  const problems: TreeProblem[] = [];
  const index = new Map<string, number>();
  nodes.forEach((n, i) => {
    if (index.has(n.id)) problems.push({ path: `tree.${i}.id`, message: `the step id ${n.id} is used twice` });
    else index.set(n.id, i);
  });
  for (const [i, n] of nodes.entries()) {
    for (const [j, a] of n.answers.entries()) {
      if (!index.has(a.next)) problems.push({ path: `tree.${i}.answers.${j}.next`, message: `no step ${a.next}` });
    }
  }
  if (problems.length > 0 || nodes.length === 0) return problems;
  const seen = new Set<string>([nodes[0]!.id]);
  const stack = [nodes[0]!];
  while (stack.length > 0) {
    const n = stack.pop()!;
    for (const a of n.answers) {
      if (seen.has(a.next)) continue;
      seen.add(a.next);
      stack.push(nodes[index.get(a.next)!]!);
    }
  }
  nodes.forEach((n, i) => {
    if (!seen.has(n.id))
      problems.push({ path: `tree.${i}.id`, message: `the step ${n.id} cannot be reached from the first` });
  });
  return problems;
}
