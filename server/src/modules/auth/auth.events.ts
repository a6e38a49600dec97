import type { SessionEnded } from '../../platform/realtime';

export type UserCreated = { userId: string; username: string; teamId: string | null };
export type UserUpdated = { userId: string; fields: string[]; teamId: string | null };
export type RoleUpdated = { role: string; permissions: string[] };

declare module '../../platform/bus' {
  interface EventMap {
    'auth.user.created': UserCreated;
    'auth.user.updated': UserUpdated;
    'auth.role.updated': RoleUpdated;
    'auth.session.ended': SessionEnded;
  }
}
