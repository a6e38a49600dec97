import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { z } from 'zod';
import {
  type CreateFlowBody,
  Flow,
  type FlowDefinitionInput,
  FlowVersion,
  type UpdateFlowBody,
  ValidateFlowReply,
} from '../../../../contracts/ivr';
import { Prompt, type PromptLanguage } from '../../../../contracts/prompts';
import { API_BASE, contractApi } from '../../app/api-client';
import { ivrKeys } from '../../app/lookups';

export { ivrKeys, useFlows, useQueues } from '../../app/lookups';

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

/**
 * The prompt library as the designer's prompt pickers read it. `description` (zh-CN and en-US) and
 * `text` come with the prompt catalogue; a server without them, or a custom key, shows the key.
 */
export const LibraryPrompt = Prompt.extend({
  description: z.object({ 'zh-CN': z.string(), 'en-US': z.string() }).nullable().optional(),
  text: z.string().nullable().optional(),
});
export type LibraryPrompt = z.infer<typeof LibraryPrompt>;

export function usePromptLibrary() {
  return useQuery({
    queryKey: [...ivrKeys.all, 'prompts'],
    queryFn: ({ signal }) => contractApi.get(z.array(LibraryPrompt), '/telephony/prompts', undefined, signal),
    staleTime: 60_000,
  });
}

/** Where the browser plays a prompt (the file in effect: an upload, else the shipped one). */
export const promptAudioUrl = (language: PromptLanguage, key: string) =>
  `${API_BASE}/telephony/prompts/${encodeURIComponent(language)}/${encodeURIComponent(key)}`;
