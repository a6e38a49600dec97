import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import type { RealtimeMessage } from '../../../../contracts/realtime';
import { ADMIN_PASSWORD, createTestApp, type TestApp } from '../../../../test/app';
import { fixedClock } from '../clock';

let t: TestApp;
let base: string;
const open: WebSocket[] = [];

beforeAll(async () => {
  t = await createTestApp();
  await t.kefu.app.listen({ port: 0, host: '127.0.0.1' });
  base = `ws://127.0.0.1:${(t.kefu.app.server.address() as AddressInfo).port}/api/v1/realtime`;
});
afterEach(() => {
  for (const ws of open.splice(0)) ws.terminate();
});
afterAll(() => t.close());

/** A socket that queues what it receives, so a test awaits messages one by one, in order. */
type Client = {
  ws: WebSocket;
  next(): Promise<RealtimeMessage>;
  closed: Promise<{ code: number; reason: string }>;
};

function connect(headers: Record<string, string>, url = base): Promise<Client> {
  const ws = new WebSocket(url, { headers });
  open.push(ws);
  const queue: RealtimeMessage[] = [];
  const waiting: Array<{ resolve(m: RealtimeMessage): void; reject(e: Error): void }> = [];
  let ended: Error | undefined;
  ws.on('message', (data) => {
    const msg = JSON.parse(String(data)) as RealtimeMessage;
    const w = waiting.shift();
    if (w) w.resolve(msg);
    else queue.push(msg);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.once('close', (code, reason) => {
      ended = new Error(`socket closed (${code} ${reason})`);
      for (const w of waiting.splice(0)) w.reject(ended);
      resolve({ code, reason: reason.toString() });
    });
  });
  const client: Client = {
    ws,
    closed,
    next() {
      const m = queue.shift();
      if (m) return Promise.resolve(m);
      if (ended) return Promise.reject(ended);
      return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
    },
  };
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(client));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

const withToken = (token: string, url = base) => connect({ authorization: `Bearer ${token}` }, url);

/** Connects and consumes the greeting. */
async function signedIn(token: string, url = base): Promise<Client> {
  const c = await withToken(token, url);
  expect(await c.next()).toMatchObject({ type: 'hello', seq: 1 });
  return c;
}

/** The answer to an upgrade that does not become a socket. */
function refusedUpgrade(headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(base, { headers });
    open.push(ws);
    ws.once('open', () => reject(new Error('the socket opened')));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        body += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
  });
}

async function patchUser(id: string, body: object): Promise<void> {
  const res = await t.request('PATCH', `/api/v1/users/${id}`, { token: await t.adminToken(), body });
  expect(res.statusCode).toBe(200);
}

describe('connecting to /api/v1/realtime', () => {
  it('refuses an upgrade without a session, or with an unknown token: 401, no socket', async () => {
    const none = await refusedUpgrade({});
    expect(none.status).toBe(401);
    expect(JSON.parse(none.body).error.code).toBe('AUTH.UNAUTHENTICATED');
    expect((await refusedUpgrade({ authorization: `Bearer ${'x'.repeat(43)}` })).status).toBe(401);
    expect((await refusedUpgrade({ cookie: `kefu_session=${'y'.repeat(43)}` })).status).toBe(401);
    expect(t.kefu.realtime.connections()).toBe(0);
  });

  it('greets a socket opened with the bearer token with hello, seq 1 and the user id', async () => {
    const userId = await t.addUser('rt.hello', ['agent']);
    const c = await withToken(await t.login('rt.hello', 'Passw0rd!'));
    expect(await c.next()).toEqual({ type: 'hello', seq: 1, userId });
  });

  it('accepts the session cookie as well', async () => {
    const userId = await t.addUser('rt.cookie', ['agent']);
    const c = await connect({ cookie: `kefu_session=${await t.login('rt.cookie', 'Passw0rd!')}` });
    expect(await c.next()).toEqual({ type: 'hello', seq: 1, userId });
  });
});

