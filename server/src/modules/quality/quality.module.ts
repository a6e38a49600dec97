import type { KefuModule, Platform } from '../../platform/module';
import type { UsersService } from '../auth';
import type { RoutingService } from '../routing';
import type { TeamsService } from '../teams';
import { createRecordingsService, type RecordingStore } from '../telephony';
import { type AutoChecks, createAutoChecks, type SpeechToText } from './quality.autocheck';
import { createContactsReadModel } from './quality.contacts';
import { contactNotFound } from './quality.errors';
import { createEvaluations, type Evaluations } from './quality.evaluations';
import './quality.events';
import { createCalibrations } from './quality.calibration';
import { createCoaching } from './quality.coaching';
import { seedDemoEvaluations, seedDemoQuality } from './quality.demo';
import { createQualityReports, type QualityReports } from './quality.reports';
import { registerQualityRoutes } from './quality.routes';
import { createSampling, type Sampling } from './quality.sampling';
import { createScopes, inScope } from './quality.scope';
import { createScorecards, type Scorecards } from './quality.scorecards';
import { jiebaSegmenter } from './segmenter';

export type QualitySettings = {
  /** The center's time zone: sampling periods are its days and weeks (KEFU_TIMEZONE). */
  timezone?: string;
  /** Days after an evaluation's submission during which its agent may appeal (default 7). */
  qualityAppealDays?: number;
  /** How often the automatic checks look for contacts to check (default 5 s). */
  qualityCheckIntervalMs?: number;
  /** Speech to text for call transcripts (docs/quality.md); none: audio checks only. */
  speechToText?: SpeechToText;
};

export type QualityServices = {
  quality: {
    scorecards: Scorecards;
    evaluations: Evaluations;
    autoChecks: AutoChecks;
    sampling: Sampling;
    reports: QualityReports;
  };
};

/** Quality management (质检, docs/quality.md): scorecards, evaluations, appeals, automatic checks. */
export function createQualityModule(
  p: Platform<QualitySettings>,
  s: {
    users: UsersService;
    teams: TeamsService;
    routing: RoutingService;
    recordings: RecordingStore | undefined;
  },
): KefuModule<QualityServices> {
  const { db, bus, clock, ids, audit, log } = p;
  const contacts = createContactsReadModel({ db, bus, log, routing: s.routing });
  const scorecards = createScorecards({ db, bus, clock, ids, audit });
  const scopeOf = createScopes(s.teams);
  const evaluations = createEvaluations({
    db,
    bus,
    clock,
    ids,
    audit,
    users: s.users,
    scorecards,
    contacts,
    scopeOf,
    appealDays: p.settings.qualityAppealDays ?? 7,
  });
  const autoChecks = createAutoChecks({
    db,
    bus,
    clock,
    log,
    audit,
    contacts,
    segmenter: jiebaSegmenter,
    recordings: s.recordings,
    stt: p.settings.speechToText,
    intervalMs: p.settings.qualityCheckIntervalMs,
  });
  const sampling = createSampling({
    db,
    bus,
    clock,
    ids,
    audit,
    log,
    users: s.users,
    contacts,
    timezone: p.settings.timezone ?? 'Asia/Shanghai',
  });
  const timezone = p.settings.timezone ?? 'Asia/Shanghai';
  const reports = createQualityReports({ db, scopeOf, timezone, users: s.users });
  const calibrations = createCalibrations({ db, clock, ids, audit, users: s.users, scorecards, contacts, evaluations });
  const coaching = createCoaching({ db, clock, ids, audit, users: s.users, contacts, scopeOf });
  const recordings = createRecordingsService({ db, audit, store: s.recordings });

  return {
    name: 'quality',
    services: { quality: { scorecards, evaluations, autoChecks, sampling, reports } },
    routes: (app) =>
      registerQualityRoutes(app, {
        scorecards,
        evaluations,
        autoChecks,
        sampling,
        reports,
        calibrations,
        coaching,
        recordings,
        async contactView(contactId, actor) {
          const scope = await scopeOf(actor);
          const view = await contacts.view(db, contactId);
          if (!view) throw contactNotFound(contactId);
          const [agent] = await s.users.profiles(db, [view.agentId]);
          if (!inScope(scope, view.agentId, agent?.teamId ?? null)) throw contactNotFound(contactId);
          return { ...view, agentName: agent?.displayName ?? '' };
        },
      }),
    audiences: {
      'quality.evaluation.submitted': { users: (e) => [e.agentId] },
      'quality.evaluation.acknowledged': { users: (e) => [e.evaluatorId] },
      'quality.evaluation.appealed': { permissions: ['qa.review'], users: (e) => e.notifyUserIds },
      'quality.evaluation.decided': { users: (e) => [e.agentId, ...e.notifyUserIds] },
      'quality.tasks.assigned': { users: (e) => e.evaluatorIds },
    },
    init: async () => {
      await scorecards.ensureDefault();
      contacts.follow();
    },
    seedDemo: (demo) => seedDemoQuality(sampling, demo),
    seedDemoHistory: (history) =>
      seedDemoEvaluations({ db, evaluations, contacts, routing: s.routing, users: s.users }, history),
    start: () => {
      autoChecks.start();
      sampling.start();
    },
    stop: async () => {
      await sampling.stop();
      await autoChecks.stop();
    },
  };
}
