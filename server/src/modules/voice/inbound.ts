import type { CallEndReason } from '../../../../contracts/calls';
import { type IvrCall, IvrHangup, type IvrOutcome, runFlow } from '../ivr';
import { type CallFinal, findHeader, type InboundLeg, type MediaLeg } from '../telephony';
import type { AgentLeg } from './agent-leg';
import type { CallControlDeps } from './call-control.deps';
import { callStarted, onCallEnded } from './call-events';
import { agentActor, type Call, type CallRegistry, MAX_CALLS, TELEPHONY, VIEWER } from './call-registry';
import { createDigitBuffer } from './digits';
import type { InboundRoute } from './inbound-admission';

/** A shed call's route (admission control refused it). */
type ShedRoute = Extract<InboundRoute, { status: 503 }>;
/** The shipped "all lines are busy, please call later" prompt (scripts/generate-prompts.sh). */
export const BUSY_PROMPT = 'all-lines-busy';

/**
 * An inbound call from its INVITE to its end: admission (trunk, number, published flow), the answer,
 * the IVR flow on the caller's leg, and the end — by the flow, or by the caller hanging up in any
 * phase (the ACD contact is closed by the state it has then).
 */
export type Inbound = {
  onInvite(leg: InboundLeg): void;
  /**
   * The caller is gone and no conversation holds the contact: close it in the ACD by the state it
   * has now — waiting or offered → abandoned; already connected (the agent's 200 OK crossed the
   * caller's BYE) → completed, so the agent gets wrap-up instead of a ghost call.
   */
  releaseContact(contactId: string): Promise<void>;
  /** The call is over: the record is written (after a conversation still being stored). */
  finish(call: Call, reason: CallEndReason): Promise<void>;
};

