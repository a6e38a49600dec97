import type {
  ConversationStatus,
  QueueStanding,
  VisitorMessage,
  VisitorSession,
  VisitorSocketOut,
} from '../../contracts/conversations';
import { ApiError, createApi } from './api';
import { createShell } from './chat-view';
import { onColor } from './colors';
import { createConnection } from './connection';
import { fill, h } from './dom';
import { endedPanel } from './ended-panel';
import { leaveBody, leaveErrors, prechatErrors, profileOf } from './form-rules';
import { type FormHandle, leaveForm, prechatForm } from './forms';
import { pickLang, standingText, TEXTS } from './i18n';
import { createMessageList } from './message-list';
import {
  acknowledge,
  addEntry,
  due,
  newClientId,
  type Outbox,
  type OutboxEntry,
  overdue,
  refuse,
  resetSent,
  restore,
  retry,
  serialize,
  updateEntry,
  wireOf,
} from './outbox';
import { createStore } from './storage';
import { WIDGET_IDS } from './testids';
import { applyReceipt, lastAgentSeq, lastSeq, mergeMessages, timelineItems } from './timeline';

/**
 * The web chat page (`/chat/:key`): the H5 page for mobile browsers and, with `?embed=1`, the panel
 * the widget (widget.ts) opens on a company's site. Vanilla TypeScript, bundled by esbuild
 * (scripts/build.mjs); the protocol is contracts/conversations.ts (visitor API and socket).
 */

const TYPING_SHOWN_MS = 3_000;
const TYPING_EVERY_MS = 2_000;
const MAX_FILE_BYTES = 10 * 1024 * 1024;
const MAX_FILES = 5;

type View = 'loading' | 'error' | 'prechat' | 'leave' | 'closed' | 'chat';

