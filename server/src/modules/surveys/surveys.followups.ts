import type { Envelope } from '../../platform/bus';
import type { Database } from '../../platform/db';
import type { Logger } from '../../platform/logger';
import type { UsersService } from '../auth';
import type { TicketsServices } from '../tickets';
import type { SurveysRepo } from './surveys.repo';
import type { SurveyTemplates } from './surveys.templates';
import { templateOf } from './surveys.templates';

/**
 * A low score's follow-up visit (回访), when the answer's template asks for one. Decided (docs/surveys.md):
 * - the answer names a work order → a visit on that order (its owner calls back);
 * - no order but a known customer → a plain 咨询 (inquiry) order for that customer, owned by the team
 *   lead who was alerted (else the agent), and a visit on it: the visit needs an order, and a
 *   complaint would claim what the customer has not said;
 * - neither → no visit: there is nobody to call back (the lead's inbox alert still goes out).
 */
export function createLowScoreFollowUps(deps: {
  db: Database;
  repo: SurveysRepo;
  log: Logger;
  templates: Pick<SurveyTemplates, 'forQueue'>;
  users: Pick<UsersService, 'get'>;
  tickets: Pick<TicketsServices['tickets'], 'create'>;
  followUps: Pick<TicketsServices['ticketFollowUps'], 'openVisit'>;
}) {
  const { db, repo } = deps;

  async function orderFor(
    answerId: string,
    customerId: string,
    ownerId: string,
    p: Envelope<'surveys.answer.low_score'>['payload'],
  ) {
    const owner = await deps.users.get(ownerId);
    const scores = [
      p.csat !== null ? `CSAT ${p.csat}/5` : null,
      p.nps !== null ? `NPS ${p.nps}/10` : null,
      p.ces !== null ? `CES ${p.ces}/7` : null,
    ]
      .filter(Boolean)
      .join('，');
    const t = await deps.tickets.create(
      {
        type: 'inquiry',
        priority: 'P3',
        subject: '满意度低分回访',
        description: `客户满意度调查低分（${scores}）${p.agentName ? `，服务座席：${p.agentName}` : ''}。请回访了解原因。`,
        channel: p.channel === 'ivr' ? 'phone' : p.channel,
        customerId,
        ownerUserId: ownerId,
      },
      {
        actor: { userId: null, name: 'surveys', ip: null, requestId: `surveys.answer:${answerId}` },
        userId: ownerId,
        teamId: owner.teamId,
        canManage: true,
      },
    );
    return t.id;
  }

  return {
    async lowScore(e: Envelope<'surveys.answer.low_score'>): Promise<void> {
      const p = e.payload;
      const a = await repo.findAnswer(db, p.answerId);
      if (!a || a.followUpTicketId) return;
      const tRow = a.templateId ? await repo.findTemplate(db, a.templateId) : undefined;
      const template = tRow ? templateOf(tRow) : await deps.templates.forQueue(db, a.queueId);
      if (!template?.followUpOnLowScore) return;
      let ticketId = a.ticketId;
      if (!ticketId) {
        const ownerId = p.notifyUserIds[0] ?? a.agentId;
        if (!a.customerId || !ownerId) return;
        ticketId = await orderFor(a.id, a.customerId, ownerId, p);
      }
      // Claimed before the visit: a redelivered alert finds it set and opens nothing more.
      if (!(await repo.setFollowUpTicket(db, a.id, ticketId))) return;
      await deps.followUps.openVisit(ticketId);
    },
  };
}
export type LowScoreFollowUps = ReturnType<typeof createLowScoreFollowUps>;
