import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { z } from 'zod';
import { CalendarSummary } from '../../../../contracts/calendars';
import { CallSummary } from '../../../../contracts/calls';
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
  TicketAttachment,
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
import { API_BASE, ApiError, contractApi, type QueryParams } from '../../app/api-client';

/** Every work-order query lives under ['tickets'], so one invalidation refreshes lists and details. */
export const ticketKeys = {
  all: ['tickets'] as const,
  list: (q: ListTicketsQueryInput) => ['tickets', 'list', q] as const,
  detail: (id: string) => ['tickets', 'detail', id] as const,
  comments: (id: string) => ['tickets', 'comments', id] as const,
  history: (id: string) => ['tickets', 'history', id] as const,
  attachments: (id: string) => ['tickets', 'attachments', id] as const,
  calls: (id: string) => ['tickets', 'calls', id] as const,
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

export function useAttachments(id: string) {
  return useQuery({
    queryKey: ticketKeys.attachments(id),
    queryFn: ({ signal }) =>
      contractApi.get(z.array(TicketAttachment), `/tickets/${enc(id)}/attachments`, undefined, signal),
  });
}

/** The call records of the order's linked contacts (time, direction, talk time, agent, recording). */
export function useLinkedCalls(id: string) {
  return useQuery({
    queryKey: ticketKeys.calls(id),
    queryFn: ({ signal }) => contractApi.get(z.array(CallSummary), `/tickets/${enc(id)}/calls`, undefined, signal),
  });
}

export const attachmentUrl = (ticketId: string, attachmentId: string, download = false) =>
  `${API_BASE}/tickets/${enc(ticketId)}/attachments/${enc(attachmentId)}${download ? '?download=1' : ''}`;

export const deleteAttachment = (ticketId: string, attachmentId: string) =>
  contractApi.delete(z.unknown(), `/tickets/${enc(ticketId)}/attachments/${enc(attachmentId)}`);

/**
 * Sends the file itself as the body (application/octet-stream; the server sniffs its real type),
 * reporting progress: fetch cannot tell upload progress, XMLHttpRequest can.
 */
export function uploadAttachment(
  ticketId: string,
  file: File,
  onProgress: (percent: number) => void,
): Promise<TicketAttachment> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${API_BASE}/tickets/${enc(ticketId)}/attachments?name=${enc(file.name)}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', 'network error'));
    xhr.onload = () => {
      let body: { error?: { code?: string; message?: string; details?: unknown } } | undefined;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(TicketAttachment.parse(body));
      const e = body?.error;
      reject(new ApiError(xhr.status, e?.code ?? 'HTTP.BAD_REQUEST', e?.message ?? xhr.statusText, e?.details));
    };
    xhr.send(file);
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
