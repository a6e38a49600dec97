import { scheduleWeek } from '../../server/src/modules/wfm/domain/schedule';
import { validateRoster } from '../../server/src/modules/wfm/domain/schedule-rules';
import { sampleScheduleInput } from '../../server/src/modules/wfm/domain/schedule-sample';
import { seededRandom } from '../../server/src/platform/random';

/**
 * Issue 17's scheduling target: a 200-agent week of 30-minute intervals with 20 shift templates,
 * scheduled in under 60 s with coverage within 2 % of the LP bound. The time includes loading HiGHS
 * and its WebAssembly warming up (the first solve in a process runs several times slower).
 */
export async function benchSchedule(): Promise<object> {
  const input = sampleScheduleInput(seededRandom('bench-schedule'), {
    agents: 200,
    fullTimeTemplates: 12,
    partTimeTemplates: 8,
    intervalMinutes: 30,
  });
  const started = performance.now();
  const outcome = await scheduleWeek(input, { timeLimitSeconds: 45 });
  const seconds = (performance.now() - started) / 1000;
  if (outcome.status !== 'scheduled') return { name: 'schedule 200 agents × 7 days', seconds, outcome };
  const violations = validateRoster(input, outcome.roster).length;
  return {
    name: 'schedule 200 agents × 7 days × 48 intervals, 20 templates',
    seconds: Math.round(seconds * 10) / 10,
    targetSeconds: 60,
    shifts: outcome.roster.shifts.length,
    violations,
    gap: outcome.gap,
    targetGapPercent: 2,
    underAgentHours: outcome.coverage.underAgentHours,
    overAgentHours: outcome.coverage.overAgentHours,
    stages: outcome.stages.map((s) => ({ ...s, seconds: Math.round(s.seconds * 10) / 10 })),
  };
}
