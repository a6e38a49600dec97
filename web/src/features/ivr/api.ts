import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import {
  type CreateFlowBody,
  Flow,
  type FlowDefinitionInput,
  FlowVersion,
  type UpdateFlowBody,
  ValidateFlowReply,
} from '../../../../contracts/ivr';
import { contractApi } from '../../app/api-client';
import { ivrKeys } from '../../app/lookups';

export { ivrKeys, promptAudioUrl, useFlows, usePromptLibrary, useQueues } from '../../app/lookups';

const flowPath = (id: string) => `/ivr/flows/${encodeURIComponent(id)}`;

export function useFlow(id: string | undefined) {
  return useQuery({
    queryKey: ivrKeys.flow(id ?? ''),
    queryFn: ({ signal }) => contractApi.get(Flow, flowPath(id ?? ''), undefined, signal),
    enabled: !!id,
  });
}

export function useFlowVersion(id: string, version: number | undefined) {
  return useQuery({
    queryKey: ivrKeys.version(id, version ?? 0),
    queryFn: ({ signal }) => contractApi.get(FlowVersion, `${flowPath(id)}/versions/${version}`, undefined, signal),
    enabled: version !== undefined,
    // Published versions never change.
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export const createFlow = (body: Omit<CreateFlowBody, 'definition'> & { definition: FlowDefinitionInput }) =>
  contractApi.post(Flow, '/ivr/flows', body);
/** The definition goes as typed: the server checks it and names the paths of what is wrong. */
export const saveFlow = (id: string, body: Omit<UpdateFlowBody, 'definition'> & { definition: unknown }) =>
  contractApi.put(Flow, flowPath(id), body);
export const publishFlow = (id: string) => contractApi.post(FlowVersion, `${flowPath(id)}/publish`);
export const validateFlow = (definition: unknown) =>
  contractApi.post(ValidateFlowReply, '/ivr/validate', { definition });

export function useInvalidateFlows(): () => void {
  const queryClient = useQueryClient();
  return useCallback(() => void queryClient.invalidateQueries({ queryKey: ivrKeys.all }), [queryClient]);
}
