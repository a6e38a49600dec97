import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { type CreateTeamBody, Team, type UpdateTeamBody } from '../../../../contracts/teams';
import { contractApi } from '../../app/api-client';
import { teamKeys } from '../../app/lookups';

export { teamKeys, useTeams } from '../../app/lookups';

export const createTeam = (body: CreateTeamBody) => contractApi.post(Team, '/teams', body);
export const updateTeam = (id: string, body: UpdateTeamBody) =>
  contractApi.patch(Team, `/teams/${encodeURIComponent(id)}`, body);

export function useInvalidateTeams(): () => void {
  const queryClient = useQueryClient();
  return useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: teamKeys.all });
    void queryClient.invalidateQueries({ queryKey: ['users'] });
  }, [queryClient]);
}
