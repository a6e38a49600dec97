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
 */

import type { CallEndReason } from '../../../../contracts/calls';
import type { LiveCall, MonitorMode } from '../../../../contracts/voice';
import type { Actor } from '../../platform/audit';
import type { EventBus } from '../../platform/bus';
import type { Clock } from '../../platform/clock';
import { AppError } from '../../platform/errors';
import type { Logger } from '../../platform/logger';
import { type IvrCall, IvrHangup, type PromptRef, type QueueOutcome, type QueueRequest, runFlow } from '../ivr';
import type { ContactChanged, RoutingService } from '../routing';
import {
  type Binding,
  bridgeLegs,
  type CallLegHandle,
  type CallLog,
  type CallRecordHandle,
  createMixer,
  findHeader,
  type InboundLeg,
  type MediaEngine,
  type MediaLeg,
  type Mixer,
  type MixRole,
  type OutboundLeg,
  type PromptLibrary,
  type RecordingStore,
  recordLegs,
  serializeUri,
  type UserAgent,
} from '../telephony';
import { createDigitBuffer, type DigitBuffer } from './digits';
import type { InboundRequest, InboundRoute } from './inbound-admission';
import { mixedCall, noAnswer, noPhone, noTrunk, notTalking } from './voice.errors';

/** The outbound trunk as call control uses it (telephony's trunk row has these fields). */
export type OutboundTrunk = {
  id: string;
  outboundHost: string | null;
  outboundPort: number | null;
  outboundTransport: string;
  outboundUsername: string | null;
  outboundPassword: string | null;
  callerId: string | null;
};

export type CallControlDeps = {
  ua: () => UserAgent | undefined;
  sipHost: () => string;
  media: MediaEngine;
  prompts: PromptLibrary;
  /** Trunk check (source address) and the called number's published flow. */
  route(input: InboundRequest): Promise<InboundRoute>;
  routing: Pick<
    RoutingService,
    | 'createChannelContact'
    | 'accept'
    | 'complete'
    | 'abandon'
    | 'declineOffer'
    | 'convertToCallback'
    | 'getContact'
    | 'transfer'
    | 'queueId'
    | 'liveContact'
  >;
  /** The trunk for outbound calls (click-to-call), if one is configured. */
  outboundTrunk(): Promise<OutboundTrunk | undefined>;
  /** The agent behind a SIP username (REFER to `sip:agent02@…`). */
  agentOfPhone(username: string): Promise<string | undefined>;
  bus: EventBus;
  bindingsOf(agentUserId: string): Binding[];
  callLog: CallLog;
  recordings: RecordingStore | undefined;
  clock: Clock;
  log: Logger;
};

export type LiveCallInfo = Omit<LiveCall, 'caller'> & { caller: string };

export type CallControl = {
  onInvite(leg: InboundLeg): void;
  /** The agent's own call as the desktop shows it (hold may come from the phone). */
  callState(contactId: string, agentId: string): { held: boolean; heldSince: string | null };
  /** Desktop 保持/恢复 of the agent's own call; returns whether it is held now. */
  hold(contactId: string, agentId: string, hold: boolean): boolean;
  /** 三方通话: rings another agent's phone and joins it to the call. */
  conference(contactId: string, agentId: string, otherAgentId: string): Promise<void>;
  /** 监听 / 耳语 / 强插: rings the supervisor's phone and joins it; a second call changes the mode. */
  monitor(contactId: string, supervisorId: string, mode: MonitorMode): Promise<void>;
  /** 外呼: rings the agent's phone, then calls the number through the outbound trunk; the call record id. */
  dial(agentId: string, number: string, contactId?: string): Promise<string>;
  liveCalls(): LiveCallInfo[];
  start(): void;
  stop(): Promise<void>;
  readonly activeCalls: number;
};

type Phase = 'ivr' | 'queue' | 'talk' | 'after';

type Ringing = {
  agentId: string;
  contactId: string;
  leg: OutboundLeg;
  media: MediaLeg;
  record: CallLegHandle;
  withdrawn: boolean;
};

type Talking = {
  agentId: string;
  contactId: string;
  leg: OutboundLeg;
  media: MediaLeg;
  record: CallLegHandle;
  bridge: { stop(): void };
  recording?: { stop(): Promise<{ durationMs: number; bytes: number }> };
  recordingPath?: string;
  ending: boolean;
  /** Transferred (desktop or REFER): the caller goes on to the next agent, this leg just ends. */
  transferred?: boolean;
  /** A REFER from the phone being carried out (its outcome decides what the phone's BYE means). */
  referring?: Promise<boolean>;
  /** On hold (from the phone or the desktop): the caller hears music. */
  held: boolean;
  heldSince?: Date;
  /** Conference or monitoring: the bridge became a mixer. */
  mixer?: Mixer;
  /** Supervisors and conference agents on the call. */
  extras: Extra[];
};

