import type { KefuModule, Platform } from '../../platform/module';
import type { IvrService } from '../ivr';
import type { RoutingHistory, RoutingService } from '../routing';
import type { TelephonyServices } from '../telephony';
import { type CallControl, type CallControlDeps, createCallControl } from './call-control';
import { createInboundAdmission } from './inbound-admission';
import type { DialOptions } from './outbound';
import { createOverloadMonitor, type OverloadSettings } from './overload';
import { seedVoiceHistory } from './voice.demo-history';
import { voiceOff } from './voice.errors';
import { registerVoiceRoutes } from './voice.routes';

export type VoiceSettings = {
  /** Admission control (KEFU_MAX_CPS, KEFU_MAX_CALLS, KEFU_OVERLOAD_*); absent: the defaults below. */
  overload?: Omit<OverloadSettings, 'thresholds'> & { thresholds: Readonly<OverloadSettings['thresholds']> };
  /** The center's time zone (the shed count of "today"). */
  timezone?: string;
};

/** Config's defaults (config.ts): no fixed limits, the automatic thresholds on. */
const DEFAULT_OVERLOAD: OverloadSettings = {
  maxCps: null,
  maxCalls: null,
  thresholds: { event_loop_lag: 250, media_lateness: 60, acd_backlog: 500, db_latency: 500 },
  resumeAfterMs: 2000,
  busyPrompts: 50,
};

export type VoiceServices = {
  voice: {
    /** The running call control (undefined until the SIP stack is up, and in API tests without SIP). */
    control(): CallControl | undefined;
    /**
     * 外呼 for other modules (a follow-up's click-to-call), the same path as `POST /api/v1/voice/dial`:
     * the call record id; VOICE.OFF while telephony is not running.
     */
    dial(agentUserId: string, number: string, opts?: DialOptions): Promise<string>;
    /** Live voice figures (tests, metrics). */
    stats(): {
      activeCalls: number;
      media: ReturnType<NonNullable<ReturnType<TelephonyServices['sip']['stack']>>['media']['stats']> | undefined;
      dialogs: number;
    };
  };
};

/**
 * Calls as the center sees them: a call admitted by its trunk and number runs its IVR flow, waits in
 * the ACD's queue, rings the agent's phone, is bridged and recorded (docs/voice.md). Starts after
 * telephony, whose SIP stack it drives.
 */
export function createVoiceModule(
  p: Platform<VoiceSettings>,
  deps: Pick<
    TelephonyServices,
    'sip' | 'telephony' | 'numbers' | 'callLog' | 'calls' | 'recordings' | 'telephonyHistory'
  > & {
    ivr: Pick<IvrService, 'getPublished'>;
    routing: CallControlDeps['routing'] &
      Pick<RoutingService, 'wallboard' | 'reload'> & {
        /** ACD commands waiting (admission control); optional until routing offers it. */
        backlog?: () => number;
      };
    routingHistory: RoutingHistory;
  },
): KefuModule<VoiceServices> {
  let control: CallControl | undefined;
  // Admission control (issue 12): measures once the SIP stack runs; its status answers always.
  const overload = createOverloadMonitor({
    settings: { ...DEFAULT_OVERLOAD, ...p.settings.overload } as OverloadSettings,
    timezone: p.settings.timezone ?? 'Asia/Shanghai',
    clock: p.clock,
    log: p.log,
    mediaLatenessMs: () => deps.sip.stack()?.media.stats().sendLatenessRecentP99Ms ?? 0,
    acdBacklog: () => deps.routing.backlog?.() ?? 0,
    pingDb: () => p.pool.query('select 1'),
    callsOpen: () => control?.activeCalls ?? 0,
    loadShed: (since) => deps.calls.shedSince(since),
    // One outbox row per change (and at most one a second while shedding), never one per shed call.
    publish: (status) => p.bus.transaction((tx) => p.bus.stage(tx, 'voice.overload.changed', status)),
  });
  const admission = createInboundAdmission({ numbers: deps.numbers, ivr: deps.ivr, overload });
  return {
    name: 'voice',
    services: {
      voice: {
        control: () => control,
        dial: async (agentUserId, number, opts) => {
          if (!control) throw voiceOff();
          return control.dial(agentUserId, number, opts);
        },
        stats: () => {
          const stack = deps.sip.stack();
          return {
            activeCalls: control?.activeCalls ?? 0,
            media: stack?.media.stats(),
            dialogs: stack?.server.ua.size ?? 0,
          };
        },
      },
    },
    routes: (app) => registerVoiceRoutes(app, { control: () => control, overload }),
    audiences: {
      'voice.overload.changed': { permissions: ['supervisor.monitor'] },
    },
    async start() {
      const stack = deps.sip.stack();
      if (!stack) return; // no SIP settings (API tests): no calls
      await overload.start();
      control = createCallControl({
        ua: () => deps.sip.stack()?.server.ua,
        sipHost: () => stack.advertisedHost,
        media: stack.media,
        prompts: stack.prompts,
        route: admission.admit,
        routing: deps.routing,
        bus: p.bus,
        bindingsOf: (agentUserId) => deps.sip.stack()?.server.contactsForAgent(agentUserId) ?? [],
        agentOfPhone: async (username) => (await deps.telephony.findByUsername(username))?.agentUserId,
        outboundTrunk: () => deps.numbers.outboundTrunk(),
        callLog: deps.callLog,
        recordings: deps.recordings,
        clock: p.clock,
        log: p.log,
      });
      control.start();
      const running = control;
      deps.sip.onInvite((leg) => running.onInvite(leg));
    },
    // The demo's past calls, replayed through the IVR runner, a replay ACD and the call log.
    seedDemoHistory: (history) =>
      seedVoiceHistory(
        {
          db: p.db,
          log: p.log,
          clock: p.clock,
          route: admission.route,
          routing: deps.routing,
          routingHistory: deps.routingHistory,
          telephonyHistory: deps.telephonyHistory,
        },
        history,
      ),
    async stop() {
      deps.sip.onInvite(undefined);
      overload.stop();
      await control?.stop();
      control = undefined;
    },
  };
}
