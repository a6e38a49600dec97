import type { CallEndReason } from '../../../../contracts/calls';
import type { MonitorMode } from '../../../../contracts/voice';
import type { Actor } from '../../platform/audit';
import type { QueueOutcome } from '../ivr';
import type { CallLegHandle, CallRecordHandle, InboundLeg, MediaLeg, Mixer, OutboundLeg } from '../telephony';
import type { DigitBuffer } from './digits';
import { notTalking } from './voice.errors';

/** Where the caller is: in the flow, waiting in a queue, talking to an agent, or past the conversation. */
export type Phase = 'ivr' | 'queue' | 'talk' | 'after';

/** An agent's phone ringing for the call's current offer. */
export type Ringing = {
  agentId: string;
  contactId: string;
  leg: OutboundLeg;
  media: MediaLeg;
  record: CallLegHandle;
  withdrawn: boolean;
  /** The phone never responded within DELIVERY_TIMEOUT_MS: withdrawn as a delivery failure. */
  undelivered?: boolean;
};

/** The conversation with the agent who answered. */
export type Talking = {
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

/** A supervisor or a conference agent joined to a conversation. */
export type Extra = {
  userId: string;
  mode: MonitorMode | 'conference';
  leg: OutboundLeg;
  media: MediaLeg;
  record: CallLegHandle;
};

/** An inbound call from its answer to its end. */
export type Call = {
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
  /** The contact's queue, and when the caller joined it (or the transfer's new queue). */
  queueId?: string;
  queuedAt?: Date;
  /** How the IVR flow returned, and when (ivr.flow.finished). */
  flowFailed?: boolean;
  flowEndedAt?: Date;
  ringing?: Ringing;
  talking?: Talking;
  /** Back to queue music (after a desktop transfer). */
  resumeMusic?: () => void;
  /** Settles the queue wait of the IVR's queue node. */
  queueDone?: (outcome: QueueOutcome) => void;
};

/** How call control looks at contacts in the ACD: every contact, phone numbers in clear. */
export const VIEWER = { userId: '', permissions: new Set(['supervisor.monitor', 'pii.view']) };
export const agentActor = (agentId: string): Actor => ({ userId: agentId, name: 'sip', ip: null, requestId: null });
/** Kefu's telephony acting on its own (the caller hung up): no user behind it. */
export const TELEPHONY: Actor = { userId: null, name: 'telephony', ip: null, requestId: null };
export const MAX_CALLS = 2000;

/** The calls in progress, and which one each ACD contact belongs to. */
export type CallRegistry = {
  readonly size: number;
  all(): Call[];
  add(call: Call): void;
  /** The call is over: it leaves the registry and its contact's entry. */
  remove(call: Call): void;
  byContact(contactId: string): Call | undefined;
  /** The call now waits as this contact (queued, or continued after an overflow or transfer). */
  bindContact(contactId: string, call: Call): void;
  unbindContact(contactId: string): void;
  /** The conversation of a contact (of this agent, when given); VOICE.NOT_TALKING otherwise. */
  talkOf(contactId: string, agentId?: string): { call: Call; talk: Talking };
};

export function createCallRegistry(): CallRegistry {
  const calls = new Set<Call>();
  const contacts = new Map<string, Call>();
  return {
    get size() {
      return calls.size;
    },
    all: () => [...calls],
    add(call) {
      calls.add(call);
    },
    remove(call) {
      calls.delete(call);
      if (call.contactId) contacts.delete(call.contactId);
    },
    byContact: (contactId) => contacts.get(contactId),
    bindContact(contactId, call) {
      contacts.set(contactId, call);
    },
    unbindContact(contactId) {
      contacts.delete(contactId);
    },
    talkOf(contactId, agentId) {
      const call = contacts.get(contactId);
      const talk = call?.talking;
      if (!call || !talk || (agentId !== undefined && talk.agentId !== agentId)) throw notTalking(contactId);
      return { call, talk };
    },
  };
}
