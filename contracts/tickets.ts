import { z } from 'zod';
import { pageOf } from './common';

/** The unified acceptance list (统一受理): 咨询, 查询, 办理, 故障, 投诉, 建议, 表扬. */
export const TICKET_TYPES = [
  'inquiry',
  'query',
  'service_request',
  'fault',
  'complaint',
  'suggestion',
  'praise',
] as const;
export const TicketType = z.enum(TICKET_TYPES);
export type TicketType = z.infer<typeof TicketType>;

export const TICKET_PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export const TicketPriority = z.enum(TICKET_PRIORITIES);
export type TicketPriority = z.infer<typeof TicketPriority>;

/** Complaint severity: 一般 / 重大 / 越级 (escalated to a regulator, the highest). */
export const COMPLAINT_SEVERITIES = ['general', 'major', 'regulator'] as const;
export const ComplaintSeverity = z.enum(COMPLAINT_SEVERITIES);
export type ComplaintSeverity = z.infer<typeof ComplaintSeverity>;

export const TICKET_STATUSES = [
  'new',
  'assigned',
  'in_progress',
  'pending_customer',
  'pending_internal',
  'resolved',
  'closed',
  'cancelled',
] as const;
export const TicketStatus = z.enum(TICKET_STATUSES);
export type TicketStatus = z.infer<typeof TicketStatus>;

/**
 * Where each status may go (the server enforces it; the web offers only these moves). Reopen is
 * resolved/closed → in_progress; cancel from any open status.
 */
export const TICKET_TRANSITIONS: Readonly<Record<TicketStatus, readonly TicketStatus[]>> = {
  new: ['assigned', 'in_progress', 'resolved', 'cancelled'],
  assigned: ['in_progress', 'resolved', 'cancelled'],
  in_progress: ['pending_customer', 'pending_internal', 'resolved', 'cancelled'],
  pending_customer: ['in_progress', 'resolved', 'cancelled'],
  pending_internal: ['in_progress', 'resolved', 'cancelled'],
  resolved: ['closed', 'in_progress'],
  closed: ['in_progress'],
  cancelled: [],
};

export const TICKET_CHANNELS = ['phone', 'chat', 'email', 'sms', 'wechat', 'web', 'walk_in', 'other'] as const;
export const TicketChannel = z.enum(TICKET_CHANNELS);
export type TicketChannel = z.infer<typeof TicketChannel>;

export const SLA_STATES = ['running', 'paused', 'warning', 'breached', 'met', 'missed'] as const;
export const SlaState = z.enum(SLA_STATES);
export type SlaState = z.infer<typeof SlaState>;

export const Sla = z.object({
  responseDueAt: z.string().nullable(),
  resolveDueAt: z.string().nullable(),
  state: SlaState,
  breachedAt: z.string().optional(),
});
export type Sla = z.infer<typeof Sla>;

const text = (max: number) => z.string().trim().min(1).max(max);

/**
 * The complaint flow (投诉处理) as guided steps, in order. `agreement` answered `disagreed` loops
 * back to `solution` (renegotiation); `education` answered `not_needed` is skipped.
 */
