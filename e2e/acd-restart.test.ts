import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { apiLogin, type KefuProcess, startKefu, stopKefu, tempDataDir } from './kefu-process';

const dataDir = tempDataDir('kefu-acd-restart-');
// Always the embedded server, even when the run itself uses DATABASE_URL (empty means unset).
const env = { KEFU_DATA_DIR: dataDir, KEFU_ADMIN_PASSWORD: 'Restart-admin-1', DATABASE_URL: '' };
const running: KefuProcess[] = [];

afterAll(async () => {
  for (const k of running) if (k.child.exitCode === null) k.child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

type Json = Record<string, unknown> & { id?: string };

function client(baseUrl: string) {
  // biome-ignore lint/suspicious/noExplicitAny: replies are JSON the assertions check field by field
  return async function api(token: string, method: string, url: string, body?: unknown, status = 200): Promise<any> {
    const r = await fetch(`${baseUrl}${url}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await r.text();
    if (r.status !== status) throw new Error(`${method} ${url}: expected ${status}, got ${r.status}: ${text}`);
    return JSON.parse(text);
  };
}

describe('the ACD across a SIGKILL', () => {
  it('keeps logged-in agents in their states and waiting contacts with their ids and order', {
    timeout: 180_000,
  }, async () => {
    const first = await startKefu(env);
    running.push(first);
    const api = client(first.baseUrl);
    const admin = await apiLogin(first.baseUrl, 'admin', env.KEFU_ADMIN_PASSWORD);
    for (const key of ['hold', 'talk', 'idle'])
      await api(admin, 'POST', '/api/v1/queues', { key, name: key, offerTimeoutSeconds: 600, wrapUpSeconds: 600 }, 201);
    const agents: Record<string, { id: string; token: string }> = {};
    for (const [name, queue] of [
      ['kr1', 'idle'],
      ['kr2', 'talk'],
      ['kr3', 'talk'],
    ] as const) {
      const u = await api(
        admin,
        'POST',
        '/api/v1/users',
        { username: name, password: 'Agent-pass-1', displayName: name, roles: ['agent'] },
        201,
      );
      await api(admin, 'PUT', `/api/v1/agents/${u.id}/routing`, {
        skills: [],
        memberships: [{ queue, priority: 1, delaySeconds: 0 }],
      });
      agents[name] = { id: u.id, token: await apiLogin(first.baseUrl, name, 'Agent-pass-1') };
    }
    const tok = (n: string) => agents[n]!.token;
    // kr1 ready with nothing to do, kr2 talking, kr3 not ready (就餐).
    await api(tok('kr1'), 'PUT', '/api/v1/agents/me/state', { state: 'ready' });
    await api(tok('kr2'), 'PUT', '/api/v1/agents/me/state', { state: 'ready' });
    const talking = await api(admin, 'POST', '/api/v1/contacts', { channel: 'task', queue: 'talk' }, 201);
    await api(tok('kr2'), 'POST', `/api/v1/contacts/${talking.id}/accept`);
    await api(tok('kr3'), 'PUT', '/api/v1/agents/me/state', { state: 'not_ready', reason: '就餐' });
    // Nobody serves "hold": these wait; the fourth is a VIP and goes first.
    const waiting: Json[] = [];
    for (let i = 0; i < 6; i++) {
      waiting.push(
        await api(
          admin,
          'POST',
          '/api/v1/contacts',
          { channel: 'chat', queue: 'hold', priority: i === 3 ? 9 : 0 },
          201,
        ),
      );
    }
    const order = async (a: typeof api, token: string) => {
      const list: Array<{ id: string; position: number; queuedAt: string; state: string }> = await a(
        token,
        'GET',
        '/api/v1/contacts?queue=hold&state=queued',
      );
      return list.sort((x, y) => x.position - y.position).map((c) => `${c.id}@${c.queuedAt}`);
    };
    const before = await order(api, admin);
    expect(before).toHaveLength(6);
    expect(before[0]).toContain(waiting[3]!.id);
    const board = async (a: typeof api, token: string) =>
      Object.fromEntries(
        ((await a(token, 'GET', '/api/v1/wallboard')).agents as Array<Json & { username: string }>).map((x) => [
          x.username,
          { state: x.state, reason: x.reason, contacts: x.contacts, since: x.since },
        ]),
      );
    const agentsBefore = await board(api, admin);
    expect(agentsBefore).toMatchObject({
      kr1: { state: 'ready' },
      kr2: { state: 'busy', contacts: [talking.id] },
      kr3: { state: 'not_ready', reason: 'meal' },
    });

    first.child.kill('SIGKILL');
    await first.exited;

    const second = await startKefu(env);
    running.push(second);
    const api2 = client(second.baseUrl);
    // Sessions are stored too: the agents' desktops carry on with the tokens they had.
    expect(await board(api2, admin)).toEqual(agentsBefore);
    expect(await order(api2, admin)).toEqual(before);
    expect(await api2(tok('kr2'), 'GET', `/api/v1/contacts/${talking.id}`)).toMatchObject({ state: 'connected' });
    // And the ACD works on: a member of "talk" going ready takes the next contact there.
    await api2(tok('kr3'), 'PUT', '/api/v1/agents/me/state', { state: 'ready' });
    const next = await api2(admin, 'POST', '/api/v1/contacts', { channel: 'task', queue: 'talk' }, 201);
    expect(next).toMatchObject({ state: 'offered', agentId: agents.kr3!.id });
    await stopKefu(second);
  });
});
