import type { CallEndReason } from '../../../../contracts/calls';
import type { Staged } from '../../platform/bus';
import type { Random } from '../../platform/random';
import { type FlowDefinition, type IvrCall, IvrHangup, type QueueOutcome, type QueueRequest, runFlow } from '../ivr';
import type { ContactChanged, RoutingHistory, RoutingService } from '../routing';
import type { CallFinal, CallLegHandle, CallLog, CallRecordHandle } from '../telephony';
import {
  callAnswered,
  callHeld,
  callResumed,
  callStarted,
  callTransferred,
  onCallEnded,
  recordingStored,
} from './call-events';
import { agentActor, TELEPHONY, VIEWER } from './call-registry';
import type { PlannedCall } from './history-traffic';

/**
 * One replayed call of the demo history (voice.demo-history.ts): the real IVR runner on a port whose
 * caller follows its plan on the call's own clock, the ACD contact through the replay ACD's commands
 * (as queue-wait.ts, agent-leg.ts and inbound.ts drive the live one), and the call record through the
 * same call log and call events as a live call.
 */
export type ReplayEnv = {
  now(): number;
  /** Runs `fn` at `at` (ms) on the replay's clock. */
  at(at: number, fn: () => Promise<void> | void): void;
  /** No event of the replay goes past this (today: now). */
  horizon: number;
  routing: RoutingService;
  wrapUp: RoutingHistory['wrapUp'];
  callLog: CallLog;
  record?(callId: string): Promise<{ recordingId: string; durationMs: number }>;
  promptMs: ReadonlyMap<string, number>;
  route: { trunkId?: string; flowId: string; flowVersion: number; definition: FlowDefinition; called: string };
  rnd: Random;
  agents: {
    busy(agentId: string, contactId: string): void;
    free(agentId: string, contactId: string): void;
    username(agentId: string): string;
  };
  counts: { calls: number; contacts: number; answered: number; surveys: number; recordings: number };
};

export type ReplayCall = {
  id: string;
  plan: PlannedCall;
  record: CallRecordHandle;
  callerLeg: CallLegHandle;
  /** The caller's own clock while the flow runs (ms). */
  local: number;
  phase: 'ivr' | 'queue' | 'talk' | 'after' | 'ended';
  contactId?: string;
  queueKey?: string;
  queuedAt?: number;
  endReason?: CallEndReason;
  ring?: { agentId: string; contactId: string; leg: CallLegHandle };
  talk?: { agentId: string; contactId: string; leg: CallLegHandle; since: number };
  transferred: boolean;
  recordIt: boolean;
  flowEndedAt?: Date;
  settle?: { resolve(o: QueueOutcome): void; reject(e: Error): void };
  /** Resolves when the flow waits for the queue or has finished. */
  paused: Promise<void>;
  pause: () => void;
  finished?: Promise<void>;
};

/** The replay's calls by contact id (the live call control's CallRegistry, for replayed calls). */
export type ReplayCalls = Map<string, ReplayCall>;

const iso = (ms: number) => new Date(ms).toISOString();

/** Resumes a paused flow with `fn` and waits until it pauses again or ends. */
async function resume(call: ReplayCall, fn: () => void): Promise<void> {
  call.paused = new Promise((r) => {
    call.pause = r;
  });
  fn();
  await call.paused;
}

