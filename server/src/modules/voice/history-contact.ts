import type { Staged } from '../../platform/bus';
import { IvrHangup, type QueueRequest } from '../ivr';
import type { ContactChanged } from '../routing';
import { callAnswered, callHeld, callResumed, callTransferred, recordingStored } from './call-events';
import { agentActor, TELEPHONY, VIEWER } from './call-registry';
import { iso, type ReplayCall, type ReplayCalls, type ReplayEnv, resume } from './history-call';

/**
 * A replayed call's contact in the replay ACD (history-call.ts), as queue-wait.ts, agent-leg.ts and
 * inbound.ts drive a live one: queued, offered to an agent whose phone rings, answered (or RONA),
 * held, transferred, ended with the agent's wrap-up form — or abandoned when the caller's patience
 * runs out.
 */

/** The queue node: a voice contact in the replay ACD (queue-wait.ts), and the caller's patience. */
export async function enqueue(
  env: ReplayEnv,
  calls: ReplayCalls,
  call: ReplayCall,
  request: QueueRequest,
): Promise<void> {
  const contact = await env.routing.createChannelContact(
    {
      channel: 'voice',
      queue: request.queue,
      priority: request.priority,
      ...(request.skills?.length ? { skills: request.skills } : {}),
      attributes: { ...request.attributes, callId: call.id, called: env.route.called },
      customer: { phone: call.plan.caller },
    },
    null,
  );
  env.counts.contacts++;
  call.contactId = contact.id;
  call.queueKey = contact.queueKey;
  call.queuedAt = env.now();
  calls.set(contact.id, call);
  call.record.set({ queueId: contact.queueId, contactId: contact.id, queuedAt: new Date(env.now()) });
  env.at(env.now() + call.plan.queuePatienceMs, () => abandon(env, call));
}

/** The caller gives up waiting: the contact is abandoned, the flow ends (inbound.ts callerGone). */
export async function abandon(env: ReplayEnv, call: ReplayCall): Promise<void> {
  if (call.phase !== 'queue' || call.transferred) return;
  const now = env.now();
  if (call.ring) {
    call.ring.leg.ended('withdrawn', 487, new Date(now));
    env.agents.free(call.ring.agentId, call.ring.contactId);
    call.ring = undefined;
  }
  const contactId = call.contactId;
  const live = contactId ? env.routing.liveContact(contactId) : undefined;
  if (contactId && live && (live.state === 'queued' || live.state === 'offered')) {
    await env.routing.abandon(contactId, TELEPHONY, VIEWER);
  }
  call.endReason = 'abandoned_queue';
  call.local = now;
  await resume(call, () => call.settle?.reject(new IvrHangup()));
}

/** The ACD's contact events for replayed calls, as acd-events.ts follows them for live calls. */
export function onContactEvents(env: ReplayEnv, calls: ReplayCalls, events: readonly Staged[]): void {
  for (const ev of events) {
    if (!ev.name.startsWith('routing.contact.')) continue;
    const e = ev.payload as ContactChanged;
    if (e.channel !== 'voice') continue;
    let call = calls.get(e.contactId);
    if (!call && e.parentId) {
      // A transfer or an overflow: the caller continues as the new contact.
      call = calls.get(e.parentId);
      if (call) {
        calls.delete(e.parentId);
        calls.set(e.contactId, call);
        call.contactId = e.contactId;
        call.record.set({ contactId: e.contactId, queueId: e.queueId });
        env.counts.contacts++;
      }
    }
    if (!call || call.contactId !== e.contactId) continue;
    if (e.state === 'offered' && e.agentId) offer(env, call, e.contactId, e.agentId);
    else if (e.state === 'queued' && e.from === 'offered' && call.ring?.contactId === e.contactId) {
      // RONA: the offer went back to the queue; the phone's ringing is cancelled.
      call.ring.leg.ended('withdrawn', 487, new Date(env.now()));
      env.agents.free(call.ring.agentId, e.contactId);
      call.ring = undefined;
    }
  }
}

/** The agent's phone rings; it is answered after the plan's ring time, or rings out (RONA). */
function offer(env: ReplayEnv, call: ReplayCall, contactId: string, agentId: string): void {
  const now = env.now();
  const leg = call.record.leg({
    kind: 'agent',
    remote: `sip:${env.agents.username(agentId)}@127.0.0.1`,
    agentUserId: agentId,
    startedAt: new Date(now),
  });
  leg.ringing(new Date(now + 150));
  const ring = { agentId, contactId, leg };
  call.ring = ring;
  env.agents.busy(agentId, contactId);
  // The phone rings: the ring time starts (as voice reports a provisional response in production).
  env.at(now + 150, () => env.routing.offerReached(contactId, agentId).catch(() => undefined));
  // The ACD's offer timeout (RONA) fires through wake(); nothing to schedule for a phone that rings out.
  if (call.plan.ringsOut && !call.transferred) return;
  env.at(now + call.plan.ringMs, () => answer(env, call, ring));
}