export const COMPLAINT_STEPS = [
  'record',
  'respond',
  'analyze',
  'solution',
  'agreement',
  'follow_up',
  'summary',
  'education',
] as const;
export const ComplaintStepKey = z.enum(COMPLAINT_STEPS);
export type ComplaintStepKey = z.infer<typeof ComplaintStepKey>;
export const COMPLAINT_STEP_STATUSES = ['pending', 'current', 'done', 'skipped'] as const;
export const COMPLAINT_OUTCOMES = ['agreed', 'disagreed', 'educated', 'not_needed'] as const;
export const ComplaintOutcome = z.enum(COMPLAINT_OUTCOMES);
export type ComplaintOutcome = z.infer<typeof ComplaintOutcome>;
export const ComplaintStep = z.object({
  key: ComplaintStepKey,
  status: z.enum(COMPLAINT_STEP_STATUSES),
  /** Set once the step became current (its deadline counts from then, in the SLA's business time). */
  dueAt: z.string().nullable(),
  doneAt: z.string().nullable(),
  by: z.uuid().nullable(),
  note: z.string().nullable(),
  outcome: ComplaintOutcome.nullable(),
  /** 1, then 2, 3 … each time a renegotiation sends the flow back through this step. */
  round: z.number().int(),
  /** The deadline passed while it was current (escalated once per round). */
  overdue: z.boolean(),
});
export type ComplaintStep = z.infer<typeof ComplaintStep>;
export const Complaint = z.object({ steps: z.array(ComplaintStep) });
export type Complaint = z.infer<typeof Complaint>;
export const ComplaintStepParams = z.object({ id: z.uuid(), key: ComplaintStepKey });
export const ComplaintStepBody = z.object({
  note: text(5_000),
  /** `agreement`: agreed | disagreed (required); `education`: educated | not_needed (required). */
  outcome: ComplaintOutcome.optional(),
  /** `analyze`: escalate to this specialist department group (the order is assigned to it). */
  groupId: z.uuid().optional(),
});
export type ComplaintStepBody = z.infer<typeof ComplaintStepBody>;

export const Ticket = z.object({
  id: z.uuid(),
  number: z.string(),
  type: TicketType,
  categoryId: z.uuid().nullable(),
  priority: TicketPriority,
  severity: ComplaintSeverity.nullable(),
  subject: z.string(),
  description: z.string(),
  channel: TicketChannel,
  customerId: z.uuid().nullable(),
  customerPhone: z.string().nullable(),
  contactIds: z.array(z.string()),
  ownerUserId: z.uuid(),
  assigneeUserId: z.uuid().nullable(),
  assigneeGroupId: z.uuid().nullable(),
  status: TicketStatus,
  resolution: z.string().nullable(),
  slaPolicyId: z.uuid().nullable(),
  sla: Sla,
  respondedAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Complaints, on a single read: the stepper of the complaint flow. */
  complaint: Complaint.optional(),
});
export type Ticket = z.infer<typeof Ticket>;
export const TicketPage = pageOf(Ticket).extend({
  /** A search's count of common words, estimated from the newest orders: show "about 37,000". */
  totalEstimated: z.boolean().optional(),
  /** A search with more matches than it counts (2,000): show "2,000+". */
  totalCapped: z.boolean().optional(),
});
export type TicketPage = z.infer<typeof TicketPage>;

export const CreateTicketBody = z.object({
  type: TicketType,
  categoryId: z.uuid().optional(),
  priority: TicketPriority.default('P3'),
  severity: ComplaintSeverity.optional(),
  subject: text(200),
  description: z.string().trim().max(10_000).default(''),
  channel: TicketChannel.default('phone'),
  customerId: z.uuid().optional(),
  customerPhone: z
    .string()
    .trim()
    .regex(/^\+?[0-9][0-9 -]{2,30}$/, 'a phone number')
    .optional(),
  /** The routing contact the agent wraps up: the order is created and linked in one step. */
  contactId: z.string().trim().min(1).max(100).optional(),
  contactIds: z.array(z.string().trim().min(1).max(100)).max(50).optional(),
  ownerUserId: z.uuid().optional(),
  assigneeUserId: z.uuid().optional(),
  assigneeGroupId: z.uuid().optional(),
});
export type CreateTicketBody = z.infer<typeof CreateTicketBody>;
/** What a client may send (defaults not yet applied). */
export type CreateTicketBodyInput = z.input<typeof CreateTicketBody>;

