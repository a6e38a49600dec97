/**
 * `data-testid`s of the desktop's conversations; the browser tests (e2e/) import them.
 * - `item(id)` carries data-selected="true|false" and data-unread="<n>"; its badge is `itemUnread`.
 * - `message` is every line of the pane, with data-kind="in|out|note|whisper|system", data-seq and
 *   data-state (delivery).
 * - `mode` is the reply / internal note switch: click the option by its text.
 */
export const CHAT_IDS = {
  area: 'chat-area',
  list: 'chat-list',
  item: (id: string) => `chat-item-${id}`,
  itemUnread: 'chat-item-unread',
  pane: 'chat-pane',
  message: 'chat-message',
  typing: 'chat-typing',
  loadOlder: 'chat-load-older',
  composer: 'chat-composer',
  send: 'chat-send',
  mode: 'chat-mode',
  canned: 'chat-canned',
  cannedItem: (shortcut: string) => `chat-canned-${shortcut}`,
  emoji: 'chat-emoji',
  attach: 'chat-attach',
  fileInput: 'chat-file-input',
  pendingFile: 'chat-pending-file',
  smsCounter: 'chat-sms-counter',
  wechatWindow: 'chat-wechat-window',
  customer: 'chat-customer',
  end: 'chat-end',
  transfer: 'chat-transfer',
  notify: 'chat-notify',
  sound: 'chat-sound',
} as const;
