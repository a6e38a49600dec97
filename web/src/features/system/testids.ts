/** `data-testid`s of the system overview (系统概览); the browser tests (e2e/) import them. */
export const SYSTEM_IDS = {
  page: 'system-overview',
  phones: 'system-phones',
  sipStopped: 'system-sip-stopped',
  trunks: 'system-trunks',
  trunk: (name: string) => `system-trunk-${name}`,
  queues: 'system-queues',
  queue: (key: string) => `system-queue-${key}`,
  log: 'system-log',
} as const;
