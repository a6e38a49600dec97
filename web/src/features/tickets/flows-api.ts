import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import {
  type ComplaintStepBody,
  type ComplaintStepKey,
  type CreateIncidentBodyInput,
  FollowUp,
  FollowUpDialReply,
  type FollowUpOutcomeBody,
  FollowUpPage,
  Incident,
  IncidentUpdateReply,
  Ticket,
  type Ticket as TicketT,
  type UpdateIncidentBody,
} from '../../../../contracts/tickets';
import { contractApi, type QueryParams } from '../../app/api-client';

/**
 * The complaint flow, follow-up visits and major incidents (docs/work-orders.md). Their queries live
 * under ['tickets'] too, so the one invalidation of useInvalidateTickets() refreshes them with the orders.
 */
export const flowKeys = {
  followUps: (q: FollowUpListQuery) => ['tickets', 'follow-ups', q] as const,
  incidents: ['tickets', 'incidents'] as const,
  incident: (id: string) => ['tickets', 'incidents', id] as const,
  ticketsByIds: (ids: readonly string[]) => ['tickets', 'by-ids', ...ids] as const,
};

const enc = encodeURIComponent;

export const completeComplaintStep = (ticketId: string, key: ComplaintStepKey, body: ComplaintStepBody) =>
  contractApi.post(Ticket, `/tickets/${enc(ticketId)}/complaint/steps/${key}`, body);

export type FollowUpListQuery = {
  mine?: boolean;
  due?: string;
  status?: string;
  page: number;
  pageSize: number;
};

export function useFollowUps(query: FollowUpListQuery) {
  return useQuery({
    queryKey: flowKeys.followUps(query),
    queryFn: ({ signal }) => contractApi.get(FollowUpPage, '/follow-ups', query as QueryParams, signal),
    placeholderData: keepPreviousData,
  });
}

/** Click-to-call: the server resolves the (for agents masked) number and rings my phone first. */
export const dialFollowUp = (id: string) => contractApi.post(FollowUpDialReply, `/follow-ups/${enc(id)}/dial`);
export const recordFollowUpOutcome = (id: string, body: FollowUpOutcomeBody) =>
  contractApi.post(FollowUp, `/follow-ups/${enc(id)}/outcome`, body);

export function useIncidents() {
  return useQuery({
    queryKey: flowKeys.incidents,
    queryFn: ({ signal }) => contractApi.get(z.array(Incident), '/incidents', undefined, signal),
  });
}

export function useIncident(id: string) {
  return useQuery({
    queryKey: flowKeys.incident(id),
    queryFn: ({ signal }) => contractApi.get(Incident, `/incidents/${enc(id)}`, undefined, signal),
  });
}

/** The linked orders of an incident, one read each (an incident links tens, rarely hundreds). */
export function useTicketsByIds(ids: readonly string[]) {
  return useQuery({
    queryKey: flowKeys.ticketsByIds(ids),
    queryFn: async ({ signal }): Promise<TicketT[]> =>
      Promise.all(ids.map((id) => contractApi.get(Ticket, `/tickets/${enc(id)}`, undefined, signal))),
    enabled: ids.length > 0,
  });
}

export const createIncident = (body: CreateIncidentBodyInput) =>
  contractApi.post(IncidentUpdateReply, '/incidents', body);
export const updateIncident = (id: string, body: UpdateIncidentBody) =>
  contractApi.patch(IncidentUpdateReply, `/incidents/${enc(id)}`, body);
export const linkIncidentTickets = (id: string, ticketIds: string[]) =>
  contractApi.post(Incident, `/incidents/${enc(id)}/tickets`, { ticketIds });
export const unlinkIncidentTicket = (id: string, ticketId: string) =>
  contractApi.delete(Incident, `/incidents/${enc(id)}/tickets/${enc(ticketId)}`);
