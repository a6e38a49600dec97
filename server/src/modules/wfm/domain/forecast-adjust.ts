import type { ForecastAdjustment, ForecastSeriesDay } from '../../../../../contracts/wfm';
import { adjust } from './forecast';

/**
 * The planner's adjustments that concern one queue (its own and those for all queues) applied to its
 * forecast days: the API's intervals are inclusive, the domain's `adjust` takes them half-open.
 */
export function applyAdjustments(
  base: readonly ForecastSeriesDay[],
  adjustments: readonly ForecastAdjustment[],
  queueId: string,
): ForecastSeriesDay[] {
  const mine = adjustments
    .filter((a) => a.queueId === null || a.queueId === queueId)
    .map((a) => ({
      date: a.date,
      factor: a.factor,
      fromInterval: a.fromInterval,
      toInterval: a.toInterval === undefined ? undefined : a.toInterval + 1,
    }));
  return adjust(base, mine);
}