function boot(root: HTMLElement): void {
  const key = root.dataset.key ?? decodeURIComponent(location.pathname.split('/')[2] ?? '');
  const params = new URLSearchParams(location.search);
  const embed = params.get('embed') === '1';
  const lang = pickLang(location.search, navigator.language);
  const t = TEXTS[lang];
  const locale = navigator.language || lang;
  document.documentElement.lang = lang;
  // The page the visitor came from: the host page the widget passed, or whoever linked to the H5 page.
  const page = params.get('page') || (embed ? '' : document.referrer) || undefined;
  // The embedding page's origin (the widget sets referrerpolicy=origin on its iframe) for postMessage.
  let parentOrigin: string | undefined;
  try {
    parentOrigin = embed && document.referrer ? new URL(document.referrer).origin : undefined;
  } catch {}

  const store = createStore(key);
  const api = createApi(key, () => token);
  let token = store.get('token') ?? undefined;
  let session: VisitorSession | undefined;
  let view: View = 'loading';
  /** Whether the visitor has a conversation (the server creates it with the first message). */
  let hasConversation = false;
  let status: ConversationStatus | null = null;
  let agentName: string | null = null;
  let standing: QueueStanding | null = null;
  let csatAnswered = false;
  let composingAfterEnd = false;
  let messages: VisitorMessage[] = [];
  let outbox: Outbox = restore(store.get('outbox'));
  let connected = false;
  let everConnected = false;
  let agentTypingUntil = 0;
  let lastTypingSent = 0;
  let deliveredSeq = 0;
  let readSeq = 0;
  let shown = true;
  let unread = 0;
  let confirmingEnd = false;
  let leavePrefill: Record<string, string> = {};
  const files = new Map<string, File>();

  const post = (msg: Record<string, unknown>) => {
    if (parentOrigin && window.parent !== window) window.parent.postMessage({ kefu: 1, ...msg }, parentOrigin);
  };

  const shell = createShell(root, {
    t,
    embed,
    onMinimize: () => {
      // Hidden from now on, not from when the host page's answer comes back: what arrives meanwhile is unread.
      shown = false;
      post({ type: 'close' });
    },
    onEnd: () => {
      confirmingEnd = true;
      render();
    },
    onSend: (text) => enqueue({ text }),
    onFiles: (list) => {
      for (const f of list.slice(0, MAX_FILES)) void upload(f);
    },
    onTyping: () => {
      const now = Date.now();
      if (now - lastTypingSent < TYPING_EVERY_MS || !hasConversation || status === 'ended') return;
      if (conn.send({ t: 'typing' })) lastTypingSent = now;
    },
  });
  shell.setTitle(t.loading);

  // ---- the conversation view -------------------------------------------------------------------
  const greeting = h('div', { class: 'kc-greeting', hidden: true });
  const log = h('div', {
    class: 'kc-log',
    role: 'log',
    'aria-live': 'polite',
    'aria-relevant': 'additions',
    'aria-label': t.conversation,
    'data-testid': WIDGET_IDS.log,
  });
  const scroller = h('div', { class: 'kc-scroll', tabindex: 0 }, greeting, log);
  const typing = h(
    'div',
    { class: 'kc-typing', 'aria-live': 'polite', hidden: true, 'data-testid': WIDGET_IDS.typing },
    h('span', { class: 'kc-dots', 'aria-hidden': 'true' }, h('i'), h('i'), h('i')),
    t.typing,
  );
  const endedSlot = h('div', { class: 'kc-ended-slot' });
  const confirmBar = h('div', { class: 'kc-confirm', role: 'alertdialog', 'aria-label': t.endConfirm, hidden: true });
  const bottom = h('div', { class: 'kc-bottom' }, typing, endedSlot, confirmBar, shell.composer);
  const chatView = h('div', { class: 'kc-chat' }, scroller, bottom);
  const nearBottom = () => scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 120;
  const toBottom = () => {
    scroller.scrollTop = scroller.scrollHeight;
  };
  // Where the visitor last left the list: an image that loads grows it by up to 240 px after the
  // scroll, so "near the bottom" measured then would leave a new picture cut off below the fold.
  let following = true;
  scroller.addEventListener('scroll', () => {
    following = nearBottom();
  });
  const list = createMessageList(log, {
    t,
    locale,
    fileUrl: (id) => api.fileUrl(id),
    onRetry: (clientId) => {
      const f = files.get(clientId);
      const e = outbox.find((x) => x.clientId === clientId);
      if (f && e && e.attachmentIds.length === 0) {
        void upload(f, clientId);
        return;
      }
      setOutbox(retry(outbox, clientId));
      flush();
    },
    onMedia: () => {
      if (following) toBottom();
    },
  });
  let endedSignature = '';

  function setOutbox(next: Outbox): void {
    if (next === outbox) return;
    outbox = next;
    store.set('outbox', outbox.length ? serialize(outbox) : null);
  }

  /** Writes what is due to the socket; the rest waits for the next connection or its retry time. */
  function flush(): void {
    if (!conn.open) {
      render();
      return;
    }
    const now = Date.now();
    let next = outbox;
    for (const e of due(outbox, now)) if (conn.send(wireOf(e))) next = updateEntry(next, e.clientId, { sentAt: now });
    setOutbox(next);
    render();
  }

  function enqueue(part: { text: string; profile?: OutboxEntry['profile'] }): void {
    const now = Date.now();
    const entry: OutboxEntry = {
      clientId: newClientId(now, (n) => crypto.getRandomValues(new Uint8Array(n))),
      text: part.text,
      attachmentIds: [],
      attachments: [],
      createdAt: new Date(now).toISOString(),
      state: 'sending',
      ...(part.profile ? { profile: part.profile } : {}),
    };
    composingAfterEnd = false;
    setOutbox(addEntry(outbox, entry));
    flush();
    toBottom();
  }

  async function upload(file: File, clientId?: string): Promise<void> {
    if (!hasConversation || (status === 'ended' && !composingAfterEnd)) return;
    const id = clientId ?? newClientId(Date.now(), (n) => crypto.getRandomValues(new Uint8Array(n)));
    if (!clientId) {
      const entry: OutboxEntry = {
        clientId: id,
        text: '',
        attachmentIds: [],
        attachments: [],
        createdAt: new Date().toISOString(),
        state: 'uploading',
        previewUrl: file.type.startsWith('image/') ? URL.createObjectURL(file) : undefined,
      };
      setOutbox(addEntry(outbox, entry));
    } else setOutbox(updateEntry(outbox, id, { state: 'uploading', error: undefined }));
    files.set(id, file);
    render();
    toBottom();
    if (file.size > MAX_FILE_BYTES) {
      setOutbox(updateEntry(outbox, id, { state: 'failed', error: 'CONVERSATIONS.ATTACHMENT_TOO_LARGE' }));
      render();
      return;
    }
    try {
      const a = await api.upload(file, file.name || 'image.png');
      files.delete(id);
      setOutbox(updateEntry(outbox, id, { state: 'sending', attachmentIds: [a.id], attachments: [a] }));
      flush();
    } catch (err) {
      setOutbox(updateEntry(outbox, id, { state: 'failed', error: err instanceof ApiError ? err.code : 'NETWORK' }));
      render();
    }
  }

  // ---- receipts and the launcher's badge -------------------------------------------------------
  const visible = () => shown && document.visibilityState === 'visible';
  function receipts(): void {
    const top = lastAgentSeq(messages);
    if (top > deliveredSeq && conn.send({ t: 'delivered', upToSeq: top })) deliveredSeq = top;
    if (visible() && top > readSeq && conn.send({ t: 'read', upToSeq: top })) readSeq = top;
  }
  function countUnread(fresh: VisitorMessage[]): void {
    if (visible()) return;
    const n = fresh.filter((m) => m.from === 'agent').length;
    if (!n) return;
    unread += n;
    post({ type: 'unread', count: unread });
  }

  // ---- the socket ------------------------------------------------------------------------------
  function onSocket(msg: VisitorSocketOut): void {
    switch (msg.t) {
      case 'hello':
        if (msg.conversationId) hasConversation = true;
        break;
      case 'ack':
        hasConversation = true;
        take([msg.message]);
        setOutbox(acknowledge(outbox, [msg.clientId]));
        files.delete(msg.clientId);
        // The first message created the conversation; the `state` that follows says where it stands.
        status ??= 'waiting';
        break;
      case 'message':
        take([msg.message]);
        if (msg.message.from === 'visitor') setOutbox(acknowledge(outbox, [msg.message.clientId]));
        if (msg.message.from === 'agent') agentTypingUntil = 0;
        break;
      case 'typing':
        agentTypingUntil = Date.now() + TYPING_SHOWN_MS;
        window.setTimeout(render, TYPING_SHOWN_MS + 50);
        break;
      case 'state': {
        // A conversation is rated once (the server keeps the first rating), even when it reopens.
        status = msg.status;
        agentName = msg.agentName;
        standing = msg.standing;
        if (status === 'ended') {
          composingAfterEnd = false;
          confirmingEnd = false;
        }
        break;
      }
      case 'receipt':
        messages = applyReceipt(messages, msg.upToSeq, msg.state);
        break;
      case 'error':
        if (msg.clientId) {
          const entry = outbox.find((e) => e.clientId === msg.clientId);
          if (msg.code === 'CONVERSATIONS.CLOSED' && entry) {
            // The queue closed (or filled) before a new chat got in: offer to leave the message instead.
            setOutbox(acknowledge(outbox, [msg.clientId]));
            const p = entry.profile ?? {};
            leavePrefill = { name: p.name ?? '', phone: p.phone ?? '', email: p.email ?? '', text: entry.text };
            if (session) session = { ...session, open: false };
            setView(session?.widget.leaveMessage === 'off' ? 'closed' : 'leave');
          } else setOutbox(refuse(outbox, msg.clientId, msg.code, Date.now()));
        }
        break;
    }
    render();
  }

  function take(incoming: VisitorMessage[]): void {
    const before = messages;
    messages = mergeMessages(messages, incoming);
    if (messages === before) return;
    const known = new Set(before.map((m) => m.id));
    const fresh = incoming.filter((m) => !known.has(m.id));
    if (fresh.length) hasConversation = true;
    countUnread(fresh);
    receipts();
    // The visitor's other tab started the chat: this one follows.
    if ((view === 'prechat' || view === 'loading') && fresh.length) setView('chat');
  }

  const conn = createConnection({
    async url(failedBefore) {
      if ((failedBefore || !token) && (await loadSession()) === 'gone') {
        conn.stop();
        showError(t.notAvailable, false);
        return undefined;
      }
      if (!token) return undefined;
      const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
      return `${proto}//${location.host}/api/v1/chat/socket?token=${encodeURIComponent(token)}`;
    },
    open: (url) => new WebSocket(url),
    onOpen() {
      connected = true;
      everConnected = true;
      setOutbox(resetSent(outbox));
      conn.send({ t: 'sync', afterSeq: lastSeq(messages) });
      flush();
      receipts();
    },
    onMessage: onSocket,
    onDown() {
      connected = false;
      render();
    },
    setTimer: (fn, ms) => window.setTimeout(fn, ms),
    clearTimer: (h) => window.clearTimeout(h as number),
    online: () => navigator.onLine !== false,
  });

  // A socket that takes messages but never acknowledges them is dead; rate-limited ones go again.
  window.setInterval(() => {
    if (conn.open && overdue(outbox, Date.now())) conn.restart();
    else if (conn.open && due(outbox, Date.now()).length) flush();
  }, 1_000);
  window.addEventListener('online', () => conn.online());
  window.addEventListener('offline', () => conn.offline());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') receipts();
  });
  window.addEventListener('message', (ev) => {
    if (ev.source !== window.parent || ev.origin !== parentOrigin) return;
    const data = ev.data as { kefu?: unknown; type?: unknown } | null;
    if (data?.kefu !== 1) return;
    if (data.type === 'open' || data.type === 'close') {
      shown = data.type === 'open';
      if (shown) {
        unread = 0;
        post({ type: 'unread', count: 0 });
        receipts();
        if (view === 'chat') shell.input.focus();
      }
    }
  });

  // ---- the session and the views ---------------------------------------------------------------
  /** `gone`: the channel is unknown or disabled now; `failed`: try again later. */
  async function loadSession(): Promise<'ok' | 'gone' | 'failed'> {
    try {
      const s = await api.session(token);
      session = s;
      token = s.token;
      store.set('token', token);
      document.documentElement.style.setProperty('--kc-color', s.widget.color);
      document.documentElement.style.setProperty('--kc-on-color', onColor(s.widget.color));
      document.title = s.widget.title;
      shell.setTitle(s.widget.title);
      post({ type: 'ready', color: s.widget.color, title: s.widget.title });
      if (s.widget.greeting) {
        greeting.textContent = s.widget.greeting;
        greeting.hidden = false;
      }
      const c = s.conversation;
      if (c) {
        hasConversation = true;
        status = c.status;
        agentName = c.agentName;
        standing = c.standing;
        csatAnswered = csatAnswered || c.csat !== null;
      }
      return 'ok';
    } catch (err) {
      // An unknown or disabled channel, a page no longer allowed: say so instead of retrying for ever.
      return err instanceof ApiError && err.status >= 400 && err.status < 500 && err.status !== 429 ? 'gone' : 'failed';
    }
  }

  function showError(text: string, canRetry: boolean): void {
    view = 'error';
    shell.setTitle(session?.widget.title ?? '');
    fill(
      shell.body,
      h(
        'div',
        { class: 'kc-center', 'data-testid': WIDGET_IDS.error },
        h('p', {}, text),
        canRetry ? h('button', { type: 'button', class: 'kc-primary', onclick: () => void start() }, t.tryAgain) : null,
      ),
    );
  }

  function firstView(): View {
    if (!session) return 'loading';
    if (hasConversation || outbox.length || messages.length) return 'chat';
    if (session.open) return 'prechat';
    return session.widget.leaveMessage === 'off' ? 'closed' : 'leave';
  }

  function setView(next: View): void {
    if (!session) return;
    view = next;
    const w = session.widget;
    if (next === 'chat') {
      fill(shell.body, chatView);
      render();
      toBottom();
      shell.input.focus();
      return;
    }
    if (next === 'prechat') {
      const f = prechatForm(t, w, (form) => {
        const v = form.values();
        if (!form.showErrors(prechatErrors(w.preChat, v))) return;
        enqueue({ text: v.question!.trim(), profile: profileOf(w.preChat, v, page) });
        setView('chat');
      });
      fill(shell.body, h('div', { class: 'kc-scroll kc-form-wrap' }, greetingCopy(), f.el));
    } else if (next === 'leave') {
      const f = leaveForm(t, leavePrefill, (form) => void submitLeave(form));
      fill(shell.body, h('div', { class: 'kc-scroll kc-form-wrap' }, f.el));
    } else if (next === 'closed') {
      fill(shell.body, h('div', { class: 'kc-center', 'data-testid': WIDGET_IDS.closed }, h('p', {}, t.closedOff)));
    }
    render();
  }

  const greetingCopy = () =>
    session?.widget.greeting ? h('div', { class: 'kc-greeting' }, session.widget.greeting) : null;

  async function submitLeave(form: FormHandle): Promise<void> {
    const v = form.values();
    if (!form.showErrors(leaveErrors(v))) return;
    form.busy(true);
    form.note('');
    try {
      await api.leaveMessage(leaveBody(v));
      fill(
        shell.body,
        h(
          'div',
          { class: 'kc-center', role: 'status', 'data-testid': WIDGET_IDS.leaveResult },
          h('p', {}, t.leaveThanks),
        ),
      );
    } catch (err) {
      form.busy(false);
      form.note(err instanceof ApiError && err.status === 404 ? t.leaveUnavailable : t.errorGeneric);
    }
  }

  async function newChat(): Promise<void> {
    // Hours or the queue may have changed while the ended chat was on screen.
    if ((await loadSession()) === 'gone') {
      showError(t.notAvailable, false);
      return;
    }
    if (session && !session.open) {
      setView(session.widget.leaveMessage === 'off' ? 'closed' : 'leave');
      return;
    }
    composingAfterEnd = true;
    render();
    shell.input.focus();
  }

  function render(): void {
    const chatting = view === 'chat';
    const ended = status === 'ended' && !composingAfterEnd;
    const live = hasConversation && (status === 'waiting' || status === 'active');
    let line = '';
    if (chatting) {
      if (ended) line = t.ended;
      else if (status === 'active') line = t.joined(agentName);
      else if (status === 'waiting' || outbox.length) line = standingText(t, standing);
    }
    shell.setStatus(line);
    shell.showEnd(chatting && live && !confirmingEnd);
    shell.showBanner(view !== 'loading' && view !== 'error' && everConnected && !connected);
    shell.canAttach(hasConversation && !ended);
    if (!chatting) return;

    const stick = nearBottom();
    list.render(timelineItems(messages, outbox));
    typing.hidden = !(Date.now() < agentTypingUntil && status === 'active');
    shell.composer.hidden = ended || confirmingEnd;
    confirmBar.hidden = !confirmingEnd;
    if (confirmingEnd && !confirmBar.firstChild) {
      const yes = h('button', { type: 'button', class: 'kc-danger', 'data-testid': WIDGET_IDS.endYes }, t.endYes);
      const no = h('button', { type: 'button', class: 'kc-secondary' }, t.cancel);
      yes.addEventListener('click', () => {
        confirmingEnd = false;
        if (!conn.send({ t: 'end' }))
          void fetch('/api/v1/chat/end', { method: 'POST', headers: { 'x-visitor-token': token ?? '' } });
        render();
      });
      no.addEventListener('click', () => {
        confirmingEnd = false;
        render();
        shell.input.focus();
      });
      fill(confirmBar, h('span', {}, t.endConfirm), h('span', { class: 'kc-confirm-btns' }, no, yes));
      yes.focus();
    } else if (!confirmingEnd && confirmBar.firstChild) confirmBar.replaceChildren();

    const askCsat = !!session?.widget.csat && !csatAnswered;
    const signature = ended ? `ended|${askCsat}` : '';
    if (signature !== endedSignature) {
      endedSignature = signature;
      fill(
        endedSlot,
        ended
          ? endedPanel({
              t,
              askCsat,
              sendCsat: async (score, comment) => {
                await api.csat({ score, ...(comment ? { comment } : {}) });
                csatAnswered = true;
                // Keep the thanks on screen: the signature changes only on the next end.
                endedSignature = 'ended|false';
              },
              sendTranscript: async (email) => {
                await api.transcript(email);
              },
              newChat: () => void newChat(),
            })
          : null,
      );
    }
    if (stick) toBottom();
  }

  async function start(): Promise<void> {
    view = 'loading';
    fill(shell.body, h('div', { class: 'kc-center' }, h('p', {}, t.loading)));
    const loaded = await loadSession();
    if (loaded !== 'ok') {
      showError(loaded === 'gone' ? t.notAvailable : t.loadFailed, loaded === 'failed');
      return;
    }
    setView(firstView());
    conn.start();
  }

  void start();
}

const root = document.getElementById('kefu-chat');
if (root) boot(root);
