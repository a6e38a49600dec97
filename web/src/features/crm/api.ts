import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import {
  type CreateCustomerBody,
  Customer,
  CustomerPage,
  type TimelineEntry,
  TimelinePage,
} from '../../../../contracts/crm';
import { contractApi } from '../../app/api-client';

export type CustomerFilters = { q?: string; phone?: string; tag?: string; page: number; pageSize: number };

export const customerKeys = {
  all: ['customers'] as const,
  list: (f: CustomerFilters) => ['customers', 'list', f] as const,
  detail: (id: string) => ['customers', 'detail', id] as const,
  timeline: (id: string, kind: string | undefined, page: number) => ['customers', 'timeline', id, kind, page] as const,
};

const clean = (f: CustomerFilters) =>
  Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined && v !== '')) as Record<
    string,
    string | number
  >;

export function useCustomers(filters: CustomerFilters) {
  return useQuery({
    queryKey: customerKeys.list(filters),
    queryFn: ({ signal }) => contractApi.get(CustomerPage, '/customers', clean(filters), signal),
    placeholderData: keepPreviousData,
  });
}

export function useCustomer(id: string) {
  return useQuery({
    queryKey: customerKeys.detail(id),
    queryFn: ({ signal }) => contractApi.get(Customer, `/customers/${encodeURIComponent(id)}`, undefined, signal),
  });
}

export function useTimeline(id: string, kind: TimelineEntry['kind'] | undefined, page: number) {
  return useQuery({
    queryKey: customerKeys.timeline(id, kind, page),
    queryFn: ({ signal }) =>
      contractApi.get(
        TimelinePage,
        `/customers/${encodeURIComponent(id)}/timeline`,
        { page, pageSize: 20, ...(kind ? { kind } : {}) },
        signal,
      ),
    placeholderData: keepPreviousData,
  });
}

export const createCustomer = (body: CreateCustomerBody) => contractApi.post(Customer, '/customers', body);
export const setPreferredAgent = (id: string, preferredAgentId: string | null) =>
  contractApi.patch(Customer, `/customers/${encodeURIComponent(id)}`, { preferredAgentId });
export const addNote = (id: string, text: string) =>
  contractApi.patch(Customer, `/customers/${encodeURIComponent(id)}`, { addNote: text });

export function useInvalidateCustomers(): () => void {
  const queryClient = useQueryClient();
  return useCallback(() => void queryClient.invalidateQueries({ queryKey: customerKeys.all }), [queryClient]);
}
