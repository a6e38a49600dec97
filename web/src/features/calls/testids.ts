/**
 * `data-testid`s of the call records (通话记录); the browser tests (e2e/) import them. A row of
 * `table` opens the detail; `recording` is an <audio> per recording, only with recordings.listen.
 */
export const CALLS_IDS = {
  table: 'calls-table',
  detail: 'call-detail',
  recording: 'call-recording',
} as const;
