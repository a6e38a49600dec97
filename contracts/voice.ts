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

// ---- overload: admission control and the spike message (issue 12) ----------------------------

/** Why admission control refuses new calls right now (several may hold at once). */
export const SHED_REASONS = [
  /** More new calls in the last second than KEFU_MAX_CPS. */
  'max_cps',
  /** As many calls open as KEFU_MAX_CALLS. */
  'max_calls',
  /** The main thread is late (event-loop delay above its limit). */
  'event_loop_lag',
  /** The media pacer sends audio late. */
  'media_lateness',
  /** The ACD has too many commands waiting. */
  'acd_backlog',
  /** The database answers slowly. */
  'db_latency',
] as const;
export const ShedReason = z.enum(SHED_REASONS);
export type ShedReason = z.infer<typeof ShedReason>;

/** What a number does with a call that admission control refuses. */
export const OverloadAction = z.enum([
  /** SIP 503 with Retry-After: the carrier or trunk can overflow elsewhere. */
  'reject',
  /** Answer, play "all lines are busy, please call later", hang up. */
  'busy_prompt',
]);
export type OverloadAction = z.infer<typeof OverloadAction>;

/** The live overload picture for the wallboard and GET /api/v1/voice/overload. */
export const OverloadStatus = z.object({
  at: z.string(),
  /** False while new calls are being refused. */
  admitting: z.boolean(),
  reasons: z.array(ShedReason),
  limits: z.object({ maxCps: z.number().int().nullable(), maxCalls: z.number().int().nullable() }),
  /** What Kefu measures of itself (the last second). */
  headroom: z.object({
    eventLoopLagMs: z.number(),
    mediaLatenessMs: z.number(),
    acdPendingCommands: z.number().int(),
    dbLatencyMs: z.number(),
    callsOpen: z.number().int(),
    callsPerSecond: z.number(),
  }),
  shedToday: z.number().int(),
  shedLastMinute: z.number().int(),
  /** Per called number with a shed call today, most first. */
  byNumber: z.array(z.object({ number: z.string(), shedToday: z.number().int() })),
});
export type OverloadStatus = z.infer<typeof OverloadStatus>;

/**
 * The spike message of a number (应急公告): while on, every caller to it hears the prompt first,
 * then the flow continues (or the call ends, for "we know, please call later").
 */
export const SpikeMessage = z.object({
  enabled: z.boolean(),
  /** A prompt of the library (shipped or uploaded). */
  promptKey: z.string().nullable(),
  afterMessage: z.enum(['continue', 'hang_up']),
});
export type SpikeMessage = z.infer<typeof SpikeMessage>;
export const SpikeMessageBody = z
  .object({
    enabled: z.boolean(),
    promptKey: z.string().trim().min(1).max(100).optional(),
    afterMessage: z.enum(['continue', 'hang_up']).optional(),
  })
  .refine((v) => !v.enabled || v.promptKey !== undefined, {
    message: 'a prompt is needed to turn the message on',
    path: ['promptKey'],
  });
export type SpikeMessageBody = z.infer<typeof SpikeMessageBody>;
