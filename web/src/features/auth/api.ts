import { z } from 'zod';
import {
  type ChangePasswordBody,
  type LoginBody,
  LoginReply,
  Me,
  SessionProbe,
  type UnlockBody,
} from '../../../../contracts/auth';
import { contractApi } from '../../app/api-client';

export const fetchMe = (): Promise<Me> => contractApi.get(Me, '/users/me');
/** Who is signed in, if anyone: always 200 (the sign-in page asks without a failed request). */
export const probeSession = (): Promise<SessionProbe> => contractApi.get(SessionProbe, '/auth/session');
export const login = (body: LoginBody): Promise<LoginReply> => contractApi.post(LoginReply, '/auth/login', body);
export const logout = (): Promise<void> => contractApi.post(z.void(), '/auth/logout');
/** Locks the session on the server too, so every device using it shows the lock screen. */
export const lockSession = (): Promise<void> => contractApi.post(z.void(), '/auth/lock');
export const unlock = (body: UnlockBody): Promise<Me> => contractApi.post(Me, '/auth/unlock', body);
export const changePassword = (body: ChangePasswordBody): Promise<void> =>
  contractApi.post(z.void(), '/auth/password', body);
