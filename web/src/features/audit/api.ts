import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { AuditPage, AuditVerifyReply } from '../../../../contracts/audit';
import { api } from '../../app/api-client';

export type AuditFilters = {
  action?: string;
  entityType?: string;
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
};

export const auditKeys = {
  all: ['audit'] as const,
  list: (filters: AuditFilters) => ['audit', 'list', filters] as const,
};

export function useAudit(filters: AuditFilters) {
  return useQuery({
    queryKey: auditKeys.list(filters),
    queryFn: ({ signal }) => api.get<AuditPage>('/audit', filters, signal),
    placeholderData: keepPreviousData,
  });
}

export const verifyAuditChain = () => api.get<AuditVerifyReply>('/audit/verify');