export const UpdateTicketBody = z
  .object({
    categoryId: z.uuid().nullable(),
    priority: TicketPriority,
    severity: ComplaintSeverity.nullable(),
    subject: text(200),
    description: z.string().trim().max(10_000),
    contactIds: z.array(z.string().trim().min(1).max(100)).max(50),
    ownerUserId: z.uuid(),
    assigneeUserId: z.uuid().nullable(),
    assigneeGroupId: z.uuid().nullable(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'nothing to update');
export type UpdateTicketBody = z.infer<typeof UpdateTicketBody>;

export const TransitionBody = z.object({
  to: TicketStatus,
  comment: z.string().trim().min(1).max(10_000).optional(),
  resolution: z.string().trim().min(1).max(10_000).optional(),
});
export type TransitionBody = z.infer<typeof TransitionBody>;

export const CommentVisibility = z.enum(['internal', 'public']);
export const CommentBody = z.object({
  body: text(10_000),
  visibility: CommentVisibility.default('internal'),
});
export type CommentBody = z.infer<typeof CommentBody>;
/** What a client may send (defaults not yet applied). */
export type CommentBodyInput = z.input<typeof CommentBody>;
export const TicketComment = z.object({
  id: z.uuid(),
  ticketId: z.uuid(),
  authorUserId: z.uuid().nullable(),
  visibility: CommentVisibility,
  body: z.string(),
  createdAt: z.string(),
});
export type TicketComment = z.infer<typeof TicketComment>;

export const TicketEvent = z.object({
  id: z.uuid(),
  at: z.string(),
  actorUserId: z.uuid().nullable(),
  actorName: z.string().nullable(),
  /**
   * `attached` / `detached`: a file added or removed (`after` / `before`: `{ attachmentId, fileName }`);
   * `notified`: a message went to the customer (field: the template; after: channel, ok, language).
   */
  kind: z.enum(['created', 'updated', 'transitioned', 'commented', 'escalated', 'attached', 'detached', 'notified']),
  field: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
});
export type TicketEvent = z.infer<typeof TicketEvent>;

/** A file on a work order; its type is what the bytes are (sniffed), never what the client declared. */
export const TicketAttachment = z.object({
  id: z.uuid(),
  ticketId: z.uuid(),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  /** Hex SHA-256 of the bytes as stored. */
  sha256: z.string(),
  uploadedBy: z.uuid().nullable(),
  uploadedByName: z.string().nullable(),
  createdAt: z.string(),
});
export type TicketAttachment = z.infer<typeof TicketAttachment>;
/** The upload's name travels in the query (the body is the file itself). */
export const AttachmentUploadQuery = z.object({ name: z.string().trim().min(1).max(255) });
export const AttachmentParams = z.object({ id: z.uuid(), attId: z.uuid() });
/** `GET …/attachments/:attId?download=1`: always as a download, even an image or a PDF. */
export const AttachmentDownloadQuery = z.object({ download: z.enum(['0', '1']).optional() });

const boolQuery = z.enum(['true', 'false']).transform((v) => v === 'true');
const csv = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .string()
    .transform((s) => s.split(',').map((x) => x.trim()))
    .pipe(z.array(item).min(1));

export const ListTicketsQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  status: csv(TicketStatus).optional(),
  type: csv(TicketType).optional(),
  priority: csv(TicketPriority).optional(),
  assigneeUserId: z.uuid().optional(),
  ownerUserId: z.uuid().optional(),
  groupId: z.uuid().optional(),
  teamId: z.uuid().optional(),
  customerId: z.uuid().optional(),
  /** Open tickets whose resolution is due before this instant ("due soon"). */
  dueBefore: z.iso.datetime({ offset: true }).optional(),
  /** Created at or after this instant. */
  createdFrom: z.iso.datetime({ offset: true }).optional(),
  /** Created before this instant. */
  createdTo: z.iso.datetime({ offset: true }).optional(),
  breached: boolQuery.optional(),
  /** Work lists: `mine` (owner or assignee), `team` (my team's), `group` (my department groups'). */
  list: z.enum(['mine', 'team', 'group']).optional(),
  /**
   * Search: a ticket number (GD20261206-000123), a phone (whole or its last 4+ digits), Chinese or
   * English words of the subject, description, comments and customer. Newest first, whatever `sort`.
   */
  q: z.string().trim().min(1).max(200).optional(),
  sort: z.enum(['created', '-created', 'due', '-due', 'number']).default('-created'),
});
export type ListTicketsQuery = z.infer<typeof ListTicketsQuery>;
/** What a client may send (defaults not yet applied). */
export type ListTicketsQueryInput = z.input<typeof ListTicketsQuery>;

