import type { z } from 'zod';
import {
  type CreateFlowBody,
  type Flow,
  FlowDefinition,
  type FlowIssue,
  type FlowSummary,
  type FlowVersion,
  type UpdateFlowBody,
  type ValidateFlowReply,
} from '../../../../contracts/ivr';
import type { Actor, AuditLog } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import { type Database, isUniqueViolation } from '../../platform/db';
import type { IdGenerator } from '../../platform/ids';
import { calendarRefs, checkFlow, inReadingOrder, queueRefs } from './domain/check-flow';
import { flowKeyTaken, flowNotFound, invalidFlow, unknownQueues, versionNotFound } from './ivr.errors';
import type { FlowRow, FlowVersionRow, IvrRepo } from './ivr.repo';

/** Whether a routing queue exists, by key: app.ts answers it from the routing service. */
export interface QueueDirectory {
  queueExists(key: string): boolean | Promise<boolean>;
}

/** Business calendars as the IVR sees them: app.ts answers from the calendars service. */
export interface CalendarDirectory {
  calendarExists(id: string): Promise<boolean>;
  /** Open at an instant; undefined when there is no such calendar. */
  isOpen(id: string, at: Date): Promise<boolean | undefined>;
}

/** Major incidents as the IVR sees them (tickets, bound late: it is built after the IVR). */
export interface IncidentDirectory {
  /** Whether an outage of the service is on, with the recording announcing it; undefined: cannot say. */
  active(service: string): Promise<{ active: boolean; prompt: string | null } | undefined>;
}

export type IvrDeps = {
  db: Database;
  repo: IvrRepo;
  audit: AuditLog;
  clock: Clock;
  ids: IdGenerator;
  queues: QueueDirectory;
  calendars?: CalendarDirectory;
  incidents?: IncidentDirectory;
};

/** What telephony runs for a call: the newest published version of a flow. */
export type PublishedFlow = {
  flowId: string;
  version: number;
  definition: FlowDefinition;
  /** The runner's calendarOpen (business_hours nodes naming a calendar). */
  calendarOpen?(calendarId: string, at: Date): Promise<boolean | undefined>;
  /** The runner's incidentActive (incident_active nodes). */
  incidentActive?(service: string): Promise<{ active: boolean; prompt: string | null } | undefined>;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Paths of issues of the document as the request body names them. */
const inBody = (issues: FlowIssue[]): FlowIssue[] =>
  issues.map((i) => ({ ...i, path: i.path ? `definition.${i.path}` : 'definition' }));

const zodIssues = (error: z.ZodError): FlowIssue[] =>
  error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));

/** A stored document as the API shows it: re-read through the schema (field order) in reading order. */
function stored(raw: unknown): FlowDefinition {
  const parsed = FlowDefinition.safeParse(raw);
  // A document saved under older rules is shown as stored rather than hidden.
  return parsed.success ? inReadingOrder(parsed.data) : (raw as FlowDefinition);
}

