import { AppError } from '../../platform/errors';
import {
  bridgeLegs,
  type CallLegHandle,
  type CallRecordHandle,
  type InboundLeg,
  type MediaLeg,
  type OutboundLeg,
  recordLegs,
} from '../telephony';
import type { CallControlDeps, OutboundTrunk } from './call-control.deps';
import { callAnswered, callStarted, onCallEnded, recordingStored } from './call-events';
import { callUserPhone, type PhoneLeg } from './user-phone';
import { noPhone, noTrunk } from './voice.errors';

/** How a 外呼 is described: the routing contact it serves, and what the agent's phone shows. */
export type DialOptions = {
  /** The routing contact the call belongs to (telephony_calls.contact_id, `voice.call.answered`). */
  contactId?: string;
  /**
   * What the agent's desk phone shows instead of the dialled number (`外呼 <display>`, and no number in
   * the From user): callers that may not see the number in clear pass it masked, or an order number.
   */
  display?: string;
};

/** One side of a bridged call: a SIP leg, its media and its leg record. */
export type Party = { leg: InboundLeg | OutboundLeg; media: MediaLeg; record: CallLegHandle };

/**
 * Calls leaving Kefu through the outbound trunk: 外呼 from the desktop (the agent's phone first,
 * then the number) and the IVR's transfer to an outside number share `callOutside` and
 * `bridgeUntilHangup`.
 */
export type Outbound = {
  /** 外呼: rings the agent's phone, then calls the number through the outbound trunk; the call record id. */
  dial(agentId: string, number: string, opts?: DialOptions): Promise<string>;
  /** INVITEs a number through the outbound trunk; the leg's `result` settles with the answer. */
  callOutside(number: string, trunk: OutboundTrunk, record: CallRecordHandle): Promise<PhoneLeg>;
  /**
   * Bridges two answered parties with a stereo recording (a left, b right) until either hangs up;
   * then hangs up the other, stores the recording on the call record and says who ended it.
   */
  bridgeUntilHangup(a: Party, b: Party, record: CallRecordHandle): Promise<'a' | 'b'>;
};

export function createOutbound(deps: CallControlDeps): Outbound {
  const { log, media, clock } = deps;

  async function dial(agentId: string, number: string, opts: DialOptions = {}): Promise<string> {
    const { contactId, display } = opts;
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
    callStarted(record, {
      callId: record.id,
      direction: 'outbound',
      caller: callerId,
      called: number,
      trunkId: trunk.id,
      flowId: null,
      flowVersion: null,
      startedAt: clock.now().toISOString(),
    });
    onCallEnded(record);
    void runDial(record, agentId, number, trunk, contactId, display).catch((err) => {
      log.error({ err, callId: record.id }, 'click-to-call failed');
      void record.end('failed');
    });
    return record.id;
  }

  async function runDial(
    record: CallRecordHandle,
    agentId: string,
    number: string,
    trunk: OutboundTrunk,
    contactId: string | undefined,
    display: string | undefined,
  ) {
    let agent: PhoneLeg;
    // With a display override the number stays off the desk phone altogether (its call list too).
    const from = display
      ? { user: 'kefu', displayName: `外呼 ${display}` }
      : { user: number, displayName: `外呼 ${number}` };
    try {
      agent = await callUserPhone(deps, agentId, from, record, 'agent');
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
    const answeredAt = clock.now();
    record.set({ answeredAt });
    callAnswered(record, {
      callId: record.id,
      agentId,
      contactId: contactId ?? null,
      queueId: null,
      waitedMs: null,
      answeredAt: answeredAt.toISOString(),
    });
    // The far end (the customer) on the left, the agent on the right, like inbound calls.
    const first = await bridgeUntilHangup(out, agent, record);
    await record.end(first === 'a' ? 'caller_hangup' : 'agent_hangup');
  }

  async function callOutside(number: string, trunk: OutboundTrunk, record: CallRecordHandle): Promise<PhoneLeg> {
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
        const recordingId = await deps.recordings.store(record.id, path, r.durationMs);
        record.set({ recordingId });
        recordingStored(record, {
          callId: record.id,
          recordingId,
          kind: 'conversation',
          durationMs: Math.round(r.durationMs),
          storedAt: clock.now().toISOString(),
        });
      } catch (err) {
        log.error({ err, callId: record.id }, 'recording could not be stored');
      }
    }
    return first;
  }

  return { dial, callOutside, bridgeUntilHangup };
}
