import type { Kefu } from './app';
import { type Actor, systemActor } from './platform/audit';
import type { DemoContext } from './platform/module';

export { DEMO_PASSWORD } from './modules/teams';

/**
 * The one seeding entry point for demo data (a Chinese telecom hotline): each module seeds its part
 * in module order (teams: the people; routing: queues and skills; ivr: the menu; telephony: desk
 * phones, trunk and DID …). Idempotent: re-running keeps what exists.
 */
export async function seedDemo(
  kefu: Kefu,
  actor: Actor = systemActor,
): Promise<{ created: number; byModule: Record<string, number> }> {
  // The ACD's configuration lives in memory once loaded: load it before adding queues.
  await kefu.app.ready();
  const demo: DemoContext = { actor, users: new Map(), refs: new Map() };
  const byModule: Record<string, number> = {};
  for (const m of kefu.modules) if (m.seedDemo) byModule[m.name] = await m.seedDemo(demo);
  return { created: Object.values(byModule).reduce((a, b) => a + b, 0), byModule };
}
