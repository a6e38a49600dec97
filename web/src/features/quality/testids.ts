/**
 * `data-testid`s of the quality screens (/quality); the browser tests (e2e/) import them. The steps a
 * test drives: work list → evaluate → answer → submit; the agent appeals; a reviewer changes one item;
 * the history shows both scores; a calibration with two evaluators shows their disagreement.
 */
export const QUALITY_IDS = {
  page: 'quality-page',
  tabs: 'quality-tabs',
  /** A tab's button, by its key (worklist, evaluations, appeals, calibration, reports, coaching, examples, settings). */
  tab: (key: string) => `quality-tab-${key}`,

  // 我的质检任务 (work list).
  worklist: 'quality-worklist',
  worklistStatus: 'quality-worklist-status',
  /** The 评分 button of the task for this contact. */
  evaluateContact: (contactId: string) => `quality-task-evaluate-${contactId}`,

  // The evaluation screen (/quality/evaluations/:id).
  evaluation: 'quality-evaluation',
  evaluationStatus: 'quality-evaluation-status',
  back: 'quality-evaluation-back',
  player: 'quality-player',
  waveform: 'quality-waveform',
  playPause: 'quality-play-pause',
  speed: 'quality-speed',
  playerTime: 'quality-player-time',
  findings: 'quality-findings',
  finding: (index: number) => `quality-finding-${index}`,
  transcript: 'quality-transcript',
  /** An item of the scorecard (its card), by item key. */
  item: (key: string) => `quality-item-${key}`,
  /** The choice `value` (pass, fail, na, or a scale number) of an item. */
  answer: (key: string, value: string | number) => `quality-answer-${key}-${value}`,
  points: (key: string) => `quality-points-${key}`,
  itemError: (key: string) => `quality-item-error-${key}`,
  suggested: (key: string) => `quality-suggested-${key}`,
  confirmSuggestion: (key: string) => `quality-suggested-confirm-${key}`,
  summary: 'quality-summary',
  saveState: 'quality-save-state',
  score: 'quality-score',
  formula: 'quality-formula',
  submit: 'quality-submit',
  comments: 'quality-comments',
  commentInput: 'quality-comment-input',
  commentAdd: 'quality-comment-add',
  comment: (id: string) => `quality-comment-${id}`,
  history: 'quality-history',
  historyRow: (revision: number) => `quality-history-${revision}`,
  historyScore: (revision: number) => `quality-history-score-${revision}`,
  appealsOfEvaluation: 'quality-evaluation-appeals',

  // The agent: acknowledge (确认) or appeal (申诉).
  acknowledge: 'quality-acknowledge',
  appeal: 'quality-appeal',
  appealReason: 'quality-appeal-reason',
  appealItems: 'quality-appeal-items',
  appealSubmit: 'quality-appeal-submit',

  // 申诉处理 (appeals) and the decision dialog.
  appeals: 'quality-appeals',
  /** The 处理 button of the open appeal on this evaluation. */
  decide: (evaluationId: string) => `quality-appeal-decide-${evaluationId}`,
  decideHere: 'quality-appeal-decide-here',
  decisionOutcome: (outcome: 'upheld' | 'changed') => `quality-decision-${outcome}`,
  decisionAnswer: (key: string, value: string | number) => `quality-decision-answer-${key}-${value}`,
  decisionPoints: (key: string) => `quality-decision-points-${key}`,
  decisionNote: 'quality-decision-note',
  decisionSubmit: 'quality-decision-submit',

  // 质检结果 (evaluations).
  evaluations: 'quality-evaluations',
  evaluationsStatus: 'quality-evaluations-status',
  openEvaluation: (id: string) => `quality-evaluation-open-${id}`,

  // 校准 (calibration).
  calibrations: 'quality-calibrations',
  calibrationCreate: 'quality-calibration-create',
  calibrationTitle: 'quality-calibration-title',
  calibrationContacts: 'quality-calibration-contacts',
  calibrationEvaluators: 'quality-calibration-evaluators',
  calibrationSubmit: 'quality-calibration-submit',
  openCalibration: (id: string) => `quality-calibration-open-${id}`,
  calibration: 'quality-calibration',
  /** An evaluator's 评分 button for one of the session's contacts. */
  calibrationScore: (contactId: string) => `quality-calibration-score-${contactId}`,
  calibrationItems: (contactId: string) => `quality-calibration-items-${contactId}`,
  calibrationDisagree: (contactId: string, item: string) => `quality-calibration-disagree-${contactId}-${item}`,
  calibrationConsensus: (contactId: string, item: string) => `quality-calibration-consensus-${contactId}-${item}`,
  calibrationSpread: (contactId: string) => `quality-calibration-spread-${contactId}`,
  calibrationDeviation: (evaluatorId: string) => `quality-calibration-deviation-${evaluatorId}`,
  calibrationClose: 'quality-calibration-close',
  calibrationCloseSubmit: 'quality-calibration-close-submit',

  // 报表 (reports, gap analysis, findings search).
  reportGroupBy: 'quality-report-group-by',
  reportRange: 'quality-report-range',
  reportTable: 'quality-report-table',
  gaps: 'quality-gaps',
  findingKind: 'quality-finding-kind',
  findingsTable: 'quality-findings-table',

  // 辅导 and 优秀案例.
  coaching: 'quality-coaching',
  coachingCreate: 'quality-coaching-create',
  coachingGoal: 'quality-coaching-goal',
  coachingSubmit: 'quality-coaching-submit',
  examples: 'quality-examples',
  exampleCreate: 'quality-example-create',
  exampleSubmit: 'quality-example-submit',
  examplePlayer: 'quality-example-player',

  // 设置 (settings).
  scorecards: 'quality-scorecards',
  scorecardEdit: (id: string) => `quality-scorecard-edit-${id}`,
  /** The JSON text of the content: shown once the 'json' mode is chosen (the form is the default). */
  scorecardJson: 'quality-scorecard-json',
  scorecardSave: 'quality-scorecard-save',
  /** The switch between the form editor and the JSON text, and each of its two choices. */
  scorecardMode: 'quality-scorecard-mode',
  scorecardModeOption: (mode: 'form' | 'json') => `quality-scorecard-mode-${mode}`,
  scorecardEditor: 'quality-scorecard-editor',
  scorecardFormula: 'quality-scorecard-formula',
  scorecardRequiredTotal: 'quality-scorecard-required-total',
  scorecardProblems: 'quality-scorecard-problems',
  scorecardSectionAdd: 'quality-scorecard-section-add',
  /** A section of the form editor, by its place (from 0), and its fields and buttons. */
  scorecardSection: (section: number) => `quality-scorecard-section-${section}`,
  scorecardSectionField: (section: number, field: 'title' | 'up' | 'down' | 'remove' | 'add-item') =>
    `quality-scorecard-section-${section}-${field}`,
  /** An item of the form editor, by section and place (from 0), and its fields and buttons. */
  scorecardItem: (section: number, item: number) => `quality-scorecard-item-${section}-${item}`,
  scorecardItemField: (
    section: number,
    item: number,
    field:
      | 'label'
      | 'kind'
      | 'weight'
      | 'share'
      | 'answerType'
      | 'scaleMax'
      | 'allowNa'
      | 'autoCheck'
      | 'key'
      | 'guidance'
      | 'up'
      | 'down'
      | 'remove',
  ) => `quality-scorecard-item-${section}-${item}-${field}`,
  scorecardPublish: (id: string) => `quality-scorecard-publish-${id}`,
  rules: 'quality-rules',
  rulesSave: 'quality-rules-save',
  dryRunText: 'quality-dry-run-text',
  dryRunSubmit: 'quality-dry-run-submit',
  dryRunFindings: 'quality-dry-run-findings',
  plans: 'quality-plans',
  planCreate: 'quality-plan-create',
  planSubmit: 'quality-plan-submit',
  draw: (planId: string) => `quality-plan-draw-${planId}`,
  drawResult: 'quality-draw-result',
} as const;