async function answer(env: ReplayEnv, call: ReplayCall, ring: NonNullable<ReplayCall['ring']>): Promise<void> {
  if (call.ring !== ring || call.phase !== 'queue') return;
  const now = env.now();
  const { agentId, contactId, leg } = ring;
  const at = new Date(now);
  try {
    await env.routing.accept(contactId, agentActor(agentId), VIEWER);
  } catch {
    leg.ended('withdrawn', 200, at);
    return;
  }
  call.ring = undefined;
  leg.answered(at);
  call.phase = 'talk';
  call.record.addAgent(agentId);
  call.record.set({ answeredAt: at });
  env.counts.answered++;
  callAnswered(call.record, {
    callId: call.id,
    agentId,
    contactId,
    queueId: env.routing.liveContact(contactId)?.queueId ?? null,
    waitedMs: call.queuedAt ? now - call.queuedAt : null,
    answeredAt: at.toISOString(),
  });
  const talk = { agentId, contactId, leg, since: now };
  call.talk = talk;
  const { plan } = call;
  let talkMs = plan.talkMs[call.queueKey ?? 'general'] ?? plan.talkMs.general!;
  if (call.recordIt && env.record) talkMs = 14_000;
  if (plan.hold && plan.hold.afterMs + plan.hold.forMs < talkMs - 10_000) {
    const { afterMs, forMs } = plan.hold;
    env.at(now + afterMs, () => hold(call, talk, true, now + afterMs));
    env.at(now + afterMs + forMs, () => hold(call, talk, false, now + afterMs + forMs, forMs));
  }
  const transferable = call.queueKey === 'billing' || call.queueKey === 'general';
  if (plan.transferAfterMs && transferable && !call.transferred && plan.transferAfterMs < talkMs) {
    env.at(now + plan.transferAfterMs, () => transfer(env, call, talk));
  } else {
    env.at(now + talkMs, () => endTalk(env, call, talk, plan.callerEnds ? 'caller' : 'agent'));
  }
}

function hold(call: ReplayCall, talk: NonNullable<ReplayCall['talk']>, held: boolean, at: number, heldMs = 0): void {
  if (call.talk !== talk) return;
  const change = {
    callId: call.id,
    contactId: talk.contactId,
    agentId: talk.agentId,
    by: 'desktop' as const,
    at: iso(at),
  };
  if (held) {
    call.record.holdStarted(new Date(at));
    callHeld(call.record, change);
  } else {
    call.record.holdEnded(new Date(at));
    callResumed(call.record, { ...change, heldMs });
  }
}

/** A desktop transfer to complaints (from billing) or fault (from general): the caller waits again. */
async function transfer(env: ReplayEnv, call: ReplayCall, talk: NonNullable<ReplayCall['talk']>): Promise<void> {
  if (call.talk !== talk) return;
  const now = env.now();
  const queue = call.queueKey === 'billing' ? 'complaints' : 'fault';
  call.talk = undefined;
  call.phase = 'queue';
  call.transferred = true;
  call.queueKey = queue;
  call.queuedAt = now;
  const child = await env.routing.transfer(talk.contactId, { queue }, agentActor(talk.agentId), VIEWER);
  call.record.transferred();
  callTransferred(call.record, {
    callId: call.id,
    by: 'desktop',
    fromAgentId: talk.agentId,
    fromContactId: talk.contactId,
    toContactId: child.id,
    toQueueId: child.queueId,
    toAgentId: null,
    toNumber: null,
    at: iso(now),
  });
  talk.leg.ended('agent_hangup', undefined, new Date(now));
  notes(env, talk, queue === 'complaints' ? 'billing' : 'general');
}

/** The agent's notes (wrap-up form) a few seconds after the conversation, within the queue's wrap-up time. */
function notes(env: ReplayEnv, talk: NonNullable<ReplayCall['talk']>, queueKey: string): void {
  const form = env.wrapUp(queueKey, env.rnd);
  env.at(env.now() + Math.min(25_000, 4000 + Math.floor(env.rnd.next() * 20_000)), async () => {
    // The wrap-up time may have run out first (completed without a form): nothing left to do then.
    await env.routing.wrapUp(talk.contactId, form, agentActor(talk.agentId), VIEWER).catch(() => undefined);
    env.agents.free(talk.agentId, talk.contactId);
  });
}

/** The conversation ends: wrap-up for the agent, then the survey (agent hung up) or the end (caller did). */
export async function endTalk(
  env: ReplayEnv,
  call: ReplayCall,
  talk: NonNullable<ReplayCall['talk']>,
  by: 'caller' | 'agent',
): Promise<void> {
  if (call.talk !== talk) return;
  const now = env.now();
  call.talk = undefined;
  talk.leg.ended(by === 'caller' ? 'caller_hangup' : 'agent_hangup', undefined, new Date(now));
  await env.routing.complete(talk.contactId, {}, agentActor(talk.agentId), VIEWER);
  notes(env, talk, call.queueKey ?? 'general');
  if (call.recordIt && env.record) {
    const r = await env.record(call.id);
    env.counts.recordings++;
    call.record.set({ recordingId: r.recordingId });
    recordingStored(call.record, {
      callId: call.id,
      recordingId: r.recordingId,
      kind: 'conversation',
      durationMs: Math.round(r.durationMs),
      storedAt: iso(now),
    });
  }
  call.local = now;
  if (by === 'agent') {
    call.phase = 'after';
    call.endReason = 'agent_hangup';
    await resume(call, () => call.settle?.resolve('served'));
  } else {
    call.endReason = 'caller_hangup';
    await resume(call, () => call.settle?.reject(new IvrHangup()));
  }
}
