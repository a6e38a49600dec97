import type { LeaveMessageBody, PreChatField, VisitorProfile } from '../../contracts/conversations';

/** What is wrong with one field of a form (texts in i18n.ts). */
export type FieldError = 'required' | 'phone' | 'email' | 'contact';
export type FormValues = Record<string, string>;
export type FormErrors = Record<string, FieldError>;

// Loose on purpose: landlines with extensions, +86 mobiles, spaces and dashes; the agent sees what was typed.
const PHONE = /^\+?\d[\d\s-]{4,30}$/;
// The server checks e-mail strictly (zod); this only catches typos before a round trip.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const val = (v: FormValues, k: string) => (v[k] ?? '').trim();

function checkContact(v: FormValues, errors: FormErrors): void {
  if (val(v, 'phone') && !PHONE.test(val(v, 'phone'))) errors.phone = 'phone';
  if (val(v, 'email') && !EMAIL.test(val(v, 'email'))) errors.email = 'email';
}

/** The pre-chat form: the channel's fields (required as configured) and the first question, always required. */
export function prechatErrors(
  fields: ReadonlyArray<{ field: PreChatField; required: boolean }>,
  v: FormValues,
): FormErrors {
  const errors: FormErrors = {};
  for (const f of fields) if (f.required && !val(v, f.field)) errors[f.field] = 'required';
  checkContact(v, errors);
  if (!val(v, 'question')) errors.question = 'required';
  return errors;
}

/** The pre-chat answers as the first message carries them: only what was filled in. */
export function profileOf(
  fields: ReadonlyArray<{ field: PreChatField }>,
  v: FormValues,
  page: string | undefined,
): VisitorProfile {
  const p: VisitorProfile = {};
  for (const { field } of fields) {
    const x = val(v, field);
    if (x) p[field] = x;
  }
  if (page) p.page = page.slice(0, 500);
  return p;
}

/** "Leave a message": a name and the message, and a way to call or write back. */
export function leaveErrors(v: FormValues): FormErrors {
  const errors: FormErrors = {};
  if (!val(v, 'name')) errors.name = 'required';
  if (!val(v, 'text')) errors.text = 'required';
  checkContact(v, errors);
  if (!val(v, 'phone') && !val(v, 'email')) errors.phone = 'contact';
  return errors;
}

export function leaveBody(v: FormValues): LeaveMessageBody {
  return {
    name: val(v, 'name'),
    text: val(v, 'text'),
    ...(val(v, 'phone') ? { phone: val(v, 'phone') } : {}),
    ...(val(v, 'email') ? { email: val(v, 'email') } : {}),
  };
}
