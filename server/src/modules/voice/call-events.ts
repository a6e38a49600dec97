import type { IvrOutcome } from '../ivr';
import type { CallFinal, CallRecordHandle } from '../telephony';
import type {
  VoiceCallAnswered,
  VoiceCallHeld,
  VoiceCallResumed,
  VoiceCallStarted,
  VoiceCallTransferred,
  VoiceRecordingStored,
} from './voice.events';

/**
 * Voice's domain events (voice.events.ts, and ivr.flow.finished for the IVR, whose runner has no
 * I/O), staged through the call record so each goes out in the transaction of the row it describes:
 * started with the open row, ended / recording stored / flow finished with the final row, the others
 * as they happen.
 */

const iso = (d: Date) => d.toISOString();
const since = (to: Date, from: Date) => Math.max(0, to.getTime() - from.getTime());

export function callStarted(record: CallRecordHandle, payload: VoiceCallStarted): void {
  record.stage([{ name: 'voice.call.started', payload }]);
}

/** What the call's IVR run was, for `ivr.flow.finished` (inbound calls with a flow). */
export type FlowRun = {
  flowId: string;
  flowVersion: number;
  /** Where the flow last handed the caller, from the final figures. */
  outcome(call: CallFinal): IvrOutcome;
  /** When the flow returned (it may run on after the queue, e.g. a survey); default: the call's end. */
  endedAt(): Date | undefined;
};

/** voice.call.ended (and ivr.flow.finished before it) from the final row's figures. */
export function onCallEnded(record: CallRecordHandle, flow?: FlowRun): void {
  record.onEnd((c) => {
    const ivrMs = c.flowId ? since(c.queuedAt ?? c.answeredAt ?? c.endedAt, c.startedAt) : null;
    const ended = {
      name: 'voice.call.ended' as const,
      payload: {
        callId: c.id,
        direction: c.direction,
        caller: c.caller,
        called: c.called,
        trunkId: c.trunkId,
        flowId: c.flowId,
        flowVersion: c.flowVersion,
        queueId: c.queueId,
        contactId: c.contactId,
        agentId: c.agentUserIds[0] ?? null,
        agentIds: c.agentUserIds,
        startedAt: iso(c.startedAt),
        answeredAt: c.answeredAt ? iso(c.answeredAt) : null,
        endedAt: iso(c.endedAt),
        ivrMs,
        queueMs: c.queueMs,
        ringMs: c.ringMs,
        talkMs: c.talkMs,
        holdMs: c.holdMs,
        transfers: c.transfers,
        endReason: c.endReason,
        sipCode: c.sipCode,
        recordingId: c.recordingId,
      },
    };
    if (!flow) return [ended];
    const finished = {
      name: 'ivr.flow.finished' as const,
      payload: {
        callId: c.id,
        flowId: flow.flowId,
        flowVersion: flow.flowVersion,
        path: c.ivrPath,
        outcome: flow.outcome(c),
        startedAt: iso(c.startedAt),
        endedAt: iso(flow.endedAt() ?? c.endedAt),
      },
    };
    return [finished, ended];
  });
}

export function callAnswered(record: CallRecordHandle, payload: VoiceCallAnswered): void {
  record.stage([{ name: 'voice.call.answered', payload }]);
}

/** Announced with the final row (which links the call to its recordings), before voice.call.ended. */
export function recordingStored(record: CallRecordHandle, payload: VoiceRecordingStored): void {
  record.stageAtEnd([{ name: 'voice.recording.stored', payload }]);
}

export function callTransferred(record: CallRecordHandle, payload: VoiceCallTransferred): void {
  record.stage([{ name: 'voice.call.transferred', payload }]);
}

export function callHeld(record: CallRecordHandle, payload: VoiceCallHeld): void {
  record.stage([{ name: 'voice.call.held', payload }]);
}

export function callResumed(record: CallRecordHandle, payload: VoiceCallResumed): void {
  record.stage([{ name: 'voice.call.resumed', payload }]);
}
