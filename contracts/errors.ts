/**
 * Every error code the server answers (`{ error: { code, message, details } }`), each with its one
 * HTTP status. `AppError` takes only these codes and takes its status from here; the web has a text
 * for each in zh-CN and en-US (`web/src/app/locales/errors.*.ts`, typed so that none can be missing).
 * A new code is added here, in its module's `*.errors.ts` factory, and in both locale files.
 */
export const ERRORS = {
  // Platform: the HTTP layer, validation, the database, the realtime gateway.
  'VALIDATION.FAILED': 400,
  'VALIDATION.INVALID_CHARACTERS': 400,
  'HTTP.BAD_REQUEST': 400,
  'HTTP.MALFORMED_JSON': 400,
  'HTTP.EMPTY_BODY': 400,
  'HTTP.BAD_CONTENT_LENGTH': 400,
  'HTTP.NOT_FOUND': 404,
  'HTTP.BODY_TOO_LARGE': 413,
  'HTTP.UNSUPPORTED_MEDIA_TYPE': 415,
  'HTTP.RATE_LIMITED': 429,
  'DB.RETRY': 503,
  'REALTIME.FOREIGN_ORIGIN': 403,
  'REALTIME.UPGRADE_REQUIRED': 426,
  /** Anything unexpected; its internals are logged, never shown. */
  INTERNAL: 500,

  // auth: sessions, roles, users.
  'AUTH.INVALID_CREDENTIALS': 401,
  'AUTH.UNAUTHENTICATED': 401,
  'AUTH.SESSION_EXPIRED': 401,
  'AUTH.SESSION_LOCKED': 401,
  'AUTH.ACCOUNT_LOCKED': 403,
  'AUTH.ACCOUNT_DISABLED': 403,
  'AUTH.FORBIDDEN': 403,
  'AUTH.ESCALATION': 403,
  'AUTH.WRONG_PASSWORD': 400,
  'AUTH.ROLE_FLOOR': 400,
  'USERS.NOT_FOUND': 404,
  'USERS.USERNAME_TAKEN': 409,
  /** The body names a team that does not exist (`details.fields` points at `teamId`). */
  'USERS.TEAM_NOT_FOUND': 400,
  'USERS.USE_CHANGE_PASSWORD': 400,
  'USERS.CANNOT_DISABLE_SELF': 400,

  // teams
  'TEAMS.NOT_FOUND': 404,
  'TEAMS.NAME_TAKEN': 409,
  'TEAMS.LEAD_NOT_FOUND': 400,

  // calendars
  'CALENDARS.NOT_FOUND': 404,
  'CALENDARS.NAME_TAKEN': 409,
  /** Deleting a calendar an IVR flow or a queue uses: `details.usedBy` lists them. */
  'CALENDARS.IN_USE': 409,
  /** An import with bad rows (`details.rows[]`: row, field, message); nothing was imported. */
  'CALENDARS.IMPORT_INVALID': 400,
  'CALENDARS.NO_NATIONAL_DATA': 400,
  'CALENDARS.NEVER_OPENS': 409,

  // routing (the ACD)
  'ROUTING.QUEUE_NOT_FOUND': 404,
  'ROUTING.SKILL_NOT_FOUND': 404,
  'ROUTING.REASON_NOT_FOUND': 404,
  'ROUTING.USER_NOT_FOUND': 404,
  'ROUTING.CONTACT_NOT_FOUND': 404,
  'ROUTING.UNKNOWN_QUEUE': 400,
  /** A queue's calendarId names no business calendar (`details.fields` points at it). */
  'ROUTING.UNKNOWN_CALENDAR': 400,
  'ROUTING.UNKNOWN_SKILL': 400,
  'ROUTING.UNKNOWN_AGENT': 400,
  'ROUTING.UNKNOWN_REASON': 400,
  'ROUTING.OVERFLOW_SELF': 400,
  'ROUTING.KEY_TAKEN': 409,
  'ROUTING.CONTACT_STATE': 409,
  'ROUTING.NO_WRAP_UP': 409,
  'ROUTING.NOT_YOUR_CONTACT': 403,
  'ROUTING.QUEUE_FULL': 503,

  // ivr
  'IVR.FLOW_NOT_FOUND': 404,
  'IVR.VERSION_NOT_FOUND': 404,
  'IVR.KEY_TAKEN': 409,
  'IVR.INVALID_FLOW': 400,
  'IVR.UNKNOWN_QUEUE': 400,

  // telephony: phones, numbers, trunks; call records; recordings; prompts.
  'TELEPHONY.PHONE_NOT_FOUND': 404,
  'TELEPHONY.NUMBER_NOT_FOUND': 404,
  'TELEPHONY.TRUNK_NOT_FOUND': 404,
  'TELEPHONY.USERNAME_TAKEN': 409,
  'TELEPHONY.NUMBER_TAKEN': 409,
  'TELEPHONY.TRUNK_NAME_TAKEN': 409,
  'TELEPHONY.AGENT_NOT_FOUND': 400,
  'TELEPHONY.FLOW_NOT_FOUND': 400,
  /** The spike message names a prompt the prompt library has in no language (`details.fields`: promptKey). */
  'TELEPHONY.PROMPT_UNKNOWN': 400,
  'CALLS.NOT_FOUND': 404,
  'CALLS.BAD_CURSOR': 400,
  'RECORDINGS.NOT_FOUND': 404,
  'RECORDINGS.INTEGRITY_FAILED': 500,
  'RECORDINGS.KEY_MISMATCH': 500,
  'RECORDINGS.FILE_MISSING': 500,
  'PROMPTS.NOT_FOUND': 404,
  'PROMPTS.NO_UPLOAD': 404,
  'PROMPTS.UPLOADS_DISABLED': 503,
  'PROMPTS.EMPTY': 400,
  'PROMPTS.TOO_LONG': 400,
  'PROMPTS.NOT_WAV': 400,
  'PROMPTS.BAD_WAV': 400,
  'PROMPTS.UNSUPPORTED_ENCODING': 400,
  'PROMPTS.UNSUPPORTED_BIT_DEPTH': 400,
  'PROMPTS.UNSUPPORTED_CHANNELS': 400,
  'PROMPTS.UNSUPPORTED_SAMPLE_RATE': 400,
  'PROMPTS.TRUNCATED': 400,
  'PROMPTS.BAD_SIZE': 400,
  'PROMPTS.TOO_SHORT': 400,
  // The SIP and media stack: thrown inside telephony; a 4xx/5xx only if one escapes into HTTP.
  'SIP.MALFORMED': 400,
  'SIP.DUPLICATE_TRANSACTION': 409,
  'SIP.BAD_CLIENT_REQUEST': 500,
  'MEDIA.BAD_DIGIT': 400,
  'MEDIA.BAD_PROMPT': 400,
  'MEDIA.BAD_PROMPT_KEY': 400,
  'MEDIA.BAD_PORT_RANGE': 400,
  'MEDIA.MIXER_WHISPER': 400,
  'MEDIA.PROMPT_NOT_FOUND': 404,
  'MEDIA.MIXER_NOT_MEMBER': 404,
  'MEDIA.MIXER_MEMBER': 409,
  'MEDIA.MIXER_STOPPED': 409,
  'MEDIA.NO_TELEPHONE_EVENT': 409,
  'MEDIA.ENGINE_CLOSED': 503,
  'MEDIA.NO_PORTS': 503,

  // tickets: work orders, SLA policies, categories, department groups.
  'TICKETS.NOT_FOUND': 404,
  /** The status machine forbids the move (`details`: from, to, allowed). */
  'TICKETS.ILLEGAL_TRANSITION': 409,
  /** The move or the new order lacks a field its type needs (`details.fields`). */
  'TICKETS.FIELDS_REQUIRED': 400,
  'TICKETS.NOT_YOURS': 403,
  'TICKETS.CUSTOMERS_UNAVAILABLE': 503,
  'TICKETS.CALENDARS_UNAVAILABLE': 503,
  'TICKETS.UNKNOWN_USER': 400,
  'TICKETS.UNKNOWN_GROUP': 400,
  'TICKETS.UNKNOWN_CATEGORY': 400,
  'TICKETS.UNKNOWN_CALENDAR': 400,
  /** The policy's calendar gives no working time for the target (it never opens): fix the calendar. */
  'TICKETS.CALENDAR_NEVER_OPENS': 409,
  'TICKETS.UNKNOWN_CUSTOMER': 400,
  'TICKETS.POLICY_NOT_FOUND': 404,
  'TICKETS.CATEGORY_NOT_FOUND': 404,
  'TICKETS.GROUP_NOT_FOUND': 404,
  'TICKETS.GROUP_NAME_TAKEN': 409,
  'TICKETS.CATEGORY_NAME_TAKEN': 409,
  /** The complaint flow: a step on an order that is no complaint, or not the current step. */
  'TICKETS.NOT_A_COMPLAINT': 409,
  'TICKETS.STEP_NOT_CURRENT': 409,
  /** The step needs (or refuses) an outcome (`details.fields`). */
  'TICKETS.STEP_OUTCOME': 400,
  'TICKETS.FOLLOW_UP_NOT_FOUND': 404,
  'TICKETS.FOLLOW_UP_DONE': 409,
  /** The follow-up's order has no number that can be dialled (none on file, or not digits). */
  'TICKETS.NO_DIAL_NUMBER': 409,
  /**
   * The follow-up was dialled less than 60 s ago, or its last call has not ended (`details.callId`,
   * `details.retryAfterSeconds`): a double click must not ring the customer twice.
   */
  'TICKETS.DIAL_IN_PROGRESS': 409,
  'TICKETS.INCIDENT_NOT_FOUND': 404,
  /** Linking tickets that do not exist (`details.fields`). */
  'TICKETS.UNKNOWN_TICKET': 400,
  'TICKETS.EXPORT_TOO_LARGE': 400,
  /** Attachments (docs/work-orders.md, "Attachments"). */
  'TICKETS.ATTACHMENT_NOT_FOUND': 404,
  /** Over the size limit (`details.maxBytes`); nothing was kept. */
  'TICKETS.ATTACHMENT_TOO_LARGE': 413,
  /** The bytes are none of the accepted kinds (`details.detected`: what they look like); the declared type is ignored. */
  'TICKETS.ATTACHMENT_TYPE': 415,
  'TICKETS.ATTACHMENT_EMPTY': 400,
  /** The order has as many attachments as it may (`details.max`). */
  'TICKETS.ATTACHMENT_LIMIT': 409,
  /** Only the uploader or a work-order manager removes an attachment. */
  'TICKETS.ATTACHMENT_NOT_YOURS': 403,
  /** The installation keeps no attachments (no data dir configured). */
  'TICKETS.ATTACHMENTS_UNAVAILABLE': 503,

  // voice: call control over telephony.
  'VOICE.NOT_TALKING': 409,
  'VOICE.NO_PHONE': 409,
  'VOICE.NO_ANSWER': 409,
  'VOICE.IN_CONFERENCE': 409,
  'VOICE.NO_TRUNK': 503,
  'VOICE.OFF': 503,

  // crm: customers, custom fields, imports.
  'CRM.CUSTOMER_NOT_FOUND': 404,
  /** A phone number that cannot be one (`details.fields`: phones.N). */
  'CRM.INVALID_PHONE': 400,
  /** A custom field missing, unknown or of the wrong type (`details.fields`: customFields.key). */
  'CRM.INVALID_CUSTOM_FIELD': 400,
  /** Merging a customer into itself, or one already merged. */
  'CRM.MERGE_INVALID': 400,
  /** The customer was merged into another (`details.mergedInto`): change that one. */
  'CRM.CUSTOMER_MERGED': 409,
  /** A verification's contact is not one of the caller's own open contacts (`details.fields`: contactId). */
  'CRM.VERIFICATION_CONTACT_INVALID': 400,
  'CRM.CUSTOM_FIELD_NOT_FOUND': 404,
  'CRM.CUSTOM_FIELD_KEY_TAKEN': 409,
  'CRM.IMPORT_NOT_FOUND': 404,
  /** The upload is no CSV or XLSX we can read, or has no header row or no data. */
  'CRM.IMPORT_UNREADABLE': 400,
  /** Rows failed validation and nothing was written (`details.issues`: row, column, message). */
  'CRM.IMPORT_INVALID': 400,
  // webhooks
  'WEBHOOKS.NOT_FOUND': 404,
  'WEBHOOKS.DELIVERY_NOT_FOUND': 404,
  /** The URL names a loopback or private address the operator has not allowed (`details.fields`: url). */
  'WEBHOOKS.URL_REFUSED': 400,

  // reporting: KPIs, reports, contact history imports.
  /** `from` is not before `to` (`details.fields`). */
  'REPORTING.RANGE_INVALID': 400,
  /** More time buckets than one report holds (`details.max`): a coarser unit or a shorter range. */
  'REPORTING.RANGE_TOO_LARGE': 400,
  /** A filter names a queue, agent or team the reports do not know (`details.fields`). */
  'REPORTING.UNKNOWN_FILTER': 400,
  'REPORTING.QUEUE_NOT_FOUND': 404,
  /** A contact list over the export cap (`details.max`). */
  'REPORTING.EXPORT_TOO_LARGE': 400,
  /** No such scheduled report, or one of another user's that the caller may not manage. */
  'REPORTING.SCHEDULE_NOT_FOUND': 404,
  /** A contact import that is no CSV or JSON lines we can read, or has no header row or an unknown column. */
  'REPORTING.IMPORT_UNREADABLE': 400,

  // jobs (platform): long work followed by id.
  /** No such job, or one of another user (without system.view). */
  'JOBS.NOT_FOUND': 404,
  // surveys
  'SURVEYS.TEMPLATE_NOT_FOUND': 404,
  'SURVEYS.TEMPLATE_NAME_TAKEN': 409,
  /** The body names a template that does not exist (`details.fields` points at `templateId`). */
  'SURVEYS.UNKNOWN_TEMPLATE': 400,
  /** The template does not offer the invitation's channel (`details.fields`: channel). */
  'SURVEYS.CHANNEL_NOT_OFFERED': 400,
  /** A survey link that was never sent (or whose token is mistyped). */
  'SURVEYS.LINK_NOT_FOUND': 404,
  /** The survey was answered already (`details.language`: the link's language). */
  'SURVEYS.LINK_USED': 410,
  /** The survey link is past its expiry (`details.language`). */
  'SURVEYS.LINK_EXPIRED': 410,
  /** An answer that does not fit the survey's questions (`details.fields`: csat, nps, ces). */
  'SURVEYS.ANSWER_INVALID': 400,
  /** An agent's invitation for a contact that does not exist or that someone else handled. */
  'SURVEYS.CONTACT_NOT_YOURS': 403,
  /** The contact's customer was invited by hand already: one manual invitation per contact. */
  'SURVEYS.ALREADY_INVITED': 409,
  // quality
  'QUALITY.SCORECARD_NOT_FOUND': 404,
  'QUALITY.SCORECARD_NAME_TAKEN': 409,
  'QUALITY.NOTHING_TO_PUBLISH': 409,
  'QUALITY.SCORECARD_NOT_PUBLISHED': 409,
  'QUALITY.NO_SCORECARD': 409,
  'QUALITY.CONTACT_NOT_FOUND': 404,
  'QUALITY.OWN_CONTACT': 403,
  'QUALITY.EVALUATION_NOT_FOUND': 404,
  'QUALITY.ALREADY_EVALUATED': 409,
  'QUALITY.NOT_YOUR_EVALUATION': 403,
  'QUALITY.EVALUATION_STATE': 409,
  'QUALITY.ANSWERS_INVALID': 400,
  'QUALITY.APPEAL_WINDOW_CLOSED': 409,
  'QUALITY.APPEAL_NOT_FOUND': 404,
  'QUALITY.APPEAL_DECIDED': 409,
  'QUALITY.REVIEWER_IS_EVALUATOR': 403,
  'QUALITY.TASK_NOT_FOUND': 404,
  'QUALITY.PLAN_NOT_FOUND': 404,
  'QUALITY.PLAN_NAME_TAKEN': 409,
  'QUALITY.NO_EVALUATORS': 400,
  'QUALITY.CALIBRATION_NOT_FOUND': 404,
  'QUALITY.NOT_IN_CALIBRATION': 403,
  'QUALITY.COACHING_NOT_FOUND': 404,
  'QUALITY.EXAMPLE_NOT_FOUND': 404,
  /** A sampling period drawn before it ended (details.fields: periodStart). */
  'QUALITY.PERIOD_NOT_ENDED': 400,
  /** A weekly plan drawn for a period that does not start on a Monday (details.fields: periodStart). */
  'QUALITY.PERIOD_NOT_MONDAY': 400,
  // conversations: digital channels (issue 16).
  'CONVERSATIONS.NOT_FOUND': 404,
  'CONVERSATIONS.NOT_YOURS': 403,
  'CONVERSATIONS.ENDED': 409,
  'CONVERSATIONS.REPLY_WINDOW_CLOSED': 409,
  'CONVERSATIONS.CHANNEL_NOT_FOUND': 404,
  'CONVERSATIONS.CHANNEL_NAME_TAKEN': 409,
  'CONVERSATIONS.CHANNEL_DISABLED': 409,
  'CONVERSATIONS.CHANNEL_KIND_FIXED': 400,
  'CONVERSATIONS.QUEUE_NOT_FOUND': 400,
  'CONVERSATIONS.CANNED_NOT_FOUND': 404,
  'CONVERSATIONS.CANNED_SCOPE': 403,
  'CONVERSATIONS.ATTACHMENT_NOT_FOUND': 404,
  'CONVERSATIONS.ATTACHMENT_TOO_LARGE': 413,
  'CONVERSATIONS.ATTACHMENT_TYPE': 415,
  'CONVERSATIONS.VISITOR_UNAUTHENTICATED': 401,
  'CONVERSATIONS.ORIGIN_NOT_ALLOWED': 403,
  'CONVERSATIONS.CLOSED': 409,
  'CONVERSATIONS.WEBHOOK_SIGNATURE': 401,
  'CONVERSATIONS.SEND_FAILED': 503,
  'CONVERSATIONS.NO_EMAIL': 409,
  // wfm: workforce management (issue 17).
  'WFM.FORECAST_NOT_FOUND': 404,
  'WFM.QUEUE_NOT_FOUND': 400,
  'WFM.CALENDAR_NOT_FOUND': 400,
  'WFM.DATE_OUT_OF_FORECAST': 400,
  'WFM.TARGET_UNREACHABLE': 409,
  'WFM.HISTORY_RANGE': 400,
  'WFM.OVERLOADED': 409,
  'WFM.INTERVAL_OUT_OF_DAY': 400,
  'WFM.TEMPLATE_NOT_FOUND': 404,
  'WFM.TEMPLATE_NAME_TAKEN': 409,
  'WFM.AGENT_NOT_FOUND': 404,
  /** A run names an agent without scheduling rules, or a template that is missing or inactive. */
  'WFM.SCHEDULE_INPUT': 400,
  'WFM.SCHEDULE_NOT_FOUND': 404,
  /** Publishing a schedule that is not a draft, or discarding a published one. */
  'WFM.SCHEDULE_STATE': 409,
  'WFM.SHIFT_NOT_FOUND': 404,
  'WFM.REQUEST_NOT_FOUND': 404,
  /** The request is not in a state that allows this step (e.g. approving a decided one). */
  'WFM.REQUEST_STATE': 409,
  /** The change would break a labour rule (rest, consecutive days, contracted hours) for an agent. */
  'WFM.REQUEST_BREAKS_RULES': 409,
  /** A simulation's input cannot be run: an unpublished schedule, a day it does not cover, nothing to simulate. */
  'WFM.SIMULATION_INPUT': 400,
  'WFM.SIMULATION_NOT_FOUND': 404,
  'KNOWLEDGE.ARTICLE_NOT_FOUND': 404,
  'KNOWLEDGE.CATEGORY_NOT_FOUND': 400,
  'KNOWLEDGE.SYNONYM_NOT_FOUND': 404,
  /** The step does not fit the article's or version's state (publishing a draft as a reviewer, editing an archived one). */
  'KNOWLEDGE.STATE': 409,
  'KNOWLEDGE.VERSION_CONFLICT': 409,
  /** A reviewer publishing their own version: a second person reviews (administrators may publish directly). */
  'KNOWLEDGE.OWN_REVIEW': 403,
  'KNOWLEDGE.INVALID': 400,
  'KNOWLEDGE.CONTACT_NOT_FOUND': 404,
  'KNOWLEDGE.ANNOUNCEMENT_NOT_FOUND': 404,
  'TRAINING.QUESTION_NOT_FOUND': 404,
  'TRAINING.EXAM_NOT_FOUND': 404,
  'TRAINING.ATTEMPT_NOT_FOUND': 404,
  /** An exam's draw rule asks for more questions than the bank holds. */
  'TRAINING.BANK_TOO_SMALL': 400,
  /** Outside the exam's window, or no attempt left. */
  'TRAINING.CANNOT_START': 409,
  /** The attempt's time (kept by the server) is over. */
  'TRAINING.TIME_UP': 409,
  'TRAINING.ATTEMPT_SUBMITTED': 409,
  'TRAINING.NOT_IN_PAPER': 400,
  'TRAINING.CERTIFICATION_NOT_FOUND': 404,
} as const satisfies Record<string, ErrorStatus>;

