import type { AgentMe, AgentStatus, SetStateBody } from '../../../../contracts/routing';
import { type Actor, systemActor } from '../../platform/audit';
import type { RoutingConfig } from './routing.config';
import type { RoutingContext } from './routing.context';
import { userNotFound } from './routing.errors';
import type { RoutingFigures } from './routing.figures';

/**
 * Agent states: ready (示闲), not ready (示忙) with a reason, logged out — the agent's own choice, a
 * supervisor's (audited), or Kefu's when the account is disabled.
 */
export function createAgentStates(
  ctx: RoutingContext,
  config: Pick<RoutingConfig, 'resolveReason' | 'routingOf'>,
  figures: Pick<RoutingFigures, 'statusOf' | 'agentDay'>,
) {
  const { rt, profileOf } = ctx;

  /** A disabled user leaves the ACD at once: nothing may be offered to an account that cannot sign in. */
  async function logOutIfDisabled(userId: string): Promise<void> {
    const p = await profileOf(userId);
    const presence = rt.presenceOf(userId);
    if (!p?.disabled || presence === 'logged_out' || presence === undefined) return;
    await rt.command(systemActor, (b) => {
      const before = rt.agentNow(userId, b.now.getTime())?.offer ?? null;
      rt.moves.applyOffers(
        b,
        rt.moves.drive(b, (e, t) => e.setPresence(userId, 'logged_out', t)),
      );
      rt.moves.withdrawn(b, before, `offer withdrawn: ${userId} was disabled`);
      b.agents.add(userId);
      b.audits.push({
        action: 'routing.agent.state_set',
        entityType: 'user',
        entityId: userId,
        details: { state: 'logged_out', why: 'user disabled' },
      });
    });
  }

  const service = {
    async me(userId: string): Promise<AgentMe> {
      const p = await profileOf(userId);
      if (!p) throw userNotFound(userId);
      return {
        ...figures.statusOf(userId, p),
        routing: config.routingOf(userId),
        today: await figures.agentDay(userId),
      };
    },

    /** The agent's own choice, or a supervisor's (`by` differs from `userId`: audited). */
    async setState(userId: string, body: SetStateBody, actor: Actor): Promise<AgentStatus> {
      const p = await profileOf(userId);
      if (!p) throw userNotFound(userId);
      const reason = body.state === 'not_ready' ? config.resolveReason(body.reason) : null;
      await rt.command(actor, (b) => {
        rt.moves.ensureAgent(b, userId);
        const before = rt.agentNow(userId, b.now.getTime())?.offer ?? null;
        if (body.state === 'ready' && actor.userId === userId) rt.moves.phoneWorks(b, userId);
        rt.moves.applyOffers(
          b,
          rt.moves.drive(b, (e, t) => e.setPresence(userId, body.state, t, reason)),
        );
        rt.moves.withdrawn(b, before, `offer withdrawn: ${userId} is ${body.state}`);
        b.agents.add(userId);
        if (actor.userId !== userId) {
          b.audits.push({
            action: 'routing.agent.state_set',
            entityType: 'user',
            entityId: userId,
            details: { ...body },
          });
        }
      });
      return figures.statusOf(userId, p);
    },
  };
  return { service, logOutIfDisabled };
}
