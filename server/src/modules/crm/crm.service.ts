import { sql } from 'drizzle-orm';
import type { FieldIssue } from '../../../../contracts/common';
import type {
  CreateCustomerBody,
  Customer,
  CustomerPage,
  CustomerQuery,
  Note,
  Phone,
  Product,
  UpdateCustomerBody,
  VerifiableField,
} from '../../../../contracts/crm';
import { CreateCustomerBody as CreateSchema } from '../../../../contracts/crm';
import { maskPii } from '../../../../contracts/pii';
import type { Actor, AuditLog } from '../../platform/audit';
import type { EventBus } from '../../platform/bus';
import type { Clock } from '../../platform/clock';
import type { Database, DbOrTx, Tx } from '../../platform/db';
import type { IdGenerator } from '../../platform/ids';
import { PII_CLEAR, type PiiViewer, piiPolicy } from '../../platform/pii';
import type { IdNumberCipher } from './crm.crypto';
import { customerMerged, customerNotFound, invalidCustomFields, invalidPhones, mergeInvalid } from './crm.errors';
import type { CustomerChanged } from './crm.events';
import { checkCustomFields } from './crm.fields';
import type { CrmRepo, CustomerRow } from './crm.repo';
import { customerView, hasPii } from './crm.view';
import { digitsOf, phoneKey, toE164 } from './domain/phone';

/** Routing's contact read (port): who called on a contact, as routing holds it. */
export type ContactReader = {
  contactAddress(contactId: string, viewer: Actor): Promise<{ phone?: string | undefined; email?: string | undefined }>;
  /** The viewer's own open contacts (offered, connected, in wrap-up): where a caller can be verified. */
  activeContactIds(viewer: Actor): string[];
};

/**
 * Who reads hidden-until-verified fields without a verified caller: holders of `pii.view` and of
 * `customers.configure` (who decides what is hidden). Not `customers.manage`: every agent holds it.
 */
export function seesUnverified(viewer: Actor): boolean {
  return !!viewer.permissions && (viewer.permissions.has('pii.view') || viewer.permissions.has('customers.configure'));
}

export type CustomersDeps = {
  contacts: ContactReader;
  db: Database;
  repo: CrmRepo;
  bus: EventBus;
  audit: AuditLog;
  clock: Clock;
  ids: IdGenerator;
  cipher: IdNumberCipher;
};

/** Phones as entered, each with its E.164; one entry per number. */
export function phonesOf(raw: readonly string[], path = 'phones'): { phones: Phone[]; issues: FieldIssue[] } {
  const phones: Phone[] = [];
  const issues: FieldIssue[] = [];
  raw.forEach((number, i) => {
    const e164 = toE164(number);
    if (!e164) issues.push({ location: 'body', path: `${path}.${i}`, message: 'not a phone number' });
    else if (!phones.some((p) => p.e164 === e164)) phones.push({ number: number.trim(), e164 });
  });
  return { phones, issues };
}

export const uniq = <T>(xs: Iterable<T>): T[] => [...new Set(xs)];
export const emailsOf = (xs: readonly string[]) => uniq(xs.map((e) => e.trim().toLowerCase()));

