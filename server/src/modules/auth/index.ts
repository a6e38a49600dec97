export type { RoleUpdated, UserCreated, UserUpdated } from './auth.events';
export { type AuthServices, type AuthSettings, createAuthModule, ensureDemoUser } from './auth.module';
export { registerAuthRoutes } from './auth.routes';
export { type AuthService, createAuthService } from './auth.service';
export { registerUserRoutes } from './users.routes';
export { createUsersService, type TeamDirectory, toUserDto, type UsersService } from './users.service';