// --- Administration: SLA policies, categories, department groups -------------------------------

export const SlaPolicy = z.object({
  id: z.uuid(),
  name: z.string(),
  type: TicketType.nullable(),
  priority: TicketPriority.nullable(),
  severity: ComplaintSeverity.nullable(),
  customerTier: z.string().nullable(),
  calendarId: z.uuid().nullable(),
  responseMinutes: z.number().int(),
  resolveMinutes: z.number().int(),
  warningShare: z.number(),
  reescalateAfterMinutes: z.number().int(),
  active: z.boolean(),
  createdAt: z.string(),
});
export type SlaPolicy = z.infer<typeof SlaPolicy>;

export const CreateSlaPolicyBody = z.object({
  name: text(100),
  type: TicketType.nullable().optional(),
  priority: TicketPriority.nullable().optional(),
  severity: ComplaintSeverity.nullable().optional(),
  customerTier: z.string().trim().min(1).max(50).nullable().optional(),
  calendarId: z.uuid().nullable().optional(),
  responseMinutes: z.number().int().min(1).max(525_600),
  resolveMinutes: z.number().int().min(1).max(525_600),
  warningShare: z.number().gt(0).lt(1).default(0.8),
  reescalateAfterMinutes: z.number().int().min(1).max(525_600).default(240),
  active: z.boolean().default(true),
});
export type CreateSlaPolicyBody = z.infer<typeof CreateSlaPolicyBody>;
/** What a client may send (defaults not yet applied). */
export type CreateSlaPolicyBodyInput = z.input<typeof CreateSlaPolicyBody>;
export const UpdateSlaPolicyBody = CreateSlaPolicyBody.partial().refine(
  (v) => Object.keys(v).length > 0,
  'nothing to update',
);
export type UpdateSlaPolicyBody = z.infer<typeof UpdateSlaPolicyBody>;

export const TicketCategory = z.object({
  id: z.uuid(),
  type: TicketType,
  parentId: z.uuid().nullable(),
  name: z.string(),
  sortOrder: z.number().int(),
  active: z.boolean(),
});
export type TicketCategory = z.infer<typeof TicketCategory>;
export const CreateCategoryBody = z.object({
  type: TicketType,
  parentId: z.uuid().nullable().optional(),
  name: text(100),
  sortOrder: z.number().int().min(0).max(10_000).default(0),
});
export type CreateCategoryBody = z.infer<typeof CreateCategoryBody>;
/** What a client may send (defaults not yet applied). */
export type CreateCategoryBodyInput = z.input<typeof CreateCategoryBody>;
export const UpdateCategoryBody = z
  .object({ name: text(100), sortOrder: z.number().int().min(0).max(10_000), active: z.boolean() })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'nothing to update');
export type UpdateCategoryBody = z.infer<typeof UpdateCategoryBody>;
export const CategoriesQuery = z.object({ type: TicketType.optional() });

export const DepartmentGroup = z.object({
  id: z.uuid(),
  name: z.string(),
  leadUserId: z.uuid().nullable(),
  memberUserIds: z.array(z.uuid()),
  createdAt: z.string(),
});
export type DepartmentGroup = z.infer<typeof DepartmentGroup>;
export const CreateGroupBody = z.object({
  name: text(100),
  leadUserId: z.uuid().nullable().optional(),
  memberUserIds: z.array(z.uuid()).max(500).default([]),
});
export type CreateGroupBody = z.infer<typeof CreateGroupBody>;
/** What a client may send (defaults not yet applied). */
export type CreateGroupBodyInput = z.input<typeof CreateGroupBody>;
export const UpdateGroupBody = z
  .object({ name: text(100), leadUserId: z.uuid().nullable(), memberUserIds: z.array(z.uuid()).max(500) })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'nothing to update');
