import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { z } from 'zod';
import { KpiReport } from '../../../../contracts/reports';
import {
  AgentMe,
  AgentStatus,
  Contact,
  type SetStateBody,
  type TransferBody,
  type WrapUp,
} from '../../../../contracts/routing';
import { MyPhone } from '../../../../contracts/telephony';
import {
  CallState,
  type ConferenceBody,
  type DialBody,
  DialReply,
  type HoldBody,
  HoldReply,
} from '../../../../contracts/voice';
import { contractApi } from '../../app/api-client';
import { useRealtime } from '../../app/realtime';

export const desktopKeys = {
  all: ['routing', 'desktop'] as const,
  me: ['routing', 'desktop', 'me'] as const,
  contacts: ['routing', 'desktop', 'contacts'] as const,
  contact: (id: string) => ['routing', 'desktop', 'contact', id] as const,
  phone: ['telephony', 'my-phone'] as const,
  myFigures: (from: string, to: string) => ['reports', 'me', from, to] as const,
};

/**
 * The signed-in agent's own KPIs (GET /reports/me: the reports' figures over their contacts and
 * time) for whole days `from`–`to` (exclusive) in the center's zone (the reply names it).
 */
export function useMyFigures(from: string, to: string) {
  return useQuery({
    queryKey: desktopKeys.myFigures(from, to),
    queryFn: ({ signal }) => contractApi.get(KpiReport, '/reports/me', { from, to, groupBy: 'day' }, signal),
    staleTime: 60_000,
    refetchInterval: 5 * 60_000,
  });
}

/** Realtime events keep the desktop current; this slow poll only covers a socket that is down. */
const FALLBACK_POLL_MS = 15_000;

export function useAgentMe() {
  return useQuery({
    queryKey: desktopKeys.me,
    queryFn: ({ signal }) => contractApi.get(AgentMe, '/agents/me', undefined, signal),
    refetchInterval: FALLBACK_POLL_MS,
    staleTime: 0,
  });
}

export function useMyContacts() {
  return useQuery({
    queryKey: desktopKeys.contacts,
    queryFn: ({ signal }) => contractApi.get(z.array(Contact), '/agents/me/contacts', undefined, signal),
    refetchInterval: FALLBACK_POLL_MS,
    staleTime: 0,
  });
}

/** The agent's own phone: registered or not, from where (pushed by telephony.phone.registration_changed). */
export function useMyPhone() {
  return useQuery({
    queryKey: desktopKeys.phone,
    queryFn: ({ signal }) => contractApi.get(MyPhone, '/telephony/my-phone', undefined, signal),
    refetchInterval: FALLBACK_POLL_MS,
    staleTime: 0,
  });
}

export const setMyState = (body: SetStateBody) => contractApi.put(AgentStatus, '/agents/me/state', body);
export const acceptContact = (id: string) => contractApi.post(Contact, `/contacts/${encodeURIComponent(id)}/accept`);
export const rejectContact = (id: string) => contractApi.post(Contact, `/contacts/${encodeURIComponent(id)}/reject`);
export const completeContact = (id: string) =>
  contractApi.post(Contact, `/contacts/${encodeURIComponent(id)}/complete`, {});
export const transferContact = (id: string, body: TransferBody) =>
  contractApi.post(Contact, `/contacts/${encodeURIComponent(id)}/transfer`, body);
/** More time for the notes (the server caps it at an hour from now). */
export const extendWrapUp = (id: string, seconds: number) =>
  contractApi.post(Contact.extend({ wrapUpUntil: z.string() }), `/contacts/${encodeURIComponent(id)}/wrap-up/extend`, {
    seconds,
  });
export const submitWrapUp = (id: string, body: WrapUp) =>
  contractApi.post(Contact, `/contacts/${encodeURIComponent(id)}/wrap-up`, body);

// ---- voice: the call runs on the agent's SIP phone, these act on it through Kefu ------------------
// Hang-up is completeContact (the server hangs up the phone); transfer is transferContact.

const voiceContact = (id: string) => `/voice/contacts/${encodeURIComponent(id)}`;
/** 保持 / 恢复: the caller hears music on hold (HoldReply). */
export const holdCall = (contactId: string, body: HoldBody) =>
  contractApi.post(HoldReply, `${voiceContact(contactId)}/hold`, body);
/** The call's hold state as the server knows it (the phone may hold it too). */
export const callState = (contactId: string) => contractApi.get(CallState, voiceContact(contactId));
/** 三方通话: another agent joins the caller and this agent. */
export const conferenceCall = (contactId: string, body: ConferenceBody) =>
  contractApi.post(z.unknown(), `${voiceContact(contactId)}/conference`, body);
/** 外呼: Kefu rings the agent's own phone first, then calls the number through the trunk (DialReply). */
export const dialNumber = (body: DialBody) => contractApi.post(DialReply, '/voice/dial', body);

export function useInvalidateDesktop(): () => void {
  const queryClient = useQueryClient();
  return useCallback(() => void queryClient.invalidateQueries({ queryKey: desktopKeys.all }), [queryClient]);
}

function concerns(payload: unknown, userId: string): boolean {
  if (!payload || typeof payload !== 'object') return false;
  const p = payload as { agentId?: unknown; previousAgentId?: unknown; userId?: unknown };
  return p.agentId === userId || p.previousAgentId === userId || p.userId === userId;
}

/**
 * Refreshes the desktop when a routing event concerns this agent: an offer, a state change, a
 * contact taken away. Supervisors receive every contact's events, hence the filter. The phone
 * status follows the agent's own phone registering, refreshing or going away.
 */
export function useDesktopRealtime(userId: string | undefined): void {
  const invalidate = useInvalidateDesktop();
  const queryClient = useQueryClient();
  useRealtime((message) => {
    if (!userId || message.type !== 'event') return;
    if (message.name === 'telephony.phone.registration_changed') {
      const p = message.payload as { agentUserId?: unknown } | null;
      if (p?.agentUserId === userId) void queryClient.invalidateQueries({ queryKey: desktopKeys.phone });
      return;
    }
    if (!message.name.startsWith('routing.')) return;
    if (message.name === 'routing.config.changed' || concerns(message.payload, userId)) invalidate();
  });
}
