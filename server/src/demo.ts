import type { Kefu } from './app';
import { type Actor, systemActor } from './platform/audit';
import type { DemoContext, DemoHistory } from './platform/module';

export { DEMO_PASSWORD } from './modules/teams';

/** Days of demo history, today included, unless asked otherwise (KEFU_DEMO_HISTORY_DAYS; docs/demo.md). */
export const DEMO_HISTORY_DAYS = 14;

export type DemoSeeded = {
  created: number;
  byModule: Record<string, number>;
  /** With `history`: what each module generated, and how long it took. */
  history?: { counts: DemoHistory['counts']; ms: number };
};

/**
 * The one seeding entry point for demo data (a Chinese telecom hotline): each module seeds its part
 * in module order (teams: the people; routing: queues and skills; ivr: the menu; telephony: desk
 * phones, trunk and DID …). Idempotent: re-running keeps what exists. With `history`, the modules
 * then generate the last 14 days of traffic up to now (`seedDemoHistory`, docs/demo.md), which a
 * second run does not add again.
 */
export async function seedDemo(
  kefu: Kefu,
  actor: Actor = systemActor,
  opts: { history?: boolean; days?: number; progress?: (line: string) => void } = {},
): Promise<DemoSeeded> {
  // The ACD's configuration lives in memory once loaded: load it before adding queues.
  await kefu.app.ready();
  const demo: DemoContext = { actor, users: new Map(), refs: new Map() };
  const byModule: Record<string, number> = {};
  for (const m of kefu.modules) if (m.seedDemo) byModule[m.name] = await m.seedDemo(demo);
  const created = Object.values(byModule).reduce((a, b) => a + b, 0);
  if (!opts.history) return { created, byModule };
  const started = Date.now();
  const history: DemoHistory = {
    ...demo,
    until: kefu.clock.now(),
    days: opts.days ?? DEMO_HISTORY_DAYS,
    counts: {},
    progress: opts.progress ?? (() => {}),
  };
  for (const m of kefu.modules) await m.seedDemoHistory?.(history);
  return { created, byModule, history: { counts: history.counts, ms: Date.now() - started } };
}

/** One line for people: "telephony 5,123 calls, 6 recordings; routing …" (empty when nothing was generated). */
export function describeHistory(counts: DemoHistory['counts']): string {
  return Object.entries(counts)
    .map(
      ([m, c]) =>
        `${m} ${Object.entries(c)
          .map(([what, n]) => `${n.toLocaleString('en-US')} ${what}`)
          .join(', ')}`,
    )
    .join('; ');
}