export type UpdateGroupBody = z.infer<typeof UpdateGroupBody>;

// --- Follow-up visits (回访) -------------------------------------------------------------------------

export const FOLLOW_UP_STATUSES = ['open', 'done', 'cancelled'] as const;
export const FollowUpStatus = z.enum(FOLLOW_UP_STATUSES);
export const FollowUp = z.object({
  id: z.uuid(),
  ticketId: z.uuid(),
  ticketNumber: z.string(),
  ticketType: TicketType,
  subject: z.string(),
  customerId: z.uuid().nullable(),
  customerPhone: z.string().nullable(),
  /**
   * The customer's number as the dial routes take it (digits, optional +), null when none. Masked
   * without pii.view: call through `POST /api/v1/follow-ups/:id/dial`, which resolves it on the server.
   */
  dialNumber: z.string().nullable(),
  ownerUserId: z.uuid(),
  status: FollowUpStatus,
  dueAt: z.string(),
  attempts: z.number().int(),
  reached: z.boolean().nullable(),
  satisfaction: z.number().int().nullable(),
  note: z.string().nullable(),
  callId: z.uuid().nullable(),
  doneAt: z.string().nullable(),
  createdAt: z.string(),
});
export type FollowUp = z.infer<typeof FollowUp>;
export const FollowUpPage = pageOf(FollowUp);
export type FollowUpPage = z.infer<typeof FollowUpPage>;
export const FollowUpsQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  /** Only mine (I own them: the order's owner when it was resolved). */
  mine: boolQuery.optional(),
  ownerUserId: z.uuid().optional(),
  ticketId: z.uuid().optional(),
  /** Due at or before this instant (the work list: `due=<now>`). */
  due: z.iso.datetime({ offset: true }).optional(),
  status: csv(FollowUpStatus).default(['open']),
});
export type FollowUpsQuery = z.infer<typeof FollowUpsQuery>;
export const FollowUpOutcomeBody = z
  .object({
    reached: z.boolean(),
    /** 1 (very unsatisfied) … 5; required when the customer was reached. ≤ 2 reopens the order. */
    satisfaction: z.number().int().min(1).max(5).optional(),
    note: text(5_000),
    /** The click-to-call's call id (its call record); linked to the order. */
    callId: z.uuid().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.reached && v.satisfaction === undefined)
      ctx.addIssue({ code: 'custom', path: ['satisfaction'], message: 'required when the customer was reached' });
  });
export type FollowUpOutcomeBody = z.infer<typeof FollowUpOutcomeBody>;
/**
 * `POST /follow-ups/:id/dial`: Kefu rings the agent's phone, then the customer's number (resolved on
 * the server, so a masked list can still call); the call is linked to the order and counted.
 */
export const FollowUpDialReply = z.object({ callId: z.uuid(), followUp: FollowUp });
export type FollowUpDialReply = z.infer<typeof FollowUpDialReply>;

// --- Major incidents (重大故障) --------------------------------------------------------------------------

export const INCIDENT_STATUSES = ['open', 'mitigated', 'resolved'] as const;
export const IncidentStatus = z.enum(INCIDENT_STATUSES);
/** The affected service as IVR flows name it (`incident_active` nodes): broadband, mobile, iptv … */
export const ServiceKey = z
  .string()
  .trim()
  .regex(/^[a-z0-9_-]{1,64}$/, 'lowercase letters, digits, _ or -');
