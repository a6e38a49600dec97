import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { z } from 'zod';
import { type CreateUserBody, type ResetPasswordBody, type UpdateUserBody, User } from '../../../../contracts/auth';
import { contractApi } from '../../app/api-client';
import { userKeys } from '../../app/lookups';

export { type UserFilters, userKeys, useUser, useUsers } from '../../app/lookups';

export const createUser = (body: CreateUserBody) => contractApi.post(User, '/users', body);
export const updateUser = (id: string, body: UpdateUserBody) =>
  contractApi.patch(User, `/users/${encodeURIComponent(id)}`, body);
export const resetUserPassword = (id: string, body: ResetPasswordBody) =>
  contractApi.post(z.void(), `/users/${encodeURIComponent(id)}/password`, body);

/** After a change: users lists and details, and teams (their member counts). */
export function useInvalidateUsers(): () => void {
  const queryClient = useQueryClient();
  return useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: userKeys.all });
    void queryClient.invalidateQueries({ queryKey: ['teams'] });
  }, [queryClient]);
}
