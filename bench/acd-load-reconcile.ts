/**
 * The load test's end check: the wallboard's figures per queue against counts made here, in plain
 * code, from the stored contacts; and the stored contacts against what the client saw happen. The
 * database is the run's own, so every contact in it is from today (a run across the center's
 * midnight would show as a mismatch).
 */
import type pg from 'pg';

export type Fig = {
  offeredToday: number;
  answeredToday: number;
  abandonedToday: number;
  shortAbandonedToday: number;
  waiting: number;
};
export const OPEN_STATES = ['queued', 'offered', 'connected', 'wrap_up'];

type Row = {
  queue_id: string;
  state: string;
  queued_at: Date;
  connected_at: Date | null;
  ended_at: Date | null;
};

export async function reconcile(
  db: pg.Client,
  wall: { queues: Array<Fig & { key: string }>; agents: Array<{ state: string }> },
  queueKeys: string[],
  seen: { created: number; accepted: number; abandoned: number; wrappedUp: number },
): Promise<{ stored: Record<string, Fig>; shown: Record<string, Fig>; problems: string[] }> {
  const rows = (await db.query<Row>('select queue_id, state, queued_at, connected_at, ended_at from routing_contacts'))
    .rows;
  const queues = (
    await db.query<{ id: string; key: string; settings: { shortAbandonSeconds: number } }>(
      'select id, key, settings from routing_queues',
    )
  ).rows;
  const stored: Record<string, Fig> = {};
  for (const q of queues) {
    const mine = rows.filter((r) => r.queue_id === q.id);
    // Until answered, or until the customer left.
    const wait = (r: Row) => ((r.connected_at ?? r.ended_at)!.getTime() - r.queued_at.getTime()) / 1000;
    const short = (r: Row) => r.state === 'abandoned' && wait(r) < q.settings.shortAbandonSeconds;
    stored[q.key] = {
      offeredToday: mine.filter((r) => !short(r)).length,
      answeredToday: mine.filter((r) => r.connected_at !== null).length,
      abandonedToday: mine.filter((r) => r.state === 'abandoned' && !short(r)).length,
      shortAbandonedToday: mine.filter(short).length,
      waiting: mine.filter((r) => r.state === 'queued').length,
    };
  }
  const shown: Record<string, Fig> = {};
  for (const q of wall.queues) {
    shown[q.key] = {
      offeredToday: q.offeredToday,
      answeredToday: q.answeredToday,
      abandonedToday: q.abandonedToday,
      shortAbandonedToday: q.shortAbandonedToday,
      waiting: q.waiting,
    };
  }
  const problems: string[] = [];
  for (const key of queueKeys) {
    for (const f of Object.keys(stored[key] ?? {}) as Array<keyof Fig>) {
      if (stored[key]![f] !== shown[key]?.[f]) {
        problems.push(`${key}.${f}: wallboard ${shown[key]?.[f]}, stored ${stored[key]![f]}`);
      }
    }
    if (!stored[key]) problems.push(`${key}: no such queue stored`);
  }
  const byState = (s: string) => rows.filter((r) => r.state === s).length;
  const answered = Object.values(stored).reduce((s, x) => s + x.answeredToday, 0);
  const checks: Array<[string, number, number]> = [
    ['contacts stored vs created', rows.length, seen.created],
    ['answered vs accepted', answered, seen.accepted],
    ['abandoned (all) vs abandons accepted', byState('abandoned'), seen.abandoned],
    ['completed vs wrap-ups sent', byState('completed'), seen.wrappedUp],
    ['open contacts after drain', rows.filter((r) => OPEN_STATES.includes(r.state)).length, 0],
  ];
  for (const [what, a, b] of checks) if (a !== b) problems.push(`${what}: ${a} ≠ ${b}`);
  const notReady = wall.agents.filter((a) => a.state !== 'ready').length;
  if (notReady > 0) problems.push(`${notReady} agents not ready after the drain`);
  return { stored, shown, problems };
}
