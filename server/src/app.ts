import type pg from 'pg';
import { createAuditModule } from './modules/audit';
import { type AuthSettings, createAuthModule } from './modules/auth';
import { createCalendarsModule } from './modules/calendars';
import { type ConversationsSettings, createConversationsModule } from './modules/conversations';
import { type CrmSettings, createCrmModule } from './modules/crm';
import { createIvrModule } from './modules/ivr';
import { createKnowledgeModule } from './modules/knowledge';
import { createNotificationsModule, type NotificationsSettings } from './modules/notifications';
import { createQualityModule, type QualitySettings } from './modules/quality';
import { createReportingModule } from './modules/reporting';
import { createRoutingModule, type RoutingSettings } from './modules/routing';
import { createSurveysModule, type SurveysSettings } from './modules/surveys';
import { createSystemModule } from './modules/system';
import { createTeamsModule } from './modules/teams';
import { createTelephonyModule, type TelephonySettings } from './modules/telephony';
import { createTicketsModule, type TicketsSettings } from './modules/tickets';
import { createTrainingModule } from './modules/training';
import { createVoiceModule, type VoiceSettings } from './modules/voice';
import { createWebhooksModule, type WebhooksSettings } from './modules/webhooks';
import { createWfmModule, type WfmSettings } from './modules/wfm';
import { createAuditLog } from './platform/audit';
import { createEventBus } from './platform/bus';
import type { Clock } from './platform/clock';
import type { Database } from './platform/db';
import { registerGuard } from './platform/guard';
import { createHttpServer, registerHealthRoutes, registerWebApp } from './platform/http-server';
import type { IdGenerator } from './platform/ids';
import { createJobs, registerJobRoutes } from './platform/jobs';
import type { Logger } from './platform/logger';
import { registerMetrics } from './platform/metrics';
import { composeModules, mergeAudiences, mergeEntityNames, type Platform } from './platform/module';
import { registerRealtime } from './platform/realtime';

/** Every module's settings (each module declares the ones it reads), plus the HTTP server's. */
export type AppSettings = AuthSettings &
  RoutingSettings &
  TelephonySettings &
  VoiceSettings &
  CrmSettings &
  TicketsSettings &
  WebhooksSettings &
  NotificationsSettings &
  SurveysSettings &
  ConversationsSettings &
  QualitySettings &
  WfmSettings & {
    /** Fastify's trustProxy: whose X-Forwarded-For to believe for client IPs (audit, rate limits). */
    trustProxy?: boolean | string[];
    /** Serve the built web app from dist/web (off in API tests). */
    serveWeb?: boolean;
  };

export type AppDeps = AppSettings & { db: Database; pool: pg.Pool; clock: Clock; ids: IdGenerator; log: Logger };

export type Kefu = Awaited<ReturnType<typeof buildApp>>;

/**
 * Builds the whole application: the platform, then the modules in dependency order — each built from
 * the services of the ones before it (docs/architecture.md, "How to add a module").
 */
export async function buildApp(deps: AppDeps) {
  const { db, pool, clock, ids, log } = deps;
  const app = await createHttpServer(deps);
  const bus = createEventBus({ db, clock, log });
  const audit = createAuditLog({ clock });
  const jobs = createJobs({ db, clock, ids, log });
  const platform: Platform<AppSettings> = { db, pool, clock, ids, log, bus, audit, jobs, settings: deps };

  const { modules, services } = composeModules(platform)
    .add(createAuthModule)
    .add(createTeamsModule)
    .add(createCalendarsModule)
    .add(createRoutingModule)
    .add(createCrmModule)
    .add(createIvrModule)
    .add(createTelephonyModule)
    .add(createVoiceModule)
    .add(createNotificationsModule)
    .add(createWebhooksModule)
    .add(createAuditModule)
    .add(createSystemModule)
    .add(createTicketsModule)
    .add(createConversationsModule)
    .add(createSurveysModule)
    .add(createReportingModule)
    .add(createQualityModule)
    .add(createWfmModule)
    .add(createKnowledgeModule)
    .add(createTrainingModule);
  services.auditEntityNames.bind({ table: mergeEntityNames(modules) });
  services.routingCustomers.bind({ changesPage: (after, limit) => services.customers.changesPage(after, limit) });

  /** Every route with the permission it declares (the route-walk tests read this). */
  const routes = registerGuard(app, services.auth.authenticator);
  registerMetrics(app);
  registerHealthRoutes(app, pool);
  registerJobRoutes(app, jobs);
  for (const m of modules) await m.routes?.(app);
  const realtime = registerRealtime(app, {
    bus,
    authenticator: services.auth.authenticator,
    audiences: mergeAudiences(modules),
    sessionEndedEvent: 'auth.session.ended',
    principalsChangedEvents: ['auth.role.updated'],
    log,
  });
  await registerWebApp(app, deps.serveWeb !== false);

  // The outbox delivers only while every module listens: modules subscribe in start() and leave in
  // stop(), so delivery starts after the last start and stops before the first stop — an event
  // delivered in between would be marked published with nobody listening, and lost to its readers.
  // What stays unpublished at the stop is delivered after the next start.
  app.addHook('onReady', async () => {
    // Before anything can start a job: what a previous process left running can never finish.
    await jobs.failInterrupted();
    for (const m of modules) await m.start?.();
    bus.start();
  });
  app.addHook('onClose', async () => {
    realtime.close();
    await jobs.drain();
    await bus.stop();
    for (const m of [...modules].reverse()) await m.stop?.();
  });
  for (const m of modules) await m.init?.();

  return {
    app,
    /** The clock the app runs on (the demo history ends at its now). */
    clock,
    bus,
    audit,
    jobs,
    modules,
    services,
    realtime,
    routes,
    /** The running SIP server's address, once the app is ready (undefined without SIP settings). */
    sipAddress: () => {
      const server = services.sip.stack()?.server;
      return server ? { host: server.host, port: server.port } : undefined;
    },
    /** Live voice figures (tests, metrics). */
    voice: () => services.voice.stats(),
  };
}
