import { z } from 'zod';
import { AppError } from '../../platform/errors';
import type { KefuModule, Platform } from '../../platform/module';
import type { UsersService } from '../auth';
import type { CustomersService } from '../crm';
import { type CustomerNotifier, customerLanguage } from '../notifications';
import type { RoutingService } from '../routing';
import type { TeamsService } from '../teams';
import type { TicketsServices } from '../tickets';
import { createLowScoreFollowUps } from './surveys.followups';
import { type CompletedContact, createSurveyInvitations, type SurveyInvitations } from './surveys.invitations';
import { createIvrSurveys } from './surveys.ivr';
import { type PublicRateLimit, registerPublicSurveyRoutes } from './surveys.public-routes';
import { createSurveysRepo } from './surveys.repo';
import { registerSurveyRoutes } from './surveys.routes';
import { createSurveyAnswers, type SurveyAnswers } from './surveys.service';
import { createSurveyTemplates, type SurveyTemplates } from './surveys.templates';

export type SurveysSettings = {
  /** Where customers reach the survey page (KEFU_PUBLIC_URL): links are `<publicBaseUrl>/s/<token>`. */
  publicBaseUrl?: string;
  /** Requests per client address to the public survey routes (default 30 a minute). */
  surveyRateLimit?: PublicRateLimit;
  /** Manual invitations per signed-in user (default 10 a minute). */
  surveyInvitationRateLimit?: PublicRateLimit;
};

export type SurveysServices = {
  surveyAnswers: SurveyAnswers;
  surveyTemplates: SurveyTemplates;
  surveyInvitations: SurveyInvitations;
};

/** A system reader of routing's contacts: every contact, numbers in clear (sent to, never shown). */
const SYSTEM = { userId: '', permissions: new Set(['supervisor.monitor', 'pii.view']) };
const Uuid = z.uuid();

/** Surveys (满意度调查, docs/surveys.md): IVR and link surveys, templates per queue, low-score alerts */
export function createSurveysModule(
  p: Platform<SurveysSettings>,
  s: {
    users: UsersService;
    teams: TeamsService;
    routing: RoutingService;
    customers: Pick<CustomersService, 'find'>;
    customerNotifier: CustomerNotifier;
    tickets: TicketsServices['tickets'];
    ticketFollowUps: TicketsServices['ticketFollowUps'];
  },
): KefuModule<SurveysServices> {
  const { db, bus, log, clock } = p;
  const repo = createSurveysRepo();
  const templates = createSurveyTemplates({ ...p, repo });
  const answers = createSurveyAnswers({ ...p, repo, users: s.users, teams: s.teams });

  async function contact(contactId: string) {
    try {
      return await s.routing.getContact(contactId, SYSTEM);
    } catch (err) {
      if (err instanceof AppError && err.code === 'ROUTING.CONTACT_NOT_FOUND') return undefined;
      throw err;
    }
  }
  /** A contact's customer id when it is a CRM customer's (routing also keeps outside ids). */
  const crmId = (id: string | undefined) => (id && Uuid.safeParse(id).success ? id : null);

  const invitations = createSurveyInvitations({
    ...p,
    repo,
    answers,
    templates,
    customerNotifier: s.customerNotifier,
    publicBaseUrl: p.settings.publicBaseUrl ?? 'http://127.0.0.1:3000',
    async completedContact(contactId): Promise<CompletedContact | undefined> {
      const c = await contact(contactId);
      if (!c) return undefined;
      const customerId = crmId(c.customer?.id);
      const crm = customerId ? await s.customers.find(customerId) : undefined;
      return {
        channel: c.channel,
        queueId: c.queueId,
        agentId: c.agentId,
        connected: c.connectedAt !== null,
        customerId: crm ? crm.id : null,
        phone: c.customer?.phone ?? crm?.phones[0]?.e164 ?? null,
        email: c.customer?.email ?? crm?.emails[0] ?? null,
        language: customerLanguage(crm?.preferredLanguage),
      };
    },
  });
  const ivr = createIvrSurveys({
    db,
    repo,
    bus,
    clock,
    log,
    answers,
    templates,
    async customerOfContact(contactId) {
      const c = await contact(contactId);
      const id = crmId(c?.customer?.id);
      return id && (await s.customers.find(id)) ? id : null;
    },
  });
  const followUps = createLowScoreFollowUps({
    db,
    repo,
    log,
    templates,
    users: s.users,
    tickets: s.tickets,
    followUps: s.ticketFollowUps,
  });
  const guarded =
    <E extends { name: string; id: number }>(what: string, fn: (e: E) => Promise<void>) =>
    async (e: E) => {
      try {
        await fn(e);
      } catch (err) {
        log.error({ err, event: e.name, id: e.id }, `surveys: ${what} failed`);
      }
    };

  return {
    name: 'surveys',
    services: { surveyAnswers: answers, surveyTemplates: templates, surveyInvitations: invitations },
    routes: (app) => {
      registerSurveyRoutes(app, {
        answers,
        templates,
        invitations,
        invitationRateLimit: p.settings.surveyInvitationRateLimit ?? { max: 10, timeWindow: 60_000 },
      });
      registerPublicSurveyRoutes(app, {
        invitations,
        rateLimit: p.settings.surveyRateLimit ?? { max: 30, timeWindow: 60_000 },
      });
    },
    audiences: {
      'surveys.answer.recorded': { permissions: ['surveys.view'] },
      'surveys.templates.changed': { permissions: ['surveys.view', 'surveys.manage'] },
    },
    init: async () => {
      await templates.ensureDefault();
      // Subscribed before the bus starts and never unsubscribed (as notifications does): a handler
      // missing while the outbox drains at start or stop would lose its event.
      bus.subscribe('ivr.flow.finished', guarded('the IVR survey', ivr.flowFinished));
      bus.subscribe('voice.call.ended', guarded('the IVR survey', ivr.callEnded));
      bus.subscribe(
        'routing.contact.completed',
        guarded('the invitation after a contact', invitations.contactCompleted),
      );
      bus.subscribe('surveys.answer.low_score', guarded('the low-score follow-up', followUps.lowScore));
    },
  };
}
