/**
 * `data-testid`s of the wallboard (实时监控); the browser tests (e2e/) import them.
 * - `queueTile(key)` carries data-level="ok|amber|red"; `queueTile(key, figure)` is one of its
 *   figures: waiting, longest, sl, answered, abandoned, aht, rona, undelivered, agents, agents-<state>,
 *   waiting-list.
 * - `agentState(username)` is an agent's state tag (data-state) in the agents table.
 * - `monitor(mode, username)`: 监听/耳语/强插 (listen|whisper|barge) on that agent's call.
 * - `overload` carries data-admitting="true|false"; `overloadReason(reason)` is one shed reason's text.
 * - `agentPhoneFlag(username)`: the "phone not responding" tag of an agent whose offers are paused.
 * - `spikeSwitch(number)` carries aria-checked; `spikeRow(number)` is the number's row (data-enabled);
 *   `spikeActive` is the banner listing the numbers with the message on, `spikeActiveNumber(number)` one line.
 */
export const SUPERVISOR_IDS = {
  wallboard: 'wallboard',
  updated: 'wallboard-updated',
  agents: 'wallboard-agents',
  queueTile: (key: string, figure?: string) => (figure ? `queue-tile-${key}-${figure}` : `queue-tile-${key}`),
  agentState: (username: string) => `agent-state-${username}`,
  agentActions: (username: string) => `agent-actions-${username}`,
  waitingActions: 'waiting-actions',
  contactActionSubmit: 'contact-action-submit',
  liveCalls: 'live-calls',
  monitor: (mode: string, username: string) => `monitor-${mode}-${username}`,
  liveCallMonitors: (username: string) => `live-call-monitors-${username}`,
  overload: 'overload',
  overloadReason: (reason: string) => `overload-reason-${reason}`,
  overloadShedToday: 'overload-shed-today',
  overloadShedLastMinute: 'overload-shed-last-minute',
  overloadHeadroom: 'overload-headroom',
  agentPhoneFlag: (username: string) => `agent-phone-flag-${username}`,
  spikeOpen: 'spike-open',
  spikeDrawer: 'spike-drawer',
  spikeRow: (number: string) => `spike-row-${number}`,
  spikeSwitch: (number: string) => `spike-switch-${number}`,
  spikeChange: (number: string) => `spike-change-${number}`,
  spikePrompt: 'spike-prompt',
  spikePromptPlay: 'spike-prompt-play',
  spikeThen: 'spike-then',
  spikeSubmit: 'spike-submit',
  spikeActive: 'spike-active',
  spikeActiveNumber: (number: string) => `spike-active-${number}`,
} as const;
