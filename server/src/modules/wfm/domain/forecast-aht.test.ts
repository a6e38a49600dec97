import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../platform/random';
import { forecast } from './forecast';
import type { HistoryDay } from './forecast-day';
import { generateHistory, nextDays } from './forecast-fixture';

const P = 96;

function forecastAht(history: HistoryDay[]) {
  const result = forecast({ history, days: nextDays(history, 7), intervalsPerDay: P, method: 'seasonal' });
  if (!result.ok) throw new Error('expected a forecast');
  return result.days;
}

describe('forecast: AHT per interval', () => {
  it('recovers the handle time of each interval (180 s by day, 240 s from 18:00)', () => {
    const rnd = seededRandom('aht');
    const history = generateHistory({ days: 42, intervalsPerDay: P, draw: (m) => rnd.poisson(m) });
    const [monday] = forecastAht(history);
    expect(monday?.ahtSeconds[40]).toBeCloseTo(180, 6);
    expect(monday?.ahtSeconds[80]).toBeCloseTo(240, 6);
  });

  it('weights recent weeks more: a handle time that rose lately shows in the forecast', () => {
    const history = generateHistory({ days: 56, intervalsPerDay: P, ahtSeconds: () => 180 }).map((d, k) =>
      k >= 42 ? { ...d, handleSeconds: d.calls.map((c) => c * 300) } : d,
    );
    const aht = forecastAht(history)[0]?.ahtSeconds[40] as number;
    // Two recent weeks at 300 s out of eight: more than their plain share (210 s), less than 300 s.
    expect(aht).toBeGreaterThan(220);
    expect(aht).toBeLessThan(300);
  });

  it("an interval with too few calls takes the day's AHT, not its own outlier", () => {
    // One call at 07:45 on each Monday, lasting an hour: 6 calls in all, below the 20-call minimum.
    const history = generateHistory({ days: 42, intervalsPerDay: P }).map((d) => {
      if (d.weekday !== 1) return d;
      const calls = [...d.calls];
      const handleSeconds = [...d.handleSeconds];
      calls[31] = 1;
      handleSeconds[31] = 3600;
      return { ...d, calls, handleSeconds };
    });
    const monday = forecastAht(history)[0];
    const dayAht = monday?.ahtSeconds[31] as number;
    expect(dayAht).toBeGreaterThan(180);
    expect(dayAht).toBeLessThan(240);
    expect(monday?.calls[31]).toBeGreaterThan(0);
  });

  it('a queue with no calls at all gets AHT 0, not NaN', () => {
    const history = generateHistory({ days: 14, intervalsPerDay: P, dailyVolume: () => 0 });
    expect(
      forecastAht(history)
        .flatMap((d) => d.ahtSeconds)
        .every((a) => a === 0),
    ).toBe(true);
  });
});
