import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import type { Actor, AuditLog } from './audit';
import type { EventBus } from './bus';
import type { Clock } from './clock';
import type { Database } from './db';
import type { EntityNames } from './entity-names';
import type { IdGenerator } from './ids';
import type { Jobs } from './jobs';
import type { Logger } from './logger';
import type { AudienceTable } from './realtime';

/**
 * What every module is built from: the platform services and the application's settings. Modules
 * read their own settings from `settings` (one frozen object built by main.ts from config.ts); they
 * never read process.env.
 */
export type Platform<Settings = unknown> = {
  db: Database;
  pool: pg.Pool;
  clock: Clock;
  ids: IdGenerator;
  log: Logger;
  bus: EventBus;
  audit: AuditLog;
  /** Durable jobs: long work (imports, exports) followed by id (platform/jobs.ts). */
  jobs: Jobs;
  settings: Settings;
};

/**
 * Demo seeding shared between modules, in module order: a module reads what earlier ones seeded
 * (users by username, flows by key) and adds its own. Every seed is idempotent (re-running keeps
 * what exists and counts only what it created).
 */
export type DemoContext = {
  actor: Actor;
  /** Demo users by username, filled by the module that seeds people. */
  users: Map<string, string>;
  /** Other demo objects by a `module.key` name (e.g. `ivr.flow.hotline` → flow id). */
  refs: Map<string, string>;
};

/**
 * The demo's past traffic (`kefu start --demo`, `kefu demo-seed`; docs/demo.md), generated after the
 * demo objects exist: the demo context of that seed, the window, and what each module made.
 */
export type DemoHistory = DemoContext & {
  /** The history ends here (the platform clock's now): today's figures show today's part. */
  until: Date;
  /** Days of history, today included. */
  days: number;
  /** What was generated, by module and kind (`telephony: { calls: 5123 }`), printed by `kefu demo-seed`. */
  counts: Record<string, Record<string, number>>;
  /** Tells whoever waits how far it got ("day 5/14, 1,234 calls"): a log line or the terminal. */
  progress(line: string): void;
};

/**
 * One bounded context as the application sees it: built by the module's factory
 * (`createTeamsModule(platform, services)`), then registered, started and stopped by app.ts in list
 * order (stopped in reverse). Nothing else in app.ts knows a module's insides.
 */
export type KefuModule<Services extends object = object> = {
  name: string;
  /** The module's public services, merged into `kefu.services` for later modules, tests and the CLI. */
  services: Services;
  /** Registers the module's HTTP routes (called after the guard, so every route declares a permission). */
  routes?(app: FastifyInstance): void | Promise<void>;
  /** Which realtime events go to whom (platform/realtime); events not listed stay on the server. */
  audiences?: AudienceTable;
  /** Names of its objects by entity type, shown beside their ids in the audit log. */
  entityNames?: EntityNames;
  /** Awaited once while the app is built, before it serves: rows the module cannot run without. */
  init?(): Promise<void>;
  /** Start-up work once the app is ready (load memory, open ports, start timers), in list order. */
  start?(): void | Promise<void>;
  /** Shutdown, in reverse list order. */
  stop?(): void | Promise<void>;
  /** Demo data (`kefu start --demo`, `kefu demo-seed`): returns how many objects it created. */
  seedDemo?(demo: DemoContext): Promise<number>;
  /**
   * The demo's history (after every module's `seedDemo`): past traffic written through the module's
   * own services on a moving clock, never by SQL around them; idempotent (a marker or deterministic
   * ids), counts added to `history.counts`.
   */
  seedDemoHistory?(history: DemoHistory): Promise<void>;
};

/** A module factory: takes the platform and the services of the modules before it. */
export type ModuleFactory<Needs extends object, Provides extends object, Settings = unknown> = (
  platform: Platform<Settings>,
  services: Needs,
) => KefuModule<Provides>;

/**
 * The module list in dependency order. `add` builds a module from the services of the modules added
 * before it (checked by the compiler: a factory that needs a service nobody provided yet does not
 * type-check) and accumulates its services.
 */
export type ModuleList<Services extends object, Settings> = {
  add<Provides extends object>(
    factory: (platform: Platform<Settings>, services: Services) => KefuModule<Provides>,
  ): ModuleList<Services & Provides, Settings>;
  readonly modules: readonly KefuModule[];
  readonly services: Services;
};

export function composeModules<Settings>(platform: Platform<Settings>): ModuleList<object, Settings> {
  const modules: KefuModule[] = [];
  const services: Record<string, unknown> = {};
  const list: ModuleList<object, Settings> = {
    add(factory) {
      const m = factory(platform, services);
      if (modules.some((x) => x.name === m.name)) throw new Error(`module ${m.name} added twice`);
      for (const key of Object.keys(m.services)) {
        if (key in services) throw new Error(`module ${m.name}: the service name ${key} is taken`);
      }
      Object.assign(services, m.services);
      modules.push(m);
      return list as never;
    },
    modules,
    services,
  };
  return list;
}

/** Merges the modules' audience tables; two modules may not both decide one event's audience. */
export function mergeAudiences(modules: readonly KefuModule[]): AudienceTable {
  const table: Record<string, unknown> = {};
  for (const m of modules) {
    for (const [event, audience] of Object.entries(m.audiences ?? {})) {
      if (event in table) throw new Error(`module ${m.name}: the audience of ${event} is already set`);
      table[event] = audience;
    }
  }
  return table as AudienceTable;
}

/** Merges the modules' entity names; two modules may not both name one entity type. */
export function mergeEntityNames(modules: readonly KefuModule[]): EntityNames {
  const table: EntityNames = {};
  for (const m of modules) {
    for (const [type, names] of Object.entries(m.entityNames ?? {})) {
      if (type in table) throw new Error(`module ${m.name}: the names of ${type} are already given`);
      table[type] = names;
    }
  }
  return table;
}

/**
 * A port bound after it is handed out: for the one two-way relation between modules that cannot be
 * ordered (a later module answers a question of an earlier one, e.g. teams tells auth whether a team
 * exists). Calling it before it is bound is a wiring bug, so it throws.
 */
export function latePort<T extends object>(name: string): { port: T; bind(impl: T): void } {
  let impl: T | undefined;
  const port = new Proxy({} as T, {
    get(_target, prop) {
      if (!impl) throw new Error(`port ${name} used before it was bound`);
      const v = (impl as Record<string | symbol, unknown>)[prop];
      return typeof v === 'function' ? v.bind(impl) : v;
    },
  });
  return {
    port,
    bind(next) {
      if (impl) throw new Error(`port ${name} bound twice`);
      impl = next;
    },
  };
}
