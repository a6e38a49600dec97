import type { Customer, VerifiableField } from '../../../../contracts/crm';
import { maskPii } from '../../../../contracts/pii';
import type { PiiPolicy } from '../../platform/pii';
import type { IdNumberCipher } from './crm.crypto';
import type { CustomerRow } from './crm.repo';

/** What a reader sees of a customer: the PII policy masks phones, e-mails and the ID number. */
export function customerView(
  r: CustomerRow,
  policy: PiiPolicy,
  cipher: IdNumberCipher,
  hidden: ReadonlySet<VerifiableField> = new Set(),
): Customer {
  const idNumber = r.idNumberEnc ? cipher.decrypt(r.idNumberEnc) : null;
  // Hidden until verified: masked even for a `pii.view` holder, since the caller is not yet known.
  const phone = (v: string) => (hidden.has('phones') ? maskPii('phone', v) : policy.value('phone', v));
  return {
    id: r.id,
    kind: r.kind as Customer['kind'],
    name: r.name,
    phones: r.phones.map((p) => ({ number: phone(p.number), e164: phone(p.e164) })),
    emails: r.emails.map((e) => (hidden.has('emails') ? maskPii('email', e) : policy.value('email', e))),
    accountNumbers: hidden.has('accountNumbers') ? r.accountNumbers.map(maskTail) : r.accountNumbers,
    idNumber: hidden.has('idNumber') ? maskPii('id_number', idNumber) : policy.value('id_number', idNumber),
    // A mobile or fixed line's number is the customer's phone number: masked as phones are.
    products: r.products.map((p) => {
      if (!p.number) return p;
      if (hidden.has('products')) return { ...p, number: maskTail(p.number) };
      return p.kind === 'mobile' || p.kind === 'fixed' ? { ...p, number: phone(p.number) } : p;
    }),
    tags: r.tags,
    tier: r.tier as Customer['tier'],
    preferredLanguage: r.preferredLanguage as Customer['preferredLanguage'],
    preferredChannel: r.preferredChannel as Customer['preferredChannel'],
    preferredAgentId: r.preferredAgentId ?? null,
    consent: r.consent,
    notes: hidden.has('notes') ? [] : r.notes,
    customFields: r.customFields,
    mergedInto: r.mergedInto,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** Account and line numbers: the last 4 stay, so the agent can ask "the one ending in 1234?". */
function maskTail(v: string): string {
  return v.length <= 4 ? '*'.repeat(v.length) : `${'*'.repeat(v.length - 4)}${v.slice(-4)}`;
}

/** Whether a customer carries any personal data a clear read shows (an audit entry is due). */
export const hasPii = (r: CustomerRow) => r.phones.length > 0 || r.emails.length > 0 || !!r.idNumberEnc;
