/** `data-testid`s of the widget and the chat page; the browser tests (e2e/webchat-*.browser.test.ts) import them. */

/** On the host page, inside the widget's shadow root (widget.ts: a separate object, so the loader stays small). */
export const LAUNCHER_IDS = {
  launcher: 'kefu-launcher',
  panel: 'kefu-panel',
  frame: 'kefu-frame',
  badge: 'kefu-badge',
  failed: 'kefu-failed',
} as const;

/** The chat page (/chat/:key). */
export const WIDGET_IDS = {
  app: 'kc-app',
  status: 'kc-status',
  banner: 'kc-banner',
  minimize: 'kc-minimize',
  endChat: 'kc-end',
  endYes: 'kc-end-yes',
  prechat: 'kc-prechat',
  field: (name: string) => `kc-field-${name}`,
  start: 'kc-start',
  leave: 'kc-leave',
  leaveSubmit: 'kc-leave-submit',
  leaveResult: 'kc-leave-result',
  closed: 'kc-closed',
  log: 'kc-log',
  message: 'kc-msg',
  retry: 'kc-retry',
  typing: 'kc-typing',
  input: 'kc-input',
  send: 'kc-send',
  attach: 'kc-attach',
  fileInput: 'kc-file',
  ended: 'kc-ended',
  star: (n: number) => `kc-star-${n}`,
  csatSubmit: 'kc-csat-submit',
  csatThanks: 'kc-csat-thanks',
  transcript: 'kc-transcript',
  transcriptEmail: 'kc-transcript-email',
  transcriptSend: 'kc-transcript-send',
  transcriptResult: 'kc-transcript-result',
  newChat: 'kc-new-chat',
  error: 'kc-error',
} as const;
