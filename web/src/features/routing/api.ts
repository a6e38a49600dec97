import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { z } from 'zod';
import {
  AgentRouting,
  type CreateQueueBody,
  type CreateReasonCodeBody,
  type CreateSkillBody,
  type PutAgentRoutingBody,
  Queue,
  ReasonCode,
  Skill,
  type UpdateQueueBody,
  type UpdateReasonCodeBody,
  type UpdateSkillBody,
} from '../../../../contracts/routing';
import { contractApi } from '../../app/api-client';
import { routingKeys } from '../../app/lookups';

export { routingKeys, useQueues, useReasonCodes } from '../../app/lookups';

/** One routing record per agent, as the admin screen lists them. */
export const AgentRoutingRow = AgentRouting.extend({
  username: z.string(),
  displayName: z.string(),
  teamId: z.string().nullable(),
});
export type AgentRoutingRow = z.infer<typeof AgentRoutingRow>;

export type ReasonCodeBody = z.input<typeof CreateReasonCodeBody>;

export function useSkills(enabled = true) {
  return useQuery({
    queryKey: routingKeys.skills,
    queryFn: ({ signal }) => contractApi.get(z.array(Skill), '/skills', undefined, signal),
    staleTime: 60_000,
    enabled,
  });
}

export function useAgentRoutings(enabled = true) {
  return useQuery({
    queryKey: routingKeys.agents,
    queryFn: ({ signal }) => contractApi.get(z.array(AgentRoutingRow), '/agents/routing', undefined, signal),
    enabled,
  });
}

export const createQueue = (body: CreateQueueBody) => contractApi.post(Queue, '/queues', body);
export const updateQueue = (id: string, body: UpdateQueueBody) =>
  contractApi.patch(Queue, `/queues/${encodeURIComponent(id)}`, body);
export const createSkill = (body: z.input<typeof CreateSkillBody>) => contractApi.post(Skill, '/skills', body);
export const renameSkill = (id: string, name: string) =>
  contractApi.patch(Skill, `/skills/${encodeURIComponent(id)}`, { name } satisfies z.input<typeof UpdateSkillBody>);
export const createReasonCode = (body: ReasonCodeBody) => contractApi.post(ReasonCode, '/reason-codes', body);
export const updateReasonCode = (id: string, body: z.input<typeof UpdateReasonCodeBody>) =>
  contractApi.patch(ReasonCode, `/reason-codes/${encodeURIComponent(id)}`, body);
export const putAgentRouting = (userId: string, body: PutAgentRoutingBody) =>
  contractApi.put(AgentRouting, `/agents/${encodeURIComponent(userId)}/routing`, body);

/** After a configuration change of one's own: the realtime event does it too, this is at once. */
export function useInvalidateRoutingConfig(): () => void {
  const queryClient = useQueryClient();
  return useCallback(() => void queryClient.invalidateQueries({ queryKey: routingKeys.config }), [queryClient]);
}
