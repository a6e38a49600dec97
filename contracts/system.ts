import { z } from 'zod';

/**
 * The system overview (系统概览, `GET /api/v1/system/overview`, permission `system.view`): what an
 * administrator checks first — are the phones registered, are the trunks carrying calls, are the
 * queues staffed, and what went wrong lately.
 */

export const OverviewPhones = z.object({
  total: z.number().int(),
  /** Not disabled. */
  enabled: z.number().int(),
  /** Enabled phones with at least one live registration on this node. */
  registered: z.number().int(),
  /** The SIP server is listening (absent when Kefu runs without SIP). */
  sipRunning: z.boolean(),
});
export type OverviewPhones = z.infer<typeof OverviewPhones>;

export const OverviewTrunk = z.object({
  id: z.uuid(),
  name: z.string(),
  disabled: z.boolean(),
  /** Source addresses inbound calls are accepted from. */
  inboundAddresses: z.number().int(),
  /** An outbound host is configured (outgoing calls go through it). */
  outbound: z.boolean(),
  /** Calls through this trunk in the last 24 hours. */
  callsLastDay: z.number().int(),
  /** The last call through it within the last 7 days; null if none. */
  lastCallAt: z.string().nullable(),
});
export type OverviewTrunk = z.infer<typeof OverviewTrunk>;

export const OverviewQueue = z.object({
  id: z.uuid(),
  key: z.string(),
  name: z.string(),
  open: z.boolean(),
  waiting: z.number().int(),
  longestWaitSeconds: z.number().int(),
  /** Agents of the queue in 示闲 (ready) now. */
  agentsReady: z.number().int(),
  /** Agents of the queue signed in, in any state. */
  agentsSignedIn: z.number().int(),
  answeredToday: z.number().int(),
  abandonedToday: z.number().int(),
});
export type OverviewQueue = z.infer<typeof OverviewQueue>;

/** A warning or error the server logged: no secrets or personal data (server/src/platform/logger.ts). */
export const OverviewLogEntry = z.object({
  at: z.string(),
  level: z.enum(['warn', 'error', 'fatal']),
  message: z.string(),
  error: z.object({ type: z.string().nullable(), code: z.string().nullable() }).nullable(),
  requestId: z.string().nullable(),
});
export type OverviewLogEntry = z.infer<typeof OverviewLogEntry>;

export const SystemOverview = z.object({
  at: z.string(),
  /** When this server process started. */
  startedAt: z.string(),
  phones: OverviewPhones,
  trunks: z.array(OverviewTrunk),
  queues: z.array(OverviewQueue),
  /** The last warnings and errors of this process, newest first, and their counts since it started. */
  log: z.object({
    entries: z.array(OverviewLogEntry),
    warnings: z.number().int(),
    errors: z.number().int(),
  }),
});
export type SystemOverview = z.infer<typeof SystemOverview>;

export const SystemOverviewQuery = z.object({
  /** How many recent log entries (newest first). */
  logLimit: z.coerce.number().int().min(1).max(100).default(20),
});
export type SystemOverviewQuery = z.infer<typeof SystemOverviewQuery>;
