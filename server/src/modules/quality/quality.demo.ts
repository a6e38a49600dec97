import { SamplingPlanBody } from '../../../../contracts/quality';
import type { DemoContext } from '../../platform/module';
import type { Sampling } from './quality.sampling';

const PLAN = '每日抽样（演示）';

/**
 * The demo's quality set-up (docs/demo.md): a daily sampling plan for qa01 — 5 % of each agent's
 * calls plus complaints, long calls, low CSAT and repeat callers — drawn by the scheduler once
 * yesterday's contacts of the demo history have arrived; the default scorecard and rules come with
 * every installation.
 */
export async function seedDemoQuality(sampling: Sampling, demo: DemoContext): Promise<number> {
  const qa = demo.users.get('qa01');
  if (!qa) return 0;
  if ((await sampling.listPlans()).some((p) => p.name === PLAN)) return 0;
  await sampling.createPlan(SamplingPlanBody.parse({ name: PLAN, evaluatorIds: [qa], randomPercent: 5 }), demo.actor);
  return 1;
}
