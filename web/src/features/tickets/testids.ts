/** `data-testid`s of the work-order screens; the browser tests (e2e/) import them. */
export const TICKETS_IDS = {
  page: 'tickets-page',
  tabs: 'tickets-tabs',
  search: 'tickets-search',
  create: 'tickets-create',
  saveFilter: 'tickets-save-filter',
  /** 导出 (for reports.view): a menu of Excel and CSV. */
  export: 'tickets-export',
  formType: 'ticket-form-type',
  formSubject: 'ticket-form-subject',
  formSubmit: 'ticket-form-submit',
  slaBadge: 'ticket-sla-badge',
  detail: 'ticket-detail',
  status: 'ticket-status',
  actions: 'ticket-actions',
  /** One button per allowed move: `ticket-move-<status>`. */
  move: (to: string) => `ticket-move-${to}`,
  moveText: 'ticket-move-text',
  moveSubmit: 'ticket-move-submit',
  commentBody: 'ticket-comment-body',
  commentSubmit: 'ticket-comment-submit',
  comments: 'ticket-comments',
  history: 'ticket-history',
  /** One escalation in the history: data-target="response|resolve", data-step="warning|breach|second_breach". */
  escalation: 'ticket-escalation',
  attachments: 'ticket-attachments',
  attachment: 'ticket-attachment',
  attachmentUpload: 'ticket-attachment-upload',
  linkedCalls: 'ticket-linked-calls',
  /** The <audio> of a linked call's recording (only with recordings.listen). */
  callRecording: 'ticket-call-recording',
  admin: 'tickets-admin',

  // The complaint flow (投诉处理) on a complaint's detail.
  /** The stepper card; `data-current` is the current step's key ('' when the flow is complete). */
  complaint: 'complaint-stepper',
  /** One step: `complaint-step-<key>`, with `data-status` (pending | current | done | skipped) and `data-overdue`. */
  complaintStep: (key: string) => `complaint-step-${key}`,
  /** The current step's form: note, outcome (agreement, education), group (analysis), submit. */
  complaintNote: 'complaint-step-note',
  complaintOutcome: 'complaint-step-outcome',
  complaintGroup: 'complaint-step-group',
  complaintSubmit: 'complaint-step-submit',

  // Follow-up visits (回访), /follow-ups.
  followUps: 'follow-ups-page',
  /** Tabs: due (mine, due now), mine (all open of mine), all (everyone's open ones). */
  followUpTabs: 'follow-ups-tabs',
  /** A row: `follow-up-<id>`, with `data-attempts`. */
  followUpRow: (id: string) => `follow-up-${id}`,
  /** The row's buttons, by follow-up id. */
  followUpCall: (id: string) => `follow-up-call-${id}`,
  followUpRecord: (id: string) => `follow-up-record-${id}`,
  /** The outcome dialog: satisfied | unsatisfied | unreachable, score 1–5, note, submit. */
  outcomeResult: 'follow-up-outcome-result',
  outcomeScore: 'follow-up-outcome-score',
  outcomeNote: 'follow-up-outcome-note',
  outcomeSubmit: 'follow-up-outcome-submit',

  // Major incidents (重大故障), /incidents.
  incidents: 'incidents-page',
  incidentCreate: 'incident-create',
  /** A row of the list: `incident-<id>`, with `data-status` and `data-active`. */
  incidentRow: (id: string) => `incident-${id}`,
  /** The create dialog's fields, by contract name: `incident-form-title`, `…-grade`, `…-area`, `…-serviceKey`, `…-messageZh`, `…-messageEn`. */
  incidentForm: (field: string) => `incident-form-${field}`,
  incidentFormSubmit: 'incident-form-submit',
  /** The detail (`/incidents?id=`): `data-status`. */
  incidentDetail: 'incident-detail',
  /** Linked orders table; the link field takes work-order numbers or ids. */
  incidentTickets: 'incident-tickets',
  incidentLinkInput: 'incident-link-input',
  incidentLinkSubmit: 'incident-link-submit',
  incidentUnlink: (ticketId: string) => `incident-unlink-${ticketId}`,
  /** Bulk update: comment to every linked order, status, notify customers, submit. */
  incidentBulk: 'incident-bulk',
  incidentBulkComment: 'incident-bulk-comment',
  incidentBulkStatus: 'incident-bulk-status',
  incidentBulkNotify: 'incident-bulk-notify',
  incidentBulkSubmit: 'incident-bulk-submit',
  incidentResolve: 'incident-resolve',
  customerNotices: 'tickets-customer-notices',
} as const;
