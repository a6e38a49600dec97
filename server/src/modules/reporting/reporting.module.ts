import type { KefuModule, Platform } from '../../platform/module';
import type { AuthServices } from '../auth';
import type { IvrService } from '../ivr';
import { CONTACT_EVENTS, type RoutingService, type TodayFigures } from '../routing';
import type { TeamsService } from '../teams';
import { type ContactImport, createContactImport } from './reporting.import';
import { createImportRepo } from './reporting.import-repo';
import { registerContactImportRoutes } from './reporting.import-routes';
import { createKpiEngine, type KpiEngine } from './reporting.kpis';
import { createProjector } from './reporting.projector';
import { createRebuild } from './reporting.rebuild';
import { createReportingRepo } from './reporting.repo';
import { registerReportingRoutes } from './reporting.routes';

export type ReportingSettings = { timezone?: string };

export type ReportingServices = {
  reporting: {
    kpis: KpiEngine;
    /** `kefu reporting rebuild`: the read model recomputed from the records. */
    rebuild(progress?: (line: string) => void): Promise<Record<string, number>>;
    /** Re-reads queues and agents (names, teams, thresholds) from routing and auth. */
    syncDimensions(): Promise<void>;
    /** Historical contacts from another system (`kefu contacts import`, POST /api/v1/contacts/import). */
    contactImport: ContactImport;
  };
};

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
    ivr: IvrService;
  },
): KefuModule<ReportingServices> {
  const { db, bus, clock, log, jobs } = p;
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
    },
    syncDimensions,
    log,
  });

  function follow(): void {
    const project = async (contactId: string) => {
      await projector.projectContacts(await s.routing.contactRecords([contactId]));
    };
    for (const name of LEG_EVENTS) bus.subscribe(name, (e) => project(e.payload.contactId));
    bus.subscribe('routing.agent.state_changed', async (e) => {
      const at = e.payload.since ? new Date(e.payload.since) : new Date(e.at);
      await repo.agentState(db, e.payload.userId, at, e.payload.state, e.payload.reason);
    });
    bus.subscribe('voice.call.resumed', async (e) => {
      if (await repo.addHold(db, e.payload.contactId, new Date(e.payload.at), e.payload.heldMs)) {
        const known = await repo.rootsOf(db, [e.payload.contactId]);
        if (known.size > 0) await project(e.payload.contactId);
      }
    });
    bus.subscribe('voice.call.ended', async (e) => {
      const c = e.payload;
      const selfService =
        c.direction === 'inbound' &&
        !!c.flowId &&
        !c.contactId &&
        !c.queueId &&
        c.endReason !== 'failed' &&
        c.endReason !== 'system_restart';
      await db.transaction(async (tx) => {
        await repo.upsertCall(tx, {
          callId: c.callId,
          flowId: c.flowId,
          startedAt: new Date(c.startedAt),
          selfService,
        });
        await repo.setIvrFlow(tx, c.callId, c.flowId);
        if (selfService) await repo.restoreSelfService(tx, [c.callId]);
      });
    });
    bus.subscribe('routing.config.changed', async (e) => {
      if (e.payload.what === 'queue') await syncQueues();
    });
    bus.subscribe('auth.user.created', (e) => syncAgents([e.payload.userId]));
    bus.subscribe('auth.user.updated', (e) => syncAgents([e.payload.userId]));
    bus.subscribe('crm.customer.merged', async (e) => {
      await repo.mergeCustomers(db, e.payload.customerId, e.payload.from);
    });
  }

  return {
    name: 'reporting',
    services: { reporting: { kpis, rebuild, syncDimensions, contactImport } },
    routes: async (app) => {
      registerReportingRoutes(app, { kpis, repo, db });
      await registerContactImportRoutes(app, { contactImport });
    },
    init: async () => {
      follow();
    },
    start: syncDimensions,
    // The demo history is written by replay instances of the ACD; the read model is rebuilt from it.
    seedDemoHistory: async () => {
      await rebuild();
    },
  };
}
