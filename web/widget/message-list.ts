import type { MessageAttachment, VisitorMessage } from '../../contracts/conversations';
import { h, ICONS, icon } from './dom';
import { formatDay, formatTime, systemText, type Texts } from './i18n';
import type { OutboxEntry } from './outbox';
import { WIDGET_IDS } from './testids';
import type { TimelineItem } from './timeline';

export type ListDeps = {
  t: Texts;
  /** The visitor's locale for times (navigator.language). */
  locale: string | undefined;
  fileUrl(id: string): string;
  onRetry(clientId: string): void;
  /** An image finished loading: the list may need to scroll again. */
  onMedia(): void;
};

const URL_RE = /\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]}，。！？）]/g;

/** Text with its links clickable; everything else stays a text node. */
function richText(text: string): Node[] {
  const out: Node[] = [];
  let last = 0;
  for (const m of text.matchAll(URL_RE)) {
    const at = m.index ?? 0;
    if (at > last) out.push(document.createTextNode(text.slice(last, at)));
    out.push(h('a', { href: m[0], target: '_blank', rel: 'noopener noreferrer' }, m[0]));
    last = at + m[0].length;
  }
  if (last < text.length) out.push(document.createTextNode(text.slice(last)));
  return out;
}

function size(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

function attachmentEl(d: ListDeps, a: MessageAttachment, preview?: string): HTMLElement {
  const url = d.fileUrl(a.id);
  if (a.image) {
    const img = h('img', { src: preview ?? url, alt: d.t.image(a.name), loading: 'lazy', decoding: 'async' });
    img.addEventListener('load', () => d.onMedia());
    return h('a', { class: 'kc-image', href: url, target: '_blank', rel: 'noopener' }, img);
  }
  return h(
    'a',
    { class: 'kc-file', href: url, download: a.name, title: `${d.t.download} ${a.name}` },
    icon(ICONS.file),
    h('span', { class: 'kc-file-name' }, a.name),
    h('span', { class: 'kc-file-size' }, size(a.size)),
  );
}

function stateLabel(t: Texts, state: string): string {
  if (state === 'read') return t.read;
  if (state === 'delivered') return t.delivered;
  return t.sent;
}

function bubble(d: ListDeps, text: string, attachments: MessageAttachment[], preview?: string): HTMLElement {
  // A picture alone needs no bubble around it.
  const media = !text && attachments.length > 0 && attachments.every((a) => a.image);
  return h(
    'div',
    { class: media ? 'kc-bubble kc-media' : 'kc-bubble' },
    text ? h('div', { class: 'kc-text' }, ...richText(text)) : null,
    ...attachments.map((a) => attachmentEl(d, a, preview)),
  );
}

function messageEl(d: ListDeps, m: VisitorMessage): HTMLElement {
  const time = formatTime(m.createdAt, d.locale);
  if (m.from === 'system') {
    return h(
      'div',
      { class: 'kc-system', 'data-testid': WIDGET_IDS.message, 'data-from': 'system' },
      `${systemText(d.t, m.text)} · ${time}`,
    );
  }
  const mine = m.from === 'visitor';
  return h(
    'div',
    {
      class: `kc-msg ${mine ? 'kc-mine' : 'kc-theirs'}`,
      'data-testid': WIDGET_IDS.message,
      'data-from': m.from,
      'data-state': mine ? 'sent' : m.state,
      'data-client-id': m.clientId ?? undefined,
    },
    mine ? null : h('div', { class: 'kc-author' }, m.authorName ?? d.t.agent),
    bubble(d, m.text, m.attachments),
    h('div', { class: 'kc-foot' }, mine ? `${time} · ${stateLabel(d.t, m.state)}` : time),
  );
}

function pendingEl(d: ListDeps, e: OutboxEntry): HTMLElement {
  const failed = e.state === 'failed';
  const label =
    e.state === 'uploading'
      ? d.t.uploading
      : failed
        ? d.t.failed
        : e.error === 'HTTP.RATE_LIMITED'
          ? d.t.rateLimited
          : d.t.sending;
  return h(
    'div',
    {
      class: `kc-msg kc-mine kc-pending${failed ? ' kc-failed' : ''}`,
      'data-testid': WIDGET_IDS.message,
      'data-from': 'visitor',
      'data-state': e.state === 'failed' ? 'failed' : 'sending',
      'data-client-id': e.clientId,
    },
    bubble(d, e.text, e.attachments, e.previewUrl),
    h(
      'div',
      { class: 'kc-foot' },
      h('span', { class: failed ? 'kc-fail-label' : undefined }, `${formatTime(e.createdAt, d.locale)} · ${label}`),
      failed
        ? h(
            'button',
            { type: 'button', class: 'kc-link', 'data-testid': WIDGET_IDS.retry, onclick: () => d.onRetry(e.clientId) },
            d.t.retry,
          )
        : null,
    ),
  );
}

const dayOf = (iso: string) => new Date(iso).toDateString();

/**
 * The conversation's list, updated in place: an element is rebuilt only when what it shows changed,
 * so images do not reload and screen readers (role=log) hear only what is new.
 */
export function createMessageList(container: HTMLElement, d: ListDeps) {
  let shown = new Map<string, { version: string; el: HTMLElement }>();

  return {
    render(items: TimelineItem[]): void {
      const next = new Map<string, { version: string; el: HTMLElement }>();
      let prevDay = '';
      const els: HTMLElement[] = [];
      for (const item of items) {
        const created = item.kind === 'message' ? item.message.createdAt : item.entry.createdAt;
        const day = dayOf(created);
        const newDay = day !== prevDay;
        prevDay = day;
        const version =
          item.kind === 'message'
            ? `${item.message.state}|${newDay}`
            : `${item.entry.state}|${item.entry.error ?? ''}|${item.entry.attachments.length}|${newDay}`;
        const had = shown.get(item.key);
        let el: HTMLElement;
        if (had && had.version === version) el = had.el;
        else {
          const body = item.kind === 'message' ? messageEl(d, item.message) : pendingEl(d, item.entry);
          el = newDay
            ? h('div', { class: 'kc-item' }, h('div', { class: 'kc-day' }, formatDay(created, d.locale)), body)
            : h('div', { class: 'kc-item' }, body);
        }
        next.set(item.key, { version, el });
        els.push(el);
      }
      // Put the elements in order, touching the DOM only where it differs.
      let cursor = container.firstElementChild;
      for (const el of els) {
        if (cursor === el) {
          cursor = cursor.nextElementSibling;
          continue;
        }
        container.insertBefore(el, cursor);
      }
      while (cursor) {
        const after: Element | null = cursor.nextElementSibling;
        cursor.remove();
        cursor = after;
      }
      shown = next;
    },
  };
}
