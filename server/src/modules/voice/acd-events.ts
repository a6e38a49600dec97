import type { ContactChanged } from '../routing';
import type { AgentLeg } from './agent-leg';
import type { CallControlDeps } from './call-control.deps';
import { callTransferred } from './call-events';
import { type CallRegistry, TELEPHONY, VIEWER } from './call-registry';

/**
 * What the ACD's contact events mean for a call (docs/voice.md, "How a call meets the ACD"):
 * offered → ring the agent's phone; back to queued from offered (RONA) → CANCEL it; the desktop's
 * 结束 → end the conversation; timed out → the queue node's wait ends; an overflow or a desktop
 * transfer continues the call as the new contact.
 */
export function createAcdEvents(
  deps: Pick<CallControlDeps, 'clock' | 'log' | 'routing'>,
  registry: CallRegistry,
  agents: Pick<AgentLeg, 'ringAgent' | 'withdrawRing' | 'endTalk'>,
): (name: string, e: ContactChanged) => void {
  const { clock, log } = deps;
  const { ringAgent, withdrawRing, endTalk } = agents;

  return function onContactEvent(name: string, e: ContactChanged) {
    if (e.channel !== 'voice') return;
    let call = registry.byContact(e.contactId);
    if (!call && e.parentId) {
      // Overflow or a desktop transfer: the caller continues as a new contact.
      call = registry.byContact(e.parentId);
      if (call) {
        registry.unbindContact(e.parentId);
        registry.bindContact(e.contactId, call);
        call.contactId = e.contactId;
        call.queueId = e.queueId;
        call.queuedAt = clock.now();
        call.record.set({ contactId: e.contactId, queueId: e.queueId });
        if (call.talking) {
          if (!call.talking.transferred) {
            call.record.transferred();
            callTransferred(call.record, {
              callId: call.id,
              by: 'desktop',
              fromAgentId: call.talking.agentId,
              fromContactId: e.parentId,
              toContactId: e.contactId,
              toQueueId: e.queueId,
              toAgentId: e.agentId,
              toNumber: null,
              at: clock.now().toISOString(),
            });
          }
          call.talking.transferred = true;
          // Back in a queue right away: the next agent may answer before the old leg is gone.
          call.phase = 'queue';
          const c = call;
          void endTalk(c, 'desktop').then(() => {
            if (!c.talking && !c.ended) c.resumeMusic?.();
          });
        }
      }
    }
    const state = name.slice('routing.contact.'.length);
    if (!call || call.contactId !== e.contactId) {
      // An offer for a call that is gone (the caller hung up while the contact was created, or a
      // contact left from before a restart): the caller is not there — the contact ends as abandoned,
      // so no agent waits for (or is blamed for) a phone that will never ring.
      if (state === 'offered' && e.agentId && !call) {
        void deps.routing.abandon(e.contactId, TELEPHONY, VIEWER).catch(() => {});
      }
      return;
    }
    if (state === 'offered' && e.agentId) {
      void ringAgent(call, e.contactId, e.agentId).catch((err) => log.error({ err }, 'ringing the agent failed'));
    } else if (state === 'queued' && e.from === 'offered' && call.ringing?.contactId === e.contactId) {
      withdrawRing(call.ringing);
    } else if ((state === 'wrap_up' || state === 'completed') && e.from === 'connected' && call.talking) {
      // The agent pressed 结束 on the desktop.
      const c = call;
      c.reason = 'agent_hangup';
      void endTalk(c, 'desktop').then(() => {
        c.phase = 'after';
        c.queueDone?.('served');
      });
    } else if (state === 'timed_out') {
      call.record.set({ leftQueueAt: clock.now() });
      call.queueDone?.('timeout');
    }
  };
}
