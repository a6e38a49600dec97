import { parsePhoneNumberFromString } from 'libphonenumber-js';

/** What the ACD knows of a CRM customer (routing's read model, routing.customer-hints.ts). */
export type CustomerHint = {
  customerId: string;
  /** E.164. */
  phones: string[];
  vip: boolean;
  tier: string;
  preferredAgentId: string | null;
  /** The CRM's updatedAt of this version (ms). */
  version: number;
};

/** A VIP: the tier `vip`, or the tag VIP however it was typed. */
export function isVip(c: { tier: string; tags: readonly string[] }): boolean {
  return c.tier === 'vip' || c.tags.some((t) => t.trim().toUpperCase() === 'VIP');
}

/**
 * The E.164 of a caller's number, or null. The same rule as the CRM's (crm/domain/phone.ts, which
 * routing may not import): numbers without a country code are Chinese, so the keys match what it stores.
 */
export function callerE164(raw: string): string | null {
  const p = parsePhoneNumberFromString(raw.trim(), 'CN');
  return p?.isPossible() ? p.number : null;
}

/**
 * Duplicates merged into `survivor` (crm.customer.merged): their numbers and VIP standing go to it,
 * the survivor's own preferred agent wins. `survivor` may be unknown yet (its event is still to come):
 * the result then has version 0, so that event, whatever its time, replaces it.
 */
export function mergeHints(survivorId: string, survivor: CustomerHint | undefined, dups: CustomerHint[]): CustomerHint {
  const all = survivor ? [survivor, ...dups] : dups;
  return {
    customerId: survivorId,
    phones: [...new Set(all.flatMap((h) => h.phones))],
    vip: all.some((h) => h.vip),
    tier: survivor?.tier ?? dups.find((h) => h.vip)?.tier ?? dups[0]?.tier ?? 'standard',
    preferredAgentId: all.find((h) => h.preferredAgentId)?.preferredAgentId ?? null,
    version: survivor?.version ?? 0,
  };
}

/** What a queue makes of an arriving contact's customer. */
export type CustomerRouting = {
  vip: boolean;
  /** Added to the contact's priority: the queue's boost for a VIP, else 0. */
  boost: number;
  /** The customer, when the number names exactly one (a shared family number names none). */
  customerId?: string;
  /** The CRM's preferred agent of that one customer. */
  preferredAgentId?: string;
};

/**
 * `hints`: the customer named by the contact's id, or every customer holding the caller's number.
 * A number several customers share is a VIP's if any of them is one (better to serve the VIP fast
 * than to make them wait); who the customer is, and so their preferred agent, only when it is one.
 */
export function customerRouting(hints: readonly CustomerHint[], vipPriorityBoost: number): CustomerRouting {
  const vip = hints.some((h) => h.vip);
  const one = hints.length === 1 ? hints[0] : undefined;
  return {
    vip,
    boost: vip ? Math.max(0, vipPriorityBoost) : 0,
    ...(one ? { customerId: one.customerId } : {}),
    ...(one?.preferredAgentId ? { preferredAgentId: one.preferredAgentId } : {}),
  };
}
