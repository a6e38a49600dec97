/**
 * Call control: where SIP legs, media, the IVR and the ACD meet (docs/voice.md, "How a call meets
 * the ACD"). Kefu is a back-to-back user agent: it answers every inbound call itself, runs the
 * number's IVR flow on the caller's media leg, queues the caller in the ACD with music and
 * announcements, rings the agent the ACD picks on their registered phone, and bridges the two legs
 * with a stereo recording (caller left, agent right).
 *
 * - `routing.contact.offered` (voice) → INVITE the agent's phone. 200 → `accept`; 486/600/603 →
 *   the next agent; no answer within the queue's offer timeout → the ACD's RONA (its event
 *   withdraws the offer and we CANCEL); no phone registered → RONA at once (the agent goes 未应答,
 *   which is what a supervisor needs to see).
 * - Caller hangs up while waiting → `abandon`; either side hangs up while talking → `complete`
 *   (wrap-up starts); the desktop's 结束 hangs up the agent's phone; a desktop transfer sends the
 *   caller back to queue music and follows the new contact.
 * - The call record is written at the start (so a restart can close it) and at the end.
 *
 * The parts, each in its own file: the call registry (`call-registry.ts`), inbound (`inbound.ts`),
 * the IVR's port (`ivr-port.ts`), the queue wait (`queue-wait.ts`), the agent leg (`agent-leg.ts`),
 * conference and monitoring (`conference.ts`), outbound (`outbound.ts`) and the ACD's events
 * (`acd-events.ts`); this file wires them and is call control's one public face.
 */

import type { LiveCall, MonitorMode } from '../../../../contracts/voice';
import { AppError } from '../../platform/errors';
import type { InboundLeg } from '../telephony';
import { createAcdEvents } from './acd-events';
import { createAgentLeg } from './agent-leg';
import type { CallControlDeps } from './call-control.deps';
import { createCallRegistry, VIEWER } from './call-registry';
import { createConference } from './conference';
import { createInbound } from './inbound';
import { createIvrPort } from './ivr-port';
import { createOutbound, type DialOptions } from './outbound';
import { createQueueWait } from './queue-wait';
import { mixedCall } from './voice.errors';

export type { CallControlDeps, OutboundTrunk } from './call-control.deps';

export type LiveCallInfo = Omit<LiveCall, 'caller'> & { caller: string };

export type CallControl = {
  onInvite(leg: InboundLeg): void;
  /** The agent's own call as the desktop shows it (hold may come from the phone). */
  callState(contactId: string, agentId: string): { held: boolean; heldSince: string | null };
  /** Whether the ACD knows the contact at all (open or closed): tells "not your call now" from "no such contact". */
  contactExists(contactId: string): Promise<boolean>;
  /** Desktop 保持/恢复 of the agent's own call; returns whether it is held now. */
  hold(contactId: string, agentId: string, hold: boolean): boolean;
  /** 三方通话: rings another agent's phone and joins it to the call. */
  conference(contactId: string, agentId: string, otherAgentId: string): Promise<void>;
  /** 监听 / 耳语 / 强插: rings the supervisor's phone and joins it; a second call changes the mode. */
  monitor(contactId: string, supervisorId: string, mode: MonitorMode): Promise<void>;
  /** 外呼: rings the agent's phone, then calls the number through the outbound trunk; the call record id. */
  dial(agentId: string, number: string, opts?: DialOptions): Promise<string>;
  liveCalls(): LiveCallInfo[];
  start(): void;
  stop(): Promise<void>;
  readonly activeCalls: number;
};

export function createCallControl(deps: CallControlDeps): CallControl {
  const registry = createCallRegistry();
  const agents = createAgentLeg(deps, registry);
  const outbound = createOutbound(deps);
  const conference = createConference(deps, registry, agents);
  // inbound ⇄ queue wait ⇄ IVR port call each other: bound late, used only once calls arrive.
  const queue = createQueueWait(deps, registry, {
    releaseContact: (contactId) => inbound.releaseContact(contactId),
    withdrawRing: agents.withdrawRing,
  });
  const ivrPort = createIvrPort(deps, {
    queueCall: queue.queueCall,
    callOutside: outbound.callOutside,
    bridgeUntilHangup: outbound.bridgeUntilHangup,
    finish: (call, reason) => inbound.finish(call, reason),
  });
  const inbound = createInbound(deps, registry, {
    ivrPort,
    withdrawRing: agents.withdrawRing,
    endTalk: agents.endTalk,
  });
  const onContactEvent = createAcdEvents(deps, registry, agents);
  let unsubscribe: Array<() => void> = [];

  return {
    onInvite: inbound.onInvite,
    start() {
      // In process, as decided: an offer reaches the phone in milliseconds, not after the outbox.
      unsubscribe = [deps.routing.onContactDecided(onContactEvent)];
    },
    async stop() {
      for (const off of unsubscribe) off();
      unsubscribe = [];
      for (const call of registry.all()) {
        call.ringing && agents.withdrawRing(call.ringing);
        call.talking?.leg.hangup();
        call.leg.hangup();
      }
      await deps.callLog.flush();
    },
    get activeCalls() {
      return registry.size;
    },
    callState(contactId, agentId) {
      const { talk } = registry.talkOf(contactId, agentId);
      return { held: talk.held, heldSince: talk.heldSince?.toISOString() ?? null };
    },
    async contactExists(contactId) {
      if (registry.byContact(contactId) || deps.routing.liveContact(contactId)) return true;
      return deps.routing.getContact(contactId, VIEWER).then(
        () => true,
        (err: unknown) => !(err instanceof AppError && err.code === 'ROUTING.CONTACT_NOT_FOUND'),
      );
    },
    hold(contactId, agentId, hold) {
      const { call, talk } = registry.talkOf(contactId, agentId);
      if (talk.mixer) throw mixedCall(contactId);
      agents.setHeld(call, talk, hold, 'desktop');
      return talk.held;
    },
    conference: (contactId, agentId, otherAgentId) => conference.join(contactId, otherAgentId, 'conference', agentId),
    monitor: (contactId, supervisorId, mode) => conference.join(contactId, supervisorId, mode),
    dial: outbound.dial,
    liveCalls() {
      return registry.all().map((call) => ({
        callId: call.id,
        contactId: call.contactId ?? null,
        caller: call.caller,
        called: call.called,
        phase: call.phase,
        agentId: call.talking?.agentId ?? null,
        held: call.talking?.held ?? false,
        startedAt: call.startedAt.toISOString(),
        monitors: (call.talking?.extras ?? [])
          .filter((x) => x.mode !== 'conference')
          .map((x) => ({ userId: x.userId, mode: x.mode as MonitorMode })),
        conference: (call.talking?.extras ?? []).filter((x) => x.mode === 'conference').map((x) => x.userId),
      }));
    },
  };
}
