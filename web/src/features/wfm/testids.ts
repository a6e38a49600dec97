/**
 * `data-testid`s of the WFM screens (/wfm); e2e/wfm.browser.test.ts imports them. The steps it drives:
 * create a forecast → its chart and WAPE → a +20 % adjustment as version 2 → the requirements with the
 * volume what-if → the Erlang calculator → today against a forecast starting today (intraday).
 */
export const WFM_IDS = {
  page: 'wfm-page',
  /** A tab's button: forecasts, requirements, calculator, intraday. */
  tab: (key: string) => `wfm-tab-${key}`,

  forecasts: 'wfm-forecasts',
  forecastCreate: 'wfm-forecast-create',
  forecastName: 'wfm-forecast-name',
  forecastQueues: 'wfm-forecast-queues',
  forecastHistoryWeeks: 'wfm-forecast-history-weeks',
  forecastSubmit: 'wfm-forecast-submit',
  forecastOpen: (id: string) => `wfm-forecast-open-${id}`,

  detail: 'wfm-forecast-detail',
  back: 'wfm-forecast-back',
  versionPicker: 'wfm-version-picker',
  /** A queue's section of the detail: chart, method table, explanations. */
  queue: (queueId: string) => `wfm-queue-${queueId}`,
  chart: (queueId: string) => `wfm-chart-${queueId}`,
  /** The calls forecast for the queue over all days. */
  queueTotal: (queueId: string) => `wfm-queue-total-${queueId}`,
  methods: (queueId: string) => `wfm-methods-${queueId}`,
  adjustAdd: 'wfm-adjust-add',
  adjustPercent: (row: number) => `wfm-adjust-percent-${row}`,
  adjustNote: 'wfm-adjust-note',
  adjustSave: 'wfm-adjust-save',
  comparison: 'wfm-comparison',

  requirements: 'wfm-requirements',
  reqForecast: 'wfm-req-forecast',
  reqModel: 'wfm-req-model',
  reqVolume: 'wfm-req-volume',
  reqAht: 'wfm-req-aht',
  reqPeak: 'wfm-req-peak',
  reqDay: 'wfm-req-day',
  reqChart: 'wfm-req-chart',
  reqTable: 'wfm-req-table',
  reqIntervals: 'wfm-req-intervals',

  calculator: 'wfm-calculator',
  calcModel: 'wfm-calc-model',
  calcField: (name: string) => `wfm-calc-${name}`,
  calcSubmit: 'wfm-calc-submit',
  calcResult: 'wfm-calc-result',
  calcFigure: (name: string) => `wfm-calc-figure-${name}`,
  calcError: 'wfm-calc-error',
  calcEvaluateAgents: 'wfm-calc-evaluate-agents',
  calcEvaluate: 'wfm-calc-evaluate',
  calcEvaluation: 'wfm-calc-evaluation',

  intraday: 'wfm-intraday',
  intradayForecast: 'wfm-intraday-forecast',
  intradayNoForecast: 'wfm-intraday-no-forecast',
  intradayRefresh: 'wfm-intraday-refresh',
  intradayUpdatedAt: 'wfm-intraday-updated-at',
  intradayCalls: 'wfm-intraday-calls',
  intradayAgents: 'wfm-intraday-agents',
  /** The sentence comparing a queue's arrivals so far with its forecast. */
  intradayRatio: (queueId: string) => `wfm-intraday-ratio-${queueId}`,
  intradaySuggestions: 'wfm-intraday-suggestions',
  /** One suggestion; `data-kind` holds its kind. */
  intradaySuggestion: (index: number) => `wfm-intraday-suggestion-${index}`,
} as const;