describe('where a socket may come from', () => {
  it('refuses an upgrade from a page of another origin that carries the session cookie', async () => {
    await t.addUser('rt.origin', ['agent']);
    const token = await t.login('rt.origin', 'Passw0rd!');
    const foreign = await refusedUpgrade({ cookie: `kefu_session=${token}`, origin: 'http://127.0.0.1:1' });
    expect(foreign.status).toBe(403);
    expect(JSON.parse(foreign.body).error.code).toBe('REALTIME.FOREIGN_ORIGIN');
    const own = await connect({
      cookie: `kefu_session=${token}`,
      origin: base.replace('ws://', 'http://').replace(/\/api.*$/, ''),
    });
    expect(await own.next()).toMatchObject({ type: 'hello' });
  });
});

describe('events on the socket', () => {
  it('sends a new user to those who may view users, numbered in sequence, and not to an agent', async () => {
    await t.addUser('rt.lead', ['team_lead']);
    const agentId = await t.addUser('rt.agent', ['agent']);
    await t.kefu.bus.drain(); // the events of those two users go out before anyone listens
    const admin = await signedIn(await t.adminToken());
    const lead = await signedIn(await t.login('rt.lead', 'Passw0rd!'));
    const agent = await signedIn(await t.login('rt.agent', 'Passw0rd!'));

    const newId = await t.addUser('rt.newcomer', ['agent']);
    const created = { type: 'event', name: 'auth.user.created', payload: { userId: newId, username: 'rt.newcomer' } };
    expect(await admin.next()).toMatchObject({ ...created, seq: 2 });
    expect(await lead.next()).toMatchObject({ ...created, seq: 2 });

    // A change to the agent's own account reaches the agent; had the new user reached it, that would
    // have come first.
    await patchUser(agentId, { displayName: 'Agent renamed' });
    const updated = { type: 'event', name: 'auth.user.updated', payload: { userId: agentId, fields: ['displayName'] } };
    expect(await agent.next()).toMatchObject({ ...updated, seq: 2 });
    expect(await admin.next()).toMatchObject({ ...updated, seq: 3 });
    expect(await lead.next()).toMatchObject({ ...updated, seq: 3 });
  });

  it('keeps events about other users away from an agent', async () => {
    const otherId = await t.addUser('rt.other', ['agent']);
    const agentId = await t.addUser('rt.agent2', ['agent']);
    await t.kefu.bus.drain();
    const agent = await signedIn(await t.login('rt.agent2', 'Passw0rd!'));

    await patchUser(otherId, { displayName: 'Someone else' });
    await patchUser(agentId, { displayName: 'Me' });

    expect(await agent.next()).toMatchObject({ name: 'auth.user.updated', seq: 2, payload: { userId: agentId } });
  });
});

describe('role edits', () => {
  it('reach the holders of the role, whose socket then follows the new permissions at once', async () => {
    await t.addUser('rt.editedlead', ['team_lead']);
    const lead = await signedIn(await t.login('rt.editedlead', 'Passw0rd!'));
    const admin = await t.adminToken();
    const roles = (await t.request('GET', '/api/v1/roles', { token: admin })).json() as Array<{
      key: string;
      permissions: string[];
    }>;
    const without = roles.find((r) => r.key === 'team_lead')!.permissions.filter((p) => p !== 'users.view');
    expect(
      (await t.request('PUT', '/api/v1/roles/team_lead', { token: admin, body: { permissions: without } })).statusCode,
    ).toBe(200);
    await t.kefu.bus.drain();
    expect(await lead.next()).toMatchObject({
      type: 'event',
      name: 'auth.role.updated',
      payload: { role: 'team_lead' },
    });

    // Without users.view the lead no longer hears of new users; a later event about the lead shows it.
    const leadId = (await t.request('GET', '/api/v1/users?q=rt.editedlead', { token: admin })).json().items[0].id;
    await t.addUser('rt.after', ['agent']);
    await patchUser(leadId, { displayName: 'Lead renamed' });
    await t.kefu.bus.drain();
    expect(await lead.next()).toMatchObject({ type: 'event', name: 'auth.user.updated', payload: { userId: leadId } });
  });
});

