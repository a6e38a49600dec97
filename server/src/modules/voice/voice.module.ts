import type { KefuModule, Platform } from '../../platform/module';
import type { IvrService } from '../ivr';
import type { RoutingHistory, RoutingService } from '../routing';
import type { TelephonyServices } from '../telephony';
import { type CallControl, type CallControlDeps, createCallControl } from './call-control';
import { createInboundAdmission } from './inbound-admission';
import { seedVoiceHistory } from './voice.demo-history';
import { registerVoiceRoutes } from './voice.routes';

export type VoiceServices = {
  voice: {
    /** The running call control (undefined until the SIP stack is up, and in API tests without SIP). */
    control(): CallControl | undefined;
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
  p: Platform,
  deps: Pick<TelephonyServices, 'sip' | 'telephony' | 'numbers' | 'callLog' | 'recordings' | 'telephonyHistory'> & {
    ivr: Pick<IvrService, 'getPublished'>;
    routing: CallControlDeps['routing'] & Pick<RoutingService, 'wallboard' | 'reload'>;
    routingHistory: RoutingHistory;
  },
): KefuModule<VoiceServices> {
  const admission = createInboundAdmission({ numbers: deps.numbers, ivr: deps.ivr });
  let control: CallControl | undefined;
  return {
    name: 'voice',
    services: {
      voice: {
        control: () => control,
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
    routes: (app) => registerVoiceRoutes(app, { control: () => control }),
    start() {
      const stack = deps.sip.stack();
      if (!stack) return; // no SIP settings (API tests): no calls
      control = createCallControl({
        ua: () => deps.sip.stack()?.server.ua,
        sipHost: () => stack.advertisedHost,
        media: stack.media,
        prompts: stack.prompts,
        route: admission.route,
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
      await control?.stop();
      control = undefined;
    },
  };
}
