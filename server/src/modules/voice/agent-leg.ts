import { bridgeLegs, recordLegs } from '../telephony';
import type { CallControlDeps } from './call-control.deps';
import { callAnswered, callHeld, callResumed, callTransferred, recordingStored } from './call-events';
import { agentActor, type Call, type CallRegistry, type Ringing, type Talking, VIEWER } from './call-registry';
import { callerAsFrom, type PhoneLeg, ringPhone } from './user-phone';

/**
 * The agent's side of a call: ringing the phone of the agent the ACD offered the call to (RONA,
 * busy, answer), the bridged and recorded conversation, hold (phone or desktop), a blind transfer
 * from the phone (REFER), and the end of the conversation.
 */
export type AgentLeg = {
  ringAgent(call: Call, contactId: string, agentId: string): Promise<void>;
  /**
   * Withdraws a ringing offer (RONA, caller gone, callback): CANCEL the phone. The call is free for
   * the next offer at once — RONA re-offers in the same ACD command, before the 487 comes back.
   */
  withdrawRing(ring: Ringing): void;
  /** The conversation is over: stop bridge and recording, hang up the other side, ACD wrap-up. */
  endTalk(call: Call, by: 'caller' | 'agent' | 'desktop'): Promise<void>;
  /**
   * Hold from the phone (re-INVITE) or the desktop. The caller hears music either way; from the
   * desktop the bridge also stops, so the agent hears nothing (the phone does that itself).
   */
  setHeld(call: Call, talk: Talking, held: boolean, by: 'phone' | 'desktop'): void;
};

/** How long an agent's phone has to respond at all (100 Trying or more) before the offer is undelivered. */
export const DELIVERY_TIMEOUT_MS = 4000;

