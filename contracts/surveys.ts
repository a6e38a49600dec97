import { z } from 'zod';
import { pageOf } from './common';

/** Satisfaction surveys (满意度调查): templates per queue, link invitations, answers (issue 14). */

export const SURVEY_CHANNELS = ['ivr', 'sms', 'email', 'chat'] as const;
export const SurveyChannel = z.enum(SURVEY_CHANNELS);
export type SurveyChannel = z.infer<typeof SurveyChannel>;

/** The channels a link is sent on. */
export const LINK_CHANNELS = ['sms', 'email'] as const;
export const LinkChannel = z.enum(LINK_CHANNELS);
export type LinkChannel = z.infer<typeof LinkChannel>;

/** CSAT 1–5, NPS 0–10, CES 1–7 (DOMAIN.md, KPIs), and a free-text comment. */
export const SURVEY_QUESTIONS = ['csat', 'nps', 'ces', 'text'] as const;
export const SurveyQuestion = z.enum(SURVEY_QUESTIONS);
export type SurveyQuestion = z.infer<typeof SurveyQuestion>;

/** Each score's scale, inclusive. */
export const SCORE_RANGES = { csat: [1, 5], nps: [0, 10], ces: [1, 7] } as const;
export type ScoreQuestion = keyof typeof SCORE_RANGES;

export const SURVEY_LANGUAGES = ['zh-CN', 'en-US'] as const;
export const SurveyLanguage = z.enum(SURVEY_LANGUAGES);
export type SurveyLanguage = z.infer<typeof SurveyLanguage>;

/** The longest comment kept (after control and bidi characters are removed). */
export const COMMENT_MAX = 2000;

const name = z.string().trim().min(1).max(100);
const intro = z.string().trim().max(500);

