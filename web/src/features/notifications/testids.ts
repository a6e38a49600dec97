/** `data-testid`s of the notification bell; the browser tests (e2e/) import them. */
export const NOTIFICATIONS_IDS = {
  bell: 'inbox-bell',
  count: 'inbox-count',
  list: 'inbox-list',
  item: 'inbox-item',
  readAll: 'inbox-read-all',
};
