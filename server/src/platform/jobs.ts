import { and, desc, eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Job, type JobKind, JobList, JobListQuery, type JobProgress } from '../../../contracts/jobs';
import type { Clock } from './clock';
import type { Database } from './db';
import { jobNotFound } from './errors';
import { hasPermission, principalOf } from './guard';
import type { IdGenerator } from './ids';
import type { Logger } from './logger';
import { jobs as jobsTable } from './platform.schema';

/** What a job's work sees: where to report how far it got (written to the database at most once a second). */
export type JobContext = {
  id: string;
  progress(p: Partial<JobProgress>): void;
};

export const INTERRUPTED = 'interrupted by a restart; nothing was applied';

/** Progress is persisted at most this often; readers in this process see it live. */
const PERSIST_EVERY_MS = 1000;
const LIST_LIMIT = 50;

type Row = typeof jobsTable.$inferSelect;

const toJob = (r: Row, live?: JobProgress): Job => ({
  id: r.id,
  kind: r.kind as JobKind,
  state: r.state as Job['state'],
  progress: live ?? r.progress,
  result: r.result ?? null,
  error: r.error,
  createdBy: r.createdBy,
  createdAt: r.createdAt.toISOString(),
  startedAt: r.startedAt?.toISOString() ?? null,
  finishedAt: r.finishedAt?.toISOString() ?? null,
});

/**
 * Durable jobs (issue 14): a row per job, the work run in this server process detached from the
 * request that started it (closing the browser does not stop it). A job's work is expected to apply
 * its changes in one transaction, so a process that dies mid-job leaves nothing half-applied: at the
 * next start `failInterrupted` marks what was left `running` as failed ("nothing was applied"),
 * rather than resuming it — the uploaded file is not kept, and running it again is the user's call
 * (the contact import is idempotent).
 */
export function createJobs(deps: { db: Database; clock: Clock; ids: IdGenerator; log: Logger }) {
  const { db, clock, ids, log } = deps;
  const live = new Map<string, { progress: JobProgress; done: Promise<void> }>();

  async function setRow(id: string, set: Partial<Row>): Promise<void> {
    await db.update(jobsTable).set(set).where(eq(jobsTable.id, id));
  }

  async function execute(id: string, work: (ctx: JobContext) => Promise<unknown>): Promise<void> {
    const state = live.get(id)!;
    let lastWrite = 0;
    let writing: Promise<void> | null = null;
    const persist = () => {
      lastWrite = performance.now();
      writing = setRow(id, { progress: { ...state.progress } })
        .catch((err) => log.warn({ err, jobId: id }, 'jobs: progress not saved'))
        .finally(() => {
          writing = null;
        });
    };
    const ctx: JobContext = {
      id,
      progress(p) {
        state.progress = { ...state.progress, ...p };
        if (!writing && performance.now() - lastWrite >= PERSIST_EVERY_MS) persist();
      },
    };
    try {
      await setRow(id, { state: 'running', startedAt: clock.now() });
      const result = await work(ctx);
      await writing;
      await setRow(id, {
        state: 'done',
        result: (result ?? null) as Row['result'],
        progress: { ...state.progress, percent: 100 },
        finishedAt: clock.now(),
      });
    } catch (err) {
      log.error({ err, jobId: id }, 'jobs: job failed');
      await writing;
      await setRow(id, {
        state: 'failed',
        error: err instanceof Error ? err.message : String(err),
        progress: state.progress,
        finishedAt: clock.now(),
      }).catch((e) => log.error({ err: e, jobId: id }, 'jobs: failure not saved'));
    } finally {
      live.delete(id);
    }
  }

  return {
    /** Records a job and runs `work` in the background; resolves with its id once the row exists. */
    async start(kind: JobKind, createdBy: string | null, work: (ctx: JobContext) => Promise<unknown>): Promise<string> {
      const id = ids.next();
      const progress: JobProgress = { percent: 0, rowsDone: 0, errors: 0 };
      await db.insert(jobsTable).values({ id, kind, state: 'queued', progress, createdBy, createdAt: clock.now() });
      const entry = { progress, done: Promise.resolve() };
      live.set(id, entry);
      entry.done = new Promise<void>((resolve) => setImmediate(resolve)).then(() => execute(id, work));
      return id;
    },

    async find(id: string): Promise<Job | undefined> {
      const [row] = await db.select().from(jobsTable).where(eq(jobsTable.id, id));
      return row ? toJob(row, row.state === 'running' ? live.get(id)?.progress : undefined) : undefined;
    },

    /** A user's recent jobs, newest first. */
    async listOwn(createdBy: string, kind?: JobKind): Promise<Job[]> {
      const rows = await db
        .select()
        .from(jobsTable)
        .where(and(eq(jobsTable.createdBy, createdBy), kind ? eq(jobsTable.kind, kind) : undefined))
        .orderBy(desc(jobsTable.createdAt))
        .limit(LIST_LIMIT);
      return rows.map((r) => toJob(r, r.state === 'running' ? live.get(r.id)?.progress : undefined));
    },

    /** At start-up: jobs a previous process left queued or running can never finish; they fail. */
    async failInterrupted(): Promise<number> {
      const r = await db.execute(sql`
        update jobs set state = 'failed', error = ${INTERRUPTED}, finished_at = ${clock.now()}
        where state in ('queued', 'running')`);
      const n = r.rowCount ?? 0;
      if (n > 0) log.warn({ jobs: n }, 'jobs: interrupted jobs marked failed');
      return n;
    },

    /** Resolves when the job has finished (for the CLI and tests). */
    async settled(id: string): Promise<void> {
      await live.get(id)?.done;
    },

    /** Waits for the jobs of this process (at shutdown, before the database closes). */
    async drain(): Promise<void> {
      await Promise.all([...live.values()].map((j) => j.done));
    },
  };
}
export type Jobs = ReturnType<typeof createJobs>;

/** `GET /api/v1/jobs/:id` (its creator, or anyone with system.view) and `GET /api/v1/jobs` (one's own). */
export function registerJobRoutes(app: FastifyInstance, jobs: Jobs): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['jobs'];
  r.get(
    '/api/v1/jobs/:id',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: "A job's state and progress, and its result once done (its creator, or system.view)",
        params: z.object({ id: z.uuid() }),
        response: { 200: Job },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const job = await jobs.find(req.params.id);
      if (!job || (job.createdBy !== p.userId && !hasPermission(p, 'system.view'))) throw jobNotFound(req.params.id);
      return job;
    },
  );
  r.get(
    '/api/v1/jobs',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: "The caller's recent jobs (the last 50), newest first",
        querystring: JobListQuery,
        response: { 200: JobList },
      },
    },
    async (req) => ({ items: await jobs.listOwn(principalOf(req).userId, req.query.kind) }),
  );
}
