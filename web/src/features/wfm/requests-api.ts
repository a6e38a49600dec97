import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { addDays, dateIn } from '../../../../contracts/local-dates';
import {
  type CreateShiftRequestBody,
  type RequestState,
  ShiftList,
  ShiftRequestDetail,
  ShiftRequestList,
} from '../../../../contracts/wfm-schedules';
import { contractApi } from '../../app/api-client';

/**
 * The agent's and the team lead's side of schedules (issue 17): one's published shifts, the team's
 * (to pick a swap), one's leave and swap requests, and a team lead's inbox. Everything lives under
 * ['wfm', 'self']: a request made, answered or decided refreshes every screen that shows one, and the
 * realtime events wfm.request.changed and wfm.schedule.published make it stale (app/realtime.tsx).
 */
export const selfKeys = {
  all: ['wfm', 'self'] as const,
  myShifts: (from: string, to: string) => ['wfm', 'self', 'my-shifts', from, to] as const,
  teamShifts: (from: string, to: string) => ['wfm', 'self', 'team-shifts', from, to] as const,
  myRequests: ['wfm', 'self', 'requests'] as const,
  inbox: (state: RequestState | undefined) => ['wfm', 'self', 'inbox', state ?? 'all'] as const,
  request: (id: string) => ['wfm', 'self', 'request', id] as const,
};

const enc = (value: string) => encodeURIComponent(value);

/**
 * The days to ask for so that the centre's next `days` days are inside, whatever the browser's zone:
 * the centre's zone comes with the answer (agents may not read it elsewhere), and no two zones are
 * more than a day and a bit apart.
 */
export function shiftsWindow(days: number, now = new Date()): { from: string; to: string } {
  const here = dateIn(Intl.DateTimeFormat().resolvedOptions().timeZone, now);
  return { from: addDays(here, -2), to: addDays(here, days + 1) };
}

/** One's published shifts on the local days [from, to]. */
export function useMyShifts(from: string | undefined, to: string | undefined, enabled = true) {
  return useQuery({
    queryKey: selfKeys.myShifts(from ?? '', to ?? ''),
    queryFn: ({ signal }) => contractApi.get(ShiftList, '/wfm/my-shifts', { from, to }, signal),
    enabled: enabled && Boolean(from && to),
  });
}

/** The team's published shifts on [from, to]: the colleagues' shifts one may ask to swap with. */
export function useTeamShifts(from: string, to: string, enabled: boolean) {
  return useQuery({
    queryKey: selfKeys.teamShifts(from, to),
    queryFn: ({ signal }) => contractApi.get(ShiftList, '/wfm/team-shifts', { from, to }, signal),
    enabled,
  });
}

/** One's own requests and the swaps waiting for one's consent. */
export function useMyRequests() {
  return useQuery({
    queryKey: selfKeys.myRequests,
    queryFn: ({ signal }) => contractApi.get(ShiftRequestList, '/wfm/requests', undefined, signal),
  });
}

/** A team lead's requests, by state (all when undefined). */
export function useRequestInbox(state: RequestState | undefined) {
  return useQuery({
    queryKey: selfKeys.inbox(state),
    queryFn: ({ signal }) =>
      contractApi.get(ShiftRequestList, '/wfm/requests/inbox', state ? { state } : undefined, signal),
  });
}

/** A request with its coverage effect and the rules it would break. */
export function useShiftRequest(id: string | undefined) {
  return useQuery({
    queryKey: selfKeys.request(id ?? ''),
    queryFn: ({ signal }) => contractApi.get(ShiftRequestDetail, `/wfm/requests/${enc(id ?? '')}`, undefined, signal),
    enabled: Boolean(id),
  });
}

function useInvalidateSelf() {
  const client = useQueryClient();
  return () => void client.invalidateQueries({ queryKey: selfKeys.all });
}

export function useCreateShiftRequest() {
  const invalidate = useInvalidateSelf();
  return useMutation({
    mutationFn: (body: CreateShiftRequestBody) => contractApi.post(ShiftRequestDetail, '/wfm/requests', body),
    onSuccess: invalidate,
  });
}

/** The requester withdraws (cancel); the asked colleague agrees (accept) or refuses (decline). */
export function useAnswerShiftRequest() {
  const invalidate = useInvalidateSelf();
  return useMutation({
    mutationFn: ({ id, verb }: { id: string; verb: 'cancel' | 'accept' | 'decline' }) =>
      contractApi.post(ShiftRequestDetail, `/wfm/requests/${enc(id)}/${verb}`),
    onSuccess: invalidate,
  });
}

/** A team lead approves (the change applies) or rejects, with an optional note. */
export function useDecideShiftRequest() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, approve, note }: { id: string; approve: boolean; note: string }) =>
      contractApi.post(ShiftRequestDetail, `/wfm/requests/${enc(id)}/${approve ? 'approve' : 'reject'}`, { note }),
    onSuccess: (detail) => {
      client.setQueryData(selfKeys.request(detail.id), detail);
      void client.invalidateQueries({ queryKey: selfKeys.all });
    },
  });
}
