import { z } from 'zod';
import { RoleKey } from './auth';
import { pageOf } from './common';

/**
 * Announcements (公告板, issue 18): a notice to everyone, some teams or some roles, optionally with
 * a read confirmation (who has not confirmed yet, per team) and a short quiz for a policy change;
 * shown on the desktop until confirmed. And the shift-handover notes of a team (交接班).
 */

export const AUDIENCE_KINDS = ['everyone', 'teams', 'roles'] as const;
export const Audience = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('everyone') }),
  z.object({ kind: z.literal('teams'), teamIds: z.array(z.uuid()).min(1).max(50) }),
  z.object({ kind: z.literal('roles'), roles: z.array(RoleKey).min(1).max(8) }),
]);
export type Audience = z.infer<typeof Audience>;

/** A question of the quick quiz: its options and the index of the right one. */
export const QuizQuestion = z.object({
  text: z.string().trim().min(1).max(500),
  options: z.array(z.string().trim().min(1).max(200)).min(2).max(6),
  correct: z.number().int().min(0).max(5),
});
export type QuizQuestion = z.infer<typeof QuizQuestion>;

export const CreateAnnouncementBody = z.object({
  title: z.string().trim().min(1).max(200),
  /** HTML, sanitised on the server as knowledge articles are. */
  body: z.string().max(50_000).default(''),
  audience: Audience,
  /** Readers confirm they have read it (and pass the quiz, if any); the desktop shows it until then. */
  requireConfirmation: z.boolean().default(true),
  quiz: z.array(QuizQuestion).max(5).default([]),
  /** After this, it is no longer shown (still listed for its sender). */
  expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
});
export type CreateAnnouncementBody = z.infer<typeof CreateAnnouncementBody>;

/** A question as a reader sees it: without the answer. */
export const ReaderQuestion = QuizQuestion.omit({ correct: true });

export const Announcement = z.object({
  id: z.uuid(),
  title: z.string(),
  body: z.string(),
  audience: Audience,
  requireConfirmation: z.boolean(),
  /** Senders see the answers; readers do not. */
  quiz: z.array(z.union([QuizQuestion, ReaderQuestion])),
  expiresAt: z.string().nullable(),
  sender: z.object({ id: z.uuid().nullable(), name: z.string() }),
  publishedAt: z.string(),
  /** Addressed to, read by, confirmed by (counts over the readers named at publication). */
  readers: z.number().int(),
  read: z.number().int(),
  confirmed: z.number().int(),
});
export type Announcement = z.infer<typeof Announcement>;
export const AnnouncementPage = pageOf(Announcement);

/** One addressed to the signed-in user, with their own state. */
export const MyAnnouncement = Announcement.extend({
  readAt: z.string().nullable(),
  confirmedAt: z.string().nullable(),
});
export type MyAnnouncement = z.infer<typeof MyAnnouncement>;
export const MyAnnouncements = z.object({ items: z.array(MyAnnouncement) });
export const MyAnnouncementsQuery = z.object({
  /** Only those still waiting for the reader's confirmation (the desktop's banner). */
  pending: z.stringbool().optional(),
});

export const ConfirmBody = z.object({
  /** The chosen option per quiz question, in order (empty without a quiz). */
  answers: z.array(z.number().int().min(0).max(5)).max(5).default([]),
});
export type ConfirmBody = z.infer<typeof ConfirmBody>;
export const ConfirmReply = z.discriminatedUnion('confirmed', [
  z.object({ confirmed: z.literal(true), confirmedAt: z.string() }),
  /** A wrong answer: which questions to look at again (0-based); nothing is recorded as confirmed. */
  z.object({ confirmed: z.literal(false), wrong: z.array(z.number().int()) }),
]);
export type ConfirmReply = z.infer<typeof ConfirmReply>;

/** Who has and has not confirmed, per team (the sender's and team leads' follow-up list). */
export const ReadStatus = z.object({
  teams: z.array(
    z.object({
      teamId: z.uuid().nullable(),
      teamName: z.string().nullable(),
      readers: z.number().int(),
      confirmed: z.number().int(),
      pending: z.array(z.object({ id: z.uuid(), name: z.string(), readAt: z.string().nullable() })),
    }),
  ),
});
export type ReadStatus = z.infer<typeof ReadStatus>;

export const HandoverNote = z.object({
  id: z.uuid(),
  teamId: z.uuid(),
  body: z.string(),
  author: z.object({ id: z.uuid().nullable(), name: z.string() }),
  createdAt: z.string(),
});
export type HandoverNote = z.infer<typeof HandoverNote>;
export const HandoverQuery = z.object({
  teamId: z.uuid(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export const CreateHandoverBody = z.object({
  teamId: z.uuid(),
  body: z.string().trim().min(1).max(4000),
});
export type CreateHandoverBody = z.infer<typeof CreateHandoverBody>;
