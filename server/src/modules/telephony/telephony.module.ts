import path from 'node:path';
import { namesFromList } from '../../platform/entity-names';
import type { KefuModule, Platform } from '../../platform/module';
import { shippedPromptsFolder } from '../../platform/paths';
import type { AuthServices } from '../auth';
import type { IvrService } from '../ivr';
import type { RoutingService } from '../routing';
import type { DigestHash } from './auth/digest';
import { type CallLog, createCallLog } from './calls/call-log';
import { createCallsRepo } from './calls/calls.repo';
import { registerCallRoutes } from './calls/calls.routes';
import { type CallsService, createCallsService } from './calls/calls.service';
import { createMediaEngine, createPromptLibrary, type MediaEngine, type PromptLibrary } from './media';
import { createNumbersRepo } from './numbers.repo';
import { createNumbersService, type NumbersService } from './numbers.service';
import { createPromptsRepo } from './prompts/prompts.repo';
import { registerPromptRoutes } from './prompts/prompts.routes';
import { createPromptsService } from './prompts/prompts.service';
import { createRecordingStore, type RecordingStore } from './recordings/recording-store';
import { registerRecordingRoutes } from './recordings/recordings.routes';
import { createRecordingsService } from './recordings/recordings.service';
import { createSipServer, type SipServer } from './sip-server';
import { telephonyDemoSeed } from './telephony.demo';
import { createTelephonyHistory, type TelephonyHistory } from './telephony.demo-history';
import { createTelephonyRepo } from './telephony.repo';
import { registerTelephonyRoutes } from './telephony.routes';
import { createTelephonyService, type TelephonyService } from './telephony.service';
import type { InboundLeg } from './ua/user-agent';

