import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { User, UserPage } from '../../../contracts/auth';
import { CalendarSummary } from '../../../contracts/calendars';
import { FlowSummary } from '../../../contracts/ivr';
import type { Role } from '../../../contracts/permissions';
import { Prompt, type PromptLanguage } from '../../../contracts/prompts';
import { Queue, ReasonCode } from '../../../contracts/routing';
import { Team } from '../../../contracts/teams';
import { API_BASE, contractApi } from './api-client';

/**
 * Reference data that several features read — queues and reason codes, teams, users, IVR flows, the
 * prompt library —
 * with the query keys they are cached under. A feature never imports another feature's api.ts: it
 * reads these here; the owning feature re-exports them and keeps its writes and invalidations, which
 * use the same keys.
 */

/** Every ACD query lives under ['routing']; configuration under ['routing', 'config'] (realtime invalidates it). */
export const routingKeys = {
  all: ['routing'] as const,
  config: ['routing', 'config'] as const,
  queues: ['routing', 'config', 'queues'] as const,
  skills: ['routing', 'config', 'skills'] as const,
  reasonCodes: ['routing', 'config', 'reason-codes'] as const,
  agents: ['routing', 'config', 'agents'] as const,
};

export const teamKeys = { all: ['teams'] as const, list: ['teams', 'list'] as const };

export type UserFilters = { q?: string; teamId?: string; role?: Role; page: number; pageSize: number };

export const userKeys = {
  all: ['users'] as const,
  list: (filters: UserFilters) => ['users', 'list', filters] as const,
  detail: (id: string) => ['users', 'detail', id] as const,
};

export const ivrKeys = {
  all: ['ivr'] as const,
  list: ['ivr', 'flows'] as const,
  flow: (id: string) => ['ivr', 'flow', id] as const,
  version: (id: string, version: number) => ['ivr', 'flow', id, 'version', version] as const,
  prompts: ['ivr', 'prompts'] as const,
};

export function useQueues(enabled = true) {
  return useQuery({
    queryKey: routingKeys.queues,
    queryFn: ({ signal }) => contractApi.get(z.array(Queue), '/queues', undefined, signal),
    staleTime: 60_000,
    enabled,
  });
}

export function useReasonCodes() {
  return useQuery({
    queryKey: routingKeys.reasonCodes,
    queryFn: ({ signal }) => contractApi.get(z.array(ReasonCode), '/reason-codes', undefined, signal),
    staleTime: 60_000,
  });
}

export function useTeams(enabled = true) {
  return useQuery({
    queryKey: teamKeys.list,
    queryFn: ({ signal }) => contractApi.get(z.array(Team), '/teams', undefined, signal),
    enabled,
  });
}

export function useUsers(filters: UserFilters, enabled = true) {
  return useQuery({
    queryKey: userKeys.list(filters),
    queryFn: ({ signal }) => contractApi.get(UserPage, '/users', filters, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useUser(id: string | null | undefined) {
  return useQuery({
    queryKey: userKeys.detail(id ?? ''),
    queryFn: ({ signal }) => contractApi.get(User, `/users/${encodeURIComponent(id ?? '')}`, undefined, signal),
    enabled: Boolean(id),
    staleTime: 60_000,
  });
}

export function useFlows() {
  return useQuery({
    queryKey: ivrKeys.list,
    queryFn: ({ signal }) => contractApi.get(z.array(FlowSummary), '/ivr/flows', undefined, signal),
  });
}

/**
 * The prompt library as the prompt pickers read it (the IVR designer, the wallboard's 应急公告):
 * `description` (zh-CN and en-US) and `text` come with the prompt catalogue; a custom key has neither.
 */
export function usePromptLibrary(enabled = true) {
  return useQuery({
    queryKey: ivrKeys.prompts,
    queryFn: ({ signal }) => contractApi.get(z.array(Prompt), '/telephony/prompts', undefined, signal),
    staleTime: 60_000,
    enabled,
  });
}

/** Where the browser plays a prompt (the file in effect: an upload, else the shipped one). */
export const promptAudioUrl = (language: PromptLanguage, key: string) =>
  `${API_BASE}/telephony/prompts/${encodeURIComponent(language)}/${encodeURIComponent(key)}`;

/** Business calendars (the calendars page edits them; IVR nodes and queues pick one). */
export const calendarKeys = {
  all: ['calendars'] as const,
  list: ['calendars', 'list'] as const,
  one: (id: string) => ['calendars', 'one', id] as const,
};

export function useCalendars(enabled = true) {
  return useQuery({
    queryKey: calendarKeys.list,
    queryFn: ({ signal }) => contractApi.get(z.array(CalendarSummary), '/calendars', undefined, signal),
    enabled,
  });
}

/** Under ['reports'], which the reports feature invalidates as a whole. */
export const centerZoneKey = ['reports', 'center-zone'] as const;

/** The center's time zone (GET /reports/queues names it): reports and WFM days are the center's. */
export function useCenterTimeZone() {
  return useQuery({
    queryKey: centerZoneKey,
    queryFn: ({ signal }) =>
      contractApi.get(z.object({ timezone: z.string() }), '/reports/queues', undefined, signal).then((r) => r.timezone),
    staleTime: Number.POSITIVE_INFINITY,
  });
}
