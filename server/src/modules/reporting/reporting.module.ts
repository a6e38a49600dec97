import { z } from 'zod';
import type { EventName } from '../../platform/bus';
import { type DbOrTx, isRetryable } from '../../platform/db';
import type { KefuModule, Platform } from '../../platform/module';
import type { AuthServices } from '../auth';
import type { IvrService } from '../ivr';
import type { Mailer } from '../notifications';
import { CONTACT_EVENTS, type ContactRecord, type RoutingService, type TodayFigures } from '../routing';
import type { SurveyAnswered, SurveyAnswers } from '../surveys';
import type { TeamsService } from '../teams';
import type { TicketRecords, TicketSnapshot } from '../tickets';
import { type ContactImport, createContactImport } from './reporting.import';
import { createImportRepo } from './reporting.import-repo';
import { registerContactImportRoutes } from './reporting.import-routes';
import { createIvrReports } from './reporting.ivr';
import { createKpiEngine, type KpiEngine } from './reporting.kpis';
import { type AnswerInput, createProjector } from './reporting.projector';
import { createRebuild } from './reporting.rebuild';
import { createReportingRepo } from './reporting.repo';
import { registerReportingRoutes } from './reporting.routes';
import { createReportSchedules, type ReportSchedules } from './reporting.schedules';
import { createSchedulesRepo } from './reporting.schedules.repo';
import { registerScheduleRoutes } from './reporting.schedules.routes';
import { createTicketReports, type TicketReports } from './reporting.tickets';
import { createTicketFactsRepo } from './reporting.tickets.repo';
import { registerTicketReportRoutes } from './reporting.tickets.routes';
import { createWorkload, type Workload } from './reporting.workload';

export type ReportingSettings = {
  timezone?: string;
  /** The sender's name in scheduled reports' subjects (「客服中心日报 …」). */
  centerName?: string;
};

export type Ingest = {
  contacts(records: readonly ContactRecord[]): Promise<number>;
  hold(contactId: string, resumedAt: Date, heldMs: number): Promise<void>;
  answers(list: readonly AnswerInput[]): Promise<void>;
  agentStates(
    changes: ReadonlyArray<{ agentId: string; at: Date; state: string; reason: string | null }>,
  ): Promise<void>;
  calls(
    calls: ReadonlyArray<{ callId: string; flowId: string | null; startedAt: Date; selfService: boolean }>,
  ): Promise<void>;
};

export type ReportingServices = {
  reporting: {
    kpis: KpiEngine;
    /** `kefu reporting rebuild`: the read model recomputed from the records. */
    rebuild(progress?: (line: string) => void): Promise<Record<string, number>>;
    /** Re-reads queues and agents (names, teams, thresholds) from routing and auth. */
    syncDimensions(): Promise<void>;
    /**
     * What the event handlers write with, for other writers of history (the import, tests' fixtures):
     * contact records through the projector, holds, survey answers, agent state changes, IVR-only calls.
     */
    ingest: Ingest;
    /** Work-order SLA performance (reporting_tickets). */
    tickets: TicketReports;
    /** Historical contacts from another system (`kefu contacts import`, POST /api/v1/contacts/import). */
    contactImport: ContactImport;
    /** Each queue's contacts by quarter hour, what workforce management forecasts from. */
    workload: Workload;
  };
  /** Scheduled reports mailed as XLSX, and their runner. */
  reportSchedules: ReportSchedules;
};

/** The ticket events after which an order's row changes (their snapshot is the order at that change). */
const TICKET_EVENTS = ['tickets.ticket.created', 'tickets.ticket.updated', 'tickets.ticket.transitioned'] as const;

/** What the reports read of the quality module's evaluation events (it comes after this one in app.ts). */
const QualityScored = z.object({
  evaluationId: z.uuid(),
  contactId: z.uuid(),
  agentId: z.uuid(),
  score: z.number().nullable(),
  at: z.string(),
});

