import type { Role } from '../contracts/permissions';
import type { Clock } from '../server/src/platform/clock';
import { createTestApp, type KefuOptions, type TestApp } from './app';

// biome-ignore lint/suspicious/noExplicitAny: replies are JSON the assertions check field by field
export type Body = any;
type Res = { statusCode: number; body: string; json(): Body };

/** The reply's body when the status is the expected one; otherwise the test fails with the body. */
export function ok(res: Res, status = 200): Body {
  if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`);
  return res.json();
}

export const AGENT_PASSWORD = 'Agent-pass-1';

export type AgentSpec = {
  name: string;
  roles?: Role[];
  skills?: Array<{ skill: string; level: number }>;
  memberships?: Array<{ queue: string; priority?: number; delaySeconds?: number }>;
  capacity?: Record<string, number>;
};

export type Acd = {
  t: TestApp;
  admin: string;
  users: Record<string, { id: string; token: string }>;
  id(name: string): string;
  token(name: string): string;
  /** Sends as `who` (a user name or "admin"); expects `status`; returns the body. */
  call(
    who: string,
    method: 'GET' | 'POST' | 'PUT' | 'PATCH',
    url: string,
    body?: unknown,
    status?: number,
  ): Promise<Body>;
  /** The status code only, for refusals. */
  status(who: string, method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, body?: unknown): Promise<number>;
  contact(id: string): Promise<Body>;
  me(name: string): Promise<Body>;
  ready(name: string): Promise<Body>;
  create(queue: string, extra?: Record<string, unknown>): Promise<Body>;
};

/** An app with skills, queues (CreateQueueBody) and users with routing, everyone signed in. */
export async function setupAcd(opts: {
  clock?: Clock;
  /** More of the app's options (e.g. a long idle lock for tests that move the clock by hours). */
  app?: Omit<KefuOptions, 'clock'>;
  skills?: string[];
  queues: Array<Record<string, unknown> & { key: string }>;
  users: AgentSpec[];
}): Promise<Acd> {
  const t = await createTestApp({ ...opts.app, ...(opts.clock ? { clock: opts.clock } : {}) });
  const admin = await t.adminToken();
  const users: Acd['users'] = {};
  const tokenOf = (who: string) => (who === 'admin' ? admin : users[who]!.token);
  const acd: Acd = {
    t,
    admin,
    users,
    id: (name) => users[name]!.id,
    token: (name) => users[name]!.token,
    async call(who, method, url, body, status = 200) {
      return ok(await t.request(method, url, { token: tokenOf(who), body }), status);
    },
    async status(who, method, url, body) {
      return (await t.request(method, url, { token: tokenOf(who), body })).statusCode;
    },
    contact: (id) => acd.call('admin', 'GET', `/api/v1/contacts/${id}`),
    me: (name) => acd.call(name, 'GET', '/api/v1/agents/me'),
    ready: (name) => acd.call(name, 'PUT', '/api/v1/agents/me/state', { state: 'ready' }),
    create: (queue, extra = {}) =>
      acd.call('admin', 'POST', '/api/v1/contacts', { channel: 'task', queue, ...extra }, 201),
  };
  for (const key of opts.skills ?? []) await acd.call('admin', 'POST', '/api/v1/skills', { key, name: key }, 201);
  for (const q of opts.queues) await acd.call('admin', 'POST', '/api/v1/queues', { name: q.key, ...q }, 201);
  for (const u of opts.users) {
    const id = await t.addUser(u.name, u.roles ?? ['agent'], { password: AGENT_PASSWORD });
    if (u.skills || u.memberships || u.capacity) {
      await acd.call('admin', 'PUT', `/api/v1/agents/${id}/routing`, {
        skills: u.skills ?? [],
        memberships: (u.memberships ?? []).map((m) => ({ priority: 1, delaySeconds: 0, ...m })),
        ...(u.capacity ? { capacity: u.capacity } : {}),
      });
    }
    users[u.name] = { id, token: await t.login(u.name, AGENT_PASSWORD) };
  }
  return acd;
}

/**
 * Polls `check` until it returns a value other than undefined/false (timers fire on the real clock:
 * there is no event to await over app.inject()), failing after `ms`.
 */
export async function eventually<T>(check: () => Promise<T | undefined | false>, ms = 5_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
