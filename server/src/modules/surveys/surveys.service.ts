import type { SurveyAnswer, SurveyAnswerPage, SurveyAnswersQuery, SurveyChannel } from '../../../../contracts/surveys';
import type { EventBus } from '../../platform/bus';
import type { Clock } from '../../platform/clock';
import type { Database, Tx } from '../../platform/db';
import type { IdGenerator } from '../../platform/ids';
import type { Logger } from '../../platform/logger';
import type { UsersService } from '../auth';
import type { TeamsService } from '../teams';
import { cleanComment, isLowScore } from './domain/scoring';
import type { SurveyAnswered } from './surveys.events';
import type { AnswerRow, SurveysRepo } from './surveys.repo';

/** An answer to record: where it came from, what it links to, its scores. */
export type NewAnswer = {
  channel: SurveyChannel;
  templateId: string | null;
  invitationId?: string | null;
  contactId: string | null;
  callId: string | null;
  queueId: string | null;
  agentId: string | null;
  ticketId: string | null;
  customerId: string | null;
  csat: number | null;
  nps: number | null;
  ces: number | null;
  comment?: string | null;
  answeredAt: Date;
};

export function answeredPayload(r: AnswerRow): SurveyAnswered {
  return {
    answerId: r.id,
    channel: r.channel as SurveyAnswered['channel'],
    contactId: r.contactId,
    callId: r.callId,
    queueId: r.queueId,
    agentId: r.agentId,
    ticketId: r.ticketId,
    customerId: r.customerId,
    csat: r.csat,
    nps: r.nps,
    ces: r.ces,
    answeredAt: r.answeredAt.toISOString(),
  };
}

/**
 * Survey answers of every channel: one place writes them, with `surveys.answer.recorded` (and, for a
 * low score, `surveys.answer.low_score` naming the agent's team lead) in the same transaction.
 */
export function createSurveyAnswers(deps: {
  db: Database;
  repo: SurveysRepo;
  bus: EventBus;
  clock: Clock;
  ids: IdGenerator;
  log: Logger;
  users: Pick<UsersService, 'get' | 'displayNames'>;
  teams: Pick<TeamsService, 'get'>;
}) {
  const { db, repo, bus, clock, ids } = deps;

  /** The agent's name and team lead, as far as they are known (a deleted user or team: none). */
  async function agentAndLead(agentId: string | null): Promise<{ name: string | null; leads: string[] }> {
    if (!agentId) return { name: null, leads: [] };
    try {
      const user = await deps.users.get(agentId);
      if (!user.teamId) return { name: user.displayName, leads: [] };
      const team = await deps.teams.get(user.teamId);
      return { name: user.displayName, leads: team.leadUserId ? [team.leadUserId] : [] };
    } catch (err) {
      deps.log.warn({ err, agentId }, 'surveys: the agent or their team was not found for a low-score alert');
      return { name: null, leads: [] };
    }
  }

  async function toDtos(rows: AnswerRow[]): Promise<SurveyAnswer[]> {
    const agentIds = [...new Set(rows.flatMap((r) => (r.agentId ? [r.agentId] : [])))];
    const names = agentIds.length ? await deps.users.displayNames(db, agentIds) : new Map<string, string>();
    return rows.map((r) => ({
      id: r.id,
      channel: r.channel as SurveyChannel,
      templateId: r.templateId,
      contactId: r.contactId,
      callId: r.callId,
      queueId: r.queueId,
      agentId: r.agentId,
      agentName: r.agentId ? (names.get(r.agentId) ?? null) : null,
      ticketId: r.ticketId,
      customerId: r.customerId,
      csat: r.csat,
      nps: r.nps,
      ces: r.ces,
      comment: r.comment,
      low: r.low,
      followUpTicketId: r.followUpTicketId,
      answeredAt: r.answeredAt.toISOString(),
    }));
  }

  return {
    /**
     * Writes the answer and stages its events in the caller's transaction. Undefined when the call or
     * invitation has its answer already (a redelivered event records nothing twice).
     */
    async record(tx: Tx, a: NewAnswer): Promise<AnswerRow | undefined> {
      const scores = { csat: a.csat, nps: a.nps, ces: a.ces };
      const low = isLowScore(scores);
      const row = await repo.insertAnswer(tx, {
        id: ids.next(),
        channel: a.channel,
        templateId: a.templateId,
        invitationId: a.invitationId ?? null,
        contactId: a.contactId,
        callId: a.callId,
        queueId: a.queueId,
        agentId: a.agentId,
        ticketId: a.ticketId,
        customerId: a.customerId,
        ...scores,
        comment: cleanComment(a.comment),
        low,
        answeredAt: a.answeredAt,
        createdAt: clock.now(),
      });
      if (!row) return undefined;
      await bus.stage(tx, 'surveys.answer.recorded', answeredPayload(row));
      if (low) {
        const { name, leads } = await agentAndLead(row.agentId);
        await bus.stage(tx, 'surveys.answer.low_score', {
          answerId: row.id,
          channel: a.channel,
          agentId: row.agentId,
          agentName: name,
          queueId: row.queueId,
          ticketId: row.ticketId,
          customerId: row.customerId,
          ...scores,
          notifyUserIds: leads,
          answeredAt: row.answeredAt.toISOString(),
        });
      }
      return row;
    },

    async list(q: SurveyAnswersQuery): Promise<SurveyAnswerPage> {
      const { items, total } = await repo.listAnswers(
        db,
        {
          ...(q.from ? { from: new Date(q.from) } : {}),
          ...(q.to ? { to: new Date(q.to) } : {}),
          ...(q.queue ? { queueId: q.queue } : {}),
          ...(q.agent ? { agentId: q.agent } : {}),
          ...(q.channel ? { channel: q.channel } : {}),
          ...(q.lowOnly ? { lowOnly: true } : {}),
        },
        { offset: (q.page - 1) * q.pageSize, limit: q.pageSize },
      );
      return { items: await toDtos(items), total, page: q.page, pageSize: q.pageSize };
    },

    async find(id: string): Promise<AnswerRow | undefined> {
      return repo.findAnswer(db, id);
    },

    /**
     * Every answer after `afterId` in id order, as the event carries it: the reporting module's full
     * rebuild pages through them (`afterId` null: from the first).
     */
    async answersPage(afterId: string | null, limit: number): Promise<SurveyAnswered[]> {
      const rows = await repo.answersAfter(db, afterId, Math.max(1, Math.min(limit, 10_000)));
      return rows.map(answeredPayload);
    },
  };
}
export type SurveyAnswers = ReturnType<typeof createSurveyAnswers>;