describe('ending sessions', () => {
  it('logout ends and closes that session’s sockets; another session of the same user stays open', async () => {
    const userId = await t.addUser('rt.twice', ['agent']);
    await t.kefu.bus.drain();
    const desk = await t.login('rt.twice', 'Passw0rd!');
    const laptop = await t.login('rt.twice', 'Passw0rd!');
    const deskSockets = [await signedIn(desk), await signedIn(desk)];
    const laptopSocket = await signedIn(laptop);

    expect((await t.request('POST', '/api/v1/auth/logout', { token: desk })).statusCode).toBe(204);

    for (const s of deskSockets) {
      expect(await s.next()).toEqual({ type: 'session_ended', seq: 2, reason: 'logout' });
      expect(await s.closed).toEqual({ code: 4001, reason: 'logout' });
    }
    // The other session hears the next event about the user: no session_ended came before it.
    await patchUser(userId, { displayName: 'Still here' });
    expect(await laptopSocket.next()).toMatchObject({ type: 'event', name: 'auth.user.updated', seq: 2 });
    expect(laptopSocket.ws.readyState).toBe(WebSocket.OPEN);

    // The ended session cannot reconnect.
    expect((await refusedUpgrade({ authorization: `Bearer ${desk}` })).status).toBe(401);
  });

  it('disabling a user ends all of that user’s sockets with reason disabled', async () => {
    const userId = await t.addUser('rt.disabled', ['agent']);
    await t.kefu.bus.drain();
    const a = await signedIn(await t.login('rt.disabled', 'Passw0rd!'));
    const b = await signedIn(await t.login('rt.disabled', 'Passw0rd!'));

    await patchUser(userId, { disabled: true });

    for (const s of [a, b]) {
      expect(await s.next()).toEqual({ type: 'session_ended', seq: 2, reason: 'disabled' });
      expect((await s.closed).code).toBe(4001);
    }
  });
});

describe('sessions that lock or expire while a socket is open', () => {
  it('"lock now" ends that session’s sockets at once with reason locked', async () => {
    await t.addUser('rt.locknow', ['agent']);
    const token = await t.login('rt.locknow', 'Passw0rd!');
    const c = await signedIn(token);
    expect((await t.request('POST', '/api/v1/auth/lock', { token })).statusCode).toBe(204);
    await t.kefu.bus.drain();
    expect(await c.next()).toMatchObject({ type: 'session_ended', reason: 'locked' });
    expect((await c.closed).code).toBe(4001);
  });

  const clock = fixedClock('2026-03-02T01:00:00Z');
  let idle: TestApp;
  let idleBase: string;

  beforeAll(async () => {
    // Only setInterval is faked: the gateway re-checks its sockets every 30 s, the test moves that on.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    idle = await createTestApp({ clock, idleLockSeconds: 600, sessionSeconds: 3600 });
    await idle.kefu.app.listen({ port: 0, host: '127.0.0.1' });
    idleBase = `ws://127.0.0.1:${(idle.kefu.app.server.address() as AddressInfo).port}/api/v1/realtime`;
  });
  afterAll(async () => {
    await idle?.close();
    vi.useRealTimers();
  });

  it.each([
    ['locked', 601],
    ['expired', 3601],
  ] as const)('tells a socket whose session became %s so, and closes it', async (reason, idleSeconds) => {
    const c = await signedIn(await idle.login('admin', ADMIN_PASSWORD), idleBase);
    clock.advance(idleSeconds * 1000);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(await c.next()).toEqual({ type: 'session_ended', seq: 2, reason });
    expect(await c.closed).toEqual({ code: 4001, reason });
  });

  it('keeps sockets open when the session cannot be checked for a moment (database trouble)', async () => {
    const c = await signedIn(await idle.login('admin', ADMIN_PASSWORD), idleBase);
    // The session lookup fails the way it does while the database restarts.
    const lookup = vi
      .spyOn(idle.kefu.services.auth.authenticator, 'authenticate')
      .mockRejectedValue(new Error('Connection terminated unexpectedly'));
    try {
      await vi.advanceTimersByTimeAsync(30_000);
      expect(lookup).toHaveBeenCalled();
    } finally {
      lookup.mockRestore();
    }
    // Had the socket been ended, session_ended would come before this event.
    await idle.addUser('rt.after.outage', ['agent']);
    expect(await c.next()).toMatchObject({ type: 'event', name: 'auth.user.created', seq: 2 });
    expect(c.ws.readyState).toBe(WebSocket.OPEN);
  });
});
