import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { setImmediate as nextTurn } from 'node:timers/promises';
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
import { csvRecords } from './domain/csv-records';
import {
  checkRow,
  type ImportRow,
  importedContactId,
  outcomeOfImported,
  phoneE164,
  type RawRow,
  stableUuid,
} from './domain/import-row';
import { importUnreadable } from './reporting.errors';
import { emptyStagedRows, type ImportRepo, type NameIds, type StagedRows } from './reporting.import-repo';
import type { ReportingRepo } from './reporting.repo';

/** A file to import: CSV with a header row, or JSON lines (one object per line, the same keys). */
export type ImportSource = { format: 'csv' | 'ndjson'; stream: Readable; bytes?: number };
export type ImportOptions = { partial: boolean };
export type ImportProgress = Required<Pick<JobProgress, 'phase'>> & JobProgress;

const MAX_ISSUES = 1000;
/** Rows per staging statement (a few MB of array literals). */
const STAGE_BATCH = 20_000;
/** Rows checked between two turns of the event loop (a few milliseconds of work). */
const YIELD_EVERY = 2000;
/** The cells of a JSON line that is not an object. */
const NOT_JSON = '\u0000json';
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

type NumberedRow = { row: number; raw: RawRow };

/**
 * The rows of a source, a chunk of the file at a time, with their numbers as a person finds them
 * (CSV: the header is row 1, empty lines are not counted; JSON lines: the line). `onBytes` hears how
 * much of the file was read.
 */
async function* rowsOf(source: ImportSource, onBytes: (n: number) => void): AsyncGenerator<NumberedRow[]> {
  const text = new StringDecoder('utf8');
  if (source.format === 'csv') {
    const csv = csvRecords();
    let columns: ContactImportColumn[] | null = null;
    let row = 1;
    const rows = (records: string[][]) => {
      const out: NumberedRow[] = [];
      for (const cells of records) {
        if (!columns) {
          columns = columnsOfHeader(cells);
          continue;
        }
        const raw: RawRow = {};
        for (let i = 0; i < columns.length; i++) raw[columns[i]!] = cells[i];
        out.push({ row: ++row, raw });
      }
      return out;
    };
    for await (const chunk of source.stream as AsyncIterable<Buffer>) {
      onBytes(chunk.length);
      yield rows(csv.push(text.write(chunk)));
    }
    const tail = rows(csv.push(text.end()));
    const end = csv.end();
    if (end.unclosed) throw importUnreadable(`a quoted field is not closed (row ${row + tail.length + 1})`);
    yield [...tail, ...rows(end.records)];
    if (!columns) throw importUnreadable('no header row');
    return;
  }
  let line = 0;
  let rest = '';
  const rows = (lines: string[]) => {
    const out: NumberedRow[] = [];
    for (const l of lines) {
      line++;
      const t = (line === 1 ? l.replace(/^\uFEFF/, '') : l).replace(/\r$/, '');
      if (t.trim() === '') continue;
      out.push({ row: line, raw: rawOfJson(t) });
    }
    return out;
  };
  for await (const chunk of source.stream as AsyncIterable<Buffer>) {
    onBytes(chunk.length);
    const lines = (rest + text.write(chunk)).split('\n');
    rest = lines.pop()!;
    yield rows(lines);
  }
  yield rows([rest + text.end()]);
}

/** A JSON line's cells (its known keys as text), or the marker of a line that is not a JSON object. */
function rawOfJson(line: string): RawRow {
  let o: unknown;
  try {
    o = JSON.parse(line);
  } catch {
    return { externalId: NOT_JSON };
  }
  if (!o || typeof o !== 'object' || Array.isArray(o)) return { externalId: NOT_JSON };
  const raw: RawRow = {};
  for (const [k, v] of Object.entries(o)) {
    if ((CONTACT_IMPORT_COLUMNS as readonly string[]).includes(k) && v !== null && v !== undefined) {
      raw[k as ContactImportColumn] = String(v);
    }
  }
  return raw;
}

/** A checked row onto the staging batch, with what its leg derives. */
function stageRow(b: StagedRows, r: ImportRow): void {
  const o = outcomeOfImported(r);
  b.id.push(importedContactId(r.externalId));
  b.externalId.push(r.externalId);
  b.channel.push(r.channel);
  b.queue.push(r.queue);
  b.agent.push(o.answered ? r.agent : null);
  b.customerId.push(r.customerId);
  b.requestType.push(r.requestType);
  b.disposition.push(r.disposition);
  b.enteredAt.push(r.enteredAt);
  b.answeredAt.push(r.answeredAt);
  b.endedAt.push(r.endedAt);
  b.completedAt.push(o.completedAt);
  b.waitMs.push(o.waitMs);
  b.talkMs.push(r.talkMs);
  b.holdMs.push(r.holdMs);
  b.wrapMs.push(r.wrapMs);
  b.csat.push(r.csat);
  b.nps.push(r.nps);
  b.ces.push(r.ces);
}

