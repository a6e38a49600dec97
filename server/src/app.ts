import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type pg from 'pg';
import { audiences } from './audiences';
import { registerAuditRoutes } from './modules/audit';
import {
  createAuthRepo,
  createAuthService,
  createUsersService,
  registerAuthRoutes,
  registerUserRoutes,
} from './modules/auth';
import { createIvrRepo, createIvrService, registerIvrRoutes } from './modules/ivr';
import { createRoutingRepo, createRoutingService, registerRoutingRoutes } from './modules/routing';
import { createTeamsRepo, createTeamsService, registerTeamRoutes } from './modules/teams';
import {
  type CallControl,
  createCallControl,
  createCallLog,
  createCallsRepo,
  createCallsService,
  createMediaEngine,
  createNumbersRepo,
  createNumbersService,
  createPromptLibrary,
  createPromptsRepo,
  createPromptsService,
  createRecordingStore,
  createRecordingsService,
  createSipServer,
  createTelephonyRepo,
  createTelephonyService,
  type DigestHash,
  type MediaEngine,
  type PromptLibrary,
  type RecordingStore,
  registerCallRoutes,
  registerPromptRoutes,
  registerRecordingRoutes,
  registerTelephonyRoutes,
  registerVoiceRoutes,
  type SipServer,
} from './modules/telephony';
import { createAuditLog } from './platform/audit';
import { createEventBus } from './platform/bus';
import type { Clock } from './platform/clock';
import { type Database, pingDatabase } from './platform/db';
import { AppError } from './platform/errors';
import { registerGuard } from './platform/guard';
import { registerErrorHandling } from './platform/http';
import type { IdGenerator } from './platform/ids';
import type { Logger } from './platform/logger';
import { registerMetrics } from './platform/metrics';
import { shippedPromptsFolder, webDistFolder } from './platform/paths';
import { registerRealtime } from './platform/realtime';

export type AppDeps = {
  db: Database;
  pool: pg.Pool;
  clock: Clock;
  ids: IdGenerator;
  log: Logger;
  sessionSeconds: number;
  idleLockSeconds: number;
  secureCookies?: boolean;
  /** Fastify's trustProxy: whose X-Forwarded-For to believe for client IPs (audit, rate limits). */
  trustProxy?: boolean | string[];
  loginRateLimit?: { max: number; timeWindow: number };
  /** The center's time zone (KEFU_TIMEZONE): "today" in figures starts at its midnight. */
  timezone?: string;
  /** Serve the built web app from dist/web (off in API tests). */
  serveWeb?: boolean;
  /** KEFU_SIP_REALM: the digest realm agent phones authenticate in (part of every stored HA1). */
  sipRealm?: string;
  /** KEFU_SIP_DIGEST: the digest challenges offered to phones, most preferred first. */
  sipDigest?: readonly DigestHash[];
  /** Open the SIP port when the app is ready (`kefu start`; API tests leave it closed). Port 0: any free port. */
  /**
   * The SIP server and media: bind address, SIP port, the address written into SDP/Contact (NAT),
   * the RTP port range and the prompt folders (uploads first, then the shipped ones).
   */
  sip?: {
    host: string;
    port: number;
    externalAddress?: string;
    rtpPorts?: { min: number; max: number };
    promptDirs?: readonly string[];
  };
  /** Encrypted call recordings (main.ts: <dataDir>/recordings and loadRecordingKey); absent: none kept or played. */
  recordings?: { dir: string; key: Buffer; keyId: string; retentionDays: number };
};

export type Kefu = Awaited<ReturnType<typeof buildApp>>;

