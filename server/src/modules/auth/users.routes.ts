import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CreateUserBody,
  ListUsersQuery,
  ResetPasswordBody,
  RoleDef,
  RoleKey,
  UpdateRoleBody,
  UpdateUserBody,
  User,
  UserPage,
} from '../../../../contracts/auth';
import { IdParams } from '../../../../contracts/common';
import { PERMISSIONS } from '../../../../contracts/permissions';
import { actorOf, principalOf } from '../../platform/guard';
import type { AuthService } from './auth.service';
import { toUserDto, type UsersService } from './users.service';

export function registerUserRoutes(app: FastifyInstance, deps: { auth: AuthService; users: UsersService }): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['users'];

  r.get(
    '/api/v1/users',
    {
      config: { permission: 'users.view' },
      schema: { tags, summary: 'List users', querystring: ListUsersQuery, response: { 200: UserPage } },
    },
    async (req) => {
      const { rows, total } = await deps.users.list(req.query);
      await deps.users.auditPiiAccess(rows, actorOf(req));
      const viewer = principalOf(req);
      return {
        items: rows.map((u) => toUserDto(u, viewer)),
        total,
        page: req.query.page,
        pageSize: req.query.pageSize,
      };
    },
  );

  r.post(
    '/api/v1/users',
    {
      config: { permission: 'users.manage' },
      schema: { tags, summary: 'Create a user', body: CreateUserBody, response: { 201: User } },
    },
    async (req, reply) => {
      const row = await deps.users.create(req.body, actorOf(req));
      return reply.status(201).send(toUserDto(row, principalOf(req)));
    },
  );

  r.get(
    '/api/v1/users/:id',
    {
      config: { permission: 'users.view' },
      schema: { tags, summary: 'One user', params: IdParams, response: { 200: User } },
    },
    async (req) => {
      const row = await deps.users.get(req.params.id);
      await deps.users.auditPiiAccess([row], actorOf(req));
      return toUserDto(row, principalOf(req));
    },
  );

  r.patch(
    '/api/v1/users/:id',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags,
        summary: 'Change a user (name, roles, team, phone, disabled)',
        params: IdParams,
        body: UpdateUserBody,
        response: { 200: User },
      },
    },
    async (req) => {
      const row = await deps.users.update(req.params.id, req.body, actorOf(req));
      // The reply carries the stored number; only a number the caller just sent is not news to them.
      if (req.body.phone === undefined) await deps.users.auditPiiAccess([row], actorOf(req));
      return toUserDto(row, principalOf(req));
    },
  );

  r.post(
    '/api/v1/users/:id/password',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags,
        summary: "Reset a user's password",
        params: IdParams,
        body: ResetPasswordBody,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await deps.users.resetPassword(req.params.id, req.body.newPassword, actorOf(req));
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api/v1/roles',
    {
      config: { permission: 'roles.manage' },
      schema: { tags: ['roles'], summary: 'Roles and their permissions', response: { 200: z.array(RoleDef) } },
    },
    async () =>
      (await deps.auth.listRoles()).map((x) => ({
        ...x,
        key: x.key as RoleDef['key'],
        permissions: x.permissions as RoleDef['permissions'],
        updatedAt: x.updatedAt.toISOString(),
      })),
  );

  r.put(
    '/api/v1/roles/:key',
    {
      config: { permission: 'roles.manage' },
      schema: {
        tags: ['roles'],
        summary: "Set a role's permissions",
        params: z.object({ key: RoleKey }),
        body: UpdateRoleBody,
        response: { 200: RoleDef },
      },
    },
    async (req) => {
      const row = await deps.auth.updateRole(req.params.key, req.body.permissions, actorOf(req));
      return {
        key: req.params.key,
        permissions: row.permissions as RoleDef['permissions'],
        updatedAt: row.updatedAt.toISOString(),
      };
    },
  );

  r.get(
    '/api/v1/permissions',
    {
      config: { permission: 'roles.manage' },
      schema: { tags: ['roles'], summary: 'Every named permission', response: { 200: z.array(z.string()) } },
    },
    async () => [...PERMISSIONS],
  );
}