export const Incident = z.object({
  id: z.uuid(),
  title: z.string(),
  /** 1 is the gravest (一级/特别重大) … 4 (四级/一般). */
  grade: z.number().int(),
  area: z.string(),
  serviceKey: z.string(),
  status: IncidentStatus,
  messageZh: z.string(),
  messageEn: z.string(),
  /** A recorded prompt the IVR plays while the incident is active (else the node's own prompts). */
  ivrPrompt: z.string().nullable(),
  expectedRecoveryAt: z.string().nullable(),
  ticketIds: z.array(z.uuid()),
  createdAt: z.string(),
  updatedAt: z.string(),
  resolvedAt: z.string().nullable(),
});
export type Incident = z.infer<typeof Incident>;
const IncidentFields = {
  title: text(200),
  grade: z.number().int().min(1).max(4),
  area: text(200),
  serviceKey: ServiceKey,
  status: IncidentStatus,
  messageZh: text(1_000),
  messageEn: text(1_000),
  ivrPrompt: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,59}$/, 'a prompt key')
    .nullable(),
  expectedRecoveryAt: z.iso.datetime({ offset: true }).nullable(),
};
export const CreateIncidentBody = z.object({
  ...IncidentFields,
  status: IncidentStatus.default('open'),
  ivrPrompt: IncidentFields.ivrPrompt.optional(),
  expectedRecoveryAt: IncidentFields.expectedRecoveryAt.optional(),
  ticketIds: z.array(z.uuid()).max(1_000).default([]),
  /** Send `outage.notice` to the customers of the linked orders (e-mail and SMS). */
  notifyCustomers: z.boolean().default(false),
});
export type CreateIncidentBody = z.infer<typeof CreateIncidentBody>;
export type CreateIncidentBodyInput = z.input<typeof CreateIncidentBody>;
/**
 * A bulk update: the incident's fields, plus what happens to every linked order — `comment` is added
 * to each (customer-visible); moving to `resolved` resolves each open one with `resolution` (else the
 * Chinese customer message).
 */
export const UpdateIncidentBody = z
  .object({
    ...IncidentFields,
    comment: text(10_000),
    resolution: text(10_000),
    notifyCustomers: z.boolean(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'nothing to update');
export type UpdateIncidentBody = z.infer<typeof UpdateIncidentBody>;
export const IncidentTicketsBody = z.object({ ticketIds: z.array(z.uuid()).min(1).max(1_000) });
export const IncidentTicketParams = z.object({ id: z.uuid(), ticketId: z.uuid() });
export const IncidentsQuery = z.object({ status: csv(IncidentStatus).optional(), service: ServiceKey.optional() });
export type IncidentsQuery = z.infer<typeof IncidentsQuery>;
/** What a bulk update did to the linked orders. */
export const IncidentUpdateReply = Incident.extend({
  applied: z.object({ resolved: z.number().int(), commented: z.number().int(), notified: z.number().int() }),
});
export type IncidentUpdateReply = z.infer<typeof IncidentUpdateReply>;
/** The IVR's question: is an outage of this service on (open or mitigated)? */
export const ActiveIncidentQuery = z.object({ service: ServiceKey });
export const ActiveIncident = z.object({ active: z.boolean(), incidents: z.array(Incident) });
export type ActiveIncident = z.infer<typeof ActiveIncident>;

/** The moments a customer is sent a message about their order (受理回执, resolved, closed). */
export const CUSTOMER_NOTICE_MOMENTS = ['created', 'resolved', 'closed'] as const;
/**
 * Which order types send the customer those messages (SMS, or e-mail when the customer prefers it):
 * complaints and faults by default.
 */
export const TicketSettings = z.object({
  customerNotices: z.object(
    Object.fromEntries(TICKET_TYPES.map((t) => [t, z.boolean()])) as Record<TicketType, z.ZodBoolean>,
  ),
});
export type TicketSettings = z.infer<typeof TicketSettings>;
export const UpdateTicketSettingsBody = z.object({ customerNotices: TicketSettings.shape.customerNotices.partial() });
export type UpdateTicketSettingsBody = z.infer<typeof UpdateTicketSettingsBody>;
export const DEFAULT_CUSTOMER_NOTICES: TicketSettings['customerNotices'] = {
  inquiry: false,
  query: false,
  service_request: false,
  fault: true,
  complaint: true,
  suggestion: false,
  praise: false,
};
