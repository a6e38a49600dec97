import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { z } from 'zod';
import { CalendarSummary } from '../../../../contracts/calendars';
import {
  type CommentBodyInput,
  type CreateCategoryBodyInput,
  type CreateGroupBodyInput,
  type CreateSlaPolicyBodyInput,
  type CreateTicketBodyInput,
  DepartmentGroup,
  type ListTicketsQueryInput,
  SlaPolicy,
  Ticket,
  TicketCategory,
  TicketComment,
  TicketEvent,
  TicketPage,
  TicketSettings,
  type TicketType,
  type TransitionBody,
  type UpdateCategoryBody,
  type UpdateGroupBody,
  type UpdateSlaPolicyBody,
  type UpdateTicketBody,
  type UpdateTicketSettingsBody,
} from '../../../../contracts/tickets';
import { contractApi, type QueryParams } from '../../app/api-client';

/** Every work-order query lives under ['tickets'], so one invalidation refreshes lists and details. */
export const ticketKeys = {
  all: ['tickets'] as const,
  list: (q: ListTicketsQueryInput) => ['tickets', 'list', q] as const,
  detail: (id: string) => ['tickets', 'detail', id] as const,
  comments: (id: string) => ['tickets', 'comments', id] as const,
  history: (id: string) => ['tickets', 'history', id] as const,
  policies: ['tickets', 'admin', 'policies'] as const,
  categories: (type?: TicketType) => ['tickets', 'admin', 'categories', type ?? 'all'] as const,
  groups: ['tickets', 'admin', 'groups'] as const,
  settings: ['tickets', 'admin', 'settings'] as const,
};

const enc = encodeURIComponent;

export function useTickets(query: ListTicketsQueryInput) {
  return useQuery({
    queryKey: ticketKeys.list(query),
    queryFn: ({ signal }) => contractApi.get(TicketPage, '/tickets', query as QueryParams, signal),
    placeholderData: keepPreviousData,
  });
}

export function useTicket(id: string) {
  return useQuery({
    queryKey: ticketKeys.detail(id),
    queryFn: ({ signal }) => contractApi.get(Ticket, `/tickets/${enc(id)}`, undefined, signal),
  });
}

export function useComments(id: string) {
  return useQuery({
    queryKey: ticketKeys.comments(id),
    queryFn: ({ signal }) => contractApi.get(z.array(TicketComment), `/tickets/${enc(id)}/comments`, undefined, signal),
  });
}

export function useHistory(id: string) {
  return useQuery({
    queryKey: ticketKeys.history(id),
    queryFn: ({ signal }) => contractApi.get(z.array(TicketEvent), `/tickets/${enc(id)}/history`, undefined, signal),
  });
}

export function usePolicies() {
  return useQuery({
    queryKey: ticketKeys.policies,
    queryFn: ({ signal }) => contractApi.get(z.array(SlaPolicy), '/tickets/sla-policies', undefined, signal),
  });
}

/** All categories of every type (a few hundred rows at most); forms filter by type locally. */
export function useCategories() {
  return useQuery({
    queryKey: ticketKeys.categories(),
    queryFn: ({ signal }) => contractApi.get(z.array(TicketCategory), '/tickets/categories', undefined, signal),
    staleTime: 60_000,
  });
}

export function useGroups() {
  return useQuery({
    queryKey: ticketKeys.groups,
    queryFn: ({ signal }) => contractApi.get(z.array(DepartmentGroup), '/tickets/groups', undefined, signal),
    staleTime: 60_000,
  });
}

export function useTicketSettings() {
  return useQuery({
    queryKey: ticketKeys.settings,
    queryFn: ({ signal }) => contractApi.get(TicketSettings, '/tickets/settings', undefined, signal),
  });
}
export const updateTicketSettings = (body: UpdateTicketSettingsBody) =>
  contractApi.put(TicketSettings, '/tickets/settings', body);

/** Business calendars for the SLA policy form (the calendars module's list). */
export function useCalendars(enabled = true) {
  return useQuery({
    queryKey: ['calendars', 'list'],
    queryFn: ({ signal }) => contractApi.get(z.array(CalendarSummary), '/calendars', undefined, signal),
    enabled,
  });
}

export const createTicket = (body: CreateTicketBodyInput) => contractApi.post(Ticket, '/tickets', body);
export const updateTicket = (id: string, body: UpdateTicketBody) =>
  contractApi.patch(Ticket, `/tickets/${enc(id)}`, body);
export const transitionTicket = (id: string, body: TransitionBody) =>
  contractApi.post(Ticket, `/tickets/${enc(id)}/transitions`, body);
export const addComment = (id: string, body: CommentBodyInput) =>
  contractApi.post(TicketComment, `/tickets/${enc(id)}/comments`, body);

export const createPolicy = (body: CreateSlaPolicyBodyInput) =>
  contractApi.post(SlaPolicy, '/tickets/sla-policies', body);
export const updatePolicy = (id: string, body: UpdateSlaPolicyBody) =>
  contractApi.patch(SlaPolicy, `/tickets/sla-policies/${enc(id)}`, body);
export const createCategory = (body: CreateCategoryBodyInput) =>
  contractApi.post(TicketCategory, '/tickets/categories', body);
export const updateCategory = (id: string, body: UpdateCategoryBody) =>
  contractApi.patch(TicketCategory, `/tickets/categories/${enc(id)}`, body);
export const createGroup = (body: CreateGroupBodyInput) => contractApi.post(DepartmentGroup, '/tickets/groups', body);
export const updateGroup = (id: string, body: UpdateGroupBody) =>
  contractApi.patch(DepartmentGroup, `/tickets/groups/${enc(id)}`, body);

export function useInvalidateTickets(): () => void {
  const queryClient = useQueryClient();
  return useCallback(() => void queryClient.invalidateQueries({ queryKey: ticketKeys.all }), [queryClient]);
}
