import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import {
  CONTACT_IMPORT_COLUMNS,
  type ContactImportColumn,
  type ContactImportIssue,
  type ContactImportReport,
  type JobProgress,
} from '../../../../contracts/jobs';
import type { Actor } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db';
import type { Jobs } from '../../platform/jobs';
import type { Logger } from '../../platform/logger';
import {
  checkRow,
  type ImportRow,
  importedContactId,
  legOfImported,
  nextContacts,
  phoneE164,
  type RawRow,
  stableUuid,
} from './domain/import-row';
import { importUnreadable } from './reporting.errors';
import type { ImportedLeg, ImportRepo } from './reporting.import-repo';
import type { ReportingRepo } from './reporting.repo';

/** A file to import: CSV with a header row, or JSON lines (one object per line, the same keys). */
export type ImportSource = { format: 'csv' | 'ndjson'; stream: Readable; bytes?: number };
export type ImportOptions = { partial: boolean };
export type ImportProgress = Required<Pick<JobProgress, 'phase'>> & JobProgress;

const MAX_ISSUES = 1000;
const CHUNK = 5000;
const REQUIRED: readonly ContactImportColumn[] = ['externalId', 'channel', 'queue', 'enteredQueueAt', 'endedAt'];
/** Thresholds of a queue only the imported history names (DOMAIN.md defaults). */
const DEFAULT_THRESHOLDS = { serviceLevelSeconds: 20, shortAbandonSeconds: 5, fcrWindowHours: 168 };
/** Reading is this share of the progress bar; writing the rest. */
const READ_SHARE = 40;

/** An upload held in memory as a stream of 1 MiB slices (so reading it reports progress). */
export function bufferSource(body: Buffer, format: ImportSource['format']): ImportSource {
  const slices = function* () {
    for (let i = 0; i < body.length; i += 1 << 20) yield body.subarray(i, i + (1 << 20));
  };
  return { format, stream: Readable.from(slices(), { objectMode: false }), bytes: body.length };
}

/** The columns of a header row; throws for an unknown or a missing required column. */
export function columnsOfHeader(header: readonly string[]): ContactImportColumn[] {
  const cols = header.map((h) => h.trim());
  const unknown = cols.filter((c) => !(CONTACT_IMPORT_COLUMNS as readonly string[]).includes(c));
  if (unknown.length > 0) throw importUnreadable(`unknown columns: ${unknown.join(', ')}`);
  const missing = REQUIRED.filter((c) => !cols.includes(c));
  if (missing.length > 0) throw importUnreadable(`missing columns: ${missing.join(', ')}`);
  return cols as ContactImportColumn[];
}

/** Checks the start of an upload before a job is started for it: a header we know, or a JSON object. */
export function checkUploadStart(body: Buffer, format: ImportSource['format']): void {
  const head = body
    .subarray(0, 64 * 1024)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  const first = head.split(/\r?\n/).find((l) => l.trim() !== '');
  if (first === undefined) throw importUnreadable('the file is empty');
  if (format === 'csv') {
    columnsOfHeader(first.split(',').map((c) => c.replace(/^"|"$/g, '')));
    return;
  }
  let o: unknown;
  try {
    o = JSON.parse(first);
  } catch {
    throw importUnreadable('the first line is not a JSON object');
  }
  if (!o || typeof o !== 'object' || Array.isArray(o)) throw importUnreadable('the first line is not a JSON object');
}

/** Rows of a source with their numbers as a person finds them (CSV: the header is row 1; JSON lines: the line). */
async function* rowsOf(source: ImportSource): AsyncGenerator<{ row: number; raw: RawRow }> {
  if (source.format === 'csv') {
    const parser = source.stream.pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true }));
    let columns: ContactImportColumn[] | null = null;
    let row = 1;
    for await (const cells of parser as AsyncIterable<string[]>) {
      if (!columns) {
        columns = columnsOfHeader(cells);
        continue;
      }
      row++;
      const raw: RawRow = {};
      for (let i = 0; i < columns.length; i++) raw[columns[i]!] = cells[i];
      yield { row, raw };
    }
    if (!columns) throw importUnreadable('no header row');
    return;
  }
  let line = 0;
  for await (const text of createInterface({ input: source.stream, crlfDelay: Number.POSITIVE_INFINITY })) {
    line++;
    const t = line === 1 ? text.replace(/^\uFEFF/, '') : text;
    if (t.trim() === '') continue;
    let o: unknown;
    try {
      o = JSON.parse(t);
    } catch {
      yield { row: line, raw: { externalId: '\u0000json' } };
      continue;
    }
    const raw: RawRow = {};
    if (o && typeof o === 'object' && !Array.isArray(o)) {
      for (const [k, v] of Object.entries(o)) {
        if ((CONTACT_IMPORT_COLUMNS as readonly string[]).includes(k) && v !== null && v !== undefined) {
          raw[k as ContactImportColumn] = String(v);
        }
      }
    } else raw.externalId = '\u0000json';
    yield { row: line, raw };
  }
}

