import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { RoleDef, type UpdateRoleBody } from '../../../../contracts/auth';
import type { Role } from '../../../../contracts/permissions';
import { contractApi } from '../../app/api-client';

export const roleKeys = { all: ['roles'] as const, permissions: ['roles', 'permissions'] as const };

export function useRoles() {
  return useQuery({
    queryKey: roleKeys.all,
    queryFn: ({ signal }) => contractApi.get(z.array(RoleDef), '/roles', undefined, signal),
  });
}

/** Every permission the server knows, which may be more than this build of the web app names. */
export function usePermissionList() {
  return useQuery({
    queryKey: roleKeys.permissions,
    queryFn: ({ signal }) => contractApi.get(z.array(z.string()), '/permissions', undefined, signal),
    staleTime: 5 * 60_000,
  });
}

export const updateRole = (key: Role, body: UpdateRoleBody) =>
  contractApi.put(RoleDef, `/roles/${encodeURIComponent(key)}`, body);
