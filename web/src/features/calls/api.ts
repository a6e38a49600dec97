import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { CallDetail, type CallEndReason, CallListReply } from '../../../../contracts/calls';
import { API_BASE, contractApi } from '../../app/api-client';

export type CallFilters = {
  from?: string;
  to?: string;
  queue?: string;
  agent?: string;
  number?: string;
  endReason?: CallEndReason;
  limit: number;
  offset: number;
};

export const callKeys = {
  all: ['calls'] as const,
  list: (filters: CallFilters) => ['calls', 'list', filters] as const,
  detail: (id: string) => ['calls', 'detail', id] as const,
};

export function useCalls(filters: CallFilters) {
  return useQuery({
    queryKey: callKeys.list(filters),
    queryFn: ({ signal }) => contractApi.get(CallListReply, '/calls', filters, signal),
    placeholderData: keepPreviousData,
  });
}

export function useCall(id: string | undefined) {
  return useQuery({
    queryKey: callKeys.detail(id ?? ''),
    queryFn: ({ signal }) => contractApi.get(CallDetail, `/calls/${encodeURIComponent(id ?? '')}`, undefined, signal),
    enabled: Boolean(id),
  });
}

/** The player streams straight from the API (session cookie); every playback is audited there. */
export const recordingUrl = (id: string) => `${API_BASE}/recordings/${encodeURIComponent(id)}`;

/** 83_000 → "1:23"; an hour or more → "1:02:03"; null → undefined (shown as "—"). */
export function formatDuration(ms: number | null | undefined): string | undefined {
  if (ms === null || ms === undefined) return undefined;
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
