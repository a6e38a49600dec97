import type { Random } from '../../platform/random';

/**
 * The demo history's callers (voice.demo-history.ts): when they call and how each behaves — the
 * menu keys they press, when they give up, how long they talk, what they answer in the survey. Pure:
 * a seeded random generator per day gives the same day the same traffic.
 */
export type PlannedCall = {
  /** ms since the epoch. */
  at: number;
  caller: string;
  /** The menu keys the caller presses, in order ('' for no input; an invalid key before a valid one). */
  digits: string[];
  /** Hangs up this long after the call started, in the IVR (an IVR abandon), if set. */
  ivrPatienceMs?: number;
  /** Gives up waiting in the queue after this long. */
  queuePatienceMs: number;
  ringMs: number;
  /** The agent's phone rings out (RONA). */
  ringsOut: boolean;
  talkMs: Record<string, number>;
  hold?: { afterMs: number; forMs: number };
  /** The agent transfers the call (from billing or general) this long into the conversation. */
  transferAfterMs?: number;
  /** The caller ends the conversation (else the agent does, and the survey follows). */
  callerEnds: boolean;
  /** The survey key (1–5), or undefined: hangs up at the survey. */
  survey?: string;
  wrapMs: number;
};

const HOUR = 3_600_000;

/** Calls per hour at each local hour (share of the day's volume), 08:00–22:00: morning and afternoon peaks. */
const WEEKDAY_PROFILE = [0, 0, 0, 0, 0, 0, 0, 0, 4, 9, 11.5, 10, 6.5, 7, 9.5, 10.5, 9, 7, 5, 4, 3.5, 2.5, 0, 0];
const WEEKEND_PROFILE = [0, 0, 0, 0, 0, 0, 0, 0, 3, 7, 9, 9.5, 8, 7.5, 8, 8, 7, 6, 5, 4.5, 4, 3, 0, 0];

/** A small hotline's weekday volume (Monday busiest, then falling through the week), weekends about half. */
export function dailyVolume(weekday: number): number {
  return [0, 400, 350, 330, 320, 300, 160, 140][weekday] ?? 300;
}

/** Poisson-distributed count with this mean (Knuth; means here stay small). */
function poisson(mean: number, rnd: Random): number {
  const limit = Math.exp(-mean);
  let k = 0;
  let p = rnd.next();
  while (p > limit) {
    k++;
    p *= rnd.next();
  }
  return k;
}

/**
 * The day's calls, in time order: arrivals by quarter hour after the profile, none after `until`.
 * `dayStart` is local midnight.
 */
export function planDay(dayStart: number, weekday: number, until: number, rnd: Random): PlannedCall[] {
  const profile = weekday >= 6 ? WEEKEND_PROFILE : WEEKDAY_PROFILE;
  const total = profile.reduce((a, b) => a + b, 0);
  const volume = dailyVolume(weekday);
  const regulars = Array.from({ length: 250 }, () => mobile(rnd));
  const calls: PlannedCall[] = [];
  for (let quarter = 0; quarter < 96; quarter++) {
    const perHour = (volume * (profile[Math.floor(quarter / 4)] ?? 0)) / total;
    const n = poisson(perHour / 4, rnd);
    for (let i = 0; i < n; i++) {
      const at = dayStart + quarter * (HOUR / 4) + Math.floor(rnd.next() * (HOUR / 4));
      if (at >= until) continue;
      calls.push(planCall(at, rnd.chance(0.25) ? regulars[rnd.int(0, regulars.length - 1)]! : mobile(rnd), rnd));
    }
  }
  return calls.sort((a, b) => a.at - b.at);
}

function mobile(rnd: Random): string {
  const prefix = rnd.weighted([
    ['138', 3],
    ['139', 3],
    ['135', 2],
    ['186', 2],
    ['150', 2],
    ['177', 1],
    ['199', 1],
  ]);
  return `${prefix}${String(rnd.int(0, 99_999_999)).padStart(8, '0')}`;
}

function planCall(at: number, caller: string, rnd: Random): PlannedCall {
  const key = rnd.weighted([
    ['1', 40],
    ['2', 25],
    ['3', 12],
    ['0', 18],
    ['none', 3],
    ['wrong', 2],
  ]);
  const digits =
    key === 'none'
      ? ['', '', '']
      : key === 'wrong'
        ? [
            String(rnd.int(4, 9)),
            rnd.weighted([
              ['1', 1],
              ['0', 1],
            ]),
          ]
        : [key];
  const seconds = (median: number, sigma: number, min: number, max: number) =>
    Math.round(Math.min(max, Math.max(min, rnd.logNormal(median, sigma))) * 1000);
  return {
    at,
    caller,
    digits,
    // About one caller in twenty hangs up in the menu, some of them at once.
    ...(rnd.chance(0.05) ? { ivrPatienceMs: rnd.chance(0.3) ? rnd.int(1000, 4000) : rnd.int(5000, 25_000) } : {}),
    // A few give up within seconds (short abandons); most wait a couple of minutes.
    queuePatienceMs: rnd.chance(0.04) ? rnd.int(1000, 4500) : Math.round(rnd.exponential(150_000)) + 5000,
    ringMs: rnd.int(2000, 9000),
    ringsOut: rnd.chance(0.02),
    talkMs: {
      billing: seconds(170, 0.5, 40, 900),
      fault: seconds(280, 0.5, 60, 1200),
      complaints: seconds(400, 0.45, 90, 1500),
      general: seconds(140, 0.55, 30, 900),
    },
    ...(rnd.chance(0.18) ? { hold: { afterMs: rnd.int(20_000, 60_000), forMs: rnd.int(15_000, 90_000) } } : {}),
    ...(rnd.chance(0.04) ? { transferAfterMs: rnd.int(40_000, 120_000) } : {}),
    callerEnds: rnd.chance(0.25),
    ...(rnd.chance(0.65)
      ? {
          survey: rnd.weighted([
            ['5', 50],
            ['4', 28],
            ['3', 11],
            ['2', 5],
            ['1', 6],
          ]),
        }
      : {}),
    wrapMs: rnd.int(5000, 25_000),
  };
}
