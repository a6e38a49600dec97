import { describe, expect, it } from 'vitest';
import { activities, adherenceTotals, liveAdherence } from './adherence';

const M = 60_000;
/** 09:00–17:00 with lunch 12:00–13:00, on a day starting at 0. */
const shift = { start: 540 * M, end: 1020 * M, breaks: [{ kind: 'lunch' as const, start: 720 * M, end: 780 * M }] };
const day = { from: 0, to: 1440 * M };

describe('activities', () => {
  it('cuts a day into off, work, lunch, work, off', () => {
    expect(activities([shift], day.from, day.to).map((a) => [a.kind, a.from / M, a.to / M])).toEqual([
      ['off', 0, 540],
      ['work', 540, 720],
      ['lunch', 720, 780],
      ['work', 780, 1020],
      ['off', 1020, 1440],
    ]);
  });
});

describe('live adherence', () => {
  it('is in adherence when ready during work and not ready during lunch', () => {
    expect(liveAdherence([shift], { state: 'ready', since: 530 * M }, 600 * M, 3 * M, day).inAdherence).toBe(true);
    expect(liveAdherence([shift], { state: 'not_ready', since: 720 * M }, 730 * M, 3 * M, day).inAdherence).toBe(true);
  });

  it('flags a mismatch only after the grace period, counted from the later of state and activity', () => {
    // Still ready at 12:02 although lunch began at 12:00: out since 12:00, not flagged within 3 min.
    const early = liveAdherence([shift], { state: 'busy', since: 700 * M }, 722 * M, 3 * M, day);
    expect(early).toMatchObject({ inAdherence: false, outSince: 720 * M, flagged: false });
    const late = liveAdherence([shift], { state: 'busy', since: 700 * M }, 724 * M, 3 * M, day);
    expect(late.flagged).toBe(true);
    // Went not ready at 10:00 during work: out since 10:00.
    const nr = liveAdherence([shift], { state: 'not_ready', since: 600 * M }, 610 * M, 3 * M, day);
    expect(nr).toMatchObject({ inAdherence: false, outSince: 600 * M, flagged: true });
  });

  it('logged out off shift is adherent; working off shift is not', () => {
    expect(liveAdherence([shift], { state: 'logged_out', since: 0 }, 100 * M, 0, day).inAdherence).toBe(true);
    expect(liveAdherence([shift], { state: 'ready', since: 1030 * M }, 1040 * M, 3 * M, day)).toMatchObject({
      inAdherence: false,
      outSince: 1030 * M,
      flagged: true,
    });
  });
});

describe('adherence totals', () => {
  it('counts adherent time over scheduled time, and available time over work time', () => {
    // Logs in 15 min late (09:15), works through lunch until 12:30, not ready 12:30–13:10, ready to 17:00.
    const states = [
      { from: 555 * M, to: 750 * M, state: 'ready' },
      { from: 750 * M, to: 790 * M, state: 'not_ready' },
      { from: 790 * M, to: 1020 * M, state: 'busy' },
    ];
    const t = adherenceTotals([shift], states, day.from, day.to);
    expect(t.scheduledMs).toBe(480 * M);
    expect(t.workMs).toBe(420 * M);
    // Out: 09:00–09:15 (logged out during work), 12:00–12:30 (working at lunch), 13:00–13:10 (not ready at work).
    expect(t.adherentMs).toBe((480 - 15 - 30 - 10) * M);
    expect(t.availableMs).toBe((195 + 230) * M);
  });

  it('an agent who never logs in has no adherence but the breaks', () => {
    const t = adherenceTotals([shift], [], day.from, day.to);
    expect(t.adherentMs).toBe(60 * M);
    expect(t.availableMs).toBe(0);
  });
});
