/** `data-testid`s of the survey screens; the browser tests (e2e/) import them. */
export const SURVEYS_IDS = {
  // The public page (/s/:token).
  publicPage: 'survey-public',
  score: (question: 'csat' | 'nps' | 'ces', value: number) => `survey-${question}-${value}`,
  comment: 'survey-comment',
  submit: 'survey-submit',
  thanks: 'survey-thanks',
  used: 'survey-used',
  expired: 'survey-expired',
  notFound: 'survey-not-found',
  langSwitch: 'survey-lang',
  // The staff screen (/surveys).
  answers: 'surveys-answers',
  lowOnly: 'surveys-low-only',
  templateCreate: 'surveys-template-create',
  templateSubmit: 'surveys-template-submit',
} as const;
