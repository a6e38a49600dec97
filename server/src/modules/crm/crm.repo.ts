import { and, asc, count, desc, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db';
import {
  crmCustomerPhones,
  crmCustomers,
  crmCustomFields,
  crmSettings,
  crmTimeline,
  crmVerifications,
} from './crm.schema';

export type CustomerRow = typeof crmCustomers.$inferSelect;
export type NewCustomerRow = typeof crmCustomers.$inferInsert;
export type CustomFieldRow = typeof crmCustomFields.$inferSelect;
export type TimelineRow = typeof crmTimeline.$inferSelect;
export type VerificationRow = typeof crmVerifications.$inferSelect;

export type CustomerSearch = {
  phoneKey?: string;
  email?: string;
  /** Name or account number (a part, any case); `qDigits` a part of a phone number. */
  q?: string;
  qDigits?: string;
  tag?: string;
  idNumberHmac?: string;
  page: number;
  pageSize: number;
};

/** Parameters per statement stay far below PostgreSQL's 65,535 at this batch size. */
const BATCH = 1000;

const phoneRows = (rows: Array<{ id: string; phones: Array<{ e164: string }> }>) => {
  const out = new Map<string, { customerId: string; e164: string }>();
  for (const r of rows) for (const p of r.phones) out.set(`${r.id} ${p.e164}`, { customerId: r.id, e164: p.e164 });
  return [...out.values()];
};

/** A customer row as jsonb_to_recordset reads it back (`RECORD`): snake_case columns, ISO times. */
const asJson = (r: NewCustomerRow) => ({
  id: r.id,
  kind: r.kind,
  name: r.name,
  phones: r.phones,
  emails: r.emails,
  account_numbers: r.accountNumbers,
  id_number_enc: r.idNumberEnc ?? null,
  id_number_hmac: r.idNumberHmac ?? null,
  products: r.products,
  tags: r.tags,
  tier: r.tier,
  preferred_language: r.preferredLanguage ?? null,
  preferred_channel: r.preferredChannel ?? null,
  consent: r.consent,
  notes: r.notes,
  custom_fields: r.customFields,
  merged_into: r.mergedInto ?? null,
  created_at: r.createdAt.toISOString(),
  updated_at: r.updatedAt.toISOString(),
});
const RECORD = sql.raw(`v(id uuid, kind text, name text, phones jsonb, emails text[], account_numbers text[],
  id_number_enc text, id_number_hmac text, products jsonb, tags text[], tier text, preferred_language text,
  preferred_channel text, consent jsonb, notes jsonb, custom_fields jsonb, merged_into uuid,
  created_at timestamptz, updated_at timestamptz)`);

export function createCrmRepo() {
  async function writePhones(db: DbOrTx, rows: Array<{ id: string; phones: Array<{ e164: string }> }>) {
    const phones = phoneRows(rows);
    // One JSON parameter a statement however many numbers (bind parameters cost more per value).
    for (let i = 0; i < phones.length; i += 10 * BATCH) {
      const doc = JSON.stringify(phones.slice(i, i + 10 * BATCH).map((p) => [p.customerId, p.e164]));
      await db.execute(sql`
        insert into ${crmCustomerPhones} (customer_id, e164)
        select (x->>0)::uuid, x->>1 from jsonb_array_elements(${doc}::jsonb) x
        on conflict do nothing`);
    }
  }

  return {
    async insert(db: DbOrTx, row: NewCustomerRow): Promise<CustomerRow> {
      const [r] = await db.insert(crmCustomers).values(row).returning();
      await writePhones(db, [r!]);
      return r!;
    },

    /**
     * Many new customers (imports), 1,000 a statement as one JSON parameter: far cheaper to send than
     * 20 bind parameters a row.
     */
    async insertMany(db: DbOrTx, rows: NewCustomerRow[]): Promise<void> {
      for (let i = 0; i < rows.length; i += BATCH) {
        const doc = JSON.stringify(rows.slice(i, i + BATCH).map(asJson));
        await db.execute(sql`
          insert into ${crmCustomers} (id, kind, name, phones, emails, account_numbers, id_number_enc, id_number_hmac,
            products, tags, tier, preferred_language, preferred_channel, consent, notes, custom_fields, merged_into,
            created_at, updated_at)
          select id, kind, name, phones, emails, account_numbers, id_number_enc, id_number_hmac, products, tags, tier,
            preferred_language, preferred_channel, consent, notes, custom_fields, merged_into, created_at, updated_at
          from jsonb_to_recordset(${doc}::jsonb) as ${RECORD}`);
      }
      await writePhones(db, rows);
    },

    /**
     * Rewrites many whole customers in one statement per batch (an import's updates): the rows travel
     * as one JSON document, unpacked by jsonb_to_recordset. The phone index follows.
     */
    async updateMany(db: DbOrTx, rows: CustomerRow[]): Promise<void> {
      for (let i = 0; i < rows.length; i += BATCH) {
        const chunk = rows.slice(i, i + BATCH);
        const doc = JSON.stringify(chunk.map(asJson));
        await db.execute(sql`
          update ${crmCustomers} c set kind = v.kind, name = v.name, phones = v.phones, emails = v.emails,
            account_numbers = v.account_numbers, id_number_enc = v.id_number_enc, id_number_hmac = v.id_number_hmac,
            tags = v.tags, tier = v.tier, preferred_language = v.preferred_language,
            preferred_channel = v.preferred_channel, consent = v.consent, notes = v.notes,
            custom_fields = v.custom_fields, updated_at = v.updated_at
          from jsonb_to_recordset(${doc}::jsonb) as ${RECORD}
          where c.id = v.id`);
        await db.delete(crmCustomerPhones).where(
          inArray(
            crmCustomerPhones.customerId,
            chunk.map((r) => r.id),
          ),
        );
      }
      await writePhones(db, rows);
    },

    /** Rewrites a customer; the phone index follows its `phones`. */
    async update(db: DbOrTx, id: string, patch: Partial<NewCustomerRow>): Promise<CustomerRow | undefined> {
      const [r] = await db.update(crmCustomers).set(patch).where(eq(crmCustomers.id, id)).returning();
      if (r && patch.phones) {
        await db.delete(crmCustomerPhones).where(eq(crmCustomerPhones.customerId, id));
        await writePhones(db, [r]);
      }
      return r;
    },

    async find(db: DbOrTx, id: string, lock = false): Promise<CustomerRow | undefined> {
      const q = db.select().from(crmCustomers).where(eq(crmCustomers.id, id));
      const [r] = lock ? await q.for('update') : await q;
      return r;
    },

    async findMany(db: DbOrTx, ids: string[]): Promise<CustomerRow[]> {
      if (ids.length === 0) return [];
      return db.select().from(crmCustomers).where(inArray(crmCustomers.id, ids));
    },

    /** The customers merged into this one (their `mergedInto`). */
    async mergedInto(db: DbOrTx, id: string): Promise<string[]> {
      const rows = await db.select({ id: crmCustomers.id }).from(crmCustomers).where(eq(crmCustomers.mergedInto, id));
      return rows.map((r) => r.id);
    },

    async remove(db: DbOrTx, id: string): Promise<void> {
      await db.delete(crmTimeline).where(eq(crmTimeline.customerId, id));
      await db.delete(crmVerifications).where(eq(crmVerifications.customerId, id));
      await db.delete(crmCustomers).where(eq(crmCustomers.id, id));
    },

    /** Live (not merged) customers holding any of these numbers, oldest first. */
    /** With `lock`, the rows stay locked until the transaction ends (an import rewrites them whole). */
    async byPhones(db: DbOrTx, e164s: string[], lock = false): Promise<CustomerRow[]> {
      if (e164s.length === 0) return [];
      const ids = db
        .selectDistinct({ id: crmCustomerPhones.customerId })
        .from(crmCustomerPhones)
        .where(inArray(crmCustomerPhones.e164, e164s));
      const q = db
        .select()
        .from(crmCustomers)
        .where(and(inArray(crmCustomers.id, ids), isNull(crmCustomers.mergedInto)))
        .orderBy(asc(crmCustomers.createdAt), asc(crmCustomers.id));
      return lock ? q.for('update') : q;
    },

    async byEmail(db: DbOrTx, email: string): Promise<CustomerRow[]> {
      return db
        .select()
        .from(crmCustomers)
        .where(and(sql`${crmCustomers.emails} @> array[${email}]::text[]`, isNull(crmCustomers.mergedInto)))
        .orderBy(asc(crmCustomers.createdAt));
    },

    async search(db: DbOrTx, s: CustomerSearch): Promise<{ rows: CustomerRow[]; total: number }> {
      const where: SQL[] = [isNull(crmCustomers.mergedInto)];
      if (s.phoneKey) {
        where.push(
          sql`exists (select 1 from ${crmCustomerPhones} p where p.customer_id = ${crmCustomers.id} and p.e164 = ${s.phoneKey})`,
        );
      }
      if (s.email) where.push(sql`${crmCustomers.emails} @> array[${s.email}]::text[]`);
      if (s.idNumberHmac) where.push(eq(crmCustomers.idNumberHmac, s.idNumberHmac));
      if (s.tag) where.push(sql`${crmCustomers.tags} @> array[${s.tag}]::text[]`);
      if (s.q) {
        const like = `%${s.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        const any: SQL[] = [
          sql`${crmCustomers.name} ilike ${like}`,
          sql`exists (select 1 from unnest(${crmCustomers.accountNumbers}) a where a ilike ${like})`,
        ];
        if (s.qDigits && s.qDigits.length >= 3) {
          any.push(
            sql`exists (select 1 from ${crmCustomerPhones} p where p.customer_id = ${crmCustomers.id} and p.e164 like ${`%${s.qDigits}%`})`,
          );
        }
        where.push(sql`(${sql.join(any, sql` or `)})`);
      }
      const cond = and(...where);
      const [rows, [total]] = await Promise.all([
        db
          .select()
          .from(crmCustomers)
          .where(cond)
          .orderBy(desc(crmCustomers.updatedAt), desc(crmCustomers.id))
          .limit(s.pageSize)
          .offset((s.page - 1) * s.pageSize),
        db.select({ n: count() }).from(crmCustomers).where(cond),
      ]);
      return { rows, total: total?.n ?? 0 };
    },

    async all(db: DbOrTx, afterId: string | null, limit: number): Promise<CustomerRow[]> {
      return db
        .select()
        .from(crmCustomers)
        .where(and(isNull(crmCustomers.mergedInto), afterId ? sql`${crmCustomers.id} > ${afterId}` : undefined))
        .orderBy(asc(crmCustomers.id))
        .limit(limit);
    },

    // Custom fields
    async customFields(db: DbOrTx): Promise<CustomFieldRow[]> {
      return db.select().from(crmCustomFields).orderBy(asc(crmCustomFields.createdAt));
    },
    async insertCustomField(db: DbOrTx, row: CustomFieldRow): Promise<CustomFieldRow> {
      const [r] = await db.insert(crmCustomFields).values(row).returning();
      return r!;
    },
    async updateCustomField(
      db: DbOrTx,
      id: string,
      patch: Partial<CustomFieldRow>,
    ): Promise<CustomFieldRow | undefined> {
      const [r] = await db.update(crmCustomFields).set(patch).where(eq(crmCustomFields.id, id)).returning();
      return r;
    },
    async deleteCustomField(db: DbOrTx, id: string): Promise<CustomFieldRow | undefined> {
      const [r] = await db.delete(crmCustomFields).where(eq(crmCustomFields.id, id)).returning();
      return r;
    },

    // Verifications
    async insertVerification(db: DbOrTx, row: VerificationRow): Promise<void> {
      await db.insert(crmVerifications).values(row);
    },
    /**
     * Of `customerIds`, those whose latest check on one of `contactIds` passed, each with that contact
     * (the last check of a caller on a contact decides: a failed retry after a pass un-verifies).
     */
    async passedVerifications(
      db: DbOrTx,
      customerIds: readonly string[],
      contactIds: readonly string[],
    ): Promise<Map<string, string>> {
      if (!customerIds.length || !contactIds.length) return new Map();
      const rows = await db
        .selectDistinctOn([crmVerifications.customerId, crmVerifications.contactId], {
          customerId: crmVerifications.customerId,
          contactId: crmVerifications.contactId,
          result: crmVerifications.result,
        })
        .from(crmVerifications)
        .where(
          and(
            inArray(crmVerifications.customerId, [...customerIds]),
            inArray(crmVerifications.contactId, [...contactIds]),
          ),
        )
        .orderBy(
          crmVerifications.customerId,
          crmVerifications.contactId,
          desc(crmVerifications.at),
          desc(crmVerifications.id),
        );
      const out = new Map<string, string>();
      for (const r of rows) if (r.result === 'passed' && r.contactId) out.set(r.customerId, r.contactId);
      return out;
    },

    // Settings
    async setting<T>(db: DbOrTx, key: string): Promise<T | undefined> {
      const [r] = await db.select().from(crmSettings).where(eq(crmSettings.key, key));
      return r?.value as T | undefined;
    },
    async putSetting(db: DbOrTx, key: string, value: unknown): Promise<void> {
      await db
        .insert(crmSettings)
        .values({ key, value })
        .onConflictDoUpdate({ target: crmSettings.key, set: { value } });
    },

    // Timeline
    /** Idempotent per (source, customer): a redelivered event adds nothing. */
    async insertTimeline(db: DbOrTx, rows: TimelineRow[]): Promise<void> {
      if (rows.length > 0) await db.insert(crmTimeline).values(rows).onConflictDoNothing();
    },
    async timeline(
      db: DbOrTx,
      customerId: string,
      q: { kind?: string; page: number; pageSize: number },
    ): Promise<{ rows: TimelineRow[]; total: number }> {
      const cond = and(eq(crmTimeline.customerId, customerId), q.kind ? eq(crmTimeline.kind, q.kind) : undefined);
      const [rows, [total]] = await Promise.all([
        db
          .select()
          .from(crmTimeline)
          .where(cond)
          .orderBy(desc(crmTimeline.at), desc(crmTimeline.id))
          .limit(q.pageSize)
          .offset((q.page - 1) * q.pageSize),
        db.select({ n: count() }).from(crmTimeline).where(cond),
      ]);
      return { rows, total: total?.n ?? 0 };
    },
    /** A merge moves the merged customers' history to the one kept. */
    async repointTimeline(db: DbOrTx, from: string[], to: string): Promise<void> {
      // A source already on `to` (the same call matched both customers by a shared number) is dropped.
      await db.execute(sql`
        delete from ${crmTimeline} t where t.customer_id in ${from}
          and exists (select 1 from ${crmTimeline} k where k.customer_id = ${to} and k.source = t.source)`);
      await db.update(crmTimeline).set({ customerId: to }).where(inArray(crmTimeline.customerId, from));
      await db.update(crmVerifications).set({ customerId: to }).where(inArray(crmVerifications.customerId, from));
    },
  };
}
export type CrmRepo = ReturnType<typeof createCrmRepo>;
