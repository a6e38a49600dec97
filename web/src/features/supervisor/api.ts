import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef } from 'react';
import { z } from 'zod';
import {
  AgentStatus,
  Contact,
  RoutingLogEntry,
  type SetStateBody,
  type UpdateContactBody,
  Wallboard,
} from '../../../../contracts/routing';
import { PhoneNumber } from '../../../../contracts/telephony';
import { LiveCall, type MonitorBody, OverloadStatus, type SpikeMessageBody } from '../../../../contracts/voice';
import { contractApi } from '../../app/api-client';
import { useRealtime } from '../../app/realtime';

export const supervisorKeys = {
  all: ['routing', 'supervisor'] as const,
  wallboard: ['routing', 'supervisor', 'wallboard'] as const,
  inHand: ['routing', 'supervisor', 'in-hand'] as const,
  waiting: (queue: string) => ['routing', 'supervisor', 'waiting', queue] as const,
  log: (id: string) => ['routing', 'supervisor', 'log', id] as const,
  // Under `all`, so routing events (a call offered, answered, transferred, ended) refetch it too.
  liveCalls: ['routing', 'supervisor', 'voice-calls'] as const,
  // Not under `all`: admission control is not routing; its own event and poll refresh it.
  overload: ['voice', 'overload'] as const,
  // The same cache as the voice settings' number list (features/telephony), so a save there shows here.
  numbers: ['telephony', 'numbers'] as const,
};

/** Realtime events drive the wallboard; this poll only covers a socket that is down or a missed event. */
const FALLBACK_POLL_MS = 5_000;
/** At most one refetch per this many ms however many events arrive (a busy center sends dozens a second). */
const THROTTLE_MS = 300;

export function useWallboard() {
  return useQuery({
    queryKey: supervisorKeys.wallboard,
    queryFn: ({ signal }) => contractApi.get(Wallboard, '/wallboard', undefined, signal),
    refetchInterval: FALLBACK_POLL_MS,
    staleTime: 0,
  });
}

/** Contacts offered to agents, in conversation or in wrap-up: the wallboard shows which agent holds what. */
export function useContactsInHand() {
  return useQuery({
    queryKey: supervisorKeys.inHand,
    queryFn: ({ signal }) =>
      contractApi.get(
        z.array(Contact),
        '/contacts',
        { state: ['offered', 'connected', 'wrap_up'], limit: 500 },
        signal,
      ),
    refetchInterval: FALLBACK_POLL_MS,
    staleTime: 0,
  });
}

export function useWaitingContacts(queueKey: string | undefined) {
  return useQuery({
    queryKey: supervisorKeys.waiting(queueKey ?? ''),
    queryFn: ({ signal }) =>
      contractApi.get(z.array(Contact), '/contacts', { state: 'queued', queue: queueKey, limit: 200 }, signal),
    enabled: Boolean(queueKey),
    refetchInterval: FALLBACK_POLL_MS,
    staleTime: 0,
  });
}

export function useRoutingLog(contactId: string | undefined) {
  return useQuery({
    queryKey: supervisorKeys.log(contactId ?? ''),
    queryFn: ({ signal }) =>
      contractApi.get(
        z.array(RoutingLogEntry),
        `/contacts/${encodeURIComponent(contactId ?? '')}/routing-log`,
        undefined,
        signal,
      ),
    enabled: Boolean(contactId),
    staleTime: 0,
  });
}

/** Calls in progress (IVR, queue, talk), with who monitors them: the 通话监控 section. */
export function useLiveCalls() {
  return useQuery({
    queryKey: supervisorKeys.liveCalls,
    queryFn: ({ signal }) => contractApi.get(z.array(LiveCall), '/voice/calls', undefined, signal),
    refetchInterval: FALLBACK_POLL_MS,
    staleTime: 0,
  });
}

/** Admission control: admitting or refusing new calls, why, and what was shed (GET /voice/overload). */
export function useOverload() {
  return useQuery({
    queryKey: supervisorKeys.overload,
    queryFn: ({ signal }) => contractApi.get(OverloadStatus, '/voice/overload', undefined, signal),
    // voice.overload.changed carries the status (on each change, every second while shedding); the
    // poll covers a socket that is down and keeps the headroom figures fresh while admitting.
    refetchInterval: FALLBACK_POLL_MS,
    staleTime: 0,
  });
}

/** The called numbers with their spike message (应急公告) and overload action. */
export function useNumbers(enabled = true) {
  return useQuery({
    queryKey: supervisorKeys.numbers,
    queryFn: ({ signal }) => contractApi.get(z.array(PhoneNumber), '/telephony/numbers', undefined, signal),
    // Another supervisor may turn a message on: the banner catches up within this.
    refetchInterval: 15_000,
    staleTime: 0,
    enabled,
  });
}

/** Turns a number's spike message on (with its prompt and what follows) or off. */
export const setSpikeMessage = (numberId: string, body: SpikeMessageBody) =>
  contractApi.put(PhoneNumber, `/telephony/numbers/${encodeURIComponent(numberId)}/spike`, body);

/** 监听 / 耳语 / 强插: Kefu rings the supervisor's own SIP phone and joins it to the call. */
export const monitorCall = (contactId: string, body: MonitorBody) =>
  contractApi.post(z.unknown(), `/voice/contacts/${encodeURIComponent(contactId)}/monitor`, body);

export const setAgentState = (userId: string, body: SetStateBody) =>
  contractApi.put(AgentStatus, `/agents/${encodeURIComponent(userId)}/state`, body);
export const updateContact = (id: string, body: UpdateContactBody) =>
  contractApi.patch(Contact, `/contacts/${encodeURIComponent(id)}`, body);

/**
 * Any routing event refetches what the supervisor sees — at once for the first, then at most once
 * per THROTTLE_MS, the last event of a burst always followed by one more refetch.
 */
export function useSupervisorRealtime(): void {
  const queryClient = useQueryClient();
  const last = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const refetch = useCallback(() => {
    timer.current = undefined;
    last.current = Date.now();
    void queryClient.invalidateQueries({ queryKey: supervisorKeys.all });
  }, [queryClient]);

  useEffect(() => () => clearTimeout(timer.current), []);

  useRealtime((message) => {
    if (message.type !== 'event') return;
    // A change of admission (admitting ↔ refusing) shows at once, not at the next poll.
    if (message.name === 'voice.overload.changed') {
      const status = OverloadStatus.safeParse(message.payload);
      if (status.success) queryClient.setQueryData(supervisorKeys.overload, status.data);
      else void queryClient.invalidateQueries({ queryKey: supervisorKeys.overload });
      return;
    }
    if (!message.name.startsWith('routing.')) return;
    if (timer.current) return; // a refetch is already scheduled: it will see this event's effect
    const wait = last.current + THROTTLE_MS - Date.now();
    if (wait <= 0) refetch();
    else timer.current = setTimeout(refetch, wait);
  });
}