/** A survey answer as the reports count it: the contact's channel (not the survey's) is set from the contact. */
const answerOf = (a: SurveyAnswered): AnswerInput => ({
  answerId: a.answerId,
  contactId: a.contactId,
  queueId: a.queueId,
  agentId: a.agentId,
  channel: null,
  csat: a.csat,
  nps: a.nps,
  ces: a.ces,
  answeredAt: a.answeredAt,
});

type StateChange = { agentId: string; at: Date; state: string; reason: string | null };
/**
 * Routing's events as the changes its records hold: an event in the state the agent is already in
 * (a presence change, "not ready after this contact" during wrap-up) starts no interval. Against the
 * open interval in the table the same rule is the repo's (an open row keeps its reason).
 */
export function changesOnly(list: readonly StateChange[]): StateChange[] {
  const current = new Map<string, StateChange>();
  return list.filter((c) => {
    const was = current.get(c.agentId);
    if (was && was.state === c.state && (c.state !== 'not_ready' || was.reason === c.reason)) return false;
    current.set(c.agentId, c);
    return true;
  });
}

/** The contact events after which a contact's report row changes (an offer changes nothing). */
const LEG_EVENTS = CONTACT_EVENTS.filter((e) => e !== 'routing.contact.offered');

/**
 * Reporting (issue 14, docs/reports.md): a read model of contacts, agent states and survey answers
 * fed by events, the one KPI engine (reports, exports, the wallboard's "today"), and its rebuild.
 */