type Extra = {
  userId: string;
  mode: MonitorMode | 'conference';
  leg: OutboundLeg;
  media: MediaLeg;
  record: CallLegHandle;
};

type Call = {
  id: string;
  startedAt: Date;
  caller: string;
  called: string;
  leg: InboundLeg;
  media: MediaLeg;
  record: CallRecordHandle;
  callerLeg: CallLegHandle;
  digits: DigitBuffer;
  phase: Phase;
  ended: boolean;
  /** The caller's leg ended and callerGone is closing the call. */
  closing: boolean;
  /** An endTalk in progress (recording being stored): the record is written after it. */
  talkEnding?: Promise<void>;
  /** The flow's language, as its prompts last asked (announcements in the queue speak it too). */
  language: string;
  /** Recorded conversations so far (each agent segment is one recording). */
  segments: number;
  hungUp: Promise<never>;
  reason?: CallEndReason;
  contactId?: string;
  ringing?: Ringing;
  talking?: Talking;
  /** Back to queue music (after a desktop transfer). */
  resumeMusic?: () => void;
  /** Settles the queue wait of the IVR's queue node. */
  queueDone?: (outcome: QueueOutcome) => void;
};

const VIEWER = { userId: '', permissions: new Set(['supervisor.monitor', 'pii.view']) };
const agentActor = (agentId: string): Actor => ({ userId: agentId, name: 'sip', ip: null, requestId: null });
/** Kefu's telephony acting on its own (the caller hung up): no user behind it. */
const TELEPHONY: Actor = { userId: null, name: 'telephony', ip: null, requestId: null };
const MAX_CALLS = 2000;

