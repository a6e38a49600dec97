import type { IvrReport } from '../../../../contracts/reports';

/**
 * How the IVR report reads on screen (ivr-dropouts.tsx): a flow's outcomes in a fixed order, the
 * order of its nodes, and which drop rate stands out.
 */

export type IvrFlowReport = IvrReport['flows'][number];
export type IvrNodeReport = IvrFlowReport['nodes'][number];

/** How a run ends (server/src/modules/ivr/ivr.events.ts), in the order a team lead reads them. */
export const IVR_OUTCOMES = ['queued', 'voicemail', 'transferred_out', 'hung_up', 'ended', 'failed'] as const;
export type IvrOutcome = (typeof IVR_OUTCOMES)[number];

/** From this drop rate on, a node is flagged in red: one caller in five hangs up there. */
export const HIGH_DROP_RATE = 0.2;

export type OutcomeShare = { outcome: string; known: boolean; count: number; share: number | null };

/**
 * Every known outcome (0 when none ended so, so that flows and periods compare column by column),
 * then any outcome the server names that this screen does not know yet; each with its share of runs.
 */
export function outcomeShares(flow: Pick<IvrFlowReport, 'runs' | 'outcomes'>): OutcomeShare[] {
  const share = (count: number) => (flow.runs > 0 ? count / flow.runs : null);
  const known: readonly string[] = IVR_OUTCOMES;
  const others = Object.keys(flow.outcomes)
    .filter((o) => !known.includes(o))
    .sort();
  return [
    ...IVR_OUTCOMES.map((outcome) => {
      const count = flow.outcomes[outcome] ?? 0;
      return { outcome, known: true, count, share: share(count) };
    }),
    ...others.map((outcome) => {
      const count = flow.outcomes[outcome] ?? 0;
      return { outcome, known: false, count, share: share(count) };
    }),
  ];
}

/** Ascending by dropped-out callers, then by callers reached (the table's sorters). */
export const byDroppedOut = (a: IvrNodeReport, b: IvrNodeReport) =>
  a.droppedOut - b.droppedOut || a.reached - b.reached;
export const byReached = (a: IvrNodeReport, b: IvrNodeReport) => a.reached - b.reached || a.droppedOut - b.droppedOut;
/** A node nobody reached (no rate) sorts below a 0 % node. */
export const byDropRate = (a: IvrNodeReport, b: IvrNodeReport) =>
  (a.dropRate ?? -1) - (b.dropRate ?? -1) || byDroppedOut(a, b);

/** The default order: where most callers dropped out first. */
export const sortNodes = (nodes: readonly IvrNodeReport[]): IvrNodeReport[] =>
  [...nodes].sort((a, b) => byDroppedOut(b, a) || a.node.localeCompare(b.node));

/**
 * The node with the highest drop rate among those where someone dropped out (of equal rates, the one
 * with more callers lost); undefined when nobody dropped out.
 */
export function worstNode(nodes: readonly IvrNodeReport[]): string | undefined {
  let worst: IvrNodeReport | undefined;
  for (const n of nodes) {
    if (n.droppedOut === 0 || n.dropRate === null) continue;
    if (!worst || byDropRate(n, worst) > 0) worst = n;
  }
  return worst?.node;
}

/** How a drop rate is drawn: red from HIGH_DROP_RATE on, amber below it, neutral at 0 or without data. */
export function dropLevel(rate: number | null): 'high' | 'some' | 'none' {
  if (rate === null || rate <= 0) return 'none';
  return rate >= HIGH_DROP_RATE ? 'high' : 'some';
}
