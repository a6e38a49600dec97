import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { AdherenceReport, LiveAdherence } from '../../../../contracts/wfm-adherence';
import { contractApi } from '../../app/api-client';
import { useCenterTimeZone } from '../../app/lookups';
import { useRealtime } from '../../app/realtime';

/** Adherence (遵从度) queries, under ['wfm'] like the rest of WFM. */
export const adherenceKeys = {
  all: ['wfm', 'adherence'] as const,
  live: ['wfm', 'adherence', 'live'] as const,
  liveFor: (params: LiveParams) => ['wfm', 'adherence', 'live', params] as const,
  report: (params: ReportParams) => ['wfm', 'adherence', 'report', params] as const,
};

export type LiveParams = { graceMinutes: number; teamId?: string };
export type ReportParams = { from: string; to: string; teamId?: string };

/** The live view's poll: agents' states also refetch it at once (useAdherenceRealtime). */
export const LIVE_POLL_MS = 15_000;
/** At most one refetch per this many ms however many state changes arrive. */
const THROTTLE_MS = 1_000;

export function useLiveAdherence(params: LiveParams) {
  return useQuery({
    queryKey: adherenceKeys.liveFor(params),
    queryFn: ({ signal }) => contractApi.get(LiveAdherence, '/wfm/adherence/live', params, signal),
    refetchInterval: LIVE_POLL_MS,
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
}

export function useAdherenceReport(params: ReportParams) {
  return useQuery({
    queryKey: adherenceKeys.report(params),
    queryFn: ({ signal }) => contractApi.get(AdherenceReport, '/wfm/adherence/report', params, signal),
    placeholderData: keepPreviousData,
  });
}

/** An agent's state change refetches the live view (throttled), so a supervisor sees it before the next poll. */
export function useAdherenceRealtime(): void {
  const queryClient = useQueryClient();
  const last = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  useRealtime((message) => {
    if (message.type !== 'event' || message.name !== 'routing.agent.state_changed') return;
    if (timer.current) return;
    const refetch = () => {
      timer.current = undefined;
      last.current = Date.now();
      void queryClient.invalidateQueries({ queryKey: adherenceKeys.live });
    };
    const wait = last.current + THROTTLE_MS - Date.now();
    if (wait <= 0) refetch();
    else timer.current = setTimeout(refetch, wait);
  });
}

/**
 * The centre's time zone for times and days; the browser's when the centre's cannot be read (it comes
 * with the reports, which some approvers may not open).
 */
export function useAdherenceZone(): string | undefined {
  const zone = useCenterTimeZone();
  return zone.data ?? (zone.isError ? Intl.DateTimeFormat().resolvedOptions().timeZone : undefined);
}
