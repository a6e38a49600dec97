import { createAgentStates } from './routing.agents';
import { createRoutingConfig } from './routing.config';
import { createContactView } from './routing.contact-view';
import { createContactCommands } from './routing.contacts';
import { createRoutingContext, type RoutingDeps } from './routing.context';
import { CONTACT_EVENTS, type ContactChanged } from './routing.events';
import { createRoutingFigures } from './routing.figures';
import { createRoutingRecords } from './routing.records';
import { createRoutingRuntime } from './routing.runtime';

type ContactEventName = (typeof CONTACT_EVENTS)[number];
const CONTACT_EVENT_NAMES: ReadonlySet<string> = new Set(CONTACT_EVENTS);

export type { RoutingDeps, Viewer } from './routing.context';

/**
 * The ACD's use cases behind the HTTP API and for the voice module, one object built from parts
 * split by responsibility: configuration (`routing.config.ts`), agent states (`routing.agents.ts`),
 * contacts (`routing.contacts.ts`, reads in `routing.contact-view.ts`) and figures
 * (`routing.figures.ts`). Every change goes through the runtime's one-at-a-time `command`.
 */
export function createRoutingService(deps: RoutingDeps) {
  const rt = createRoutingRuntime(deps);
  const ctx = createRoutingContext(deps, rt);
  const config = createRoutingConfig(ctx);
  const figures = createRoutingFigures(ctx);
  const agents = createAgentStates(ctx, config, figures);
  const view = createContactView(ctx);
  const contacts = createContactCommands(ctx, config, view);
  const records = createRoutingRecords(ctx);
  let unsubscribe: (() => void) | undefined;

  return {
    async start(): Promise<void> {
      await config.loadReasons();
      await rt.start();
      // A disabled user leaves the ACD at once: nothing may be offered to an account that cannot sign in.
      unsubscribe = deps.bus.subscribe('auth.user.updated', (e) => {
        if (!e.payload.fields.includes('disabled')) return;
        void agents
          .logOutIfDisabled(e.payload.userId)
          .catch((err) =>
            deps.log.error({ err, userId: e.payload.userId }, 'routing: logging out a disabled user failed'),
          );
      });
    },
    async stop(): Promise<void> {
      unsubscribe?.();
      await rt.stop();
    },
    /** Runs the time rules due by the clock now (RONA, wrap-up ends, maximum waits): tests with a fixed clock. */
    wake: (): Promise<void> => rt.wake(),
    /**
     * Rebuilds memory from the database: after a replay instance (the demo history) wrote past
     * traffic into the same tables, the running ACD sees the agents' last states and today's figures.
     */
    reload: (): Promise<void> => rt.start(),
    /** Replay instances only (`RoutingDeps.replay`): see routing.runtime.ts. */
    nextWakeAt: (): number | undefined => rt.nextWakeAt(),
    replaySettled: (): Promise<void> => rt.replaySettled(),
    /** Commands waiting or running in the ACD (admission control). */
    backlog: (): number => rt.backlog(),
    /**
     * The ACD's contact events the moment they are decided, in order (voice rings phones from these
     * instead of waiting for the outbox). Returns the unsubscribe function.
     */
    onContactDecided(listener: (name: ContactEventName, e: ContactChanged) => void): () => void {
      return rt.onDecided((events) => {
        for (const ev of events) {
          if (CONTACT_EVENT_NAMES.has(ev.name)) listener(ev.name as ContactEventName, ev.payload as ContactChanged);
        }
      });
    },
    ...config.service,
    ...agents.service,
    ...figures.service,
    ...view.service,
    ...contacts,
    ...records,
  };
}
export type RoutingService = ReturnType<typeof createRoutingService>;