export function createAgentLeg(deps: CallControlDeps, registry: CallRegistry): AgentLeg {
  const { log, prompts, routing, clock } = deps;

  async function ringAgent(call: Call, contactId: string, agentId: string): Promise<void> {
    if (call.ringing?.contactId === contactId && call.ringing.agentId === agentId) return; // already ringing
    // The same contact offered to someone else now: the earlier ring is over (the ACD moved it).
    if (call.ringing?.contactId === contactId) withdrawRing(call.ringing);
    if (call.ringing || call.talking || call.ended) {
      // This call cannot ring for the offer (the caller is gone, or it is busy elsewhere): the next
      // agent at once — never leave an offer to time out as RONA on a phone that never rang.
      await routing.declineOffer(contactId, agentId, 'rejected');
      return;
    }
    let phone: PhoneLeg | undefined;
    try {
      phone = await ringPhone(deps, agentId, callerAsFrom(call.caller, call.caller), call.record, 'agent');
    } catch (err) {
      log.warn({ err }, 'no media port to ring an agent');
      await routing.declineOffer(contactId, agentId, 'rejected');
      return;
    }
    if (!phone) {
      log.info({ agentId, contactId }, 'agent has no registered phone: offer undelivered');
      await routing.declineOffer(contactId, agentId, 'no_phone');
      return;
    }
    const { leg: out, media: m, record: legRecord } = phone;
    const ring: Ringing = { agentId, contactId, leg: out, media: m, record: legRecord, withdrawn: false };
    call.ringing = ring;
    // The ring time (RONA) starts when the phone responds, not when the ACD decided: Kefu's own
    // delays never count against the agent. A phone silent for DELIVERY_TIMEOUT_MS was not reached.
    let reached = false;
    let delivery: NodeJS.Timeout | undefined;
    const giveUp = () => {
      if (reached || ring.withdrawn || call.ringing !== ring) return;
      ring.undelivered = true;
      // The leg ends now: without a provisional there is no CANCEL, and the INVITE transaction
      // runs on to Timer B (32 s), usually after the call itself has ended and been written.
      legRecord.ended('undelivered');
      log.warn({ agentId, contactId, afterMs: DELIVERY_TIMEOUT_MS }, 'agent phone did not respond: offer undelivered');
      withdrawRing(ring);
      m.close(); // its port is free now, not after Timer B
      void routing.declineOffer(contactId, agentId, 'undelivered').catch(() => {});
    };
    const check = (due: number, retries: number) => {
      delivery = setTimeout(
        () => {
          // A timer that fires late means the event loop is behind: the phone's answer may be waiting
          // unread in the socket (libuv reads a few datagrams per turn). Give it the time we lost.
          const late = performance.now() - due;
          if (late > 200 && retries > 0) return check(performance.now() + Math.min(late, 2000), retries - 1);
          setImmediate(giveUp);
        },
        Math.max(0, due - performance.now()),
      );
      delivery.unref();
    };
    check(performance.now() + DELIVERY_TIMEOUT_MS, 3);
    out.onReached = () => {
      reached = true;
      clearTimeout(delivery);
      if (ring.withdrawn) return;
      void routing.offerReached(contactId, agentId).catch((err) => log.debug({ err, contactId }, 'offer gone'));
    };
    const result = await out.result;
    clearTimeout(delivery);
    // A failure Kefu made up itself (the INVITE could not be sent: no response ever came) is a
    // delivery failure, not the phone refusing.
    if (result.status >= 300 && !reached && !ring.withdrawn && !call.ended) ring.undelivered = true;
    if (call.ringing === ring) call.ringing = undefined;
    if (result.status >= 300 || ring.withdrawn || call.ended) {
      m.close();
      const why = ring.undelivered
        ? 'undelivered'
        : ring.withdrawn
          ? 'withdrawn'
          : result.status >= 300
            ? 'rejected'
            : 'caller_gone';
      legRecord.ended(why === 'rejected' && [408, 480, 487].includes(result.status) ? 'no_answer' : why, result.status);
      if (result.status < 300) out.hangup();
      else if (!ring.withdrawn && !call.ended) {
        // Busy or refused: the next agent. Rang and not answered (408/480): RONA. Never reached: undelivered.
        const rona = [408, 480].includes(result.status);
        await routing.declineOffer(
          contactId,
          agentId,
          ring.undelivered ? 'undelivered' : rona ? 'timeout' : 'rejected',
        );
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
    const answeredAt = clock.now();
    call.record.set({ answeredAt });
    callAnswered(call.record, {
      callId: call.id,
      agentId,
      contactId,
      queueId: call.queueId ?? null,
      waitedMs: call.queuedAt ? Math.max(0, answeredAt.getTime() - call.queuedAt.getTime()) : null,
      answeredAt: answeredAt.toISOString(),
    });
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
            callTransferred(call.record, {
              callId: call.id,
              by: 'phone',
              fromAgentId: agentId,
              fromContactId: contactId,
              toContactId: null,
              toQueueId: queue ?? null,
              toAgentId: agent ?? null,
              toNumber: null,
              at: clock.now().toISOString(),
            });
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

  function withdrawRing(ring: Ringing) {
    ring.withdrawn = true;
    for (const call of registry.all()) if (call.ringing === ring) call.ringing = undefined;
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
        recordingStored(call.record, {
          callId: call.id,
          recordingId,
          kind: 'conversation',
          durationMs: Math.round(r.durationMs),
          storedAt: clock.now().toISOString(),
        });
      } catch (err) {
        log.error({ err, callId: call.id }, 'recording could not be stored');
      }
    }
  }

  function setHeld(call: Call, talk: Talking, held: boolean, by: 'phone' | 'desktop') {
    if (talk.held === held) return;
    const heldMs = talk.heldSince ? Math.max(0, clock.now().getTime() - talk.heldSince.getTime()) : 0;
    talk.held = held;
    talk.heldSince = held ? clock.now() : undefined;
    const change = {
      callId: call.id,
      contactId: talk.contactId,
      agentId: talk.agentId,
      by,
      at: clock.now().toISOString(),
    };
    if (held) {
      call.record.holdStarted();
      callHeld(call.record, change);
      if (by === 'desktop') talk.bridge.stop();
      void prompts
        .music()
        .then((music) => {
          if (talk.held && call.talking === talk) call.media.play(music, { loop: true });
        })
        .catch(() => {});
    } else {
      call.record.holdEnded();
      callResumed(call.record, { ...change, heldMs });
      call.media.stopPlayback();
      if (by === 'desktop' && !talk.mixer) talk.bridge = bridgeLegs(call.media, talk.media);
    }
  }

  return { ringAgent, withdrawRing, endTalk, setHeld };
}
