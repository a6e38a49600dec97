import type { CallDirection, CallEndReason } from '../../../../contracts/calls';
import type { OverloadStatus } from '../../../../contracts/voice';

/** Payloads are plain JSON: ids, numbers as the call record stores them, ISO times, durations in ms. */

/** A call was answered by Kefu (inbound) or its agent's phone is being rung (外呼). */
export type VoiceCallStarted = {
  callId: string;
  direction: CallDirection;
  caller: string;
  called: string;
  trunkId: string | null;
  flowId: string | null;
  flowVersion: number | null;
  startedAt: string;
};

/** An agent talks to the caller (again after a transfer: one event per agent who answers). */
export type VoiceCallAnswered = {
  callId: string;
  agentId: string;
  contactId: string | null;
  queueId: string | null;
  /** From joining the queue (or the transfer's new queue) to the answer; null when never queued (外呼). */
  waitedMs: number | null;
  answeredAt: string;
};

/** The call record's final figures. */
export type VoiceCallEnded = {
  callId: string;
  direction: CallDirection;
  caller: string;
  called: string;
  trunkId: string | null;
  flowId: string | null;
  flowVersion: number | null;
  queueId: string | null;
  contactId: string | null;
  /** The first agent who answered; every agent on the call in `agentIds`. */
  agentId: string | null;
  agentIds: string[];
  startedAt: string;
  answeredAt: string | null;
  endedAt: string;
  /** In the flow: from the start until queued, answered or ended; null without a flow. */
  ivrMs: number | null;
  queueMs: number | null;
  ringMs: number | null;
  talkMs: number | null;
  holdMs: number;
  transfers: number;
  endReason: CallEndReason;
  sipCode: number | null;
  /** The last recording of the call (each is announced by `voice.recording.stored`). */
  recordingId: string | null;
};

/** A recording of the call was encrypted and stored (a conversation segment, a bridge, a voicemail). */
export type VoiceRecordingStored = {
  callId: string;
  recordingId: string;
  kind: 'conversation' | 'voicemail';
  durationMs: number;
  storedAt: string;
};

/** The caller goes on elsewhere: a desktop or phone transfer (a new contact) or the IVR to an outside number. */
export type VoiceCallTransferred = {
  callId: string;
  by: 'desktop' | 'phone' | 'ivr';
  fromAgentId: string | null;
  fromContactId: string | null;
  /** The contact the caller continues as (desktop transfers; a REFER's arrives as the ACD creates it). */
  toContactId: string | null;
  toQueueId: string | null;
  toAgentId: string | null;
  /** An outside number (the IVR's transfer), as dialled. */
  toNumber: string | null;
  at: string;
};

/** The conversation was put on hold (the caller hears music) or resumed, from the phone or the desktop. */
export type VoiceCallHeld = {
  callId: string;
  contactId: string;
  agentId: string;
  by: 'phone' | 'desktop';
  at: string;
};
export type VoiceCallResumed = VoiceCallHeld & { heldMs: number };

/**
 * Admission control changed between admitting and shedding, or its reasons changed; and at most once
 * a second while shedding with new shed calls (never one event per shed call).
 */
export type VoiceOverloadChanged = OverloadStatus;

declare module '../../platform/bus' {
  interface EventMap {
    'voice.call.started': VoiceCallStarted;
    'voice.call.answered': VoiceCallAnswered;
    'voice.call.ended': VoiceCallEnded;
    'voice.recording.stored': VoiceRecordingStored;
    'voice.call.transferred': VoiceCallTransferred;
    'voice.call.held': VoiceCallHeld;
    'voice.call.resumed': VoiceCallResumed;
    'voice.overload.changed': VoiceOverloadChanged;
  }
}
