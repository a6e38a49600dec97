/**
 * `data-testid`s of the agent desktop (座席工作台); the browser tests (e2e/) import them.
 * - `state` carries data-state="ready|not_ready|…"; `reason(code)` is an item of the 示忙 dropdown.
 * - A voice offer or call card carries data-channel="voice" (the call card also data-held); a voice
 *   offer has `reject` but no `accept`; `hold` carries data-held="true|false"; 挂断 is `complete`.
 * - `wrapUpDisposition` and `wrapUpRequestType` are radio groups: click the option by its text.
 */
export const DESKTOP_IDS = {
  customerPop: 'desktop-customer-pop',
  /** The knowledge panel; results and suggestions carry data-article-id, the reader data-validity. */
  knowledge: 'desktop-knowledge',
  knowledgeSearch: 'desktop-knowledge-search',
  knowledgeResult: 'desktop-knowledge-result',
  knowledgeSuggestion: 'desktop-knowledge-suggestion',
  knowledgeArticle: 'desktop-knowledge-article',
  knowledgeHelpful: 'desktop-knowledge-helpful',
  /** Announcements waiting for confirmation: each carries data-announcement-id. */
  announcements: 'desktop-announcements',
  announcement: 'desktop-announcement',
  announcementOpen: 'desktop-announcement-open',
  announcementConfirm: 'desktop-announcement-confirm',
  announcementQuestion: (i: number) => `desktop-announcement-question-${i}`,
  customerVerify: 'desktop-customer-verify',
  page: 'desktop-page',
  state: 'desktop-state',
  stateTimer: 'desktop-state-timer',
  ready: 'desktop-ready',
  notReady: 'desktop-not-ready',
  logOut: 'desktop-log-out',
  reason: (code: string) => `desktop-reason-${code}`,
  pending: 'desktop-pending',
  offer: 'desktop-offer',
  accept: 'desktop-accept',
  reject: 'desktop-reject',
  contact: 'desktop-contact',
  talkTimer: 'desktop-talk-timer',
  complete: 'desktop-complete',
  transfer: 'desktop-transfer',
  transferQueue: 'transfer-queue',
  transferSubmit: 'transfer-submit',
  wrapUp: 'desktop-wrap-up',
  wrapUpExtend: 'desktop-wrap-up-extend',
  wrapUpTimer: 'desktop-wrap-up-timer',
  wrapUpDisposition: 'wrap-up-disposition',
  wrapUpRequestType: 'wrap-up-request-type',
  wrapUpNotes: 'wrap-up-notes',
  wrapUpSubmit: 'wrap-up-submit',
  caller: 'desktop-caller',
  ivrChoice: 'desktop-ivr-choice',
  ringTimer: 'desktop-ring-timer',
  answerOnPhone: 'desktop-answer-on-phone',
  hold: 'desktop-hold',
  holdTimer: 'desktop-hold-timer',
  conference: 'desktop-conference',
  conferenceAgent: 'conference-agent',
  conferenceSubmit: 'conference-submit',
  dial: 'desktop-dial',
  dialNumber: 'dial-number',
  dialSubmit: 'dial-submit',
  callBack: 'desktop-call-back',
  /** The phone status: data-registered="true|false". */
  phoneStatus: 'desktop-phone-status',
  /** The warning that the phone did not respond to a call and calls are paused (phoneUnreachableUntil). */
  phoneUnreachable: 'desktop-phone-unreachable',
  /** The text of the confirm shown when going 示闲 with no registered phone. */
  phoneConfirm: 'desktop-phone-confirm',
  readyTime: 'desktop-ready-time',
  notReadyTime: 'desktop-not-ready-time',
  myFigures: 'desktop-my-figures',
  myFigure: (name: string) => `desktop-my-figure-${name}`,
  /** The wrap-up's work-order section (建工单). */
  wrapUpTicket: 'wrap-up-ticket',
  wrapUpTicketCreate: 'wrap-up-ticket-create',
  wrapUpTicketType: 'wrap-up-ticket-type',
  wrapUpTicketSubject: 'wrap-up-ticket-subject',
  /** The complaint's severity (一般 / 重大 / 越级), shown for 投诉 only. */
  wrapUpTicketSeverity: 'wrap-up-ticket-severity',
} as const;
