import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { z } from 'zod';
import { Prompt, type PromptLanguage } from '../../../../contracts/prompts';
import {
  type CreateNumberBody,
  type CreatePhoneBody,
  type CreateTrunkBody,
  Phone,
  PhoneNumber,
  Trunk,
  type UpdateNumberBody,
  type UpdatePhoneBody,
  type UpdateTrunkBody,
} from '../../../../contracts/telephony';
import { API_BASE, ApiError, contractApi } from '../../app/api-client';

/** Every voice-settings query lives under ['telephony']. */
export const telephonyKeys = {
  all: ['telephony'] as const,
  phones: ['telephony', 'phones'] as const,
  numbers: ['telephony', 'numbers'] as const,
  trunks: ['telephony', 'trunks'] as const,
  prompts: ['telephony', 'prompts'] as const,
};

export function usePhones() {
  return useQuery({
    queryKey: telephonyKeys.phones,
    queryFn: ({ signal }) => contractApi.get(z.array(Phone), '/telephony/phones', undefined, signal),
    // Registrations come and go: refresh while the tab is open.
    refetchInterval: 15_000,
  });
}

export function useNumbers() {
  return useQuery({
    queryKey: telephonyKeys.numbers,
    queryFn: ({ signal }) => contractApi.get(z.array(PhoneNumber), '/telephony/numbers', undefined, signal),
  });
}

export function useTrunks() {
  return useQuery({
    queryKey: telephonyKeys.trunks,
    queryFn: ({ signal }) => contractApi.get(z.array(Trunk), '/telephony/trunks', undefined, signal),
  });
}

export function usePrompts() {
  return useQuery({
    queryKey: telephonyKeys.prompts,
    queryFn: ({ signal }) => contractApi.get(z.array(Prompt), '/telephony/prompts', undefined, signal),
  });
}

const id = (v: string) => encodeURIComponent(v);
export const createPhone = (body: CreatePhoneBody) => contractApi.post(Phone, '/telephony/phones', body);
export const updatePhone = (phoneId: string, body: UpdatePhoneBody) =>
  contractApi.patch(Phone, `/telephony/phones/${id(phoneId)}`, body);
export const createNumber = (body: CreateNumberBody) => contractApi.post(PhoneNumber, '/telephony/numbers', body);
export const updateNumber = (numberId: string, body: UpdateNumberBody) =>
  contractApi.patch(PhoneNumber, `/telephony/numbers/${id(numberId)}`, body);
export const deleteNumber = (numberId: string) => contractApi.delete(z.void(), `/telephony/numbers/${id(numberId)}`);
export const createTrunk = (body: Partial<CreateTrunkBody> & { name: string }) =>
  contractApi.post(Trunk, '/telephony/trunks', body);
export const updateTrunk = (trunkId: string, body: UpdateTrunkBody) =>
  contractApi.patch(Trunk, `/telephony/trunks/${id(trunkId)}`, body);

const promptPath = (language: PromptLanguage, key: string) => `/telephony/prompts/${id(language)}/${id(key)}`;

/** Where the <audio> element plays the prompt in effect; `version` changes the URL after an upload. */
export const promptUrl = (language: PromptLanguage, key: string, version?: string) =>
  `${API_BASE}${promptPath(language, key)}${version ? `?v=${encodeURIComponent(version)}` : ''}`;

/** The server takes the WAV file itself as the body (not JSON, not multipart). */
export async function uploadPrompt(language: PromptLanguage, key: string, file: Blob): Promise<Prompt> {
  let response: Response;
  try {
    response = await fetch(`${API_BASE}${promptPath(language, key)}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { accept: 'application/json', 'content-type': 'audio/wav' },
      body: file,
    });
  } catch (cause) {
    throw new ApiError(0, 'NETWORK', cause instanceof Error ? cause.message : 'network error');
  }
  if (response.ok) return (await response.json()) as Prompt;
  let error: { code?: unknown; message?: unknown; details?: unknown } | undefined;
  try {
    error = ((await response.json()) as { error?: typeof error }).error;
  } catch {
    // Not our JSON (a proxy's error page).
  }
  if (error && typeof error.code === 'string') {
    throw new ApiError(response.status, error.code, String(error.message ?? error.code), error.details);
  }
  throw new ApiError(
    response.status,
    response.status === 413 ? 'HTTP.BODY_TOO_LARGE' : 'INTERNAL',
    response.statusText,
  );
}
export const deletePrompt = (language: PromptLanguage, key: string) =>
  contractApi.delete(z.void(), promptPath(language, key));

/** After a change of one's own: refetch the voice settings lists. */
export function useInvalidateTelephony(): () => void {
  const queryClient = useQueryClient();
  return useCallback(() => void queryClient.invalidateQueries({ queryKey: telephonyKeys.all }), [queryClient]);
}
