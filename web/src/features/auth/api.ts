import type { ChangePasswordBody, LoginBody, LoginReply, Me, UnlockBody } from '../../../../contracts/auth';
import { api } from '../../app/api-client';

export const fetchMe = (): Promise<Me> => api.get<Me>('/users/me');
export const login = (body: LoginBody): Promise<LoginReply> => api.post<LoginReply>('/auth/login', body);
export const logout = (): Promise<void> => api.post<void>('/auth/logout');
/** Locks the session on the server too, so every device using it shows the lock screen. */
export const lockSession = (): Promise<void> => api.post<void>('/auth/lock');
export const unlock = (body: UnlockBody): Promise<Me> => api.post<Me>('/auth/unlock', body);
export const changePassword = (body: ChangePasswordBody): Promise<void> => api.post<void>('/auth/password', body);