/** Customers (客户): the CRM's people and companies, their numbers, products and consents. */
export function createCustomersService(deps: CustomersDeps) {
  const { db, repo, bus, audit, clock, ids, cipher } = deps;

  async function auditViewed(actor: Actor, rows: CustomerRow[]) {
    const record = piiPolicy(actor).viewed({
      entityType: 'customer',
      entityIds: rows.filter(hasPii).map((r) => r.id),
      fields: ['phones', 'emails', 'idNumber'],
    });
    if (record) await bus.transaction((tx) => audit.append(tx, actor, record));
  }

  async function load(tx: DbOrTx, id: string, lock = false): Promise<CustomerRow> {
    const row = await repo.find(tx, id, lock);
    if (!row) throw customerNotFound(id);
    return row;
  }

  async function customFields(tx: DbOrTx, values: Record<string, unknown> | undefined, full: boolean) {
    if (!values && !full) return undefined;
    const { issues, values: out } = checkCustomFields(
      await repo.customFields(tx),
      (values ?? {}) as Record<string, string | number | null>,
      full,
    );
    if (issues.length > 0) throw invalidCustomFields(issues);
    return out;
  }

  const changed = (r: CustomerRow): CustomerChanged => ({
    customerId: r.id,
    tier: r.tier,
    tags: r.tags,
    phones: r.phones.map((p) => p.e164),
    preferredAgentId: r.preferredAgentId ?? null,
    updatedAt: r.updatedAt.toISOString(),
  });
  const note = (text: string, actor: Actor): Note => ({ text, at: clock.now().toISOString(), by: actor.name });

  /** A note is part of the customer's history too (the timeline shows it among the calls). */
  async function noteOnTimeline(tx: Tx, customerId: string, n: Note) {
    const id = ids.next();
    await repo.insertTimeline(tx, [
      {
        id,
        customerId,
        kind: 'note',
        at: new Date(n.at),
        refs: {},
        summary: { text: n.text, by: n.by },
        source: `note:${id}`,
      },
    ]);
  }

  async function create(tx: Tx, body: CreateCustomerBody, actor: Actor): Promise<CustomerRow> {
    const b = CreateSchema.parse(body);
    const { phones, issues } = phonesOf(b.phones);
    if (issues.length > 0) throw invalidPhones(issues);
    const now = clock.now();
    const row = await repo.insert(tx, {
      id: ids.next(),
      kind: b.kind,
      name: b.name,
      phones,
      emails: emailsOf(b.emails),
      accountNumbers: uniq(b.accountNumbers),
      idNumberEnc: b.idNumber ? cipher.encrypt(b.idNumber) : null,
      idNumberHmac: b.idNumber ? cipher.hmac(b.idNumber) : null,
      products: b.products,
      tags: uniq(b.tags),
      tier: b.tier,
      preferredLanguage: b.preferredLanguage ?? null,
      preferredChannel: b.preferredChannel ?? null,
      preferredAgentId: b.preferredAgentId ?? null,
      consent: { marketingCalls: false, sms: false, email: false, ...b.consent },
      notes: b.note ? [note(b.note, actor)] : [],
      customFields: (await customFields(tx, b.customFields, true)) ?? {},
      mergedInto: null,
      createdAt: now,
      updatedAt: now,
    });
    if (b.note) await noteOnTimeline(tx, row.id, row.notes[0]!);
    await audit.append(tx, actor, {
      action: 'crm.customer.created',
      entityType: 'customer',
      entityId: row.id,
      details: { name: row.name, kind: row.kind, tier: row.tier },
    });
    await bus.stage(tx, 'crm.customer.created', changed(row));
    return row;
  }

  /**
   * Every customer read and reply goes through here (hidden until verified, docs/crm.md "Masking and
   * verification").
   *
   * With a contact (the desktop's read): the hidden fields stay masked — for every reader — until the
   * last check on that contact passed; the contact counts only when it is one of the viewer's own
   * open contacts (routing's myContacts): another agent's contact, a closed or a made-up one never
   * unlocks anything.
   *
   * Without one (the 360 page, a search, a lookup by number, a change's reply): a reader who does not
   * see unverified fields (`seesUnverified`) sees them masked unless the caller of one of their open
   * contacts passed a check for this customer. `hidden` empty: the plain view.
   */
  async function views(
    rows: readonly CustomerRow[],
    viewer: Actor,
    opts: { contactId?: string | undefined; hidden?: readonly VerifiableField[] | undefined },
  ): Promise<Customer[]> {
    const policy = piiPolicy(viewer);
    const hidden = opts.hidden ?? [];
    if (opts.contactId) {
      const contactId = opts.contactId;
      const own = deps.contacts.activeContactIds(viewer).includes(contactId);
      const passed = own
        ? await repo.passedVerifications(
            db,
            rows.map((r) => r.id),
            [contactId],
          )
        : new Map();
      return rows.map((r) => {
        const verified = passed.has(r.id);
        const masked = new Set<VerifiableField>(verified ? [] : hidden);
        return {
          ...customerView(r, policy, cipher, masked),
          verification: { contactId, verified, hiddenFields: [...masked] },
        };
      });
    }
    if (!hidden.length || seesUnverified(viewer) || !rows.length)
      return rows.map((r) => customerView(r, policy, cipher));
    const contacts = deps.contacts.activeContactIds(viewer);
    const passed = await repo.passedVerifications(
      db,
      rows.map((r) => r.id),
      contacts,
    );
    return rows.map((r) => {
      const contactId = passed.get(r.id) ?? null;
      const masked = new Set<VerifiableField>(contactId ? [] : hidden);
      return {
        ...customerView(r, policy, cipher, masked),
        verification: { contactId: contactId ?? contacts[0] ?? null, verified: !!contactId, hiddenFields: [...masked] },
      };
    });
  }
  const viewOf = async (row: CustomerRow, viewer: Actor, hidden: readonly VerifiableField[] | undefined) =>
    (await views([row], viewer, { hidden }))[0]!;

  const service = {
    async list(q: CustomerQuery, viewer: Actor, hidden: readonly VerifiableField[] = []): Promise<CustomerPage> {
      const { rows, total } = await repo.search(db, {
        page: q.page,
        pageSize: q.pageSize,
        ...(q.phone ? { phoneKey: phoneKey(q.phone) ?? '-' } : {}),
        ...(q.email ? { email: q.email.trim().toLowerCase() } : {}),
        ...(q.q?.trim() ? { q: q.q.trim(), qDigits: digitsOf(q.q) } : {}),
        ...(q.tag ? { tag: q.tag } : {}),
        ...(q.idNumber ? { idNumberHmac: cipher.hmac(q.idNumber) } : {}),
      });
      await auditViewed(viewer, rows);
      return { items: await views(rows, viewer, { hidden }), total, page: q.page, pageSize: q.pageSize };
    },

    /**
     * One customer as `viewer` may see it (masked without `pii.view`). With a contact, fields the
     * admin hides until verified stay masked until that contact's caller passed a check.
     */
    async get(
      id: string,
      viewer: Actor,
      opts: { contactId?: string | undefined; hidden?: readonly VerifiableField[] } = {},
    ) {
      const row = await load(db, id);
      await auditViewed(viewer, [row]);
      return (await views([row], viewer, opts))[0]!;
    },

    /** Which of `hidden` stay masked for `viewer` on customer `id` outside a contact (the timeline's notes). */
    async hiddenFieldsFor(id: string, viewer: Actor, hidden: readonly VerifiableField[]): Promise<VerifiableField[]> {
      if (!hidden.length || seesUnverified(viewer)) return [];
      const passed = await repo.passedVerifications(db, [id], deps.contacts.activeContactIds(viewer));
      return passed.has(id) ? [] : [...hidden];
    },

    /** Kefu's own read (other modules): unmasked, no audit; undefined when there is none. */
    async find(id: string): Promise<Customer | undefined> {
      const row = await repo.find(db, id);
      return row ? customerView(row, PII_CLEAR, cipher) : undefined;
    },

    /**
     * Kefu's own read, for read models other modules rebuild (routing's customer hints): live
     * customers after `afterId` in id order, as their change events carry them.
     */
    async changesPage(afterId: string | null, limit: number): Promise<CustomerChanged[]> {
      return (await repo.all(db, afterId, limit)).map(changed);
    },

    /** Live customers with this number however it is written (0, 1 or several), unmasked. */
    async findByPhone(phone: string): Promise<Customer[]> {
      const key = phoneKey(phone);
      return key ? (await repo.byPhones(db, [key])).map((r) => customerView(r, PII_CLEAR, cipher)) : [];
    },

    /** Live customers with this e-mail address (0, 1 or several), unmasked: a conversation's customer. */
    async findByEmail(email: string): Promise<Customer[]> {
      return (await repo.byEmail(db, email.trim().toLowerCase())).map((r) => customerView(r, PII_CLEAR, cipher));
    },

    /** The screen pop: matches by phone or e-mail, as the viewer may see them. */
    async lookup(
      query: { phone?: string | undefined; email?: string | undefined; contactId?: string | undefined },
      viewer: PiiViewer & Actor,
      hidden: readonly VerifiableField[] = [],
    ): Promise<Customer[]> {
      const q = query.contactId ? await deps.contacts.contactAddress(query.contactId, viewer) : query;
      const key = q.phone ? phoneKey(q.phone) : null;
      const rows = key
        ? await repo.byPhones(db, [key])
        : q.email
          ? await repo.byEmail(db, q.email.trim().toLowerCase())
          : [];
      await auditViewed(viewer, rows);
      // The screen pop of a contact is the desktop read; a lookup by number is the 360 rule.
      return views(rows, viewer, { contactId: query.contactId, hidden });
    },

    /**
     * The customer of this number (the oldest when several share it), or a new one named by the
     * masked number (tickets open on a caller nobody knows yet). Runs in `tx` when given.
     */
    async findOrCreateByPhone(
      tx: Tx | undefined,
      phone: string,
      actor: Actor,
    ): Promise<{ id: string; created: boolean; tier: string; name: string; phones: Phone[] }> {
      const run = async (t: Tx) => {
        const e164 = toE164(phone);
        if (!e164) throw invalidPhones([{ location: 'body', path: 'phone', message: 'not a phone number' }]);
        // Two orders for one new number at once must find one customer, not create two.
        await t.execute(sql`select pg_advisory_xact_lock(hashtext(${`crm.phone:${e164}`}))`);
        const [found] = await repo.byPhones(t, [e164]);
        const ofRow = (r: CustomerRow, created: boolean) => ({
          id: r.id,
          created,
          tier: r.tier,
          name: r.name,
          phones: r.phones,
        });
        if (found) return ofRow(found, false);
        return ofRow(await create(t, { name: maskPii('phone', e164), phones: [phone] }, actor), true);
      };
      return tx ? run(tx) : bus.transaction(run);
    },

    async create(body: CreateCustomerBody, actor: Actor, hidden?: readonly VerifiableField[]): Promise<Customer> {
      const row = await bus.transaction((tx) => create(tx, body, actor));
      return viewOf(row, actor, hidden);
    },

    async update(
      id: string,
      body: UpdateCustomerBody,
      actor: Actor,
      hidden?: readonly VerifiableField[],
    ): Promise<Customer> {
      const row = await bus.transaction(async (tx) => {
        const before = await load(tx, id, true);
        if (before.mergedInto) throw customerMerged(id, before.mergedInto);
        const patch: Partial<CustomerRow> = { updatedAt: clock.now() };
        if (body.phones) {
          const { phones, issues } = phonesOf(body.phones);
          if (issues.length > 0) throw invalidPhones(issues);
          patch.phones = phones;
        }
        if (body.emails) patch.emails = emailsOf(body.emails);
        if (body.accountNumbers) patch.accountNumbers = uniq(body.accountNumbers);
        if (body.idNumber !== undefined) {
          patch.idNumberEnc = body.idNumber ? cipher.encrypt(body.idNumber) : null;
          patch.idNumberHmac = body.idNumber ? cipher.hmac(body.idNumber) : null;
        }
        if (body.tags) patch.tags = uniq(body.tags);
        for (const k of [
          'kind',
          'name',
          'products',
          'tier',
          'preferredLanguage',
          'preferredChannel',
          'preferredAgentId',
        ] as const) {
          if (body[k] !== undefined) (patch as Record<string, unknown>)[k] = body[k];
        }
        if (body.consent) patch.consent = { ...before.consent, ...body.consent };
        if (body.addNote) patch.notes = [...before.notes, note(body.addNote, actor)];
        if (body.customFields) {
          patch.customFields = { ...before.customFields, ...(await customFields(tx, body.customFields, false)) };
        }
        const r = (await repo.update(tx, id, patch))!;
        if (body.addNote) await noteOnTimeline(tx, id, r.notes[r.notes.length - 1]!);
        await audit.append(tx, actor, {
          action: 'crm.customer.updated',
          entityType: 'customer',
          entityId: id,
          // Which fields changed, never their personal values.
          details: {
            fields: Object.keys(body),
            ...(body.tier ? { tier: { before: before.tier, after: r.tier } } : {}),
          },
        });
        await bus.stage(tx, 'crm.customer.updated', changed(r));
        return r;
      });
      return viewOf(row, actor, hidden);
    },

    async remove(id: string, actor: Actor): Promise<void> {
      await bus.transaction(async (tx) => {
        const row = await load(tx, id, true);
        // Erasure (PIPL) takes the duplicates merged into it as well: they hold the same person's data,
        // hidden from every search, and would otherwise outlive the request.
        const gone = [id];
        for (let i = 0; i < gone.length; i++) gone.push(...(await repo.mergedInto(tx, gone[i]!)));
        for (const x of gone) await repo.remove(tx, x);
        await audit.append(tx, actor, {
          action: 'crm.customer.deleted',
          entityType: 'customer',
          entityId: id,
          details: { name: row.name, ...(gone.length > 1 ? { mergedDuplicates: gone.length - 1 } : {}) },
        });
        await bus.stage(tx, 'crm.customer.deleted', { customerId: id });
      });
    },

    /**
     * Merges duplicates into `id`: every phone, e-mail, account, tag, product and note is kept, the
     * history (timeline, verifications) moves over; `id`'s own values win where only one can stay.
     * The merged ones remain, pointing at `id` (`mergedInto`), so old references still resolve.
     */
    async merge(id: string, from: string[], actor: Actor, hidden?: readonly VerifiableField[]): Promise<Customer> {
      const others = uniq(from);
      if (others.includes(id)) throw mergeInvalid('a customer cannot be merged into itself');
      const row = await bus.transaction(async (tx) => {
        // Every row locked in one order first: two opposite merges at once wait, not deadlock.
        for (const x of [id, ...others].sort()) await repo.find(tx, x, true);
        const target = await load(tx, id, true);
        if (target.mergedInto) throw customerMerged(id, target.mergedInto);
        const rows: CustomerRow[] = [];
        for (const o of others) {
          const r = await repo.find(tx, o, true);
          if (!r) throw mergeInvalid(`no customer ${o}`);
          if (r.mergedInto) throw mergeInvalid(`customer ${o} was merged already`);
          rows.push(r);
        }
        const all = [target, ...rows];
        const phones: Phone[] = [];
        for (const p of all.flatMap((r) => r.phones)) if (!phones.some((x) => x.e164 === p.e164)) phones.push(p);
        const products: Product[] = [];
        const productKey = (p: Product) => `${p.kind}|${p.name}|${p.number ?? ''}`;
        for (const p of all.flatMap((r) => r.products)) {
          if (!products.some((x) => productKey(x) === productKey(p))) products.push(p);
        }
        const withId = all.find((r) => r.idNumberEnc);
        const customFieldsMerged = Object.assign(
          {},
          ...[...rows].reverse().map((r) => r.customFields),
          target.customFields,
        );
        const merged = (await repo.update(tx, id, {
          phones,
          emails: uniq(all.flatMap((r) => r.emails)),
          accountNumbers: uniq(all.flatMap((r) => r.accountNumbers)),
          tags: uniq(all.flatMap((r) => r.tags)),
          products,
          notes: all.flatMap((r) => r.notes).sort((a, b) => a.at.localeCompare(b.at)),
          idNumberEnc: withId?.idNumberEnc ?? null,
          idNumberHmac: withId?.idNumberHmac ?? null,
          preferredAgentId: all.find((r) => r.preferredAgentId)?.preferredAgentId ?? null,
          customFields: customFieldsMerged,
          updatedAt: clock.now(),
        }))!;
        for (const r of rows) await repo.update(tx, r.id, { mergedInto: id, phones: [], updatedAt: clock.now() });
        await repo.repointTimeline(tx, others, id);
        await audit.append(tx, actor, {
          action: 'crm.customer.merged',
          entityType: 'customer',
          entityId: id,
          details: { from: others, names: rows.map((r) => r.name) },
        });
        await bus.stage(tx, 'crm.customer.merged', { customerId: id, from: others });
        await bus.stage(tx, 'crm.customer.updated', changed(merged));
        return merged;
      });
      return viewOf(row, actor, hidden);
    },
  };
  return service;
}
export type CustomersService = ReturnType<typeof createCustomersService>;