export const SurveyTemplate = z.object({
  id: z.uuid(),
  name: z.string(),
  questions: z.array(SurveyQuestion),
  introZh: z.string(),
  introEn: z.string(),
  /** A link survey's lifetime from its sending. */
  expiryHours: z.number().int(),
  channels: z.array(SurveyChannel),
  /** Invite the customer by link when a chat, e-mail or SMS contact of a queue using it completes. */
  sendAfterContact: z.boolean(),
  /** A low score opens a follow-up visit (回访) through the work orders. */
  followUpOnLowScore: z.boolean(),
  /** The template of queues that have none of their own (exactly one). */
  isDefault: z.boolean(),
  /** The queues mapped to it. */
  queueIds: z.array(z.uuid()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SurveyTemplate = z.infer<typeof SurveyTemplate>;

const uniqueList = <T extends z.ZodType>(item: T) =>
  z
    .array(item)
    .min(1)
    .max(10)
    .refine((l) => new Set(l).size === l.length, 'each one once');

export const CreateSurveyTemplateBody = z.object({
  name,
  questions: uniqueList(SurveyQuestion).refine((q) => q.some((x) => x !== 'text'), 'at least one score question'),
  introZh: intro.default(''),
  introEn: intro.default(''),
  expiryHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(72),
  channels: uniqueList(SurveyChannel).default(['ivr', 'sms', 'email']),
  sendAfterContact: z.boolean().default(false),
  followUpOnLowScore: z.boolean().default(false),
  isDefault: z.boolean().default(false),
});
export type CreateSurveyTemplateBody = z.infer<typeof CreateSurveyTemplateBody>;

export const UpdateSurveyTemplateBody = z
  .object({
    name,
    questions: uniqueList(SurveyQuestion).refine((q) => q.some((x) => x !== 'text'), 'at least one score question'),
    introZh: intro,
    introEn: intro,
    expiryHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 30),
    channels: uniqueList(SurveyChannel),
    sendAfterContact: z.boolean(),
    followUpOnLowScore: z.boolean(),
    /** Only `true`: make this one the default (the previous default stops being it). */
    isDefault: z.literal(true),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'nothing to update');
export type UpdateSurveyTemplateBody = z.infer<typeof UpdateSurveyTemplateBody>;

/** `templateId: null` returns the queue to the default template. */
export const SetQueueTemplateBody = z.object({ templateId: z.uuid().nullable() });
export type SetQueueTemplateBody = z.infer<typeof SetQueueTemplateBody>;
export const QueueTemplate = z.object({ queueId: z.uuid(), templateId: z.uuid().nullable() });
export type QueueTemplate = z.infer<typeof QueueTemplate>;

export const SurveyAnswer = z.object({
  id: z.uuid(),
  channel: SurveyChannel,
  templateId: z.uuid().nullable(),
  contactId: z.uuid().nullable(),
  callId: z.uuid().nullable(),
  queueId: z.uuid().nullable(),
  agentId: z.uuid().nullable(),
  agentName: z.string().nullable(),
  ticketId: z.uuid().nullable(),
  customerId: z.uuid().nullable(),
  csat: z.number().int().nullable(),
  nps: z.number().int().nullable(),
  ces: z.number().int().nullable(),
  comment: z.string().nullable(),
  /** csat ≤ 2, or nps ≤ 6 without csat, or ces ≥ 6: the team lead was alerted. */
  low: z.boolean(),
  /** The follow-up visit's order, when the low score opened one. */
  followUpTicketId: z.uuid().nullable(),
  answeredAt: z.string(),
});
export type SurveyAnswer = z.infer<typeof SurveyAnswer>;

export const SurveyAnswerPage = pageOf(SurveyAnswer);
export type SurveyAnswerPage = z.infer<typeof SurveyAnswerPage>;

export const SurveyAnswersQuery = z
  .object({
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    queue: z.uuid().optional(),
    agent: z.uuid().optional(),
    channel: SurveyChannel.optional(),
    lowOnly: z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .optional(),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), {
    path: ['to'],
    message: 'must be after from',
  });
export type SurveyAnswersQuery = z.infer<typeof SurveyAnswersQuery>;

const PHONE = /^\+?[0-9][0-9 -]{4,30}$/;

/**
 * A survey link sent by hand. With `surveys.manage` every field is the sender's to set (`to`, or a
 * `contactId` whose customer's number or address it takes). Without it (an agent on the desktop):
 * `contactId` is required and must be a contact the caller handled; agent, queue, customer and the
 * address are the contact's, so `agentId`, `queueId`, `customerId` and `to` are refused.
 */
export const CreateInvitationBody = z
  .object({
    contactId: z.uuid().optional(),
    ticketId: z.uuid().optional(),
    customerId: z.uuid().optional(),
    agentId: z.uuid().optional(),
    queueId: z.uuid().optional(),
    channel: LinkChannel,
    /** A phone number (sms) or an e-mail address (email); absent: the contact's customer's. */
    to: z.string().trim().min(3).max(200).optional(),
    language: SurveyLanguage.default('zh-CN'),
    /** Absent: the queue's template, else the default one. */
    templateId: z.uuid().optional(),
  })
  .superRefine((b, ctx) => {
    if (b.to === undefined) return;
    if (b.channel === 'sms' && !PHONE.test(b.to))
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'a phone number' });
    if (b.channel === 'email' && !z.email().safeParse(b.to).success)
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'an e-mail address' });
  });
export type CreateInvitationBody = z.infer<typeof CreateInvitationBody>;
export type CreateInvitationBodyInput = z.input<typeof CreateInvitationBody>;

export const SurveyInvitation = z.object({
  id: z.uuid(),
  channel: LinkChannel,
  templateId: z.uuid(),
  language: SurveyLanguage,
  expiresAt: z.string(),
  /**
   * The one-time link, shown once and only to a sender with `surveys.manage` (to test a template):
   * only its hash is kept, and an agent must not be able to answer their own survey.
   */
  link: z.string().optional(),
  /** Whether the SMS or e-mail gateway took the message. */
  sent: z.boolean(),
});
export type SurveyInvitation = z.infer<typeof SurveyInvitation>;

/** The link's token: 32 random bytes, base64url. */
export const TokenParams = z.object({ token: z.string().min(10).max(100) });

/** What the public survey page shows. */
export const PublicSurvey = z.object({
  language: SurveyLanguage,
  questions: z.array(SurveyQuestion),
  introZh: z.string(),
  introEn: z.string(),
  expiresAt: z.string(),
});
export type PublicSurvey = z.infer<typeof PublicSurvey>;

const score = (q: ScoreQuestion) => z.number().int().min(SCORE_RANGES[q][0]).max(SCORE_RANGES[q][1]).optional();

export const PublicAnswerBody = z.object({
  csat: score('csat'),
  nps: score('nps'),
  ces: score('ces'),
  comment: z
    .string()
    .max(COMMENT_MAX * 2)
    .optional(),
});
export type PublicAnswerBody = z.infer<typeof PublicAnswerBody>;
