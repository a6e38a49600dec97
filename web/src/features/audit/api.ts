import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { AuditPage, AuditVerifyReply } from '../../../../contracts/audit';
import { contractApi } from '../../app/api-client';

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
    queryFn: ({ signal }) => contractApi.get(AuditPage, '/audit', filters, signal),
    placeholderData: keepPreviousData,
  });
}

export const verifyAuditChain = () => contractApi.get(AuditVerifyReply, '/audit/verify');
