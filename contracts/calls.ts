import { z } from 'zod';

/** Why a call ended: one value per call (telephony_calls.end_reason). */
export const CALL_END_REASONS = [
  'caller_hangup',
  'agent_hangup',
  'abandoned_ivr',
  'abandoned_queue',
  'no_answer',
  'failed',
  'callback',
  'voicemail',
  'transferred_out',
  'system_restart',
  /** Refused by admission control (overload, KEFU_MAX_CPS / KEFU_MAX_CALLS): 503 or the busy prompt. */
  'shed',
  /** The number's spike message (应急公告) played, then Kefu hung up (its `then: 'hang_up'`). */
  'spike_message',
] as const;
export const CallEndReason = z.enum(CALL_END_REASONS);
export type CallEndReason = z.infer<typeof CallEndReason>;

export const CallDirection = z.enum(['inbound', 'outbound']);
export type CallDirection = z.infer<typeof CallDirection>;

export const CallLegKind = z.enum(['caller', 'agent', 'outbound', 'monitor']);
export type CallLegKind = z.infer<typeof CallLegKind>;

/** A number filter: the whole number or its last digits (suffix match on caller or called). */
const NumberFilter = z
  .string()
  .trim()
  .regex(/^\+?[0-9*#]{1,32}$/, 'digits, *, # and an optional leading +');

export const CallQuery = z.object({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  /** A queue key or id. */
  queue: z.string().trim().min(1).max(100).optional(),
  /** An agent's user id: calls this agent took part in. */
  agent: z.uuid().optional(),
  number: NumberFilter.optional(),
  endReason: CallEndReason.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  /** Offset paging (pages of a table); ignored when `cursor` is given. */
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  /** Keyset paging: `nextCursor` of the previous page (stable while new calls arrive). */
  cursor: z.string().max(200).optional(),
});
export type CallQuery = z.infer<typeof CallQuery>;

export const CallAgent = z.object({ userId: z.uuid(), name: z.string().nullable() });
export type CallAgent = z.infer<typeof CallAgent>;

export const CallSummary = z.object({
  id: z.uuid(),
  direction: CallDirection,
  /** Masked (138****5678) unless the viewer holds pii.view. */
  caller: z.string(),
  called: z.string(),
  startedAt: z.string(),
  queuedAt: z.string().nullable(),
  answeredAt: z.string().nullable(),
  /** Null while the call is in progress. */
  endedAt: z.string().nullable(),
  endReason: CallEndReason.nullable(),
  sipCode: z.number().int().nullable(),
  queue: z.object({ id: z.uuid(), key: z.string().nullable(), name: z.string().nullable() }).nullable(),
  agents: z.array(CallAgent),
  /** Milliseconds. */
  queueMs: z.number().int().nullable(),
  ringMs: z.number().int().nullable(),
  talkMs: z.number().int().nullable(),
  holdMs: z.number().int(),
  transfers: z.number().int(),
  recordingId: z.uuid().nullable(),
});
export type CallSummary = z.infer<typeof CallSummary>;

export const CallListReply = z.object({
  items: z.array(CallSummary),
  /** Calls matching the filters (all pages). */
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
});
export type CallListReply = z.infer<typeof CallListReply>;

export const CallLeg = z.object({
  id: z.uuid(),
  kind: CallLegKind,
  agentUserId: z.uuid().nullable(),
  agentName: z.string().nullable(),
  /** A phone number (masked without pii.view) or an agent phone's SIP address. */
  remote: z.string(),
  startedAt: z.string(),
  ringingAt: z.string().nullable(),
  answeredAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  endReason: z.string().nullable(),
  sipCode: z.number().int().nullable(),
});
export type CallLeg = z.infer<typeof CallLeg>;

/** One IVR step the caller went through. */
export const IvrStep = z.object({
  at: z.string(),
  node: z.string(),
  type: z.string(),
  /** DTMF or speech input; collected numbers (more than 4 characters) are masked without pii.view. */
  input: z.string().optional(),
  result: z.string().optional(),
});
export type IvrStep = z.infer<typeof IvrStep>;

export const CallRecordingInfo = z.object({
  id: z.uuid(),
  durationMs: z.number().int(),
  expiresAt: z.string(),
  /** Deleted by the retention job: the row stays for the audit trail, the audio is gone. */
  deleted: z.boolean(),
});
export type CallRecordingInfo = z.infer<typeof CallRecordingInfo>;

export const CallDetail = CallSummary.extend({
  sipCallId: z.string(),
  trunkId: z.uuid().nullable(),
  flowId: z.uuid().nullable(),
  flowVersion: z.number().int().nullable(),
  contactId: z.uuid().nullable(),
  ivrPath: z.array(IvrStep),
  attributes: z.record(z.string(), z.string()),
  legs: z.array(CallLeg),
  /** The recording set on the call (its last one). */
  recording: CallRecordingInfo.nullable(),
  /** Every recording of the call, oldest first: a call recorded in segments (transfers, hold) has several. */
  recordings: z.array(CallRecordingInfo),
});
export type CallDetail = z.infer<typeof CallDetail>;
