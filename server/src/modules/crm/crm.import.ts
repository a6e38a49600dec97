import {
  CHANNELS,
  type Consent,
  CUSTOMER_KINDS,
  CUSTOMER_TIERS,
  type CustomFieldValue,
  type ImportJob,
  LANGUAGES,
  type Note,
  type Phone,
} from '../../../../contracts/crm';
import type { Actor, AuditLog } from '../../platform/audit';
import type { EventBus } from '../../platform/bus';
import type { Clock } from '../../platform/clock';
import type { Database, Tx } from '../../platform/db';
import type { IdGenerator } from '../../platform/ids';
import type { Logger } from '../../platform/logger';
import type { IdNumberCipher } from './crm.crypto';
import { importInvalid, importNotFound, importUnreadable } from './crm.errors';
import { checkCustomFields } from './crm.fields';
import { boolCell, type Column, columnsOf, listCell, readSheet } from './crm.import-parse';
import type { CrmRepo, CustomerRow, NewCustomerRow } from './crm.repo';
import { uniq } from './crm.service';
import { toE164 } from './domain/phone';

type Issue = ImportJob['issues'][number];

/** One valid row: only the cells that were filled (an empty cell never clears an existing value). */
type Draft = {
  row: number;
  kind?: string;
  name: string;
  phones: Phone[];
  emails: string[];
  accountNumbers: string[];
  idNumber?: string;
  tags: string[];
  tier?: string;
  preferredLanguage?: string;
  preferredChannel?: string;
  consent: Partial<Consent>;
  note?: string;
  customFields: Record<string, CustomFieldValue>;
};

const MAX_ISSUES = 1000;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const CHUNK = 2000;

export type ImportDeps = {
  db: Database;
  repo: CrmRepo;
  bus: EventBus;
  audit: AuditLog;
  clock: Clock;
  ids: IdGenerator;
  cipher: IdNumberCipher;
  log: Logger;
};

/**
 * Customer imports (docs/crm.md, "Import"): every row is validated before anything is written; all
 * rows are written in one transaction with multi-row inserts. A row whose phone matches a customer
 * (or an earlier row) updates that customer instead of adding a duplicate. Jobs live in this
 * process's memory (the last 50), which is enough to follow an upload to its end.
 */