export function createCallControl(deps: CallControlDeps): CallControl {
  const { log, media, prompts, routing, clock } = deps;
  const calls = new Set<Call>();
  const byContact = new Map<string, Call>();
  let unsubscribe: (() => void) | undefined;

  // ---- inbound ------------------------------------------------------------------------------

  const onInvite = (leg: InboundLeg) => {
    void acceptCall(leg).catch((err) => {
      log.error({ err, callId: leg.callId }, 'inbound call failed');
      leg.reject(500);
    });
  };

  async function acceptCall(leg: InboundLeg): Promise<void> {
    const caller = userOf(leg.request, 'from');
    const called = calledNumber(leg.request.uri) ?? userOf(leg.request, 'to');
    if (calls.size >= MAX_CALLS) return leg.reject(503);
    const route = await deps.route({ source: leg.source, called, caller });
    if (!route.ok) {
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
    calls.add(call);
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

    const ivrCall = ivrPort(call);
    try {
      await runFlow(route.definition, ivrCall, { now: () => clock.now(), log });
    } catch (err) {
      if (!(err instanceof IvrHangup)) log.error({ err, callId: call.id }, 'IVR flow failed');
    }
    // The flow is over: Kefu hangs up if the caller has not.
    if (!call.ended && !call.closing) {
      call.closing = true;
      call.reason ??= call.phase === 'ivr' ? 'caller_hangup' : call.reason;
      leg.hangup();
      await finish(call, call.reason ?? 'caller_hangup');
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

  /**
   * The caller is gone and no conversation holds the contact: close it in the ACD by the state it
   * has now — waiting or offered → abandoned; already connected (the agent's 200 OK crossed the
   * caller's BYE) → completed, so the agent gets wrap-up instead of a ghost call.
   */
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
    calls.delete(call);
    if (call.contactId) byContact.delete(call.contactId);
    call.media.close();
    call.callerLeg.ended(reason);
    await call.record.end(call.reason && call.phase === 'after' ? call.reason : reason);
  }

  // ---- the IVR's port -----------------------------------------------------------------------

  function ivrPort(call: Call): IvrCall {
    const live = <T>(p: Promise<T>): Promise<T> => Promise.race([p, call.hungUp]);
    const check = () => {
      if (call.ended) throw new IvrHangup();
    };
    const audioOf = async (refs: readonly PromptRef[], language: string): Promise<Int16Array[]> => {
      const out: Int16Array[] = [];
      for (const ref of refs) {
        if ('prompt' in ref) out.push(await prompts.get(ref.prompt, language));
        else for (const ch of ref.value.replace(/[^0-9]/g, '')) out.push(await prompts.get(`digit-${ch}`, language));
      }
      return out;
    };
    const playAll = async (audio: Int16Array[], bargeIn: boolean): Promise<string | null> => {
      if (audio.length === 0) return null;
      const pb = call.media.play(audio);
      if (!bargeIn) {
        await live(pb.done);
        return null;
      }
      const wait = call.digits.next(24 * 3600_000);
      const first = await live(Promise.race([pb.done.then(() => null), wait.promise]));
      if (first === null) wait.cancel();
      else pb.stop();
      return first;
    };

    /** The voicemail message itself (see `voicemail` below). */
    const leaveMessage = async (o: { queue: string; maxSeconds: number; attributes: Record<string, string> }) => {
      await playAll([await prompts.music('beep')], false).catch(() => null);
      const path = deps.recordings?.tempPath(`${call.id}-vm`);
      // The caller's voice on both channels: one file format for every recording.
      const rec = path ? recordLegs(call.media, call.media, path) : undefined;
      const started = clock.now().getTime();
      const deadline = started + o.maxSeconds * 1000;
      let pending: { cancel(): void } | undefined;
      // Most callers end a message by hanging up: the message still becomes a contact.
      let hungUp: unknown;
      try {
        await live(
          (async () => {
            for (;;) {
              const left = deadline - clock.now().getTime();
              if (left <= 0) return;
              const w = call.digits.next(left);
              pending = w;
              const d = await w.promise;
              if (d === null || d === '#') return;
            }
          })(),
        ).catch((err) => {
          hungUp = err;
        });
      } finally {
        pending?.cancel();
        const result = await rec?.stop();
        if (path && result && deps.recordings) {
          const recordingId = await deps.recordings.store(call.id, path, result.durationMs);
          call.record.set({ recordingId });
        }
      }
      await routing.createChannelContact(
        {
          channel: 'callback',
          queue: o.queue,
          priority: 0,
          attributes: {
            ...o.attributes,
            voicemail: 'true',
            callId: call.id,
            callbackNumber: call.caller,
            voicemailSeconds: String(Math.round((clock.now().getTime() - started) / 1000)),
          },
          customer: { phone: call.caller },
        },
        null,
      );
      call.record.set({ leftQueueAt: clock.now() });
      if (hungUp) throw hungUp;
    };

    /**
     * Transfer to an outside number: Kefu calls it through the outbound trunk and bridges the
     * caller to it (recorded) until one side hangs up. False when there is no trunk or no answer.
     */
    const transferOut = async (number: string): Promise<boolean> => {
      check();
      const trunk = await deps.outboundTrunk();
      if (!trunk?.outboundHost) return false;
      const out = await callOutside(number, trunk, call.record);
      const result = await Promise.race([out.leg.result, call.hungUp]).catch((err) => {
        out.leg.hangup();
        out.media.close();
        throw err;
      });
      if (result.status >= 300 || !out.media.applyAnswer(result.sdp ?? '').ok) {
        if (result.status < 300) out.leg.hangup();
        out.media.close();
        out.record.ended('failed', result.status);
        return false;
      }
      out.record.answered();
      call.reason = 'transferred_out';
      call.phase = 'after';
      call.record.set({ answeredAt: clock.now() });
      call.record.transferred();
      const callerParty: Party = { leg: call.leg, media: call.media, record: call.callerLeg };
      await bridgeUntilHangup(callerParty, out, call.record);
      return true;
    };

    return {
      caller: call.caller,
      called: call.called,
      async play(refs, options) {
        check();
        call.language = options.language;
        if (options.bargeIn) {
          const typed = call.digits.take();
          if (typed !== undefined) return typed;
        }
        return playAll(await audioOf(refs, options.language), options.bargeIn);
      },
      async collectDigits(o) {
        check();
        let digits = '';
        let pending = o.initial ?? '';
        for (;;) {
          let d: string | null;
          if (pending) {
            d = pending[0]!;
            pending = pending.slice(1);
          } else {
            const w = call.digits.next(digits.length === 0 ? o.firstTimeoutMs : o.interDigitTimeoutMs);
            d = await live(w.promise);
          }
          if (d === null) return digits;
          if (o.terminator && d === o.terminator) return digits;
          digits += d;
          if (digits.length >= o.max) return digits;
        }
      },
      queue: (request) => live(queueCall(call, request)),
      /**
       * Voicemail: after the node's prompts (the runner plays them) a beep, then the caller's
       * message until # or the time limit, stored as an encrypted recording of the call; the
       * message becomes a `callback` contact in the node's queue carrying the call id.
       */
      async voicemail(o) {
        check();
        // From here the caller is leaving a message: a hang-up ends it, and the call record waits
        // until the message is stored and its contact created.
        call.reason = 'voicemail';
        call.phase = 'after';
        let stored!: () => void;
        call.talkEnding = new Promise<void>((resolve) => {
          stored = resolve;
        });
        try {
          await leaveMessage(o);
        } finally {
          stored();
        }
      },
      async transfer(number) {
        return transferOut(number);
      },
      async hangup() {
        if (call.ended || call.closing) return;
        call.closing = true;
        call.leg.hangup();
        await finish(call, call.reason ?? (call.phase === 'ivr' ? 'caller_hangup' : 'caller_hangup'));
      },
      step: (entry) => call.record.step(entry),
      setResult: (name, value) => call.record.set({ attributes: { [name]: value } }),
    };
  }

  // ---- queue ----------------------------------------------------------------------------------

  async function queueCall(call: Call, request: QueueRequest): Promise<QueueOutcome> {
    const contact = await routing.createChannelContact(
      {
        channel: 'voice',
        queue: request.queue,
        priority: request.priority,
        ...(request.skills?.length ? { skills: request.skills } : {}),
        attributes: { ...request.attributes, callId: call.id, called: call.called },
        customer: { phone: call.caller },
      },
      null,
    );
    if (call.ended || call.closing) {
      // Hung up while the contact was being created: it must not wait for an agent.
      await releaseContact(contact.id);
      throw new IvrHangup();
    }
    call.phase = 'queue';
    call.contactId = contact.id;
    byContact.set(contact.id, call);
    call.record.set({ queueId: contact.queueId, contactId: contact.id, queuedAt: clock.now() });
    if (contact.state === 'timed_out') return 'timeout';

    const music = await prompts.music(request.music);
    const outcome = new Promise<QueueOutcome>((resolve) => {
      call.queueDone = (o) => {
        call.queueDone = undefined;
        resolve(o);
      };
    });
    const holdMusic = () => {
      if (!call.talking && !call.ended) call.media.play(music, { loop: true });
    };
    call.resumeMusic = holdMusic;
    holdMusic();

    let announcing = false;
    const announce = async () => {
      if (announcing || call.talking || call.ringing || call.ended || !call.contactId) return;
      announcing = true;
      try {
        const c = await routing.getContact(call.contactId, VIEWER).catch(() => undefined);
        const refs: PromptRef[] = [];
        if (request.announcePosition && c?.position != null) {
          refs.push(
            { prompt: 'position-before' },
            { say: 'digits', value: String(c.position) },
            { prompt: 'position-after' },
          );
        }
        if (request.announceWait && c?.estimatedWaitSeconds != null) {
          const minutes = Math.max(1, Math.round(c.estimatedWaitSeconds / 60));
          refs.push({ prompt: 'wait-before' }, { say: 'digits', value: String(minutes) }, { prompt: 'wait-minutes' });
        }
        if (request.callbackOffer) refs.push({ prompt: 'callback-offer' });
        if (refs.length && !call.talking && !call.ringing) {
          const audio: Int16Array[] = [];
          for (const ref of refs) {
            if ('prompt' in ref) audio.push(await prompts.get(ref.prompt, call.language));
            else for (const ch of ref.value) audio.push(await prompts.get(`digit-${ch}`, call.language));
          }
          if (!call.talking && !call.ringing && !call.ended) await call.media.play(audio).done;
        }
      } finally {
        announcing = false;
        holdMusic();
      }
    };
    const every = request.announceEverySeconds > 0 ? request.announceEverySeconds * 1000 : 0;
    const timer = every ? setInterval(() => void announce().catch(() => {}), every) : undefined;
    timer?.unref();

    // "Press 1 for a callback": listen while waiting.
    let listening = request.callbackOffer;
    // The pending wait is withdrawn when the queue wait ends, or the survey would lose its digit.
    let pending: { cancel(): void } | undefined;
    const listen = async () => {
      while (listening && !call.ended) {
        const w = call.digits.next(60_000);
        pending = w;
        const d = await w.promise;
        if (!listening || call.ended) return;
        if (d === '1' && call.phase === 'queue' && !call.talking && call.contactId) {
          const child = await routing.convertToCallback(call.contactId, { callbackNumber: call.caller });
          if (child) {
            byContact.delete(call.contactId);
            if (call.ringing) withdrawRing(call.ringing);
            call.record.set({ leftQueueAt: clock.now(), attributes: { callbackContactId: child.id } });
            call.reason = 'callback';
            call.phase = 'after';
            call.media.stopPlayback();
            await call.media.play(await prompts.get('callback-confirm', call.language)).done;
            call.queueDone?.('callback');
            return;
          }
        }
      }
    };
    if (listening) void listen().catch((err) => log.debug({ err }, 'callback listener failed'));

    try {
      return await outcome;
    } finally {
      listening = false;
      pending?.cancel();
      if (timer) clearInterval(timer);
    }
  }

  // ---- agents -------------------------------------------------------------------------------

  async function ringAgent(call: Call, contactId: string, agentId: string): Promise<void> {
    if (call.ringing || call.talking || call.ended) return;
    const ua = deps.ua();
    const binding = [...deps.bindingsOf(agentId)].sort((a, b) => b.q - a.q)[0];
    if (!ua || !binding) {
      log.info({ agentId, contactId }, 'agent has no registered phone: no answer');
      await routing.declineOffer(contactId, agentId, 'timeout');
      return;
    }
    let m: MediaLeg;
    try {
      m = await media.openLeg();
    } catch (err) {
      log.warn({ err }, 'no media port to ring an agent');
      await routing.declineOffer(contactId, agentId, 'rejected');
      return;
    }
    const legRecord = call.record.leg({ kind: 'agent', remote: binding.contactText, agentUserId: agentId });
    const out = ua.invite({
      requestUri: serializeUri(binding.contact),
      target: binding.source,
      from: { user: call.caller.replace(/[^0-9A-Za-z+*#._-]/g, '') || 'anonymous', displayName: call.caller },
      to: `<sip:${binding.username}@${deps.sipHost()}>`,
      sdp: m.offer(),
    });
    const ring: Ringing = { agentId, contactId, leg: out, media: m, record: legRecord, withdrawn: false };
    call.ringing = ring;
    out.onProgress = (status) => {
      if (status === 180 || status === 183) legRecord.ringing();
    };
    const result = await out.result;
    if (call.ringing === ring) call.ringing = undefined;
    if (result.status >= 300 || ring.withdrawn || call.ended) {
      m.close();
      const why = ring.withdrawn ? 'withdrawn' : result.status >= 300 ? 'rejected' : 'caller_gone';
      legRecord.ended(why === 'rejected' && [408, 480, 487].includes(result.status) ? 'no_answer' : why, result.status);
      if (result.status < 300) out.hangup();
      else if (!ring.withdrawn && !call.ended) {
        const busy = [486, 600, 603].includes(result.status);
        await routing.declineOffer(contactId, agentId, busy ? 'rejected' : 'timeout');
      }
      return;
    }
    const applied = m.applyAnswer(result.sdp ?? '');
    try {
      if (!applied.ok) throw new Error(`agent phone answer SDP unusable: ${applied.reason}`);
      await routing.accept(contactId, agentActor(agentId), VIEWER);
    } catch (err) {
      log.info({ err, contactId, agentId }, 'agent answered an offer that is gone');
      out.hangup();
      m.close();
      legRecord.ended('withdrawn', 200);
      return;
    }
    if (call.ended || call.closing) {
      // The caller hung up while the phone answered: end the agent's side and the contact.
      out.hangup();
      m.close();
      legRecord.ended('caller_gone', 200);
      await routing.complete(contactId, {}, agentActor(agentId), VIEWER).catch(() => {});
      return;
    }
    legRecord.answered();
    call.phase = 'talk';
    call.record.addAgent(agentId);
    call.record.set({ answeredAt: clock.now() });
    call.media.stopPlayback();
    const talk: Talking = {
      agentId,
      contactId,
      leg: out,
      media: m,
      record: legRecord,
      bridge: bridgeLegs(call.media, m),
      ending: false,
      held: false,
      extras: [],
    };
    if (deps.recordings) {
      talk.recordingPath = deps.recordings.tempPath(`${call.id}-${++call.segments}`);
      talk.recording = recordLegs(call.media, m, talk.recordingPath);
    }
    call.talking = talk;
    out.handlers = {
      ended: (e) => {
        if (e.by === 'remote') void agentHungUp(call, talk);
      },
      // The agent's phone holds (re-INVITE sendonly/inactive): the caller hears music until resume.
      reoffer: (sdp) => {
        const r = m.answer(sdp);
        if (!r.ok) return { ok: false, status: 488 };
        if (r.held !== talk.held) setHeld(call, talk, r.held, 'phone');
        return { ok: true, sdp: r.sdp };
      },
      // Blind transfer from the phone (REFER): to a queue key, another agent's phone, or refused.
      refer: (target) => {
        // The phone may hang up right after our 202: agentHungUp waits for this outcome.
        talk.referring = (async () => {
          const user = /^sips?:([^@;]+)/.exec(target)?.[1] ?? target;
          const queue = routing.queueId(user);
          const agent = queue ? undefined : await deps.agentOfPhone(user);
          if (!queue && !agent) return false;
          talk.transferred = true;
          try {
            await routing.transfer(contactId, queue ? { queue } : { agentId: agent! }, agentActor(agentId), VIEWER);
            call.record.transferred();
            return true;
          } catch (err) {
            talk.transferred = false;
            log.info({ err, target }, 'transfer from the phone refused');
            return false;
          }
        })();
        return talk.referring;
      },
    };
  }

  /**
   * Withdraws a ringing offer (RONA, caller gone, callback): CANCEL the phone. The call is free for
   * the next offer at once — RONA re-offers in the same ACD command, before the 487 comes back.
   */
  function withdrawRing(ring: Ringing) {
    ring.withdrawn = true;
    for (const call of calls) if (call.ringing === ring) call.ringing = undefined;
    ring.leg.hangup();
  }

  async function agentHungUp(call: Call, talk: Talking) {
    if (call.talking !== talk) return;
    if (talk.referring) await talk.referring;
    if (call.talking !== talk) return;
    if (talk.transferred) {
      // The phone hangs up after its REFER: the caller is already queued for the target.
      call.phase = 'queue';
      await endTalk(call, 'desktop');
      if (!call.talking && !call.ended) call.resumeMusic?.();
      return;
    }
    call.reason = 'agent_hangup';
    await endTalk(call, 'agent');
    call.phase = 'after';
    call.queueDone?.('served');
  }

  /** The conversation is over: stop bridge and recording, hang up the other side, ACD wrap-up. */
  function endTalk(call: Call, by: 'caller' | 'agent' | 'desktop'): Promise<void> {
    const talk = call.talking;
    if (!talk || talk.ending) return call.talkEnding ?? Promise.resolve();
    call.talkEnding = endTalkNow(call, talk, by);
    return call.talkEnding;
  }

  async function endTalkNow(call: Call, talk: Talking, by: 'caller' | 'agent' | 'desktop'): Promise<void> {
    talk.ending = true;
    call.talking = undefined;
    talk.bridge.stop();
    talk.mixer?.stop();
    for (const x of talk.extras.splice(0)) {
      x.leg.hangup();
      x.media.close();
      x.record.ended('call_ended');
    }
    if (by !== 'agent') talk.leg.hangup();
    talk.record.ended(by === 'caller' ? 'caller_hangup' : 'agent_hangup');
    talk.media.close();
    if (by !== 'desktop') {
      await routing.complete(talk.contactId, {}, agentActor(talk.agentId), VIEWER).catch((err) => {
        log.debug({ err, contactId: talk.contactId }, 'contact already ended');
      });
    }
    if (talk.recording && talk.recordingPath && deps.recordings) {
      try {
        const r = await talk.recording.stop();
        const recordingId = await deps.recordings.store(call.id, talk.recordingPath, r.durationMs);
        call.record.set({ recordingId });
      } catch (err) {
        log.error({ err, callId: call.id }, 'recording could not be stored');
      }
    }
  }

  // ---- hold, conference, monitoring (desktop and wallboard) -----------------------------------

  /**
   * Hold from the phone (re-INVITE) or the desktop. The caller hears music either way; from the
   * desktop the bridge also stops, so the agent hears nothing (the phone does that itself).
   */
  function setHeld(call: Call, talk: Talking, held: boolean, by: 'phone' | 'desktop') {
    if (talk.held === held) return;
    talk.held = held;
    talk.heldSince = held ? clock.now() : undefined;
    if (held) {
      call.record.holdStarted();
      if (by === 'desktop') talk.bridge.stop();
      void prompts
        .music()
        .then((music) => {
          if (talk.held && call.talking === talk) call.media.play(music, { loop: true });
        })
        .catch(() => {});
    } else {
      call.record.holdEnded();
      call.media.stopPlayback();
      if (by === 'desktop' && !talk.mixer) talk.bridge = bridgeLegs(call.media, talk.media);
    }
  }

  function talkOf(contactId: string, agentId?: string): { call: Call; talk: Talking } {
    const call = byContact.get(contactId);
    const talk = call?.talking;
    if (!call || !talk || (agentId !== undefined && talk.agentId !== agentId)) throw notTalking(contactId);
    return { call, talk };
  }

  /** INVITEs a user's registered phone and waits (at most `timeoutMs`) for the answer. */
  async function callUserPhone(
    userId: string,
    from: { user: string; displayName: string },
    record: CallRecordHandle,
    kind: 'agent' | 'monitor',
    timeoutMs = 30_000,
  ): Promise<{ leg: OutboundLeg; media: MediaLeg; record: CallLegHandle }> {
    const ua = deps.ua();
    const binding = [...deps.bindingsOf(userId)].sort((a, b) => b.q - a.q)[0];
    if (!ua || !binding) throw noPhone(userId);
    const m = await media.openLeg();
    const legRecord = record.leg({ kind, remote: binding.contactText, agentUserId: userId });
    const out = ua.invite({
      requestUri: serializeUri(binding.contact),
      target: binding.source,
      from,
      to: `<sip:${binding.username}@${deps.sipHost()}>`,
      sdp: m.offer(),
    });
    out.onProgress = (status) => {
      if (status === 180 || status === 183) legRecord.ringing();
    };
    const timer = setTimeout(() => out.hangup(), timeoutMs);
    const result = await out.result.finally(() => clearTimeout(timer));
    if (result.status >= 300 || !m.applyAnswer(result.sdp ?? '').ok) {
      if (result.status < 300) out.hangup();
      m.close();
      legRecord.ended('no_answer', result.status);
      throw noAnswer(result.status);
    }
    legRecord.answered();
    return { leg: out, media: m, record: legRecord };
  }

  function mixerOf(call: Call, talk: Talking): Mixer {
    if (!talk.mixer) {
      if (talk.held) setHeld(call, talk, false, 'desktop');
      talk.bridge.stop();
      const mixer = createMixer();
      mixer.add(call.media, 'full');
      mixer.add(talk.media, 'full');
      talk.mixer = mixer;
      talk.bridge = { stop: () => mixer.stop() };
    }
    return talk.mixer;
  }

  const roleOf = (mode: Extra['mode']): MixRole =>
    mode === 'listen' ? 'listen' : mode === 'whisper' ? 'whisper' : 'full';

  async function join(contactId: string, userId: string, mode: Extra['mode'], agentId?: string): Promise<void> {
    const { call, talk } = talkOf(contactId, agentId);
    const existing = talk.extras.find((x) => x.userId === userId);
    if (existing) {
      existing.mode = mode;
      talk.mixer?.setRole(existing.media, roleOf(mode), mode === 'whisper' ? { whisperTo: talk.media } : undefined);
      return;
    }
    const names = { listen: '监听', whisper: '耳语', barge: '强插', conference: '三方通话' } as const;
    const joined = await callUserPhone(
      userId,
      {
        user: call.caller.replace(/[^0-9A-Za-z+*#._-]/g, '') || 'anonymous',
        displayName: `${names[mode]} ${call.caller}`,
      },
      call.record,
      mode === 'conference' ? 'agent' : 'monitor',
    );
    if (call.talking !== talk) {
      joined.leg.hangup();
      joined.media.close();
      joined.record.ended('call_ended');
      throw notTalking(contactId);
    }
    const mixer = mixerOf(call, talk);
    mixer.add(joined.media, roleOf(mode), mode === 'whisper' ? { whisperTo: talk.media } : undefined);
    const extra: Extra = { userId, mode, ...joined };
    talk.extras.push(extra);
    if (mode === 'conference') call.record.addAgent(userId);
    joined.leg.handlers = {
      ended: () => {
        const i = talk.extras.indexOf(extra);
        if (i < 0) return;
        talk.extras.splice(i, 1);
        mixer.remove(joined.media);
        joined.media.close();
        joined.record.ended('hangup');
      },
    };
  }

  // ---- click-to-call (外呼) ------------------------------------------------------------------

  async function dial(agentId: string, number: string, contactId?: string): Promise<string> {
    const trunk = await deps.outboundTrunk();
    if (!trunk?.outboundHost) throw noTrunk();
    if (!deps.bindingsOf(agentId).length) throw noPhone(agentId);
    const callerId = trunk.callerId ?? 'kefu';
    const record = deps.callLog.begin({
      direction: 'outbound',
      caller: callerId,
      called: number,
      sipCallId: `dial-${agentId}-${clock.now().getTime()}`,
      trunkId: trunk.id,
    });
    if (contactId) record.set({ contactId });
    void runDial(record, agentId, number, trunk).catch((err) => {
      log.error({ err, callId: record.id }, 'click-to-call failed');
      void record.end('failed');
    });
    return record.id;
  }

  async function runDial(
    record: CallRecordHandle,
    agentId: string,
    number: string,
    trunk: NonNullable<Awaited<ReturnType<CallControlDeps['outboundTrunk']>>>,
  ): Promise<void> {
    let agent: Awaited<ReturnType<typeof callUserPhone>>;
    try {
      agent = await callUserPhone(agentId, { user: number, displayName: `外呼 ${number}` }, record, 'agent');
    } catch (err) {
      const status = err instanceof AppError ? (err.details as { status?: number } | undefined)?.status : undefined;
      await record.end('no_answer', status);
      return;
    }
    record.addAgent(agentId);
    const out = await callOutside(number, trunk, record);
    let agentGone = false;
    agent.leg.handlers = {
      ended: () => {
        agentGone = true;
        out.leg.hangup();
      },
    };
    const result = await out.leg.result;
    if (result.status >= 300 || agentGone || !out.media.applyAnswer(result.sdp ?? '').ok) {
      out.media.close();
      out.record.ended(agentGone ? 'agent_hangup' : 'failed', result.status);
      if (result.status < 300) out.leg.hangup();
      agent.leg.hangup();
      agent.media.close();
      agent.record.ended(agentGone ? 'agent_hangup' : 'failed');
      await record.end(agentGone ? 'agent_hangup' : 'failed', result.status >= 300 ? result.status : undefined);
      return;
    }
    out.record.answered();
    record.set({ answeredAt: clock.now() });
    // The far end (the customer) on the left, the agent on the right, like inbound calls.
    const first = await bridgeUntilHangup(out, agent, record);
    await record.end(first === 'a' ? 'caller_hangup' : 'agent_hangup');
  }

  type Party = { leg: InboundLeg | OutboundLeg; media: MediaLeg; record: CallLegHandle };

  /** INVITEs a number through the outbound trunk; the leg's `result` settles with the answer. */
  async function callOutside(
    number: string,
    trunk: OutboundTrunk,
    record: CallRecordHandle,
  ): Promise<{ leg: OutboundLeg; media: MediaLeg; record: CallLegHandle }> {
    const ua = deps.ua();
    if (!ua || !trunk.outboundHost) throw noTrunk();
    const m = await media.openLeg();
    const host = trunk.outboundHost;
    const port = trunk.outboundPort ?? 5060;
    const leg = ua.invite({
      requestUri: `sip:${number}@${host}:${port}${trunk.outboundTransport === 'tcp' ? ';transport=tcp' : ''}`,
      target: { transport: trunk.outboundTransport.toUpperCase(), host, port },
      from: { user: trunk.callerId ?? 'kefu' },
      to: `<sip:${number}@${host}>`,
      sdp: m.offer(),
      ...(trunk.outboundUsername && trunk.outboundPassword
        ? { credentials: { username: trunk.outboundUsername, password: trunk.outboundPassword } }
        : {}),
    });
    const legRecord = record.leg({ kind: 'outbound', remote: number });
    leg.onProgress = (status) => {
      if (status === 180 || status === 183) legRecord.ringing();
    };
    return { leg, media: m, record: legRecord };
  }

  /**
   * Bridges two answered parties with a stereo recording (a left, b right) until either hangs up;
   * then hangs up the other, stores the recording on the call record and says who ended it.
   */
  async function bridgeUntilHangup(a: Party, b: Party, record: CallRecordHandle): Promise<'a' | 'b'> {
    a.media.stopPlayback();
    const bridge = bridgeLegs(a.media, b.media);
    const path = deps.recordings?.tempPath(`${record.id}-x${clock.now().getTime() % 100000}`);
    const recording = path ? recordLegs(a.media, b.media, path) : undefined;
    const first = await new Promise<'a' | 'b'>((resolve) => {
      if (a.leg.state === 'ended') return resolve('a');
      if (b.leg.state === 'ended') return resolve('b');
      a.leg.handlers = { ...a.leg.handlers, ended: () => resolve('a') };
      b.leg.handlers = { ...b.leg.handlers, ended: () => resolve('b') };
    });
    bridge.stop();
    a.leg.hangup();
    b.leg.hangup();
    const why = first === 'a' ? 'remote_hangup' : 'other_side_hangup';
    a.record.ended(why);
    b.record.ended(first === 'b' ? 'remote_hangup' : 'other_side_hangup');
    a.media.close();
    b.media.close();
    if (recording && path && deps.recordings) {
      try {
        const r = await recording.stop();
        record.set({ recordingId: await deps.recordings.store(record.id, path, r.durationMs) });
      } catch (err) {
        log.error({ err, callId: record.id }, 'recording could not be stored');
      }
    }
    return first;
  }

  // ---- ACD events ---------------------------------------------------------------------------

  function onContactEvent(name: string, e: ContactChanged) {
    if (e.channel !== 'voice') return;
    let call = byContact.get(e.contactId);
    if (!call && e.parentId) {
      // Overflow or a desktop transfer: the caller continues as a new contact.
      call = byContact.get(e.parentId);
      if (call) {
        byContact.delete(e.parentId);
        byContact.set(e.contactId, call);
        call.contactId = e.contactId;
        call.record.set({ contactId: e.contactId, queueId: e.queueId });
        if (call.talking) {
          if (!call.talking.transferred) call.record.transferred();
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
    if (!call || call.contactId !== e.contactId) return;
    const state = name.slice('routing.contact.'.length);
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
  }

  return {
    onInvite,
    start() {
      unsubscribe = deps.bus.subscribe('*', (e) => {
        if (e.name.startsWith('routing.contact.')) onContactEvent(e.name, e.payload as ContactChanged);
      });
    },
    async stop() {
      unsubscribe?.();
      for (const call of [...calls]) {
        call.ringing && withdrawRing(call.ringing);
        call.talking?.leg.hangup();
        call.leg.hangup();
      }
      await deps.callLog.flush();
    },
    get activeCalls() {
      return calls.size;
    },
    callState(contactId, agentId) {
      const { talk } = talkOf(contactId, agentId);
      return { held: talk.held, heldSince: talk.heldSince?.toISOString() ?? null };
    },
    hold(contactId, agentId, hold) {
      const { call, talk } = talkOf(contactId, agentId);
      if (talk.mixer) throw mixedCall(contactId);
      setHeld(call, talk, hold, 'desktop');
      return talk.held;
    },
    conference: (contactId, agentId, otherAgentId) => join(contactId, otherAgentId, 'conference', agentId),
    monitor: (contactId, supervisorId, mode) => join(contactId, supervisorId, mode),
    dial,
    liveCalls() {
      return [...calls].map((call) => ({
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
