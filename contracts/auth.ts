import { z } from 'zod';
import { PageQuery, pageOf } from './common';
import { PERMISSIONS, ROLES } from './permissions';

export const RoleKey = z.enum(ROLES);
export const PermissionKey = z.enum(PERMISSIONS);

export const Username = z
  .string()
  .trim()
  .min(2)
  .max(64)
  .regex(/^[a-zA-Z0-9_.-]+$/, 'letters, digits, dot, dash and underscore only');
/** At least 8 characters with a letter and a digit — the manuals' minimum for staff accounts. */
export const Password = z
  .string()
  .min(8)
  .max(200)
  .refine((v) => /[A-Za-z]/.test(v) && /\d/.test(v), 'must contain a letter and a digit');
export const Phone = z
  .string()
  .trim()
  .regex(/^\+?[\d\s-]{3,20}$/, 'digits, spaces, dashes and an optional leading +');

export const LoginBody = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(200),
});
export type LoginBody = z.infer<typeof LoginBody>;

export const User = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(RoleKey),
  teamId: z.uuid().nullable(),
  /** Masked (138****5678) unless the caller holds `pii.view`. */
  phone: z.string().nullable(),
  disabled: z.boolean(),
  lockedUntil: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});
export type User = z.infer<typeof User>;

export const LoginReply = z.object({ token: z.string(), user: User, expiresAt: z.string() });
export type LoginReply = z.infer<typeof LoginReply>;

export const Me = z.object({
  user: User,
  permissions: z.array(PermissionKey),
  session: z.object({ expiresAt: z.string(), idleLockSeconds: z.number().int() }),
});
export type Me = z.infer<typeof Me>;

/**
 * `GET /auth/session`: who this browser is signed in as, if anyone. Always 200, so the sign-in page
 * asks without a failed request (a 401 is a console error in every browser); real API calls keep
 * answering 401 without a valid session. `reason` says why a session the browser still holds is over.
 */
export const SessionProbe = z.discriminatedUnion('status', [
  z.object({ status: z.literal('active'), me: Me }),
  z.object({ status: z.literal('locked') }),
  z.object({ status: z.literal('anonymous'), reason: z.enum(['expired', 'disabled']).nullable() }),
]);
export type SessionProbe = z.infer<typeof SessionProbe>;

export const CreateUserBody = z.object({
  username: Username,
  password: Password,
  displayName: z.string().trim().min(1).max(100),
  roles: z.array(RoleKey).min(1),
  teamId: z.uuid().nullable().optional(),
  phone: Phone.nullable().optional(),
});
export type CreateUserBody = z.infer<typeof CreateUserBody>;

export const UpdateUserBody = z
  .object({
    displayName: z.string().trim().min(1).max(100),
    roles: z.array(RoleKey).min(1),
    teamId: z.uuid().nullable(),
    phone: Phone.nullable(),
    disabled: z.boolean(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'nothing to update');
export type UpdateUserBody = z.infer<typeof UpdateUserBody>;

export const ListUsersQuery = PageQuery.extend({
  q: z.string().trim().max(64).optional(),
  teamId: z.uuid().optional(),
  role: RoleKey.optional(),
});
export type ListUsersQuery = z.infer<typeof ListUsersQuery>;
export const UserPage = pageOf(User);
export type UserPage = z.infer<typeof UserPage>;

export const ChangePasswordBody = z.object({ currentPassword: z.string().min(1).max(200), newPassword: Password });
export type ChangePasswordBody = z.infer<typeof ChangePasswordBody>;
export const ResetPasswordBody = z.object({ newPassword: Password });
export type ResetPasswordBody = z.infer<typeof ResetPasswordBody>;
export const UnlockBody = z.object({ password: z.string().min(1).max(200) });
export type UnlockBody = z.infer<typeof UnlockBody>;

export const RoleDef = z.object({ key: RoleKey, permissions: z.array(PermissionKey), updatedAt: z.string() });
export type RoleDef = z.infer<typeof RoleDef>;
export const UpdateRoleBody = z.object({ permissions: z.array(PermissionKey) });
export type UpdateRoleBody = z.infer<typeof UpdateRoleBody>;
