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
  admin: 'tickets-admin',
} as const;