/**
 * Historical contacts from another system into the read model (issue 14, docs/reports.md
 * "Import"): every row is checked; with problems and without `partial` nothing is written. It all
 * happens in ONE transaction (a failure or a crash leaves no half-import: the job is failed, and a
 * restart fails a job it cut off): checked rows are staged while the file is read (the database
 * works while the next part is checked), then placed by a few set-based statements (import repo).
 * Imported rows are `source = 'import'` legs, their own roots, so every KPI counts them and a
 * rebuild keeps them. The work yields to the event loop every few thousand rows.
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
    let lap = t0;
    const phaseSeconds = { reading: 0, preparing: 0, writing: 0, sums: 0, commit: 0 };
    const took = (phase: keyof typeof phaseSeconds) => {
      const now = performance.now();
      phaseSeconds[phase] = Math.round((now - lap) / 100) / 10;
      lap = now;
    };
    const issues: ContactImportIssue[] = [];
    let issueCount = 0;
    let rows = 0;
    let rejected = 0;
    let valid = 0;
    let bytesRead = 0;
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
    const queueNames = new Set<string>();
    const agentNames = new Set<string>();
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
    const report: ContactImportReport = {
      partial: opts.partial,
      rows: 0,
      applied: 0,
      created: 0,
      updated: 0,
      unchanged: 0,
      rejected: 0,
      issueCount: 0,
      issues: [],
      createdQueues: [],
      createdAgents: [],
      seconds: 0,
    };
    const done = () => ({ ...report, seconds: Math.round((performance.now() - t0) / 100) / 10 });
    const writing = (share: number) =>
      onProgress({
        phase: 'writing',
        percent: READ_SHARE + (100 - READ_SHARE) * share,
        rowsDone: rejected + Math.round(valid * share),
        rowsTotal: rows,
        errors: issueCount,
      });

    const written = await db.transaction(async (tx) => {
      await importRepo.createStage(tx);
      // Read and check; the rows that pass go to the staging table a batch at a time, the next
      // batch being checked while the database takes the previous one.
      let batch = emptyStagedRows();
      let staging: Promise<void> = Promise.resolve();
      const stage = async () => {
        await staging;
        staging = importRepo.stage(tx, batch);
        staging.catch(() => {}); // awaited before the next batch and at the end
        batch = emptyStagedRows();
      };
      for await (const chunk of rowsOf(source, (n) => {
        bytesRead += n;
      })) {
        for (const { row, raw } of chunk) {
          if (++rows % YIELD_EVERY === 0) {
            reading();
            await nextTurn();
          }
          if (raw.externalId === NOT_JSON) {
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
          valid++;
          // Without `partial`, one problem means nothing is written: checking goes on, staging stops.
          if (issueCount > 0 && !opts.partial) continue;
          queueNames.add(c.value.queue);
          if (c.value.agent && c.value.answeredAt !== null) agentNames.add(c.value.agent);
          stageRow(batch, c.value);
          if (batch.id.length >= STAGE_BATCH) await stage();
        }
      }
      await stage();
      await staging;
      seen.clear();
      Object.assign(report, { rows, rejected, issueCount, issues: issues.sort((a, b) => a.row - b.row) });
      took('reading');
      if ((issueCount > 0 && !opts.partial) || valid === 0) return false;
      writing(0);
      // The read model is written from here on (the staging tables are this transaction's own): a
      // rebuild waits for the writing only, not for the whole file to be read.
      await repo.lockReadModel(tx, 'write');

      // Queues by key, else by name; a name nobody knows becomes an inactive queue. Agents by username.
      const now = clock.now();
      const queues = await repo.queues(tx);
      const byKey = new Map(queues.map((q) => [q.key, q.id]));
      const byName = new Map(queues.map((q) => [q.name, q.id]));
      const queueIds: NameIds = { names: [], ids: [] };
      const newQueues: Parameters<ReportingRepo['upsertQueues']>[1][number][] = [];
      for (const name of queueNames) {
        let id = byKey.get(name) ?? byName.get(name);
        if (!id) {
          id = stableUuid('queue', name);
          newQueues.push({ id, key: name, name, active: false, ...DEFAULT_THRESHOLDS });
        }
        queueIds.names.push(name);
        queueIds.ids.push(id);
      }
      await repo.upsertQueues(tx, newQueues);
      const byUsername = new Map((await repo.agents(tx)).map((a) => [a.username, a.id]));
      const agentIds: NameIds = { names: [], ids: [] };
      const newAgents: Parameters<ReportingRepo['upsertAgents']>[1][number][] = [];
      for (const username of agentNames) {
        let id = byUsername.get(username);
        if (!id) {
          id = stableUuid('agent', username);
          newAgents.push({ id, username, displayName: username, teamId: null, active: false });
        }
        agentIds.names.push(username);
        agentIds.ids.push(id);
      }
      await repo.upsertAgents(tx, newAgents);
      report.createdQueues = newQueues.map((q) => q.name).sort();
      report.createdAgents = newAgents.map((a) => a.username).sort();
      // FCR: each contact's next one among the staged rows and the customers' stored chains.
      await importRepo.placeNextContacts(tx);
      took('preparing');
      writing(0.1);

      const counts = await importRepo.mergeContacts(tx, queueIds, agentIds, now);
      report.created = counts.created;
      report.updated = counts.updated;
      writing(0.7);
      await importRepo.moveStoredNextContacts(tx);
      await importRepo.mergeAnswers(tx, queueIds, agentIds);
      took('writing');
      writing(0.8);
      // The sums kept by quarter hour: where contacts were added or changed, or their FCR moved.
      await repo.refreshContactSums(tx, await importRepo.touchedQuarterHours(tx));
      took('sums');
      writing(0.95);
      return true;
    });
    if (!written) {
      onProgress({ phase: 'validating', percent: 100, rowsDone: rows, rowsTotal: rows, errors: issueCount });
      return done();
    }
    took('commit');
    report.applied = valid;
    report.unchanged = valid - report.created - report.updated;
    deps.log.info({ ...done(), issues: undefined, phaseSeconds }, 'reporting: contacts imported');
    return { ...done(), phaseSeconds };
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
