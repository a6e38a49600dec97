import { ApiError } from './api';
import { fill, h, ICONS, icon } from './dom';
import type { Texts } from './i18n';
import { WIDGET_IDS } from './testids';

export type EndedDeps = {
  t: Texts;
  /** Ask the rating question (the channel asks for one and it is not answered yet). */
  askCsat: boolean;
  sendCsat(score: number, comment: string): Promise<void>;
  sendTranscript(email: string): Promise<void>;
  newChat(): void;
};

/** After the chat ended: the 1–5 rating (once), "email me the transcript", and a new chat. */
export function endedPanel(d: EndedDeps): HTMLElement {
  const { t } = d;
  const el = h('section', { class: 'kc-ended', 'data-testid': WIDGET_IDS.ended, 'aria-label': t.ended });

  const csat = h('div', { class: 'kc-csat' });
  if (d.askCsat) {
    let score = 0;
    const stars: HTMLButtonElement[] = [];
    const submit = h(
      'button',
      { type: 'submit', class: 'kc-primary', disabled: true, 'data-testid': WIDGET_IDS.csatSubmit },
      t.csatSubmit,
    );
    const paint = () =>
      stars.forEach((s, i) => {
        s.setAttribute('aria-checked', String(i + 1 === score));
        s.classList.toggle('kc-on', i < score);
      });
    for (let n = 1; n <= 5; n++) {
      const star = h(
        'button',
        {
          type: 'button',
          role: 'radio',
          class: 'kc-star',
          'aria-checked': 'false',
          'aria-label': t.stars(n),
          'data-testid': WIDGET_IDS.star(n),
          tabindex: n === 1 ? 0 : -1,
        },
        icon(ICONS.star, 'kc-star-icon'),
      );
      star.addEventListener('click', () => {
        score = n;
        submit.disabled = false;
        paint();
      });
      // Arrow keys move within the group, as a radio group does.
      star.addEventListener('keydown', (ev) => {
        const step =
          ev.key === 'ArrowRight' || ev.key === 'ArrowUp'
            ? 1
            : ev.key === 'ArrowLeft' || ev.key === 'ArrowDown'
              ? -1
              : 0;
        if (!step) return;
        ev.preventDefault();
        const next = stars[Math.min(4, Math.max(0, n - 1 + step))];
        next?.focus();
        next?.click();
      });
      stars.push(star);
    }
    const comment = h('textarea', {
      class: 'kc-csat-comment',
      rows: 2,
      maxlength: 500,
      'aria-label': t.csatComment,
      placeholder: t.csatComment,
    });
    const note = h('p', { class: 'kc-note kc-note-error', role: 'alert', hidden: true });
    const form = h(
      'form',
      { class: 'kc-csat-form' },
      h('p', { class: 'kc-csat-q', id: 'kc-csat-q' }, t.csatQuestion),
      h('div', { class: 'kc-stars', role: 'radiogroup', 'aria-labelledby': 'kc-csat-q' }, ...stars),
      comment,
      note,
      submit,
    );
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      if (!score) return;
      submit.disabled = true;
      d.sendCsat(score, comment.value.trim()).then(
        () =>
          fill(
            csat,
            h('p', { class: 'kc-thanks', role: 'status', 'data-testid': WIDGET_IDS.csatThanks }, t.csatThanks),
          ),
        () => {
          submit.disabled = false;
          note.textContent = t.errorGeneric;
          note.hidden = false;
        },
      );
    });
    csat.appendChild(form);
  }

  const transcript = h('div', { class: 'kc-transcript' });
  const openTranscript = h(
    'button',
    { type: 'button', class: 'kc-link', 'data-testid': WIDGET_IDS.transcript, 'aria-expanded': 'false' },
    t.transcriptLink,
  );
  openTranscript.addEventListener('click', () => {
    const email = h('input', {
      type: 'email',
      autocomplete: 'email',
      maxlength: 200,
      required: true,
      'aria-label': t.email,
      placeholder: t.email,
      'data-testid': WIDGET_IDS.transcriptEmail,
    });
    const result = h('p', { class: 'kc-note', role: 'status', 'data-testid': WIDGET_IDS.transcriptResult });
    const send = h(
      'button',
      { type: 'submit', class: 'kc-secondary', 'data-testid': WIDGET_IDS.transcriptSend },
      t.transcriptSend,
    );
    const form = h('form', { class: 'kc-inline-form', novalidate: true }, email, send);
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const v = email.value.trim();
      if (!v || !email.checkValidity()) {
        email.setAttribute('aria-invalid', 'true');
        result.textContent = t.errEmail;
        email.focus();
        return;
      }
      email.removeAttribute('aria-invalid');
      send.disabled = true;
      d.sendTranscript(v).then(
        () =>
          fill(
            transcript,
            h(
              'p',
              { class: 'kc-note', role: 'status', 'data-testid': WIDGET_IDS.transcriptResult },
              t.transcriptSent(v),
            ),
          ),
        (err) => {
          send.disabled = false;
          // The route arrives with a later release: until then say so rather than fail.
          result.textContent = err instanceof ApiError && err.status === 404 ? t.transcriptUnavailable : t.errorGeneric;
        },
      );
    });
    fill(transcript, form, result);
    email.focus();
  });
  transcript.appendChild(openTranscript);

  const again = h(
    'button',
    { type: 'button', class: 'kc-secondary', 'data-testid': WIDGET_IDS.newChat, onclick: () => d.newChat() },
    t.newChat,
  );
  fill(el, csat, transcript, again);
  return el;
}
