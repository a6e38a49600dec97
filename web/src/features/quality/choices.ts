import type { EvaluationDetail } from '../../../../contracts/quality';

type Detail = Pick<
  EvaluationDetail,
  'agentId' | 'calibrationId' | 'status' | 'appealUntil' | 'acknowledgedAt' | 'appeals' | 'evaluatorId'
>;

/**
 * The agent's choices on their own evaluation (the server decides; this only hides dead buttons):
 * 确认 once submitted, and again after an appeal's decision; 申诉 within the window, once.
 */
export function agentChoices(detail: Detail, userId: string | undefined, now: Date) {
  const own = detail.agentId === userId && detail.calibrationId === null;
  const decidedAt = detail.appeals
    .map((a) => a.decidedAt)
    .filter((at): at is string => at !== null)
    .sort()
    .at(-1);
  const decided = detail.status === 'revised' || detail.status === 'upheld';
  const confirmedSince = detail.acknowledgedAt !== null && (!decidedAt || detail.acknowledgedAt >= decidedAt);
  const windowOpen = detail.appealUntil !== null && now < new Date(detail.appealUntil);
  return {
    acknowledge: own && (detail.status === 'submitted' || (decided && !confirmedSince)),
    appeal: own && windowOpen && (detail.status === 'submitted' || detail.status === 'acknowledged'),
  };
}

/** A reviewer may decide an open appeal of someone else's evaluation (a second pair of eyes). */
export function openAppealFor(detail: Detail, userId: string | undefined, canReview: boolean) {
  if (!canReview || detail.evaluatorId === userId) return undefined;
  return detail.appeals.find((a) => a.status === 'open');
}
