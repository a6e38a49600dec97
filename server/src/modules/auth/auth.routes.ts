import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ChangePasswordBody, LoginBody, LoginReply, Me, SessionProbe, UnlockBody } from '../../../../contracts/auth';
import { AppError } from '../../platform/errors';
import { actorOf, type Principal, principalOf, SESSION_COOKIE, tokenOf } from '../../platform/guard';
import type { AuthService } from './auth.service';
import type { UsersService } from './users.service';
import { toUserDto } from './users.service';

export type AuthRouteDeps = {
  auth: AuthService;
  users: UsersService;
  idleLockSeconds: number;
  secureCookies: boolean;
  loginRateLimit: { max: number; timeWindow: number };
};

export function registerAuthRoutes(app: FastifyInstance, deps: AuthRouteDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['auth'];

  const me = async (p: Principal) => {
    const user = await deps.users.get(p.userId);
    return {
      user: toUserDto(user, p),
      permissions: [...p.permissions].sort(),
      session: { expiresAt: p.sessionExpiresAt.toISOString(), idleLockSeconds: deps.idleLockSeconds },
    };
  };

  const setCookie = (reply: FastifyReply, token: string, expiresAt: Date) =>
    reply.setCookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: deps.secureCookies,
      path: '/',
      expires: expiresAt,
    });

  r.post(
    '/api/v1/auth/login',
    {
      config: { permission: 'public', rateLimit: deps.loginRateLimit },
      schema: {
        tags,
        summary: 'Sign in; sets the session cookie and returns a bearer token',
        body: LoginBody,
        response: { 200: LoginReply },
      },
    },
    async (req, reply) => {
      const out = await deps.auth.login(
        req.body.username,
        req.body.password,
        actorOf(req),
        req.headers['user-agent'] ?? null,
      );
      setCookie(reply, out.token, out.expiresAt);
      return {
        token: out.token,
        expiresAt: out.expiresAt.toISOString(),
        user: toUserDto(out.user, out.principal),
      };
    },
  );

  r.post(
    '/api/v1/auth/logout',
    {
      config: { permission: 'session' },
      schema: { tags, summary: 'Sign out this session', response: { 204: z.null() } },
    },
    async (req, reply) => {
      await deps.auth.logout(principalOf(req), actorOf(req));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/api/v1/auth/lock',
    {
      config: { permission: 'session' },
      schema: { tags, summary: 'Lock the screen now; the password unlocks it', response: { 204: z.null() } },
    },
    async (req, reply) => {
      await deps.auth.lock(principalOf(req), actorOf(req));
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/api/v1/auth/unlock',
    {
      config: { permission: 'session', rateLimit: deps.loginRateLimit },
      schema: {
        tags,
        summary: 'Unlock an idle-locked session with the password',
        body: UnlockBody,
        response: { 200: Me },
      },
    },
    async (req) => me(await deps.auth.unlock(principalOf(req), req.body.password, actorOf(req))),
  );

  r.post(
    '/api/v1/auth/password',
    {
      config: { permission: 'authenticated', rateLimit: deps.loginRateLimit },
      schema: { tags, summary: 'Change your own password', body: ChangePasswordBody, response: { 204: z.null() } },
    },
    async (req, reply) => {
      await deps.auth.changePassword(principalOf(req), req.body.currentPassword, req.body.newPassword, actorOf(req));
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api/v1/auth/session',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: 'Who is signed in, if anyone (always 200: the sign-in page asks without a failed request)',
        response: { 200: SessionProbe },
      },
    },
    async (req, reply): Promise<SessionProbe> => {
      const token = tokenOf(req);
      if (!token) return { status: 'anonymous', reason: null };
      try {
        return {
          status: 'active',
          me: await me(await deps.auth.authenticator.authenticate(token, { allowLocked: false })),
        };
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        if (err.code === 'AUTH.SESSION_LOCKED') return { status: 'locked' };
        const reason =
          err.code === 'AUTH.SESSION_EXPIRED' ? 'expired' : err.code === 'AUTH.ACCOUNT_DISABLED' ? 'disabled' : null;
        if (reason === null && err.code !== 'AUTH.UNAUTHENTICATED') throw err;
        // A cookie that no longer opens a session is of no use to the browser — but only when the
        // token was the cookie: a dead bearer token must not sign the browser's session out.
        if (req.cookies?.[SESSION_COOKIE] === token) reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return { status: 'anonymous', reason };
      }
    },
  );

  r.get(
    '/api/v1/users/me',
    {
      config: { permission: 'authenticated' },
      schema: { tags: ['users'], summary: 'The signed-in user, permissions and session', response: { 200: Me } },
    },
    async (req) => me(principalOf(req)),
  );
}
