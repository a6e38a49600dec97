import { forecast } from '../../server/src/modules/wfm/domain/forecast';
import { generateHistory, nextDays } from '../../server/src/modules/wfm/domain/forecast-fixture';
import { seededRandom } from '../../server/src/platform/random';
import { type BenchSection, median, round } from './section';

/**
 * One queue's forecast as the API makes it: 12 weeks of 15-minute history (Poisson counts around a
 * hotline's week), both methods backtested on the last two weeks, the better one fitted on all of it,
 * a week forecast. Target (brief): < 200 ms per queue.
 */
export const forecastSection: BenchSection = async (ctx) => {
  const random = seededRandom('bench-forecast');
  const history = generateHistory({ days: 84, intervalsPerDay: 96, draw: (m) => random.poisson(m) });
  const days = nextDays(history, 7);
  const run = () => forecast({ history, days, intervalsPerDay: 96 });
  const first = performance.now();
  const result = run();
  const coldMs = performance.now() - first;
  const times: number[] = [];
  for (let i = 0; i < Math.max(ctx.rounds, 5); i++) {
    const t0 = performance.now();
    run();
    times.push(performance.now() - t0);
  }
  ctx.log(`forecast: cold ${round(coldMs)} ms, median ${round(median(times))} ms`);
  return {
    forecast: {
      weeksOfHistory: 12,
      intervalsPerDay: 96,
      methods: 2,
      chosen: result.ok ? result.method : null,
      coldMs: round(coldMs),
      medianMs: round(median(times), 2),
      targetMs: 200,
    },
  };
};
