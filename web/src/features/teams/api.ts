import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { CreateTeamBody, Team, UpdateTeamBody } from '../../../../contracts/teams';
import { api } from '../../app/api-client';

export const teamKeys = { all: ['teams'] as const, list: ['teams', 'list'] as const };

export function useTeams(enabled = true) {
  return useQuery({
    queryKey: teamKeys.list,
    queryFn: ({ signal }) => api.get<Team[]>('/teams', undefined, signal),
    enabled,
  });
}

export const createTeam = (body: CreateTeamBody) => api.post<Team>('/teams', body);
export const updateTeam = (id: string, body: UpdateTeamBody) =>
  api.patch<Team>(`/teams/${encodeURIComponent(id)}`, body);

export function useInvalidateTeams(): () => void {
  const queryClient = useQueryClient();
  return useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: teamKeys.all });
    void queryClient.invalidateQueries({ queryKey: ['users'] });
  }, [queryClient]);
}
