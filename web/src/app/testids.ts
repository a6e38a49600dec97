/**
 * `data-testid` values the end-to-end tests (e2e/) rely on. Change one only together with its tests.
 *
 * login-username, login-password, login-submit   login form fields and its submit button
 * lang-switch                                    a button: each click toggles 中文 <-> English
 *                                                (on the login page and in the header)
 * nav-users, nav-teams, nav-roles, nav-audit     side navigation links of the admin area
 * user-menu                                      header dropdown trigger (display name)
 * logout                                         the logout item inside the user menu
 * users-create                                   "new user" button on the users page
 * user-form-username, user-form-displayName,     user dialog inputs; roles and team are antd
 * user-form-password, user-form-roles,           Selects (the testid sits on the Select's root:
 * user-form-team, user-form-phone                click it, then click the option by its text)
 * user-form-submit                               user dialog submit button
 * teams-create, team-form-name, team-form-submit team page button, dialog name input and submit
 * lock-password, lock-submit                     lock screen password input and unlock button
 * nav-desktop, nav-supervisor, nav-routing       side navigation links (agent desktop, wallboard, routing admin)
 *
 * Agent desktop (座席工作台):
 * desktop-page                                   the desktop once the agent's state has loaded
 * desktop-state, desktop-state-timer             current state tag (data-state="ready|not_ready|…") and its timer
 * desktop-ready, desktop-not-ready, desktop-log-out  示闲 button, 示忙 dropdown trigger, 签出 button
 * desktop-reason-<code>                          a reason item inside the 示忙 dropdown (e.g. desktop-reason-break)
 * desktop-pending                                "not ready after this contact" notice
 * desktop-offer, desktop-accept, desktop-reject  the offer card and its two buttons
 * desktop-contact, desktop-talk-timer            a conversation card (one per contact) and its talk timer
 * desktop-complete, desktop-transfer             结束 and 转接 on a conversation card
 * transfer-queue, transfer-submit                transfer dialog queue Select and submit
 * desktop-wrap-up, desktop-wrap-up-timer         a wrap-up card and its countdown
 * wrap-up-disposition, wrap-up-request-type      radio groups (click the option by its text)
 * wrap-up-notes, wrap-up-submit                  notes textarea and submit
 * Voice on the desktop: a voice offer or call card carries data-channel="voice" (the call card also
 * data-held); desktop-caller (the caller's number), desktop-ivr-choice (按键 … · queue), desktop-ring-timer,
 * desktop-answer-on-phone (请在话机上接听; a voice offer has desktop-reject but no desktop-accept);
 * desktop-hold (保持/恢复, data-held="true|false"), desktop-hold-timer (保持中 tag), desktop-conference
 * (三方通话) with conference-agent and conference-submit; 挂断 is desktop-complete; desktop-dial (外呼 in
 * the header) with dial-number and dial-submit; desktop-call-back (回拨 on a callback contact)
 *
 * Wallboard (实时监控):
 * wallboard, wallboard-updated, wallboard-agents the wallboard, its "updated at" line, the agents table
 * queue-tile-<key>                               a queue tile, data-level="ok|amber|red"; inside it
 * queue-tile-<key>-<figure>                      figures: waiting, longest, sl, answered, abandoned, aht,
 *                                                agents-<state>, and the waiting-list button
 * agent-state-<username>                         an agent's state tag (data-state) in the agents table
 * agent-actions-<username>                       the supervisor's state menu of that agent
 * waiting-actions, contact-action-submit         a waiting contact's intervene menu; its dialog's submit
 * live-calls                                     the 通话监控 table (GET /voice/calls)
 * monitor-<mode>-<username>                      监听/耳语/强插 on the call of that agent (mode listen|whisper|barge)
 * live-call-monitors-<username>                  the supervisors monitoring that agent's call
 *
 * Routing admin: queues-create, queue-form-submit, agent-routing-submit
 *
 * Call records (通话记录): nav-calls, calls-table (the table; a row opens the detail), call-detail (the
 * detail drawer's body), call-recording (an <audio> player per recording, only with recordings.listen)
 *
 * IVR flows (语音导航): nav-ivr, ivr-table, ivr-create, ivr-open-<key> (a flow's 编辑 button),
 * ivr-form-key, ivr-form-name, ivr-form-submit (create dialog), ivr-json (the draft textarea),
 * ivr-validate, ivr-save, ivr-publish, ivr-issues (the findings under the buttons), ivr-versions,
 * ivr-version-json (a published version, read-only)
 *
 * Voice settings (语音设置): nav-telephony; tabs are clicked by their text (座席话机 号码 中继 提示音).
 * phones-table, phones-create, phone-form-username, phone-form-password, phone-form-agent (a Select),
 * phone-form-submit (create and set-password dialogs); numbers-table, numbers-create, number-form-number,
 * number-form-name, number-form-flow (a Select), number-form-submit; trunks-table, trunks-create,
 * trunk-form-name, trunk-form-inbound (a tags Select), trunk-form-submit; prompts-table,
 * prompts-upload-new, prompt-form-key, prompt-form-file, prompt-form-submit (new prompt dialog),
 * prompt-play-<language>-<key> (the <audio> of a row), prompt-upload-<language>-<key> (a row's upload button)
 */