/** The call arrives: its record opens, the flow runs until the caller waits in a queue or leaves. */
export async function startCall(
  env: ReplayEnv,
  calls: ReplayCalls,
  plan: PlannedCall,
  sipCallId: string,
  recordIt: boolean,
): Promise<ReplayCall> {
  const { route } = env;
  const startedAt = new Date(plan.at);
  const record = env.callLog.begin({
    direction: 'inbound',
    caller: plan.caller,
    called: route.called,
    sipCallId,
    ...(route.trunkId ? { trunkId: route.trunkId } : {}),
    flowId: route.flowId,
    flowVersion: route.flowVersion,
    startedAt,
  });
  env.counts.calls++;
  callStarted(record, {
    callId: record.id,
    direction: 'inbound',
    caller: plan.caller,
    called: route.called,
    trunkId: route.trunkId ?? null,
    flowId: route.flowId,
    flowVersion: route.flowVersion,
    startedAt: startedAt.toISOString(),
  });
  const callerLeg = record.leg({ kind: 'caller', remote: plan.caller, startedAt });
  callerLeg.answered(startedAt);
  const call: ReplayCall = {
    id: record.id,
    plan,
    record,
    callerLeg,
    local: plan.at,
    phase: 'ivr',
    transferred: false,
    recordIt,
    paused: Promise.resolve(),
    pause: () => {},
  };
  onCallEnded(record, {
    flowId: route.flowId,
    flowVersion: route.flowVersion,
    outcome: (final: CallFinal) =>
      final.queuedAt ? 'queued' : final.endReason === 'abandoned_ivr' ? 'hung_up' : 'ended',
    endedAt: () => call.flowEndedAt,
  });
  await resume(call, () => {
    call.finished = runFlow(route.definition, ivrPort(env, calls, call), { now: () => new Date(call.local) })
      .then(() => finish(call, reasonOf(call)))
      .finally(() => call.pause());
  });
  return call;
}

/** Why the call ended when the flow is over: as inbound.ts decides it for a live call. */
function reasonOf(call: ReplayCall): CallEndReason {
  if (call.endReason) return call.endReason;
  if (call.phase === 'ivr') return 'abandoned_ivr';
  if (call.phase === 'queue') return 'abandoned_queue';
  return 'caller_hangup';
}

function finish(call: ReplayCall, reason: CallEndReason): void {
  if (call.phase === 'ended') return;
  call.phase = 'ended';
  const at = new Date(call.local);
  call.flowEndedAt = at;
  call.callerLeg.ended(reason, undefined, at);
  void call.record.end(reason, undefined, at);
}

function ivrPort(env: ReplayEnv, calls: ReplayCalls, call: ReplayCall): IvrCall {
  const { plan } = call;
  /** The caller listens for `ms`, unless they hang up first (in the menu, or at the horizon). */
  const listen = (ms: number) => {
    const giveUp = call.phase === 'ivr' && plan.ivrPatienceMs !== undefined ? plan.at + plan.ivrPatienceMs : Infinity;
    const limit = Math.min(giveUp, env.horizon);
    if (call.local + ms > limit) {
      call.local = Math.max(call.local, limit);
      throw new IvrHangup();
    }
    call.local += ms;
  };
  return {
    caller: plan.caller,
    called: env.route.called,
    async play(refs, options) {
      let ms = 0;
      for (const ref of refs) {
        ms +=
          'prompt' in ref ? (env.promptMs.get(`${options.language}/${ref.prompt}`) ?? 2000) : ref.value.length * 600;
      }
      listen(ms);
      return null;
    },
    async collectDigits() {
      if (call.phase === 'after') {
        // The survey: a key after a moment, or the caller hangs up.
        if (!plan.survey) {
          listen(env.rnd.int(500, 3000));
          throw new IvrHangup();
        }
        listen(env.rnd.int(1500, 4000));
        return plan.survey;
      }
      const key = plan.digits.shift() ?? '';
      listen(key ? env.rnd.int(1000, 3500) : 5000);
      return key;
    },
    queue(request) {
      call.phase = 'queue';
      const at = call.local;
      env.at(at, () => enqueue(env, calls, call, request));
      return new Promise<QueueOutcome>((resolve, reject) => {
        call.settle = { resolve, reject };
        call.pause();
      });
    },
    async voicemail() {},
    async transfer() {
      return false;
    },
    async hangup() {
      finish(call, call.endReason ?? 'caller_hangup');
    },
    step: (entry) => call.record.step({ ...entry, at: new Date(call.local) }),
    setResult(name, value) {
      call.record.set({ attributes: { [name]: value } });
      if (name === 'csat') env.counts.surveys++;
    },
  };
}

/** The queue node: a voice contact in the replay ACD (queue-wait.ts), and the caller's patience. */
async function enqueue(env: ReplayEnv, calls: ReplayCalls, call: ReplayCall, request: QueueRequest): Promise<void> {
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
