import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type {
  AgentRouting,
  CreateQueueBody,
  PutAgentRoutingBody,
  Queue,
  ReasonCode,
  Skill,
  UpdateQueueBody,
} from '../../../../contracts/routing';
import { api } from '../../app/api-client';
import { routingKeys } from '../../app/lookups';

export { routingKeys, useQueues, useReasonCodes } from '../../app/lookups';

/** One routing record per agent, as the admin screen lists them. */
export type AgentRoutingRow = AgentRouting & { username: string; displayName: string; teamId: string | null };

export type ReasonCodeBody = { code: string; labelZh: string; labelEn: string; active?: boolean; sortOrder?: number };

export function useSkills(enabled = true) {
  return useQuery({
    queryKey: routingKeys.skills,
    queryFn: ({ signal }) => api.get<Skill[]>('/skills', undefined, signal),
    staleTime: 60_000,
    enabled,
  });
}

export function useAgentRoutings(enabled = true) {
  return useQuery({
    queryKey: routingKeys.agents,
    queryFn: ({ signal }) => api.get<AgentRoutingRow[]>('/agents/routing', undefined, signal),
    enabled,
  });
}

export const createQueue = (body: CreateQueueBody) => api.post<Queue>('/queues', body);
export const updateQueue = (id: string, body: UpdateQueueBody) =>
  api.patch<Queue>(`/queues/${encodeURIComponent(id)}`, body);
export const createSkill = (body: { key: string; name: string }) => api.post<Skill>('/skills', body);
export const renameSkill = (id: string, name: string) =>
  api.patch<Skill>(`/skills/${encodeURIComponent(id)}`, { name });
export const createReasonCode = (body: ReasonCodeBody) => api.post<ReasonCode>('/reason-codes', body);
export const updateReasonCode = (id: string, body: Partial<Omit<ReasonCodeBody, 'code'>>) =>
  api.patch<ReasonCode>(`/reason-codes/${encodeURIComponent(id)}`, body);
export const putAgentRouting = (userId: string, body: PutAgentRoutingBody) =>
  api.put<AgentRouting>(`/agents/${encodeURIComponent(userId)}/routing`, body);

/** After a configuration change of one's own: the realtime event does it too, this is at once. */
export function useInvalidateRoutingConfig(): () => void {
  const queryClient = useQueryClient();
  return useCallback(() => void queryClient.invalidateQueries({ queryKey: routingKeys.config }), [queryClient]);
}