export const TEST_IDS = {
  loginUsername: 'login-username',
  loginPassword: 'login-password',
  loginSubmit: 'login-submit',
  langSwitch: 'lang-switch',
  navUsers: 'nav-users',
  navTeams: 'nav-teams',
  navRoles: 'nav-roles',
  navAudit: 'nav-audit',
  userMenu: 'user-menu',
  logout: 'logout',
  usersCreate: 'users-create',
  userFormUsername: 'user-form-username',
  userFormDisplayName: 'user-form-displayName',
  userFormPassword: 'user-form-password',
  userFormRoles: 'user-form-roles',
  userFormTeam: 'user-form-team',
  userFormPhone: 'user-form-phone',
  userFormSubmit: 'user-form-submit',
  teamsCreate: 'teams-create',
  teamFormName: 'team-form-name',
  teamFormSubmit: 'team-form-submit',
  lockPassword: 'lock-password',
  lockSubmit: 'lock-submit',
  navDesktop: 'nav-desktop',
  navSupervisor: 'nav-supervisor',
  navRouting: 'nav-routing',
  desktopPage: 'desktop-page',
  desktopState: 'desktop-state',
  desktopStateTimer: 'desktop-state-timer',
  desktopReady: 'desktop-ready',
  desktopNotReady: 'desktop-not-ready',
  desktopLogOut: 'desktop-log-out',
  desktopReasonPrefix: 'desktop-reason-',
  desktopPending: 'desktop-pending',
  desktopOffer: 'desktop-offer',
  desktopAccept: 'desktop-accept',
  desktopReject: 'desktop-reject',
  desktopContact: 'desktop-contact',
  desktopTalkTimer: 'desktop-talk-timer',
  desktopComplete: 'desktop-complete',
  desktopTransfer: 'desktop-transfer',
  transferQueue: 'transfer-queue',
  transferSubmit: 'transfer-submit',
  desktopWrapUp: 'desktop-wrap-up',
  desktopWrapUpExtend: 'desktop-wrap-up-extend',
  desktopWrapUpTimer: 'desktop-wrap-up-timer',
  wrapUpDisposition: 'wrap-up-disposition',
  wrapUpRequestType: 'wrap-up-request-type',
  wrapUpNotes: 'wrap-up-notes',
  wrapUpSubmit: 'wrap-up-submit',
  desktopCaller: 'desktop-caller',
  desktopIvrChoice: 'desktop-ivr-choice',
  desktopRingTimer: 'desktop-ring-timer',
  desktopAnswerOnPhone: 'desktop-answer-on-phone',
  desktopHold: 'desktop-hold',
  desktopHoldTimer: 'desktop-hold-timer',
  desktopConference: 'desktop-conference',
  conferenceAgent: 'conference-agent',
  conferenceSubmit: 'conference-submit',
  desktopDial: 'desktop-dial',
  dialNumber: 'dial-number',
  dialSubmit: 'dial-submit',
  desktopCallBack: 'desktop-call-back',
  wallboard: 'wallboard',
  wallboardUpdated: 'wallboard-updated',
  wallboardAgents: 'wallboard-agents',
  queueTilePrefix: 'queue-tile-',
  agentStatePrefix: 'agent-state-',
  agentActionsPrefix: 'agent-actions-',
  waitingActions: 'waiting-actions',
  contactActionSubmit: 'contact-action-submit',
  liveCalls: 'live-calls',
  monitorPrefix: 'monitor-',
  liveCallMonitorsPrefix: 'live-call-monitors-',
  queuesCreate: 'queues-create',
  queueFormSubmit: 'queue-form-submit',
  agentRoutingSubmit: 'agent-routing-submit',
  navCalls: 'nav-calls',
  callsTable: 'calls-table',
  callDetail: 'call-detail',
  callRecording: 'call-recording',
  navIvr: 'nav-ivr',
  ivrTable: 'ivr-table',
  ivrCreate: 'ivr-create',
  ivrOpenPrefix: 'ivr-open-',
  ivrFormKey: 'ivr-form-key',
  ivrFormName: 'ivr-form-name',
  ivrFormSubmit: 'ivr-form-submit',
  ivrJson: 'ivr-json',
  ivrValidate: 'ivr-validate',
  ivrSave: 'ivr-save',
  ivrPublish: 'ivr-publish',
  ivrIssues: 'ivr-issues',
  ivrVersions: 'ivr-versions',
  ivrVersionJson: 'ivr-version-json',
  navTelephony: 'nav-telephony',
  phonesTable: 'phones-table',
  phonesCreate: 'phones-create',
  phoneFormUsername: 'phone-form-username',
  phoneFormPassword: 'phone-form-password',
  phoneFormAgent: 'phone-form-agent',
  phoneFormSubmit: 'phone-form-submit',
  numbersTable: 'numbers-table',
  numbersCreate: 'numbers-create',
  numberFormNumber: 'number-form-number',
  numberFormName: 'number-form-name',
  numberFormFlow: 'number-form-flow',
  numberFormSubmit: 'number-form-submit',
  trunksTable: 'trunks-table',
  trunksCreate: 'trunks-create',
  trunkFormName: 'trunk-form-name',
  trunkFormInbound: 'trunk-form-inbound',
  trunkFormSubmit: 'trunk-form-submit',
  promptsTable: 'prompts-table',
  promptsUploadNew: 'prompts-upload-new',
  promptFormKey: 'prompt-form-key',
  promptFormFile: 'prompt-form-file',
  promptFormSubmit: 'prompt-form-submit',
  promptPlayPrefix: 'prompt-play-',
  promptUploadPrefix: 'prompt-upload-',
} as const;
