import type { VisitorSession } from '../../contracts/conversations';
import { h } from './dom';
import type { FieldError, FormErrors, FormValues } from './form-rules';
import type { Texts } from './i18n';
import { WIDGET_IDS } from './testids';

type FieldSpec = {
  name: string;
  label: string;
  kind: 'text' | 'tel' | 'email' | 'textarea' | 'select';
  required: boolean;
  options?: readonly string[];
  placeholder?: string;
  value?: string;
  autocomplete?: string;
};

export type FormHandle = {
  el: HTMLFormElement;
  values(): FormValues;
  /** Shows each field's error (and focuses the first); true when there were none. */
  showErrors(errors: FormErrors): boolean;
  busy(on: boolean): void;
  /** A line under the form (a refusal, "not available"); '' hides it. */
  note(text: string, kind?: 'error' | 'info'): void;
};

const errorText = (t: Texts, e: FieldError) =>
  e === 'phone' ? t.errPhone : e === 'email' ? t.errEmail : e === 'contact' ? t.contactNeeded : t.errRequired;

/** A form with labelled fields, errors tied to their inputs (aria-describedby), and one submit button. */
function buildForm(
  t: Texts,
  opts: { testId: string; intro: string; fields: FieldSpec[]; submit: string; submitId: string },
  onSubmit: (f: FormHandle) => void,
): FormHandle {
  const inputs = new Map<string, HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>();
  const errors = new Map<string, HTMLElement>();
  const button = h('button', { type: 'submit', class: 'kc-primary', 'data-testid': opts.submitId }, opts.submit);
  const noteEl = h('p', { class: 'kc-note', role: 'alert', hidden: true });
  const rows = opts.fields.map((f) => {
    const id = `kc-f-${f.name}`;
    const errId = `${id}-err`;
    const common = {
      id,
      name: f.name,
      'data-testid': WIDGET_IDS.field(f.name),
      'aria-describedby': errId,
      required: f.required,
      autocomplete: f.autocomplete ?? 'off',
    };
    let input: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
    if (f.kind === 'select') {
      input = h(
        'select',
        common,
        h('option', { value: '' }, t.choose),
        ...(f.options ?? []).map((o) => h('option', { value: o }, o)),
      );
    } else if (f.kind === 'textarea') {
      input = h('textarea', { ...common, rows: 3, maxlength: 5000, placeholder: f.placeholder });
    } else {
      input = h('input', {
        ...common,
        type: f.kind,
        maxlength: f.kind === 'email' ? 200 : f.kind === 'tel' ? 32 : 60,
        placeholder: f.placeholder,
        inputmode: f.kind === 'tel' ? 'tel' : undefined,
      });
    }
    if (f.value) input.value = f.value;
    input.addEventListener('input', () => {
      input.removeAttribute('aria-invalid');
      const e = errors.get(f.name);
      if (e) e.textContent = '';
    });
    inputs.set(f.name, input);
    const err = h('span', { class: 'kc-field-error', id: errId });
    errors.set(f.name, err);
    return h(
      'div',
      { class: 'kc-field' },
      h(
        'label',
        { for: id },
        f.label,
        f.required ? h('span', { class: 'kc-req', 'aria-hidden': 'true' }, ' *') : t.optional,
      ),
      input,
      err,
    );
  });
  const el = h(
    'form',
    { class: 'kc-form', 'data-testid': opts.testId, novalidate: true },
    opts.intro ? h('p', { class: 'kc-intro' }, opts.intro) : null,
    ...rows,
    noteEl,
    button,
  );
  const handle: FormHandle = {
    el,
    values: () => Object.fromEntries([...inputs].map(([k, i]) => [k, i.value])),
    showErrors(errs) {
      let first: HTMLElement | undefined;
      for (const [name, input] of inputs) {
        const e = errs[name];
        const slot = errors.get(name);
        if (slot) slot.textContent = e ? errorText(t, e) : '';
        if (e) {
          input.setAttribute('aria-invalid', 'true');
          first ??= input;
        } else input.removeAttribute('aria-invalid');
      }
      first?.focus();
      return !first;
    },
    busy(on) {
      button.disabled = on;
      el.setAttribute('aria-busy', String(on));
    },
    note(text, kind = 'error') {
      noteEl.textContent = text;
      noteEl.hidden = !text;
      noteEl.className = `kc-note kc-note-${kind}`;
    },
  };
  el.addEventListener('submit', (ev) => {
    ev.preventDefault();
    onSubmit(handle);
  });
  return handle;
}

const LABEL = { name: 'name', phone: 'phone', email: 'email', questionType: 'questionType' } as const;
const KIND = { name: 'text', phone: 'tel', email: 'email', questionType: 'select' } as const;
const AUTOCOMPLETE = { name: 'name', phone: 'tel', email: 'email', questionType: 'off' } as const;

/** The pre-chat form: the channel's fields in its order, then the first question. */
export function prechatForm(t: Texts, widget: VisitorSession['widget'], onSubmit: (f: FormHandle) => void): FormHandle {
  const fields: FieldSpec[] = widget.preChat
    // A question type without types to choose from cannot be answered.
    .filter((f) => f.field !== 'questionType' || widget.questionTypes.length > 0)
    .map((f) => ({
      name: f.field,
      label: t[LABEL[f.field]],
      kind: KIND[f.field],
      required: f.required,
      options: f.field === 'questionType' ? widget.questionTypes : undefined,
      autocomplete: AUTOCOMPLETE[f.field],
    }));
  fields.push({
    name: 'question',
    label: t.question,
    kind: 'textarea',
    required: true,
    placeholder: t.questionPlaceholder,
  });
  return buildForm(
    t,
    { testId: WIDGET_IDS.prechat, intro: t.prechatIntro, fields, submit: t.start, submitId: WIDGET_IDS.start },
    onSubmit,
  );
}

/** "Leave a message" outside business hours or when the queue is full. */
export function leaveForm(t: Texts, prefill: FormValues, onSubmit: (f: FormHandle) => void): FormHandle {
  return buildForm(
    t,
    {
      testId: WIDGET_IDS.leave,
      intro: t.closedIntro,
      submit: t.leaveSubmit,
      submitId: WIDGET_IDS.leaveSubmit,
      fields: [
        { name: 'name', label: t.name, kind: 'text', required: true, value: prefill.name, autocomplete: 'name' },
        { name: 'phone', label: t.phone, kind: 'tel', required: false, value: prefill.phone, autocomplete: 'tel' },
        { name: 'email', label: t.email, kind: 'email', required: false, value: prefill.email, autocomplete: 'email' },
        { name: 'text', label: t.leaveText, kind: 'textarea', required: true, value: prefill.text },
      ],
    },
    onSubmit,
  );
}
