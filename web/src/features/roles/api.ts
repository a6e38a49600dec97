import { useQuery } from '@tanstack/react-query';
import type { RoleDef, UpdateRoleBody } from '../../../../contracts/auth';
import type { Role } from '../../../../contracts/permissions';
import { api } from '../../app/api-client';

export const roleKeys = { all: ['roles'] as const, permissions: ['roles', 'permissions'] as const };

export function useRoles() {
  return useQuery({ queryKey: roleKeys.all, queryFn: ({ signal }) => api.get<RoleDef[]>('/roles', undefined, signal) });
}

/** Every permission the server knows, which may be more than this build of the web app names. */
export function usePermissionList() {
  return useQuery({
    queryKey: roleKeys.permissions,
    queryFn: ({ signal }) => api.get<string[]>('/permissions', undefined, signal),
    staleTime: 5 * 60_000,
  });
}

export const updateRole = (key: Role, body: UpdateRoleBody) =>
  api.put<RoleDef>(`/roles/${encodeURIComponent(key)}`, body);