export type TelephonySettings = {
  /** KEFU_SIP_REALM: the digest realm agent phones authenticate in (part of every stored HA1). */
  sipRealm?: string;
  /** KEFU_SIP_DIGEST: the digest challenges offered to phones, most preferred first. */
  sipDigest?: readonly DigestHash[];
  /**
   * The SIP server and media, opened when the app is ready (`kefu start`; API tests leave them
   * closed): bind address, SIP port (0: any free one), the address written into SDP/Contact (NAT),
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

/** The running SIP/media stack, for the voice module and live figures; absent until started with `sip`. */
export type SipStack = {
  server: SipServer;
  media: MediaEngine;
  prompts: PromptLibrary;
  /** The address written into SDP and Contact. */
  advertisedHost: string;
};

export type TelephonyServices = {
  telephony: TelephonyService;
  numbers: NumbersService;
  calls: CallsService;
  callLog: CallLog;
  /** The recording store (absent when no recording key is configured). */
  recordings: RecordingStore | undefined;
  /** The demo history's call log and recordings on a moving clock (telephony.demo-history.ts). */
  telephonyHistory: TelephonyHistory;
  sip: {
    /** The running stack (undefined before start, after stop, or without SIP settings). */
    stack(): SipStack | undefined;
    /** Who takes new calls (the voice module); while none is set, INVITEs are answered 503. */
    onInvite(handler: ((leg: InboundLeg) => void) | undefined): void;
  };
};

/**
 * SIP and media (agent phones, trunks and DIDs, prompts), call records and encrypted recordings.
 * What a call does is the voice module's; this module only carries it.
 */
export function createTelephonyModule(
  p: Platform<TelephonySettings>,
  deps: Pick<AuthServices, 'users'> & {
    ivr: Pick<IvrService, 'flowExists'>;
    routing: Pick<RoutingService, 'listQueues'>;
  },
): KefuModule<TelephonyServices> {
  const { db, clock, ids, log, settings } = p;
  let stack: SipStack | undefined;
  let inviteHandler: ((leg: InboundLeg) => void) | undefined;
  const realm = settings.sipRealm ?? 'kefu';
  const telephony = createTelephonyService({
    ...p,
    repo: createTelephonyRepo(),
    realm,
    users: deps.users,
    bindings: { bindingsOf: (username) => stack?.server.bindingsOf(username) ?? [] },
  });
  // DIDs and trunks: which flow a dialled number runs, which sources may send calls.
  const numbers = createNumbersService({
    ...p,
    repo: createNumbersRepo(),
    flows: { flowExists: (id) => deps.ivr.flowExists(id) },
    // A spike message plays in the flow's language: any spoken prompt of the library will do.
    prompts: {
      promptExists: async (key) => (await prompts.list()).some((x) => x.key === key && x.language !== 'music'),
    },
  });
  // Uploads go to the first prompt folder (main.ts: <dataDir>/prompts, before the shipped one); the
  // prompt library, created at start, drops its cache after each upload or removal.
  const firstPromptDir = settings.sip?.promptDirs?.[0];
  const prompts = createPromptsService({
    ...p,
    repo: createPromptsRepo(),
    uploadDir: firstPromptDir && path.resolve(firstPromptDir) !== shippedPromptsFolder() ? firstPromptDir : undefined,
    shippedDir: shippedPromptsFolder(),
    onChanged: () => stack?.prompts.invalidate(),
  });
  const nextId = () => ids.next();
  const callLog = createCallLog({ db, clock, ids: nextId, log, bus: p.bus });
  const calls = createCallsService({
    db,
    repo: createCallsRepo(),
    users: deps.users,
    queues: {
      resolveQueue: (ref) => deps.routing.listQueues().find((q) => q.id === ref || q.key === ref)?.id,
      describeQueue: (id) => deps.routing.listQueues().find((q) => q.id === id),
    },
  });
  const store = settings.recordings
    ? createRecordingStore({ db, clock, log, ids: nextId, ...settings.recordings })
    : undefined;
  const recordings = createRecordingsService({ db, audit: p.audit, store });
  const purgeRecordings = () =>
    store?.purgeExpired().catch((err) => log.error({ err }, 'recording retention job failed'));
  let janitor: NodeJS.Timeout | undefined;

  async function openSip(sip: NonNullable<TelephonySettings['sip']>): Promise<SipStack> {
    const wildcard = sip.host === '0.0.0.0' || sip.host === '::';
    const advertisedHost = sip.externalAddress ?? (wildcard ? '127.0.0.1' : sip.host);
    const media = createMediaEngine({
      host: sip.host,
      advertisedAddress: advertisedHost,
      portMin: sip.rtpPorts?.min ?? 10000,
      portMax: sip.rtpPorts?.max ?? 20000,
      log,
    });
    const library = createPromptLibrary({ dirs: sip.promptDirs ?? [shippedPromptsFolder()] });
    const server = await createSipServer({
      host: sip.host,
      port: sip.port,
      advertisedHost,
      realm,
      ...(settings.sipDigest ? { digestAlgorithms: settings.sipDigest } : {}),
      log,
      clock,
      accounts: telephony.accounts,
      onBindingChange: (change) =>
        void telephony
          .registrationChanged(change)
          .catch((err) => log.warn({ err }, 'could not publish a phone registration change')),
      onInvite: (leg) => {
        if (inviteHandler) inviteHandler(leg);
        else leg.reject(503);
      },
    });
    return { server, media, prompts: library, advertisedHost };
  }

  return {
    name: 'telephony',
    services: {
      telephony,
      numbers,
      calls,
      callLog,
      recordings: store,
      telephonyHistory: createTelephonyHistory({ db, log, recordings: settings.recordings }),
      sip: {
        stack: () => stack,
        onInvite(handler) {
          inviteHandler = handler;
        },
      },
    },
    audiences: {
      // The agent's own desktop shows the phone; admins see it in the phones list.
      'telephony.phone.registration_changed': { permissions: ['telephony.manage'], users: (e) => [e.agentUserId] },
    },
    routes(app) {
      registerTelephonyRoutes(app, { telephony, numbers });
      registerPromptRoutes(app, { prompts });
      registerCallRoutes(app, { calls });
      registerRecordingRoutes(app, { recordings });
    },
    entityNames: {
      phone: namesFromList(telephony.list, (ph) => ph.username),
      number: namesFromList(numbers.listNumbers, (n) => (n.name ? `${n.number} ${n.name}` : n.number)),
      trunk: namesFromList(numbers.listTrunks, (tr) => tr.name),
    },
    async start() {
      // Before any call: close the calls of a run that stopped mid-call, drop its plaintext recordings.
      await callLog.closeInterrupted();
      await store?.removeStrayTemp();
      await purgeRecordings();
      janitor = setInterval(() => void purgeRecordings(), 3_600_000);
      janitor.unref();
      if (settings.sip) stack = await openSip(settings.sip);
    },
    async stop() {
      const open = stack;
      stack = undefined;
      await open?.server.close();
      await open?.media.close();
      clearInterval(janitor);
      await callLog.flush();
    },
    seedDemo: (demo) => telephonyDemoSeed({ telephony, numbers }, demo),
  };
}
