import { z } from 'zod';

/** The in-app notifications of a user (the header's bell): one row per user and change. */

export const INBOX_KINDS = [
  'ticket.created',
  'ticket.updated',
  'ticket.transitioned',
  'ticket.commented',
  'ticket.sla_warning',
  'ticket.sla_breached',
  'ticket.escalated',
  /** A customer gave the lead's team member a low survey score (details: answerId, csat, nps, ces, channel). */
  'survey.low_score',
  /**
   * Quality (质检): an evaluation of the agent was submitted, the agent appealed it (to the
   * evaluator), a reviewer decided the appeal (to both). Details: evaluationId, score, status.
   */
  'quality.evaluated',
  'quality.appealed',
  'quality.decided',
  /**
   * Shift requests (排班): a colleague asks the user to swap shifts; a request of the user's team
   * waits for their approval; the user's request (or the swap they agreed to) was decided, declined
   * by the colleague or withdrawn. Details: requestId, requestKind (leave | swap), state, date; the
   * subject is the requester's name.
   */
  'wfm.request.asked',
  'wfm.request.to_approve',
  'wfm.request.decided',
] as const;
export type InboxKind = (typeof INBOX_KINDS)[number];

export const InboxItem = z.object({
  id: z.uuid(),
  kind: z.enum(INBOX_KINDS),
  /** The order it is about (null: a survey notification). */
  ticketId: z.uuid().nullable(),
  ticketNumber: z.string().nullable(),
  /** The order's subject, or the agent's name of a survey notification. */
  subject: z.string(),
  /** Who made the change (null: the system, e.g. an SLA timer). */
  actorUserId: z.uuid().nullable(),
  actorName: z.string().nullable(),
  /**
   * What changed, as codes the web translates: `{ from, to }` of a move, `fields` of an update,
   * `target` (response | resolve) of an SLA alert, `visibility` of a comment.
   */
  details: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type InboxItem = z.infer<typeof InboxItem>;

export const InboxQuery = z.object({
  unread: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type InboxQuery = z.infer<typeof InboxQuery>;

export const InboxReply = z.object({ items: z.array(InboxItem), unread: z.number().int() });
export type InboxReply = z.infer<typeof InboxReply>;

/** Marks the given notifications read, or all of the caller's with `all: true`. */
export const ReadInboxBody = z
  .object({ ids: z.array(z.uuid()).min(1).max(200).optional(), all: z.literal(true).optional() })
  .refine((b) => !!b.ids !== !!b.all, 'give either ids or all: true');
export type ReadInboxBody = z.infer<typeof ReadInboxBody>;

export const ReadInboxReply = z.object({ marked: z.number().int(), unread: z.number().int() });
export type ReadInboxReply = z.infer<typeof ReadInboxReply>;
