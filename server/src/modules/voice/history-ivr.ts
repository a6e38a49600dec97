import type { CallEndReason } from '../../../../contracts/calls';
import { type IvrCall, IvrHangup, type QueueOutcome, runFlow } from '../ivr';
import type { CallFinal } from '../telephony';
import { callStarted, onCallEnded } from './call-events';
import { type ReplayCall, type ReplayCalls, type ReplayEnv, resume } from './history-call';
import { enqueue } from './history-contact';
import type { PlannedCall } from './history-traffic';

/**
 * A replayed call in the IVR (history-call.ts): the real IVR runner on a port whose caller follows
 * the plan on the call's own clock — listening to prompts, pressing keys, hanging up in the menu or
 * at the survey — until the flow queues the caller (history-contact.ts) or ends.
 */

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