/**
 * Historical contacts from another system into the read model (issue 14, docs/reports.md
 * "Import"): every row is checked first; with problems and without `partial` nothing is written.
 * The rows are written in ONE transaction (a failure or a crash leaves no half-import: the job is
 * failed, and a restart fails a job it cut off), in chunks through unnest(). Imported rows are
 * `source = 'import'` legs, their own roots, so every KPI counts them and a rebuild keeps them.
 */
export function createContactImport(deps: {
  db: Database;
  repo: ReportingRepo;
  importRepo: ImportRepo;
  jobs: Jobs;
  clock: Clock;
  log: Logger;
}) {
  const { db, repo, importRepo, clock } = deps;

  async function run(
    source: ImportSource,
    opts: ImportOptions,
    onProgress: (p: ImportProgress) => void = () => {},
  ): Promise<ContactImportReport> {
    const t0 = performance.now();
    const issues: ContactImportIssue[] = [];
    let issueCount = 0;
    let rows = 0;
    let rejected = 0;
    let bytesRead = 0;
    source.stream.on('data', (chunk: Buffer) => {
      bytesRead += chunk.length;
    });
    const phones = new Map<string, string | null>();
    const phone = (s: string) => {
      let e = phones.get(s);
      if (e === undefined) {
        e = phoneE164(s);
        if (phones.size < 200_000) phones.set(s, e);
      }
      return e;
    };
    const seen = new Map<string, number>();
    const valid: ImportRow[] = [];
    const note = (list: ContactImportIssue[]) => {
      issueCount += list.length;
      for (const i of list) if (issues.length < MAX_ISSUES) issues.push(i);
    };
    const reading = () =>
      onProgress({
        phase: 'validating',
        percent: source.bytes ? Math.min(READ_SHARE, (READ_SHARE * bytesRead) / source.bytes) : 0,
        rowsDone: rows,
        errors: issueCount,
      });

    for await (const { row, raw } of rowsOf(source)) {
      rows++;
      if (rows % 2000 === 0) reading();
      if (raw.externalId === '\u0000json') {
        note([{ row, column: '', message: 'not a JSON object' }]);
        rejected++;
        continue;
      }
      const c = checkRow(raw, row, phone);
      if (!c.ok) {
        note(c.issues);
        rejected++;
        continue;
      }
      const first = seen.get(c.value.externalId);
      if (first !== undefined) {
        note([{ row, column: 'externalId', message: `the same externalId as row ${first}` }]);
        rejected++;
        continue;
      }
      seen.set(c.value.externalId, row);
      valid.push(c.value);
    }
    seen.clear();
    const report: ContactImportReport = {
      partial: opts.partial,
      rows,
      applied: 0,
      created: 0,
      updated: 0,
      unchanged: 0,
      rejected,
      issueCount,
      issues: issues.sort((a, b) => a.row - b.row),
      createdQueues: [],
      createdAgents: [],
      seconds: 0,
    };
    const done = () => ({ ...report, seconds: Math.round((performance.now() - t0) / 100) / 10 });
    const writing = (written: number) =>
      onProgress({
        phase: 'writing',
        percent: READ_SHARE + ((100 - READ_SHARE) * written) / Math.max(1, valid.length),
        rowsDone: rejected + written,
        rowsTotal: rows,
        errors: issueCount,
      });
    if ((issueCount > 0 && !opts.partial) || valid.length === 0) {
      onProgress({ phase: 'validating', percent: 100, rowsDone: rows, rowsTotal: rows, errors: issueCount });
      return done();
    }
    writing(0);

    await db.transaction(async (tx) => {
      const now = clock.now();
      // Queues by key, else by name; a name nobody knows becomes an inactive queue.
      const queues = await repo.queues(tx);
      const byKey = new Map(queues.map((q) => [q.key, q.id]));
      const byName = new Map(queues.map((q) => [q.name, q.id]));
      const queueOf = new Map<string, string>();
      const newQueues: Parameters<ReportingRepo['upsertQueues']>[1][number][] = [];
      for (const r of valid) {
        if (queueOf.has(r.queue)) continue;
        let id = byKey.get(r.queue) ?? byName.get(r.queue);
        if (!id) {
          id = stableUuid('queue', r.queue);
          newQueues.push({ id, key: r.queue, name: r.queue, active: false, ...DEFAULT_THRESHOLDS });
        }
        queueOf.set(r.queue, id);
      }
      await repo.upsertQueues(tx, newQueues);
      const agents = await repo.agents(tx);
      const byUsername = new Map(agents.map((a) => [a.username, a.id]));
      const agentOf = new Map<string, string>();
      const newAgents: Parameters<ReportingRepo['upsertAgents']>[1][number][] = [];
      for (const r of valid) {
        if (!r.agent || agentOf.has(r.agent)) continue;
        let id = byUsername.get(r.agent);
        if (!id) {
          id = stableUuid('agent', r.agent);
          newAgents.push({ id, username: r.agent, displayName: r.agent, teamId: null, active: false });
        }
        agentOf.set(r.agent, id);
      }
      await repo.upsertAgents(tx, newAgents);
      report.createdQueues = newQueues.map((q) => q.name).sort();
      report.createdAgents = newAgents.map((a) => a.username).sort();

      // FCR: each chain's next contact among the imported rows and the customers' stored chains,
      // written with the rows (stored chains whose next contact moved are updated).
      const ids = valid.map((r) => importedContactId(r.externalId));
      const imported = new Set(ids);
      const customers = [...new Set(valid.map((r) => r.customerId).filter((c): c is string => !!c))];
      const stored = (await importRepo.rootsOfCustomers(tx, customers)).filter((x) => !imported.has(x.id));
      const next = nextContacts([
        ...stored.map((x) => ({ id: x.id, customerId: x.customerId, at: x.rootEnteredAt.getTime() })),
        ...valid.flatMap((r, i) => (r.customerId ? [{ id: ids[i]!, customerId: r.customerId, at: r.enteredAt }] : [])),
      ]);
      imported.clear();
      const at = (id: string) => next.get(id) ?? null;
      const moved = stored.filter((x) => at(x.id) !== (x.nextContactAt?.getTime() ?? null));
      await importRepo.setNextContacts(
        tx,
        moved.map((x) => ({ rootId: x.id, next: at(x.id) === null ? null : new Date(at(x.id)!) })),
      );
      for (let i = 0; i < valid.length; i += CHUNK) {
        const chunk: ImportedLeg[] = valid.slice(i, i + CHUNK).map((r, k) => ({
          leg: legOfImported(r, queueOf.get(r.queue)!, r.agent ? agentOf.get(r.agent)! : null),
          externalId: r.externalId,
          nextContactAt: at(ids[i + k]!) === null ? null : new Date(at(ids[i + k]!)!),
          csat: r.csat,
          nps: r.nps,
          ces: r.ces,
        }));
        const counts = await importRepo.upsertLegs(tx, chunk, now);
        await importRepo.upsertAnswers(tx, chunk);
        report.created += counts.created;
        report.updated += counts.updated;
        writing(Math.min(valid.length, i + CHUNK));
      }
      // The sums kept by quarter hour: of the imported rows, and of stored chains whose FCR moved.
      const touched = [
        ...valid.map((r) => new Date(r.enteredAt)),
        ...(await importRepo.legTimesOfRoots(
          tx,
          moved.map((x) => x.id),
        )),
      ];
      await repo.refreshContactSums(tx, touched);
    });
    report.applied = valid.length;
    report.unchanged = valid.length - report.created - report.updated;
    deps.log.info({ ...done(), issues: undefined }, 'reporting: contacts imported');
    return done();
  }

  return {
    /** Imports now and resolves with the report (the CLI, the bench). */
    run,
    /** Starts the import as a job (the HTTP API): resolves with the job's id at once. */
    async start(source: ImportSource, opts: ImportOptions, actor: Actor): Promise<string> {
      return deps.jobs.start('contacts.import', actor.userId, (job) => run(source, opts, (p) => job.progress(p)));
    },
  };
}
export type ContactImport = ReturnType<typeof createContactImport>;
