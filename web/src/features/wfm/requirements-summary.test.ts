import { describe, expect, it } from 'vitest';
import type { Requirements } from '../../../../contracts/wfm';
import { busyIntervals, daySummaries } from './requirements-summary';

const cell = (calls: number, agents: number, met = true) => ({
  calls,
  ahtSeconds: 180,
  agents,
  serviceLevel: 0.8,
  met,
});
const interval = (start: string, agents: number, scheduledAgents: number, met = true) => ({
  start,
  cells: [cell(agents * 5, agents, met)],
  agents,
  scheduledAgents,
});

const requirements: Requirements = {
  forecastId: '00000000-0000-4000-8000-000000000001',
  intervalMinutes: 30,
  queues: [{ queueId: '00000000-0000-4000-8000-000000000002', queueName: '热线', patienceSeconds: null }],
  days: [
    {
      date: '2026-12-14',
      intervals: [
        interval('2026-12-14T00:00:00.000Z', 0, 0),
        interval('2026-12-14T01:00:00.000Z', 14, 20),
        interval('2026-12-14T01:30:00.000Z', 14, 20, false),
        interval('2026-12-14T02:00:00.000Z', 9, 13),
      ],
      scheduledHours: 26.5,
    },
  ],
  peak: { agents: 14, scheduledAgents: 20, at: '2026-12-14T01:00:00.000Z' },
};

describe('the requirements table', () => {
  it('gives each day its peak (the first interval reaching it), its hours and the intervals whose targets cannot be met', () => {
    expect(daySummaries(requirements)).toEqual([
      {
        date: '2026-12-14',
        peakAgents: 14,
        peakScheduled: 20,
        peakAt: '2026-12-14T01:00:00.000Z',
        scheduledHours: 26.5,
        unmetIntervals: 1,
      },
    ]);
  });
  it('lists only the intervals with calls or agents', () => {
    expect(busyIntervals(requirements.days[0]!).map((i) => i.agents)).toEqual([14, 14, 9]);
  });
});
