import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { CallDetail, type CallEndReason, CallListReply } from '../../../../contracts/calls';
import { contractApi } from '../../app/api-client';

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

export { formatDuration, recordingUrl } from '../../ui/recording';