/** The statuses an error may answer with. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 426 | 429 | 500 | 503;

export type ErrorCode = keyof typeof ERRORS;

export const ERROR_CODES = Object.keys(ERRORS) as ErrorCode[];

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERRORS, code);
}

/**
 * The coarse class of an error, derived from its status: what a caller that is not HTTP decides
 * by (the realtime gateway ends a socket on `unauthenticated`/`forbidden`, the CLI exits 2 on
 * `conflict`).
 */
export type ErrorKind =
  | 'not_found'
  | 'invalid'
  | 'conflict'
  | 'forbidden'
  | 'unauthenticated'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

export function kindOfStatus(status: ErrorStatus): ErrorKind {
  switch (status) {
    case 400:
    case 413:
    case 415:
    case 426:
      return 'invalid';
    case 401:
      return 'unauthenticated';
    case 403:
      return 'forbidden';
    case 404:
    case 410:
      return 'not_found';
    case 409:
      return 'conflict';
    case 429:
      return 'rate_limited';
    case 500:
      return 'internal';
    case 503:
      return 'unavailable';
  }
}

/**
 * Failures the web names itself, without a server reply: no connection, a thrown non-API error,
 * and the locked-account sentence that carries its end time.
 */
export const CLIENT_ERROR_CODES = ['NETWORK', 'UNKNOWN', 'AUTH.ACCOUNT_LOCKED_UNTIL'] as const;
export type ClientErrorCode = (typeof CLIENT_ERROR_CODES)[number];

/** A text for every code the web may show: what each locale's error file must provide. */
export type ErrorTexts = Record<ErrorCode | ClientErrorCode, string>;