export function createReportingModule(
  p: Platform<ReportingSettings>,
  s: Pick<AuthServices, 'users'> & {
    routing: RoutingService;
    routingToday: { bind(figures: TodayFigures): void };
    teams: TeamsService;
    surveyAnswers: Pick<SurveyAnswers, 'answersPage'>;
    ivr: IvrService;
    mailer: Mailer;
    ticketRecords: TicketRecords;
  },
): KefuModule<ReportingServices> {
  const { db, bus, clock, log, ids, jobs } = p;
  const timezone = p.settings.timezone ?? 'Asia/Shanghai';
  const repo = createReportingRepo();
  const projector = createProjector({ db, repo, clock, contactRecords: (ids) => s.routing.contactRecords(ids) });
  const kpis = createKpiEngine({
    db,
    repo,
    clock,
    timezone,
    teams: { list: async () => (await s.teams.list()).map((t) => ({ id: t.id, name: t.name })) },
    flows: { names: async () => new Map((await s.ivr.list()).map((f) => [f.id, f.name])) },
  });

  const teamDirectory = {
    list: async () => (await s.teams.list()).map((t) => ({ id: t.id, name: t.name })),
  };
  const tickets = createTicketReports({
    db,
    facts: createTicketFactsRepo(),
    repo,
    clock,
    timezone,
    teams: teamDirectory,
  });
  const reportSchedules = createReportSchedules({
    db,
    repo: createSchedulesRepo(),
    kpis,
    mailer: s.mailer,
    clock,
    ids,
    log,
    timezone,
    centerName: p.settings.centerName,
    async mayReport(userId) {
      return !!(await s.users.activePermissions(db, userId))?.has('reports.view');
    },
  });

  const ivrReports = createIvrReports({
    db,
    timezone,
    flowNames: async () => new Map((await s.ivr.list()).map((f) => [f.id, f.name])),
  });

  // The wallboard's "today" is this engine's figures.
  s.routingToday.bind({ queuesToday: (ids) => kpis.queuesToday(ids) });

  async function syncQueues(): Promise<void> {
    await repo.upsertQueues(
      db,
      s.routing.listQueues().map((q) => ({
        id: q.id,
        key: q.key,
        name: q.name,
        serviceLevelSeconds: q.serviceLevelSeconds,
        shortAbandonSeconds: q.shortAbandonSeconds,
        active: true,
      })),
    );
  }
  async function syncAgents(ids?: string[]): Promise<void> {
    const profiles = await s.users.profiles(db, ids);
    await repo.upsertAgents(
      db,
      profiles.map((u) => ({
        id: u.id,
        username: u.username,
        displayName: u.displayName,
        teamId: u.teamId,
        active: !u.disabled,
      })),
    );
  }
  const syncDimensions = async () => {
    await syncQueues();
    await syncAgents();
  };

  const contactImport = createContactImport({ db, repo, importRepo: createImportRepo(), jobs, clock, log });

  const rebuild = createRebuild({
    db,
    repo,
    projector,
    sources: {
      contactRecordsPage: (after, limit) => s.routing.contactRecordsPage(after, limit),
      agentStateRecordsPage: (after, limit) => s.routing.agentStateRecordsPage(after, limit),
      ticketRecordsPage: (after, limit) => s.ticketRecords.page(after, limit),
      answersPage: async (after, limit) =>
        (await s.surveyAnswers.answersPage(after, limit)).map((a) => ({ ...answerOf(a), cursor: a.answerId })),
    },
    syncDimensions,
    log,
    tickets,
  });

  /**
   * A transaction writing the read model: it and a rebuild take turns (repo.lockReadModel). Two
   * writers adding to the same quarter-hour sums in another order (two nodes) can deadlock; the one
   * PostgreSQL picks to fail is run again, as the bus would otherwise mark its events delivered.
   */
  const write = async <T>(fn: (tx: DbOrTx) => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await db.transaction(async (tx) => {
          await repo.lockReadModel(tx, 'write');
          return fn(tx);
        });
      } catch (err) {
        if (attempt >= 3 || !isRetryable(err)) throw err;
        log.warn({ attempt }, 'reporting: a write deadlocked with another; running it again');
      }
    }
  };

  const ingest: Ingest = {
    contacts: (records) => write((tx) => projector.projectContacts(records, tx)),
    async hold(contactId, resumedAt, heldMs) {
      await repo.addHold(db, contactId, resumedAt, heldMs);
    },
    answers: (list) => write((tx) => projector.answers(list, tx)),
    agentStates: (changes) => write((tx) => repo.agentStates(tx, changes)),
    calls: (list) =>
      write(async (tx) => {
        // One row per call: of a call ended twice (a redelivery) the last one counts.
        const byId = [...new Map(list.map((c) => [c.callId, c])).values()];
        await repo.upsertCalls(tx, byId);
        for (const c of byId) await repo.setIvrFlow(tx, c.callId, c.flowId);
        const self = byId.filter((c) => c.selfService).map((c) => c.callId);
        if (self.length > 0) await repo.restoreSelfService(tx, self);
      }),
  };

  /**
   * The live read model. Contacts, agent states, calls and IVR runs are taken a delivered batch at a
   * time (bus.subscribeBatch): live that is an event or two, but a backlog — a restart, the 14 days
   * of the demo history — is written 200 events per transaction instead of one by one.
   */
  function follow(): void {
    // A customer merge is in the same stream, so it applies after the contacts before it, not before.
    bus.subscribeBatch([...LEG_EVENTS, 'voice.call.resumed', 'crm.customer.merged'], (events) =>
      write(async (tx) => {
        const ids = new Set<string>();
        const project = async () => {
          if (ids.size > 0) await projector.projectContacts(await s.routing.contactRecords([...ids]), tx);
          ids.clear();
        };
        for (const e of events) {
          if (e.name === 'crm.customer.merged') {
            await project();
            await repo.mergeCustomers(tx, e.payload.customerId, e.payload.from);
            continue;
          }
          if (e.name === 'voice.call.resumed') {
            const h = e.payload;
            if (!(await repo.addHold(tx, h.contactId, new Date(h.at), h.heldMs))) continue;
            // A hold changes a contact already reported; one not reported yet gets it when it is.
            if (!ids.has(h.contactId) && (await repo.rootsOf(tx, [h.contactId])).size === 0) continue;
          }
          ids.add(e.payload.contactId);
        }
        await project();
      }),
    );
    // The rebuild's statement: per agent, the batch's changes end the open interval and each other.
    bus.subscribeBatch(['routing.agent.state_changed'], (events) =>
      write((tx) =>
        repo.agentStates(
          tx,
          changesOnly(
            events.map(({ at, payload: c }) => ({
              agentId: c.userId,
              at: new Date(c.since ?? at),
              state: c.state,
              reason: c.reason,
            })),
          ),
        ),
      ),
    );
    bus.subscribeBatch(['voice.call.ended'], (events) =>
      ingest.calls(
        events.map(({ payload: c }) => ({
          callId: c.callId,
          flowId: c.flowId,
          startedAt: new Date(c.startedAt),
          selfService:
            c.direction === 'inbound' &&
            !!c.flowId &&
            !c.contactId &&
            !c.queueId &&
            c.endReason !== 'failed' &&
            c.endReason !== 'system_restart',
        })),
      ),
    );
    bus.subscribeBatch(['ivr.flow.finished'], (events) =>
      write((tx) =>
        ivrReports.record(
          events.map((e) => e.payload),
          tx,
        ),
      ),
    );
    bus.subscribeBatch(['surveys.answer.recorded'], (events) =>
      write((tx) =>
        projector.answers(
          events.map((e) => answerOf(e.payload)),
          tx,
        ),
      ),
    );
    // quality comes after reporting in app.ts: its events are subscribed by name and checked here.
    bus.subscribeBatch(['quality.evaluation.submitted', 'quality.evaluation.decided'] as EventName[], (events) => {
      const scores = events.flatMap((e) => {
        const q = QualityScored.safeParse(e.payload);
        if (!q.success || q.data.score === null) {
          log.warn({ event: e.name, id: e.id }, 'reporting: a quality event of an unknown shape was skipped');
          return [];
        }
        return [{ ...q.data, score: q.data.score }];
      });
      return write((tx) => projector.qualityScores(scores, tx));
    });
    bus.subscribe('routing.config.changed', async (e) => {
      if (e.payload.what === 'queue') await syncQueues();
    });
    bus.subscribe('auth.user.created', (e) => syncAgents([e.payload.userId]));
    bus.subscribe('auth.user.updated', (e) => syncAgents([e.payload.userId]));
    for (const name of TICKET_EVENTS) {
      bus.subscribe(name, (e: { payload: TicketSnapshot }) => write((tx) => tickets.project([e.payload], tx)));
    }
    // The breach event's snapshot predates the scanner's update of the order: only its instant counts.
    bus.subscribe('tickets.ticket.sla_breached', (e) =>
      write((tx) => tickets.breached(e.payload.ticketId, new Date(e.payload.dueAt), tx)),
    );
  }

  return {
    name: 'reporting',
    services: {
      reporting: { kpis, rebuild, syncDimensions, ingest, tickets, contactImport, workload: createWorkload({ db }) },
      reportSchedules,
    },
    routes: async (app) => {
      registerReportingRoutes(app, {
        kpis,
        repo,
        db,
        timezone,
        ivr: ivrReports,
        recordExport: (actor, details) =>
          bus.transaction((tx) => p.audit.append(tx, actor, { action: 'reporting.contacts.exported', details })),
      });
      registerTicketReportRoutes(app, tickets);
      registerScheduleRoutes(app, reportSchedules);
      await registerContactImportRoutes(app, { contactImport });
    },
    init: async () => {
      follow();
    },
    start: async () => {
      await syncDimensions();
      // Runs missed while down are due now: the first pass sends each once.
      reportSchedules.start();
    },
    stop: () => reportSchedules.stop(),
    // The demo history is written by replay instances of the ACD; the read model is rebuilt from it.
    seedDemoHistory: async () => {
      await rebuild();
    },
  };
}
