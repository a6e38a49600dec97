import type { Envelope, EventBus } from '../../platform/bus';
import type { Clock } from '../../platform/clock';
import type { Database, Tx } from '../../platform/db';
import type { Logger } from '../../platform/logger';
import { ivrSurveyScore } from './domain/scoring';
import type { SurveysRepo } from './surveys.repo';
import type { SurveyAnswers } from './surveys.service';
import type { SurveyTemplates } from './surveys.templates';

/** Halves whose other half has not come in a day never will (a flow run without a call record end). */
const LINK_TTL_MS = 24 * 3600_000;
/** Calls this node saw one half of, remembered to spare the database the common case. */
const REMEMBERED = 20_000;

type Ended = { contactId: string | null; agentId: string | null; queueId: string | null; endedAt: Date };
type Scored = { csat: number; scoredAt: Date | null };

/**
 * The IVR post-call survey as answers. The IVR's survey node keeps the digit in the call's path
 * (`ivr.flow.finished`: a `survey` step `scored` with the digit) and as the call attribute `csat`
 * (kept: call records show it); the contact, agent and queue come with `voice.call.ended`. The two
 * halves are joined by call id in `survey_call_links`, whichever comes first; one answer per call.
 *
 * Voice stages both in one commit, the flow first, so they nearly always arrive in that order on one
 * node: a flow without a scored survey is then only remembered in memory (most calls: no database
 * write at all), and a scored one is written once and joined by the end in one transaction. The
 * other order, or the halves on two nodes, go through the table alone.
 */
export function createIvrSurveys(deps: {
  db: Database;
  repo: SurveysRepo;
  bus: EventBus;
  clock: Clock;
  log: Logger;
  answers: Pick<SurveyAnswers, 'record'>;
  templates: Pick<SurveyTemplates, 'forQueue'>;
  /** The CRM customer of a routing contact, when it has one (the answer links to it). */
  customerOfContact(contactId: string): Promise<string | null>;
}) {
  const { db, repo, bus, clock } = deps;
  let lastPrune = 0;
  /** Flows finished here: without a score (nothing to join), or scored (a row is waiting). */
  const flows = new Map<string, 'unscored' | 'scored'>();
  /** Call ends that wrote their half first. */
  const endsFirst = new Set<string>();
  const remember = <K>(m: Map<K, unknown> | Set<K>, key: K, value?: unknown) => {
    if (m instanceof Map) m.set(key, value);
    else m.add(key);
    if (m.size > REMEMBERED) m.delete(m.keys().next().value as K);
  };

  async function record(tx: Tx, callId: string, s: Scored, e: Ended): Promise<void> {
    const customerId = e.contactId ? await deps.customerOfContact(e.contactId) : null;
    const template = await deps.templates.forQueue(tx, e.queueId);
    await deps.answers.record(tx, {
      channel: 'ivr',
      templateId: template?.id ?? null,
      contactId: e.contactId,
      callId,
      queueId: e.queueId,
      agentId: e.agentId,
      ticketId: null,
      customerId,
      csat: s.csat,
      nps: null,
      ces: null,
      answeredAt: s.scoredAt ?? e.endedAt,
    });
  }

  /** Both halves are in the row: the answer (when scored) and the row's removal, in one transaction. */
  async function joinFromTable(callId: string): Promise<void> {
    await bus.transaction(async (tx) => {
      const link = await repo.takeCallLink(tx, callId);
      if (!link || link.csat === null || !link.endedSeen) return;
      await record(
        tx,
        callId,
        { csat: link.csat, scoredAt: link.scoredAt },
        {
          contactId: link.contactId,
          agentId: link.agentId,
          queueId: link.queueId,
          endedAt: link.endedAt ?? clock.now(),
        },
      );
    });
  }

  async function prune(): Promise<void> {
    const now = clock.now();
    if (now.getTime() - lastPrune < 3600_000) return;
    lastPrune = now.getTime();
    await repo.pruneCallLinks(db, new Date(now.getTime() - LINK_TTL_MS));
  }

  return {
    async flowFinished(e: Envelope<'ivr.flow.finished'>): Promise<void> {
      const p = e.payload;
      const csat = ivrSurveyScore(p.path);
      if (csat === null) {
        // The end may have written its half first: it is of no use now.
        if (endsFirst.delete(p.callId)) await repo.takeCallLink(db, p.callId);
        else remember(flows, p.callId, 'unscored');
        return;
      }
      const step = [...p.path].reverse().find((s) => s.type === 'survey' && s.result === 'scored');
      const link = await repo.mergeFlowHalf(db, p.callId, csat, step ? new Date(step.at) : null, clock.now());
      if (link.endedSeen) await joinFromTable(p.callId);
      else remember(flows, p.callId, 'scored');
    },

    async callEnded(e: Envelope<'voice.call.ended'>): Promise<void> {
      const p = e.payload;
      // Only a call that ran a flow can have answered its survey.
      if (!p.flowId) return;
      const seen = flows.get(p.callId);
      flows.delete(p.callId);
      if (seen === 'unscored') return;
      const ended: Ended = {
        contactId: p.contactId,
        agentId: p.agentId,
        queueId: p.queueId,
        endedAt: new Date(p.endedAt),
      };
      if (seen === 'scored') {
        await bus.transaction(async (tx) => {
          const link = await repo.takeCallLink(tx, p.callId);
          if (link?.csat != null) await record(tx, p.callId, { csat: link.csat, scoredAt: link.scoredAt }, ended);
        });
        return;
      }
      // Not seen here: the flow's half may be in the table (another node, a restart) or still to come.
      const link = await repo.mergeEndedHalf(db, p.callId, ended, clock.now());
      if (link.flowSeen) await joinFromTable(p.callId);
      else remember(endsFirst, p.callId);
      await prune();
    },
  };
}
export type IvrSurveys = ReturnType<typeof createIvrSurveys>;