export function createInbound(
  deps: CallControlDeps,
  registry: CallRegistry,
  parts: {
    ivrPort(call: Call): IvrCall;
    withdrawRing: AgentLeg['withdrawRing'];
    endTalk: AgentLeg['endTalk'];
  },
): Inbound {
  const { log, media, routing, clock } = deps;
  const { ivrPort, withdrawRing, endTalk } = parts;

  const onInvite = (leg: InboundLeg) => {
    void acceptCall(leg).catch((err) => {
      log.error({ err, callId: leg.callId }, 'inbound call failed');
      leg.reject(500);
    });
  };

  async function acceptCall(leg: InboundLeg): Promise<void> {
    const caller = userOf(leg.request, 'from');
    const called = calledNumber(leg.request.uri) ?? userOf(leg.request, 'to');
    if (registry.size >= MAX_CALLS) return leg.reject(503);
    // Admission control decides here, before any media or database work (inbound-admission.ts).
    const route = await deps.route({ source: leg.source, called, caller, callsOpen: registry.size });
    if (!route.ok) {
      if ('shed' in route) return shed(leg, route, caller, called);
      log.info({ caller, called, source: leg.source, reason: route.reason }, 'inbound call refused');
      return leg.reject(route.status);
    }
    if (!leg.offer) return leg.reject(488);
    let m: MediaLeg;
    try {
      m = await media.openLeg();
    } catch (err) {
      log.warn({ err }, 'no media port for an inbound call');
      return leg.reject(503);
    }
    const answer = m.answer(leg.offer);
    if (!answer.ok) {
      m.close();
      return leg.reject(488);
    }
    if (leg.state !== 'early') {
      // CANCELled while we looked the number up.
      m.close();
      return;
    }
    const record = deps.callLog.begin({
      direction: 'inbound',
      caller,
      called,
      sipCallId: leg.callId,
      ...(route.trunkId ? { trunkId: route.trunkId } : {}),
      flowId: route.flowId,
      flowVersion: route.flowVersion,
    });
    callStarted(record, {
      callId: record.id,
      direction: 'inbound',
      caller,
      called,
      trunkId: route.trunkId ?? null,
      flowId: route.flowId,
      flowVersion: route.flowVersion,
      startedAt: clock.now().toISOString(),
    });
    let hangupSignal!: (e: Error) => void;
    const hungUp = new Promise<never>((_, reject) => {
      hangupSignal = reject;
    });
    hungUp.catch(() => {});
    const call: Call = {
      id: record.id,
      startedAt: clock.now(),
      caller,
      called,
      leg,
      media: m,
      record,
      callerLeg: record.leg({ kind: 'caller', remote: caller }),
      digits: createDigitBuffer(),
      phase: 'ivr',
      ended: false,
      segments: 0,
      closing: false,
      language: route.definition.language,
      hungUp,
    };
    registry.add(call);
    onCallEnded(record, {
      flowId: route.flowId,
      flowVersion: route.flowVersion,
      outcome: (final) => flowOutcome(call, final),
      endedAt: () => call.flowEndedAt,
    });
    m.onDtmf((d) => call.digits.push(d));
    leg.handlers = {
      dtmf: (d) => call.digits.push(d),
      reoffer: (sdp) => {
        const r = m.answer(sdp);
        if (!r.ok) return { ok: false, status: 488 };
        if (r.held) record.holdStarted();
        else record.holdEnded();
        return { ok: true, sdp: r.sdp };
      },
      ended: (e) => {
        if (call.ended || call.closing) return;
        call.closing = true;
        hangupSignal(new IvrHangup());
        void callerGone(call, e.by === 'remote');
      },
    };
    leg.answer(answer.sdp);
    call.callerLeg.answered();

    const spike = route.policy?.spike;
    if (spike?.enabled && spike.promptKey && !(await spikeMessage(call, spike.promptKey, spike.afterMessage))) return;

    const ivrCall = ivrPort(call);
    try {
      const run = await runFlow(route.definition, ivrCall, {
        now: () => clock.now(),
        log,
        ...(route.calendarOpen ? { calendarOpen: route.calendarOpen } : {}),
        ...(route.incidentActive ? { incidentActive: route.incidentActive } : {}),
      });
      call.flowFailed = run.end === 'error' || run.end === 'max_steps';
    } catch (err) {
      if (!(err instanceof IvrHangup)) {
        call.flowFailed = true;
        log.error({ err, callId: call.id }, 'IVR flow failed');
      }
    }
    call.flowEndedAt = clock.now();
    // The flow is over: Kefu hangs up if the caller has not.
    if (!call.ended && !call.closing) {
      call.closing = true;
      call.reason ??= call.phase === 'ivr' ? 'caller_hangup' : call.reason;
      leg.hangup();
      await finish(call, call.reason ?? 'caller_hangup');
    }
  }

  /**
   * The number's spike message (应急公告), right after the answer: the prompt in the flow's language,
   * without barge-in (digits pressed meanwhile are dropped, so they do not choose in the first menu),
   * one step in the IVR path. False when the call is over: the caller hung up during it (recorded
   * as abandoned in the IVR, as any hang-up in the flow), or the message ends the call
   * (`afterMessage: 'hang_up'`, end reason 'spike_message').
   */
  async function spikeMessage(call: Call, promptKey: string, after: 'continue' | 'hang_up'): Promise<boolean> {
    call.record.step({ node: 'spike-message', type: 'play' });
    try {
      const audio = await deps.prompts.get(promptKey, call.language);
      const pb = call.media.play(audio);
      try {
        await Promise.race([pb.done, call.hungUp]);
      } finally {
        pb.stop();
      }
    } catch (err) {
      if (err instanceof IvrHangup || call.ended || call.closing) return false;
      // A prompt removed since the message was turned on: the callers still reach the flow.
      log.warn({ err, callId: call.id, promptKey }, 'the spike message could not be played');
      return true;
    }
    call.digits.clear();
    if (after === 'continue') return !call.ended && !call.closing;
    if (call.ended || call.closing) return false;
    call.record.step({ node: 'spike-message', type: 'hangup' });
    call.flowEndedAt = clock.now();
    call.closing = true;
    call.leg.hangup();
    await finish(call, 'spike_message');
    return false;
  }

  /**
   * A call admission control refused (issue 12): counted already by the overload monitor; here it
   * is answered as its number says — 503 with Retry-After, or the busy prompt and a BYE — and gets
   * a call record with end reason 'shed' (two batched statements, no outbox event per call).
   */
  async function shed(leg: InboundLeg, route: ShedRoute, caller: string, called: string): Promise<void> {
    const record = () =>
      deps.callLog.begin({ direction: 'inbound', caller, called, sipCallId: leg.callId, trunkId: route.trunkId });
    const reject = () => {
      leg.reject(503, [{ name: 'Retry-After', value: String(route.shed.retryAfterSeconds) }]);
      void record().end('shed', 503);
    };
    const { release } = route.shed;
    if (route.shed.action === 'reject' || !leg.offer) {
      release?.();
      return reject();
    }
    // Read through a function: the leg's state changes across the awaits below (CANCEL, BYE).
    const state = (): InboundLeg['state'] => leg.state;
    let m: MediaLeg | undefined;
    let rec: ReturnType<typeof record> | undefined;
    try {
      m = await media.openLeg();
      const answer = m.answer(leg.offer);
      const audio = answer.ok ? await deps.prompts.get(BUSY_PROMPT, route.language) : undefined;
      if (!answer.ok || !audio) return reject();
      // CANCELled meanwhile: still a call Kefu could not take.
      if (state() !== 'early') return void record().end('shed', 487);
      rec = record();
      const callerLeg = rec.leg({ kind: 'caller', remote: caller });
      let hungUp!: () => void;
      const gone = new Promise<void>((resolve) => {
        hungUp = resolve;
      });
      leg.handlers = { ended: () => hungUp() };
      leg.answer(answer.sdp);
      callerLeg.answered();
      const pb = m.play(audio);
      await Promise.race([pb.done, gone]);
      pb.stop();
      if (state() === 'confirmed') leg.hangup();
      callerLeg.ended('shed');
    } catch (err) {
      log.warn({ err }, 'busy prompt failed');
      if (state() === 'early' && !rec) return reject();
      if (state() === 'confirmed') leg.hangup();
    } finally {
      void rec?.end('shed');
      m?.close();
      release?.();
    }
  }

  /** The caller's leg ended (BYE, CANCEL, no ACK). */
  async function callerGone(call: Call, byCaller: boolean): Promise<void> {
    const reason: CallEndReason =
      call.phase === 'ivr'
        ? 'abandoned_ivr'
        : call.phase === 'queue'
          ? 'abandoned_queue'
          : call.phase === 'talk'
            ? byCaller
              ? 'caller_hangup'
              : 'agent_hangup'
            : (call.reason ?? 'caller_hangup');
    if (call.contactId && !call.talking) await releaseContact(call.contactId);
    if (call.ringing) withdrawRing(call.ringing);
    if (call.talking) await endTalk(call, 'caller');
    await finish(call, reason);
  }

  async function releaseContact(contactId: string): Promise<void> {
    const live = routing.liveContact(contactId);
    try {
      if (live?.state === 'queued' || live?.state === 'offered') await routing.abandon(contactId, TELEPHONY, VIEWER);
      else if (live?.state === 'connected' && live.agentId)
        await routing.complete(contactId, {}, agentActor(live.agentId), VIEWER);
    } catch (err) {
      // The state moved meanwhile (an offer accepted right now): look again once.
      const again = routing.liveContact(contactId);
      if (again && again.state !== live?.state) return releaseContact(contactId);
      log.warn({ err, contactId }, 'could not close the contact of a call that ended');
    }
  }

  async function finish(call: Call, reason: CallEndReason): Promise<void> {
    if (call.ended) return;
    call.ended = true;
    await call.talkEnding;
    call.queueDone?.('closed');
    registry.remove(call);
    call.media.close();
    call.callerLeg.ended(reason);
    await call.record.end(call.reason && call.phase === 'after' ? call.reason : reason);
  }

  return { onInvite, releaseContact, finish };
}

/** Where the flow last handed the caller (ivr.flow.finished). */
function flowOutcome(call: Call, final: CallFinal): IvrOutcome {
  if (call.flowFailed) return 'failed';
  if (final.endReason === 'transferred_out') return 'transferred_out';
  if (final.endReason === 'voicemail') return 'voicemail';
  if (final.queuedAt) return 'queued';
  return final.endReason === 'abandoned_ivr' ? 'hung_up' : 'ended';
}

/** The user part of From or To, else the whole URI. */
function userOf(request: InboundLeg['request'], which: 'from' | 'to'): string {
  const value = findHeader(request, which);
  const m = value ? /sips?:([^@;>]+)@/.exec(value) : null;
  return m?.[1] ? decodeURIComponent(m[1]) : 'anonymous';
}

/** The dialled number: the Request-URI's user part (tel: URIs too). */
function calledNumber(uri: string): string | undefined {
  const m = /^(?:sips?:([^@;]+)@|tel:([^;]+))/i.exec(uri);
  const user = m?.[1] ?? m?.[2];
  return user ? decodeURIComponent(user) : undefined;
}
