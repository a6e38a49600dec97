import { expect } from 'vitest';
import { ADMIN_PASSWORD, buildTestKefu, type KefuOptions } from '../../../../../test/app';
import { createTestDatabase, type TestDatabase } from '../../../../../test/db';
import type { Kefu } from '../../../app';
import type { Clock } from '../../../platform/clock';
import { type DbHandle, openDatabase } from '../../../platform/db';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** The real app on a fresh database with a moved clock, for the complaint, follow-up and incident tests. */
export async function flowsHarness(clock: Clock, extra: Omit<KefuOptions, 'clock'> = {}) {
  const db: TestDatabase = await createTestDatabase();
  const handle: DbHandle = openDatabase(db.url, { max: 5 });
  let kefu: Kefu = await buildTestKefu(handle, {
    ...extra,
    clock,
    sessionSeconds: 90 * 86_400,
    idleLockSeconds: 90 * 86_400,
  });
  await kefu.app.ready();
  await kefu.services.users.bootstrapAdmin(ADMIN_PASSWORD);
  const login = async (username: string, password: string) =>
    (await kefu.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } })).json()
      .token as string;
  const admin = await login('admin', ADMIN_PASSWORD);

  /** Any status; the reply and its JSON. */
  async function call(method: Method, url: string, body?: unknown, token = admin) {
    const res = await kefu.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(body !== undefined ? { payload: body as object } : {}),
    });
    return { status: res.statusCode, body: res.body ? res.json() : undefined };
  }
  /** A request that must succeed. */
  async function req(method: Method, url: string, body?: unknown, token = admin) {
    const r = await call(method, url, body, token);
    expect(r.status, `${method} ${url} ${JSON.stringify(r.body)}`).toBeLessThan(300);
    return r.body;
  }
  async function user(username: string, roles: string[], teamId?: string): Promise<{ id: string; token: string }> {
    const u = await req('POST', '/api/v1/users', {
      username,
      password: 'Passw0rd!',
      displayName: username,
      roles,
      teamId,
    });
    return { id: u.id, token: await login(username, 'Passw0rd!') };
  }
  return {
    handle,
    get kefu() {
      return kefu;
    },
    call,
    req,
    user,
    async restart() {
      await kefu.app.close();
      kefu = await buildTestKefu(handle, {
        ...extra,
        clock,
        sessionSeconds: 90 * 86_400,
        idleLockSeconds: 90 * 86_400,
      });
      await kefu.app.ready();
    },
    async close() {
      await kefu.app.close();
      await handle.close();
      await db.drop();
    },
  };
}
export type FlowsHarness = Awaited<ReturnType<typeof flowsHarness>>;