export function createImportService(deps: ImportDeps) {
  const { db, repo, bus, audit, clock, ids, cipher, log } = deps;
  const jobs = new Map<string, ImportJob>();

  function validate(header: string[], rows: string[][], defs: Awaited<ReturnType<CrmRepo['customFields']>>) {
    const issues: Issue[] = [];
    const drafts: Draft[] = [];
    const columns = columnsOf(header);
    columns.forEach((c, i) => {
      if (!c) issues.push({ row: 1, column: header[i] ?? '', message: 'unknown column' });
      else if (c.kind === 'custom' && !defs.some((d) => d.key === c.key)) {
        issues.push({ row: 1, column: header[i]!, message: 'no such custom field' });
      }
    });
    if (!columns.some((c) => c?.kind === 'field' && c.field === 'name')) {
      issues.push({ row: 1, column: 'name', message: 'the name column is missing' });
    }
    if (issues.length > 0) return { issues, drafts, headerFailed: true };
    rows.forEach((cells, i) => {
      const row = i + 2;
      const rowIssues: Issue[] = [];
      const bad = (column: string, message: string) => rowIssues.push({ row, column, message });
      const d: Draft = {
        row,
        name: '',
        phones: [],
        emails: [],
        accountNumbers: [],
        tags: [],
        consent: {},
        customFields: {},
      };
      const custom: Record<string, string> = {};
      columns.forEach((c, ci) => {
        const v = (cells[ci] ?? '').trim();
        if (!c || v === '') return;
        if (c.kind === 'custom') {
          custom[c.key] = v;
          return;
        }
        const col = c.field;
        switch (col) {
          case 'kind':
          case 'tier':
          case 'preferredLanguage':
          case 'preferredChannel': {
            const allowed: readonly string[] =
              col === 'kind'
                ? CUSTOMER_KINDS
                : col === 'tier'
                  ? CUSTOMER_TIERS
                  : col === 'preferredLanguage'
                    ? LANGUAGES
                    : CHANNELS;
            if (allowed.includes(v)) d[col] = v;
            else bad(col, `one of ${allowed.join(', ')}`);
            break;
          }
          case 'name':
            if (v.length > 200) bad(col, 'at most 200 characters');
            d.name = v;
            break;
          case 'phones':
            for (const p of listCell(v)) {
              const e164 = toE164(p);
              if (!e164) bad(col, `not a phone number: ${p}`);
              else if (!d.phones.some((x) => x.e164 === e164)) d.phones.push({ number: p, e164 });
            }
            break;
          case 'emails':
            for (const e of listCell(v)) {
              if (!EMAIL.test(e) || e.length > 200) bad(col, `not an e-mail address: ${e}`);
              else d.emails.push(e.toLowerCase());
            }
            break;
          case 'accountNumbers':
            d.accountNumbers = listCell(v);
            break;
          case 'tags':
            d.tags = listCell(v);
            if (d.tags.some((t) => t.length > 30)) bad(col, 'a tag of at most 30 characters');
            break;
          case 'idNumber':
            if (v.length > 40) bad(col, 'at most 40 characters');
            d.idNumber = v;
            break;
          case 'note':
            d.note = v;
            break;
          case 'consentMarketingCalls':
          case 'consentSms':
          case 'consentEmail': {
            const b = boolCell(v);
            const key = col === 'consentMarketingCalls' ? 'marketingCalls' : col === 'consentSms' ? 'sms' : 'email';
            if (b === 'bad') bad(col, 'true or false');
            else if (b !== undefined) d.consent[key] = b;
            break;
          }
        }
      });
      if (!d.name) bad('name', 'required');
      const cf = checkCustomFields(defs, custom, true, 'cf');
      for (const f of cf.issues) bad(f.path.replace(/^cf\./, 'cf.'), f.message);
      d.customFields = cf.values;
      if (rowIssues.length > 0) issues.push(...rowIssues);
      else drafts.push(d);
    });
    return { issues, drafts, headerFailed: false };
  }

  /** Folds rows that share a phone into the first of them (the file's own duplicates). */
  function fold(drafts: Draft[]): Draft[] {
    const byPhone = new Map<string, Draft>();
    const out: Draft[] = [];
    for (const d of drafts) {
      const first = d.phones.map((p) => byPhone.get(p.e164)).find(Boolean);
      if (first) {
        mergeDraft(first, d);
        for (const p of first.phones) byPhone.set(p.e164, first);
        continue;
      }
      out.push(d);
      for (const p of d.phones) byPhone.set(p.e164, d);
    }
    return out;
  }

  const note = (d: Draft, actor: Actor): Note[] =>
    d.note ? [{ text: d.note, at: clock.now().toISOString(), by: actor.name }] : [];

  async function write(tx: Tx, job: ImportJob, drafts: Draft[], actor: Actor) {
    const existing = new Map<string, CustomerRow>();
    const e164s = uniq(drafts.flatMap((d) => d.phones.map((p) => p.e164)));
    for (let i = 0; i < e164s.length; i += 5000) {
      // Oldest first: a number several customers share updates the first of them.
      // Locked: the rows are rewritten whole from these copies, so an agent's edit during the import
      // waits for it instead of being overwritten by it.
      for (const r of await repo.byPhones(tx, e164s.slice(i, i + 5000), true)) {
        for (const p of r.phones) if (!existing.has(p.e164)) existing.set(p.e164, r);
      }
    }
    const now = clock.now();
    const fresh: NewCustomerRow[] = [];
    // Customers as this file leaves them: two rows may update one customer (by different numbers).
    const updated = new Map<string, CustomerRow>();
    for (const d of drafts) {
      const match = d.phones.map((p) => existing.get(p.e164)).find(Boolean);
      if (match) {
        const current = updated.get(match.id) ?? match;
        updated.set(match.id, { ...current, ...updateOf(current, d, actor, now) } as CustomerRow);
        job.updated++;
        continue;
      }
      fresh.push({
        id: ids.next(),
        kind: d.kind ?? 'person',
        name: d.name,
        phones: d.phones,
        emails: uniq(d.emails),
        accountNumbers: uniq(d.accountNumbers),
        idNumberEnc: d.idNumber ? cipher.encrypt(d.idNumber) : null,
        idNumberHmac: d.idNumber ? cipher.hmac(d.idNumber) : null,
        products: [],
        tags: uniq(d.tags),
        tier: d.tier ?? 'standard',
        preferredLanguage: d.preferredLanguage ?? null,
        preferredChannel: d.preferredChannel ?? null,
        consent: { marketingCalls: false, sms: false, email: false, ...d.consent },
        notes: note(d, actor),
        customFields: d.customFields,
        mergedInto: null,
        createdAt: now,
        updatedAt: now,
      });
    }
    const changed = [...updated.values()];
    for (let i = 0; i < changed.length; i += CHUNK) {
      const chunk = changed.slice(i, i + CHUNK);
      await repo.updateMany(tx, chunk);
    }
    job.processed += job.updated;
    for (let i = 0; i < fresh.length; i += CHUNK) {
      const chunk = fresh.slice(i, i + CHUNK);
      await repo.insertMany(tx, chunk);
      job.created += chunk.length;
      job.processed += chunk.length;
    }
    await audit.append(tx, actor, {
      action: 'crm.customer.imported',
      details: { jobId: job.id, rows: job.rows, created: job.created, updated: job.updated, skipped: job.skipped },
    });
    await bus.stage(tx, 'crm.customers.imported', { jobId: job.id, created: job.created, updated: job.updated });
  }

  function updateOf(r: CustomerRow, d: Draft, actor: Actor, now: Date): Partial<NewCustomerRow> {
    const phones = [...r.phones];
    for (const p of d.phones) if (!phones.some((x) => x.e164 === p.e164)) phones.push(p);
    return {
      name: d.name,
      ...(d.kind ? { kind: d.kind } : {}),
      ...(d.tier ? { tier: d.tier } : {}),
      ...(d.preferredLanguage ? { preferredLanguage: d.preferredLanguage } : {}),
      ...(d.preferredChannel ? { preferredChannel: d.preferredChannel } : {}),
      ...(d.idNumber ? { idNumberEnc: cipher.encrypt(d.idNumber), idNumberHmac: cipher.hmac(d.idNumber) } : {}),
      phones,
      emails: uniq([...r.emails, ...d.emails]),
      accountNumbers: uniq([...r.accountNumbers, ...d.accountNumbers]),
      tags: uniq([...r.tags, ...d.tags]),
      consent: { ...r.consent, ...d.consent },
      notes: [...r.notes, ...note(d, actor)],
      customFields: { ...r.customFields, ...d.customFields },
      updatedAt: now,
    };
  }

  function remember(job: ImportJob) {
    jobs.set(job.id, job);
    for (const id of jobs.keys()) {
      if (jobs.size <= 50) break;
      jobs.delete(id);
    }
  }

  return {
    /**
     * Validates the upload now (a failure without `partial` throws CRM.IMPORT_INVALID and writes
     * nothing), then writes in the background: `done` settles when the job has finished.
     */
    async start(
      body: Buffer,
      opts: { partial: boolean },
      actor: Actor,
    ): Promise<{ job: ImportJob; done: Promise<ImportJob> }> {
      if (body.length === 0) throw importUnreadable('the upload is empty');
      const { header, rows } = await readSheet(body);
      if (rows.length === 0) throw importUnreadable('no data rows');
      const { issues, drafts, headerFailed } = validate(header, rows, await repo.customFields(db));
      if (issues.length > 0 && (!opts.partial || headerFailed))
        throw importInvalid(issues.slice(0, MAX_ISSUES), rows.length);
      const job: ImportJob = {
        id: ids.next(),
        state: 'writing',
        partial: opts.partial,
        rows: rows.length,
        processed: 0,
        created: 0,
        updated: 0,
        skipped: rows.length - drafts.length,
        issues: issues.slice(0, MAX_ISSUES),
        startedAt: clock.now().toISOString(),
        finishedAt: null,
      };
      remember(job);
      const folded = fold(drafts);
      // Rows folded into an earlier one count as updates of it.
      const foldedAway = drafts.length - folded.length;
      const done = bus
        .transaction((tx) => write(tx, job, folded, actor))
        .then(() => {
          job.updated += foldedAway;
          job.processed += foldedAway;
          job.state = 'done';
          return job;
        })
        .catch((err: unknown) => {
          log.error({ err, jobId: job.id }, 'crm import failed; nothing was written');
          Object.assign(job, { state: 'failed', created: 0, updated: 0, processed: 0 });
          job.issues.push({ row: 0, column: '', message: 'the import failed on the server; nothing was written' });
          return job;
        })
        .finally(() => {
          job.finishedAt = clock.now().toISOString();
        });
      return { job: { ...job }, done };
    },

    get(id: string): ImportJob {
      const job = jobs.get(id);
      if (!job) throw importNotFound(id);
      return { ...job, issues: [...job.issues] };
    },
  };
}
export type ImportService = ReturnType<typeof createImportService>;

function mergeDraft(into: Draft, d: Draft) {
  into.name = d.name;
  for (const k of ['kind', 'tier', 'preferredLanguage', 'preferredChannel', 'idNumber'] as const)
    if (d[k]) into[k] = d[k];
  for (const p of d.phones) if (!into.phones.some((x) => x.e164 === p.e164)) into.phones.push(p);
  into.emails = uniq([...into.emails, ...d.emails]);
  into.accountNumbers = uniq([...into.accountNumbers, ...d.accountNumbers]);
  into.tags = uniq([...into.tags, ...d.tags]);
  into.consent = { ...into.consent, ...d.consent };
  into.customFields = { ...into.customFields, ...d.customFields };
  if (d.note) into.note = into.note ? `${into.note}\n${d.note}` : d.note;
}

export type { Column };
