import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { CreateUserBody, ResetPasswordBody, UpdateUserBody, User, UserPage } from '../../../../contracts/auth';
import type { Role } from '../../../../contracts/permissions';
import { api } from '../../app/api-client';

export type UserFilters = { q?: string; teamId?: string; role?: Role; page: number; pageSize: number };

export const userKeys = {
  all: ['users'] as const,
  list: (filters: UserFilters) => ['users', 'list', filters] as const,
  detail: (id: string) => ['users', 'detail', id] as const,
};

export function useUsers(filters: UserFilters, enabled = true) {
  return useQuery({
    queryKey: userKeys.list(filters),
    queryFn: ({ signal }) => api.get<UserPage>('/users', filters, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useUser(id: string | null | undefined) {
  return useQuery({
    queryKey: userKeys.detail(id ?? ''),
    queryFn: ({ signal }) => api.get<User>(`/users/${encodeURIComponent(id ?? '')}`, undefined, signal),
    enabled: Boolean(id),
    staleTime: 60_000,
  });
}

export const createUser = (body: CreateUserBody) => api.post<User>('/users', body);
export const updateUser = (id: string, body: UpdateUserBody) =>
  api.patch<User>(`/users/${encodeURIComponent(id)}`, body);
export const resetUserPassword = (id: string, body: ResetPasswordBody) =>
  api.post<void>(`/users/${encodeURIComponent(id)}/password`, body);

/** After a change: users lists and details, and teams (their member counts). */
export function useInvalidateUsers(): () => void {
  const queryClient = useQueryClient();
  return useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: userKeys.all });
    void queryClient.invalidateQueries({ queryKey: ['teams'] });
  }, [queryClient]);
}
