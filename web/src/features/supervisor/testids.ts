/**
 * `data-testid`s of the wallboard (实时监控); the browser tests (e2e/) import them.
 * - `queueTile(key)` carries data-level="ok|amber|red"; `queueTile(key, figure)` is one of its
 *   figures: waiting, longest, sl, answered, abandoned, aht, agents, agents-<state>, waiting-list.
 * - `agentState(username)` is an agent's state tag (data-state) in the agents table.
 * - `monitor(mode, username)`: 监听/耳语/强插 (listen|whisper|barge) on that agent's call.
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
} as const;
