import { useQuery } from '@tanstack/react-query';
import { SystemOverview } from '../../../../contracts/system';
import { contractApi } from '../../app/api-client';

export const systemKeys = { overview: ['system', 'overview'] as const };

/** How many of the server's recent warnings and errors the overview lists. */
const LOG_LIMIT = 20;
/** Registrations come and go and errors are logged without a push: the overview polls. */
const POLL_MS = 15_000;

export function useSystemOverview() {
  return useQuery({
    queryKey: systemKeys.overview,
    queryFn: ({ signal }) => contractApi.get(SystemOverview, '/system/overview', { logLimit: LOG_LIMIT }, signal),
    refetchInterval: POLL_MS,
    staleTime: 0,
  });
}