function summary(r: FlowRow): FlowSummary {
  return {
    id: r.id,
    key: r.key,
    name: r.name,
    publishedVersion: r.publishedVersion,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

function version(r: FlowVersionRow): FlowVersion {
  return {
    flowId: r.flowId,
    version: r.version,
    definition: stored(r.definition),
    publishedAt: r.publishedAt.toISOString(),
    publishedBy: r.publishedBy,
  };
}

/**
 * IVR flows (语音导航): drafts checked on every save, published as immutable numbered versions
 * that calls run. Every change is audited in its own transaction.
 */
export function createIvrService(deps: IvrDeps) {
  const { db, repo, audit, clock, ids } = deps;

  function assertValid(definition: FlowDefinition): void {
    const issues = checkFlow(definition);
    if (issues.length > 0) throw invalidFlow(inBody(issues));
  }

  async function missingQueues(definition: FlowDefinition): Promise<FlowIssue[]> {
    const out: FlowIssue[] = [];
    for (const ref of queueRefs(definition)) {
      if (!(await deps.queues.queueExists(ref.queue))) out.push({ path: ref.path, message: `no queue ${ref.queue}` });
    }
    return inBody(out);
  }

  async function missingCalendars(definition: FlowDefinition): Promise<FlowIssue[]> {
    const out: FlowIssue[] = [];
    for (const ref of calendarRefs(definition)) {
      if (deps.calendars && !(await deps.calendars.calendarExists(ref.calendarId))) {
        out.push({ path: ref.path, message: `no calendar ${ref.calendarId}` });
      }
    }
    return inBody(out);
  }

  async function assertCalendars(definition: FlowDefinition): Promise<void> {
    const missing = await missingCalendars(definition);
    if (missing.length > 0) throw invalidFlow(missing);
  }

  async function withVersions(r: FlowRow): Promise<Flow> {
    const versions = await repo.listVersions(db, r.id);
    return {
      ...summary(r),
      draft: stored(r.draft),
      versions: versions.map((v) => ({
        version: v.version,
        publishedAt: v.publishedAt.toISOString(),
        publishedBy: v.publishedBy,
      })),
    };
  }

  async function find(id: string): Promise<FlowRow> {
    const row = await repo.find(db, id);
    if (!row) throw flowNotFound(id);
    return row;
  }

  /** Current published version per flow (see getPublished). */
  const published = new Map<string, PublishedFlow>();

  return {
    async list(): Promise<FlowSummary[]> {
      return (await repo.list(db)).map(summary);
    },

    async get(id: string): Promise<Flow> {
      return withVersions(await find(id));
    },

    async findByKey(key: string): Promise<FlowSummary | undefined> {
      const row = await repo.findByKey(db, key);
      return row ? summary(row) : undefined;
    },

    /** Every problem of a document, without saving it: the editor's 校验 button. */
    async validate(definition: unknown): Promise<ValidateFlowReply> {
      const parsed = FlowDefinition.safeParse(definition);
      if (!parsed.success) {
        return { valid: false, issues: inBody(zodIssues(parsed.error)) };
      }
      const issues = [
        ...inBody(checkFlow(parsed.data)),
        ...(await missingQueues(parsed.data)),
        ...(await missingCalendars(parsed.data)),
      ];
      return { valid: issues.length === 0, issues };
    },

    async create(body: CreateFlowBody, actor: Actor): Promise<Flow> {
      assertValid(body.definition);
      await assertCalendars(body.definition);
      try {
        const row = await db.transaction(async (tx) => {
          const now = clock.now();
          const r = await repo.insert(tx, {
            id: ids.next(),
            key: body.key,
            name: body.name,
            draft: body.definition,
            publishedVersion: null,
            createdAt: now,
            updatedAt: now,
          });
          await audit.append(tx, actor, {
            action: 'ivr.flow.created',
            entityType: 'ivr_flow',
            entityId: r.id,
            details: { key: r.key, name: r.name, nodes: Object.keys(body.definition.nodes).length },
          });
          return r;
        });
        return withVersions(row);
      } catch (err) {
        if (isUniqueViolation(err)) throw flowKeyTaken(body.key);
        throw err;
      }
    },

    /** Replaces the draft; published versions and running calls are unaffected. */
    async update(id: string, body: UpdateFlowBody, actor: Actor): Promise<Flow> {
      assertValid(body.definition);
      await assertCalendars(body.definition);
      const row = await db.transaction(async (tx) => {
        const before = await repo.find(tx, id);
        if (!before) throw flowNotFound(id);
        const r = (await repo.update(tx, id, {
          draft: body.definition,
          ...(body.name ? { name: body.name } : {}),
          updatedAt: clock.now(),
        }))!;
        await audit.append(tx, actor, {
          action: 'ivr.flow.updated',
          entityType: 'ivr_flow',
          entityId: id,
          details: {
            ...(body.name && body.name !== before.name ? { name: { before: before.name, after: body.name } } : {}),
            nodes: Object.keys(body.definition.nodes).length,
          },
        });
        return r;
      });
      return withVersions(row);
    },

    /** Freezes the draft as the next version; its queues must exist in routing now. */
    async publish(id: string, actor: Actor): Promise<FlowVersion> {
      published.delete(id);
      const current = await find(id);
      // Drafts are checked on save; checked again in case a rule tightened since.
      const parsed = FlowDefinition.safeParse(current.draft);
      if (!parsed.success) throw invalidFlow(inBody(zodIssues(parsed.error)));
      const definition = parsed.data;
      assertValid(definition);
      const missing = await missingQueues(definition);
      if (missing.length > 0) throw unknownQueues(missing);
      await assertCalendars(definition);
      const row = await db.transaction(async (tx) => {
        const flow = await repo.findForUpdate(tx, id);
        if (!flow) throw flowNotFound(id);
        const next = (flow.publishedVersion ?? 0) + 1;
        const now = clock.now();
        const v = await repo.insertVersion(tx, {
          flowId: id,
          version: next,
          definition: flow.draft,
          publishedAt: now,
          publishedBy: actor.userId,
        });
        await repo.update(tx, id, { publishedVersion: next, updatedAt: now });
        await audit.append(tx, actor, {
          action: 'ivr.flow.published',
          entityType: 'ivr_flow',
          entityId: id,
          details: { key: flow.key, version: next },
        });
        return v;
      });
      published.delete(id);
      return version(row);
    },

    async getVersion(id: string, n: number): Promise<FlowVersion> {
      await find(id);
      const row = await repo.findVersion(db, id, n);
      if (!row) throw versionNotFound(id, n);
      return version(row);
    },

    /** Telephony: whether a DID may point at this flow. */
    async flowExists(id: string): Promise<boolean> {
      return UUID.test(id) && repo.exists(db, id);
    },

    /**
     * Telephony: what a new call on this flow runs; undefined when nothing is published yet.
     * Published versions never change, so each flow's current one is kept in memory until the
     * next publish in this process (one Kefu process owns a database's telephony).
     */
    async getPublished(flowId: string): Promise<PublishedFlow | undefined> {
      if (!UUID.test(flowId)) return undefined;
      const cached = published.get(flowId);
      if (cached) return cached;
      const flow = await repo.find(db, flowId);
      if (flow?.publishedVersion == null) return undefined;
      const row = await repo.findVersion(db, flowId, flow.publishedVersion);
      if (!row) return undefined;
      const calendars = deps.calendars;
      const current: PublishedFlow = {
        flowId,
        version: row.version,
        definition: stored(row.definition),
        ...(calendars ? { calendarOpen: (id: string, at: Date) => calendars.isOpen(id, at) } : {}),
        ...(deps.incidents ? { incidentActive: deps.incidents.active } : {}),
      };
      published.set(flowId, current);
      return current;
    },
  };
}
export type IvrService = ReturnType<typeof createIvrService>;
