import { z } from 'zod';

/**
 * Call control from the web (issue "Voice"): what the agent desktop and the wallboard do to live
 * calls. The calls themselves run on SIP phones; these act on them through Kefu.
 */

/** 保持 / 恢复: the caller hears music on hold, the agent hears nothing. */
export const HoldBody = z.object({ hold: z.boolean() });
export type HoldBody = z.infer<typeof HoldBody>;
export const HoldReply = z.object({ held: z.boolean() });
/** The agent's own call: whether it is held (from the phone or the desktop) and since when. */
export const CallState = z.object({ held: z.boolean(), heldSince: z.string().nullable() });
export type CallState = z.infer<typeof CallState>;

/** A number to dial through the outbound trunk: digits, optionally a leading +. */
export const DialNumber = z
  .string()
  .trim()
  .regex(/^\+?[0-9]{3,20}$/, '3 to 20 digits, optionally with a leading +');

/** 外呼 (click-to-call): Kefu rings the agent's phone, then calls the number through the trunk. */
export const DialBody = z.object({
  number: DialNumber,
  /** The callback or follow-up contact this call serves (its call record links to it). */
  contactId: z.uuid().optional(),
});
export type DialBody = z.infer<typeof DialBody>;
export const DialReply = z.object({ callId: z.uuid() });

/** 三方通话: another agent joins the caller and the agent. */
export const ConferenceBody = z.object({ agentId: z.uuid() });
export type ConferenceBody = z.infer<typeof ConferenceBody>;

/** 监听 (listen), 耳语 (whisper to the agent), 强插 (barge in: everyone hears the supervisor). */
export const MonitorMode = z.enum(['listen', 'whisper', 'barge']);
export type MonitorMode = z.infer<typeof MonitorMode>;
export const MonitorBody = z.object({ mode: MonitorMode });
export type MonitorBody = z.infer<typeof MonitorBody>;

/** A call in progress, for the wallboard. */
export const LiveCall = z.object({
  callId: z.uuid(),
  contactId: z.uuid().nullable(),
  /** Masked without pii.view. */
  caller: z.string(),
  called: z.string(),
  phase: z.enum(['ivr', 'queue', 'talk', 'after']),
  agentId: z.uuid().nullable(),
  held: z.boolean(),
  startedAt: z.string(),
  /** Supervisors on the call and how. */
  monitors: z.array(z.object({ userId: z.uuid(), mode: MonitorMode })),
  /** Agents added with 三方通话. */
  conference: z.array(z.uuid()),
});
export type LiveCall = z.infer<typeof LiveCall>;
