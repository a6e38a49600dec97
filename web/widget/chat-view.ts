import { h, ICONS, icon } from './dom';
import type { Texts } from './i18n';
import { WIDGET_IDS } from './testids';

export type ShellDeps = {
  t: Texts;
  embed: boolean;
  onMinimize(): void;
  onEnd(): void;
  onSend(text: string): void;
  onFiles(files: File[]): void;
  onTyping(): void;
};

/**
 * The page's frame: the header (title, the status line, end and minimize), the reconnect banner, and
 * the body where each view (form, conversation) goes; the conversation's composer lives here too so
 * that what the visitor is typing survives every re-render.
 */
export function createShell(root: HTMLElement, d: ShellDeps) {
  const { t } = d;
  const title = h('h1', { class: 'kc-title' });
  const status = h('p', {
    class: 'kc-status',
    role: 'status',
    'aria-live': 'polite',
    'data-testid': WIDGET_IDS.status,
  });
  const endBtn = h(
    'button',
    { type: 'button', class: 'kc-head-btn kc-end', hidden: true, 'data-testid': WIDGET_IDS.endChat },
    t.endChat,
  );
  endBtn.addEventListener('click', () => d.onEnd());
  const minimize = d.embed
    ? h(
        'button',
        {
          type: 'button',
          class: 'kc-head-btn kc-icon-btn',
          'aria-label': t.minimize,
          title: t.minimize,
          'data-testid': WIDGET_IDS.minimize,
        },
        icon(ICONS.minimize),
      )
    : null;
  minimize?.addEventListener('click', () => d.onMinimize());
  const header = h(
    'header',
    { class: 'kc-header' },
    h('div', { class: 'kc-head-text' }, title, status),
    endBtn,
    minimize,
  );
  const banner = h(
    'div',
    { class: 'kc-banner', role: 'status', hidden: true, 'data-testid': WIDGET_IDS.banner },
    t.reconnecting,
  );
  const body = h('main', { class: 'kc-body' });

  // The composer.
  const input = h('textarea', {
    class: 'kc-input',
    rows: 1,
    maxlength: 5000,
    'aria-label': t.inputLabel,
    placeholder: t.inputPlaceholder,
    'data-testid': WIDGET_IDS.input,
    enterkeyhint: 'send',
  });
  const fileInput = h('input', {
    type: 'file',
    accept: 'image/*',
    multiple: true,
    class: 'kc-file-input',
    tabindex: -1,
    'aria-hidden': 'true',
    'data-testid': WIDGET_IDS.fileInput,
  });
  const attach = h(
    'button',
    {
      type: 'button',
      class: 'kc-icon-btn kc-attach',
      'aria-label': t.attach,
      title: t.attach,
      'data-testid': WIDGET_IDS.attach,
    },
    icon(ICONS.image),
  );
  const sendBtn = h(
    'button',
    { type: 'submit', class: 'kc-send', 'aria-label': t.send, title: t.send, 'data-testid': WIDGET_IDS.send },
    icon(ICONS.send),
  );
  const composer = h('form', { class: 'kc-composer' }, attach, fileInput, input, sendBtn);
  const grow = () => {
    input.style.height = 'auto';
    input.style.height = `${Math.min(input.scrollHeight, 120)}px`;
  };
  const submit = () => {
    const text = input.value.trim();
    if (!text) return;
    d.onSend(text);
    input.value = '';
    grow();
    input.focus();
  };
  composer.addEventListener('submit', (ev) => {
    ev.preventDefault();
    submit();
  });
  input.addEventListener('keydown', (ev) => {
    // Enter sends, Shift+Enter breaks the line; never while an IME (拼音) is composing.
    if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing && ev.keyCode !== 229) {
      ev.preventDefault();
      submit();
    }
  });
  input.addEventListener('input', () => {
    grow();
    if (input.value.trim()) d.onTyping();
  });
  input.addEventListener('paste', (ev) => {
    const files = [...(ev.clipboardData?.files ?? [])].filter((f) => f.type.startsWith('image/'));
    if (files.length) {
      ev.preventDefault();
      d.onFiles(files);
    }
  });
  attach.addEventListener('click', () => fileInput.click());
  fileInput.addEventListener('change', () => {
    const files = [...(fileInput.files ?? [])];
    fileInput.value = '';
    if (files.length) d.onFiles(files);
  });

  root.replaceChildren(header, banner, body);
  if (d.embed) {
    root.addEventListener('keydown', (ev) => {
      if (ev.key === 'Escape') d.onMinimize();
    });
  }

  return {
    body,
    composer,
    input,
    setTitle(text: string) {
      title.textContent = text;
    },
    setStatus(text: string) {
      if (status.textContent !== text) status.textContent = text;
    },
    showEnd(on: boolean) {
      endBtn.hidden = !on;
    },
    showBanner(on: boolean) {
      banner.hidden = !on;
    },
    canAttach(on: boolean) {
      attach.disabled = !on;
      attach.hidden = !on;
    },
  };
}
export type Shell = ReturnType<typeof createShell>;