/** Builds the whole application: platform first, then each module in a visible order. */
export async function buildApp(deps: AppDeps) {
  const { db, clock, ids, log } = deps;
  const app: FastifyInstance = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    bodyLimit: 1_048_576,
    trustProxy: deps.trustProxy ?? false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.:-]{1,64}$/.test(given) ? given : ids.next();
    },
  });
  // The API speaks JSON only; text/plain would otherwise reach the validators as a string.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });

  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Kefu API', version: '1', description: 'Kefu (客服) contact-center platform' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'kefu_session' },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  registerErrorHandling(app);

  const audit = createAuditLog({ clock });
  const bus = createEventBus({ db, clock, log });
  const authRepo = createAuthRepo();
  const authDeps = { db, repo: authRepo, bus, audit, clock, ids };
  const auth = createAuthService({
    ...authDeps,
    sessionSeconds: deps.sessionSeconds,
    idleLockSeconds: deps.idleLockSeconds,
  });
  // users ⇄ teams: users checks a team exists through a port, teams reads users through auth's index.
  const users = createUsersService({
    ...authDeps,
    permissionsOf: (roles) => auth.permissionsOf(roles),
    teams: { teamExists: (tx, id) => teams.teamExists(tx, id) },
  });
  const teams = createTeamsService({ db, repo: createTeamsRepo(), bus, audit, clock, ids, users });
  const routing = createRoutingService({
    db,
    repo: createRoutingRepo(),
    bus,
    audit,
    clock,
    ids,
    log,
    timezone: deps.timezone ?? 'Asia/Shanghai',
    users: { profiles: (tx, ids) => users.profiles(tx, ids) },
  });

  // IVR checks queue keys against routing at publish time through a port, not routing's internals.
  const ivr = createIvrService({
    db,
    repo: createIvrRepo(),
    audit,
    clock,
    ids,
    queues: { queueExists: (key) => routing.listQueues().some((q) => q.key === key) },
  });

  // The SIP server opens when the app is ready; until then (and in API tests) no phone is registered.
  let sipServer: SipServer | undefined;
  let media: MediaEngine | undefined;
  let callControl: CallControl | undefined;
  const sipRealm = deps.sipRealm ?? 'kefu';
  const telephony = createTelephonyService({
    db,
    repo: createTelephonyRepo(),
    bus,
    audit,
    clock,
    ids,
    realm: sipRealm,
    users,
    bindings: { bindingsOf: (username) => sipServer?.bindingsOf(username) ?? [] },
  });

  // DIDs and trunks: which flow a dialled number runs, which sources may send calls.
  const numbers = createNumbersService({
    db,
    repo: createNumbersRepo(),
    bus,
    audit,
    clock,
    ids,
    flows: { flowExists: (id) => ivr.flowExists(id) },
  });

  // Prompt uploads go to the first prompt folder (main.ts: <dataDir>/prompts, before the shipped one);
  // the prompt library, created when SIP starts, drops its cache after each upload or removal.
  let promptLibrary: PromptLibrary | undefined;
  const firstPromptDir = deps.sip?.promptDirs?.[0];
  const promptUploadDir =
    firstPromptDir && path.resolve(firstPromptDir) !== shippedPromptsFolder() ? firstPromptDir : undefined;
  const prompts = createPromptsService({
    db,
    repo: createPromptsRepo(),
    audit,
    clock,
    ids,
    uploadDir: promptUploadDir,
    shippedDir: shippedPromptsFolder(),
    onChanged: () => promptLibrary?.invalidate(),
  });

  // Call records and recordings: call control writes through callLog; the ACD's queues reach them through a port.
  const nextId = () => ids.next();
  const callLog = createCallLog({ db, clock, ids: nextId, log });
  const calls = createCallsService({
    db,
    repo: createCallsRepo(),
    users,
    queues: {
      resolveQueue: (ref) => routing.listQueues().find((q) => q.id === ref || q.key === ref)?.id,
      describeQueue: (id) => routing.listQueues().find((q) => q.id === id),
    },
  });
  const recordingStore: RecordingStore | undefined = deps.recordings
    ? createRecordingStore({ db, clock, log, ids: nextId, ...deps.recordings })
    : undefined;
  const recordings = createRecordingsService({ db, audit, store: recordingStore });

  /** Every route with the permission it declares (the route-walk test reads this). */
  const routes = registerGuard(app, auth.authenticator);
  registerMetrics(app);

  app.get('/healthz', { config: { permission: 'public' }, schema: { hide: true } }, async (_req, reply) => {
    try {
      await pingDatabase(deps.pool);
      return { status: 'ok' };
    } catch {
      return reply.status(503).send({ status: 'unavailable', reason: 'database' });
    }
  });
  app.get('/api/openapi.json', { config: { permission: 'public' }, schema: { hide: true } }, async () => app.swagger());

  registerAuthRoutes(app, {
    auth,
    users,
    idleLockSeconds: deps.idleLockSeconds,
    secureCookies: deps.secureCookies ?? false,
    loginRateLimit: deps.loginRateLimit ?? { max: 30, timeWindow: 60_000 },
  });
  registerUserRoutes(app, { auth, users });
  registerTeamRoutes(app, { teams });
  registerRoutingRoutes(app, { routing });
  registerIvrRoutes(app, { ivr });
  registerTelephonyRoutes(app, { telephony, numbers });
  registerVoiceRoutes(app, { control: () => callControl });
  registerPromptRoutes(app, { prompts });
  registerCallRoutes(app, { calls });
  registerRecordingRoutes(app, { recordings });
  registerAuditRoutes(app, { db, audit });

  const realtime = registerRealtime(app, {
    bus,
    authenticator: auth.authenticator,
    audiences,
    sessionEndedEvent: 'auth.session.ended',
    principalsChangedEvents: ['auth.role.updated'],
    log,
  });

  const webDir = webDistFolder();
  const serveWeb = deps.serveWeb !== false && existsSync(path.join(webDir, 'index.html'));
  if (serveWeb) {
    await app.register(fastifyStatic, { root: webDir, wildcard: false, index: false });
  }
  app.setNotFoundHandler((req, reply) => {
    const url = req.url.split('?')[0] ?? '';
    if (serveWeb && req.method === 'GET' && !url.startsWith('/api/') && !path.extname(url)) {
      // Client-side routes of the single-page app.
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    throw new AppError('not_found', 'HTTP.NOT_FOUND', `No route ${req.method} ${url}`);
  });

  const sessionJanitor = setInterval(() => void auth.purgeOldSessions().catch(() => {}), 3_600_000);
  sessionJanitor.unref();
  const purgeRecordings = () =>
    recordingStore?.purgeExpired().catch((err) => log.error({ err }, 'recording retention job failed'));
  const recordingJanitor = setInterval(() => void purgeRecordings(), 3_600_000);
  recordingJanitor.unref();
  app.addHook('onReady', async () => {
    bus.start();
    // The ACD rebuilds its memory (agents, waiting contacts, timers) from the database.
    await routing.start();
    // Before any call: close the calls of a run that stopped mid-call, drop its plaintext recordings.
    await callLog.closeInterrupted();
    await recordingStore?.removeStrayTemp();
    await purgeRecordings();
    if (deps.sip) {
      const sip = deps.sip;
      const advertised = sip.externalAddress ?? (sip.host === '0.0.0.0' || sip.host === '::' ? '127.0.0.1' : sip.host);
      media = createMediaEngine({
        host: sip.host,
        advertisedAddress: advertised,
        portMin: sip.rtpPorts?.min ?? 10000,
        portMax: sip.rtpPorts?.max ?? 20000,
        log,
      });
      const engine = media;
      promptLibrary = createPromptLibrary({ dirs: sip.promptDirs ?? [shippedPromptsFolder()] });
      callControl = createCallControl({
        ua: () => sipServer?.ua,
        sipHost: () => advertised,
        media: engine,
        prompts: promptLibrary,
        async route({ source, called }) {
          const match = await numbers.routeInbound(source.host, called);
          if ('refused' in match) {
            return match.refused === 'unknown_source'
              ? { ok: false, status: 403, reason: 'no trunk accepts calls from this address' }
              : { ok: false, status: 404, reason: `no flow for the number ${called}` };
          }
          const flow = await ivr.getPublished(match.flowId);
          if (!flow) return { ok: false, status: 480, reason: 'the flow has no published version' };
          return {
            ok: true,
            trunkId: match.trunkId,
            flowId: flow.flowId,
            flowVersion: flow.version,
            definition: flow.definition,
          };
        },
        routing,
        bus,
        bindingsOf: (agentUserId) => sipServer?.contactsForAgent(agentUserId) ?? [],
        agentOfPhone: async (username) => (await telephony.findByUsername(username))?.agentUserId,
        outboundTrunk: () => numbers.outboundTrunk(),
        callLog,
        recordings: recordingStore,
        clock,
        log,
      });
      const control = callControl;
      control.start();
      sipServer = await createSipServer({
        host: sip.host,
        port: sip.port,
        advertisedHost: advertised,
        realm: sipRealm,
        ...(deps.sipDigest ? { digestAlgorithms: deps.sipDigest } : {}),
        log,
        clock,
        accounts: telephony.accounts,
        onInvite: (leg) => control.onInvite(leg),
      });
    }
  });
  app.addHook('onClose', async () => {
    clearInterval(sessionJanitor);
    realtime.close();
    await callControl?.stop();
    await sipServer?.close();
    sipServer = undefined;
    await media?.close();
    clearInterval(recordingJanitor);
    await callLog.flush();
    await routing.stop();
    await bus.stop();
  });

  await auth.ensureRoles();
  return {
    app,
    bus,
    audit,
    services: { auth, users, teams, routing, ivr, telephony, numbers, calls, callLog, recordings: recordingStore },
    realtime,
    routes,
    /** The running SIP server's address, once the app is ready (undefined without `deps.sip`). */
    sipAddress: () => (sipServer ? { host: sipServer.host, port: sipServer.port } : undefined),
    /** Live voice figures (tests, metrics). */
    voice: () => ({
      activeCalls: callControl?.activeCalls ?? 0,
      media: media?.stats(),
      dialogs: sipServer?.ua.size ?? 0,
    }),
  };
}
