import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../../test/app';
import { seedDemoIvr } from '..';

let t: TestApp;
let admin: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.adminToken();
  for (const key of ['billing', 'general']) {
    const res = await t.request('POST', '/api/v1/queues', { token: admin, body: { key, name: key } });
    expect(res.statusCode).toBe(201);
  }
});
afterAll(() => t.close());

const definition = (queue = 'billing') => ({
  language: 'zh-CN',
  start: 'welcome',
  nodes: {
    welcome: { type: 'play', prompts: [{ prompt: 'welcome' }, { prompt: 'recording-notice' }], next: 'menu' },
    menu: { type: 'menu', prompts: [{ prompt: 'menu' }], options: { '1': 'q', '0': 'q' }, onFailure: 'q' },
    q: { type: 'queue', queue, callbackOffer: true, next: 'bye' },
    bye: { type: 'hangup', prompts: [{ prompt: 'goodbye' }] },
  },
});

const create = (body: unknown, token = admin) => t.request('POST', '/api/v1/ivr/flows', { token, body });
async function flowId(key: string, def: unknown = definition()): Promise<string> {
  const res = await create({ key, name: `Flow ${key}`, definition: def });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}
const fieldsOf = (res: { json(): { error: { details: { fields: Array<{ path: string }> } } } }) =>
  res.json().error.details.fields.map((f) => f.path);

describe('creating a flow', () => {
  it('answers 201 with the draft, defaults filled in, nothing published', async () => {
    const res = await create({ key: 'main', name: '主流程', definition: definition() });
    expect(res.statusCode).toBe(201);
    const flow = res.json();
    expect(flow).toMatchObject({ key: 'main', name: '主流程', publishedVersion: null, versions: [] });
    expect(flow.draft.nodes.menu).toMatchObject({ timeoutSeconds: 5, maxRetries: 3 });
    expect((await t.request('GET', `/api/v1/ivr/flows/${flow.id}`, { token: admin })).json()).toEqual(flow);
    const list = (await t.request('GET', '/api/v1/ivr/flows', { token: admin })).json();
    expect(list.find((f: { id: string }) => f.id === flow.id)).toMatchObject({ key: 'main', publishedVersion: null });
  });

  it('refuses a document with problems, naming each path', async () => {
    const def = definition();
    const bad = {
      ...def,
      start: 'nowhere',
      nodes: {
        ...def.nodes,
        menu: { ...def.nodes.menu, options: { '1': 'q', x: 'q', '2': 'ghost' } },
        lonely: { type: 'hangup' },
      },
    };
    const res = await create({ key: 'bad', name: 'Bad', definition: bad });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('IVR.INVALID_FLOW');
    expect(fieldsOf(res)).toEqual(
      expect.arrayContaining([
        'definition.start',
        'definition.nodes.menu.options.x',
        'definition.nodes.menu.options.2',
      ]),
    );
    // Nothing was created.
    expect((await create({ key: 'bad', name: 'Bad', definition: definition() })).statusCode).toBe(201);
  });

  it('refuses a structurally wrong document with the schema path', async () => {
    const def = definition();
    const res = await create({
      key: 'bad2',
      name: 'Bad',
      definition: { ...def, nodes: { ...def.nodes, q: { ...def.nodes.q, announceEverySeconds: 5 } } },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION.FAILED');
    expect(fieldsOf(res)).toContain('definition.nodes.q.announceEverySeconds');
  });

  it('refuses a key in use with 409', async () => {
    await flowId('dup');
    const res = await create({ key: 'dup', name: 'Again', definition: definition() });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('IVR.KEY_TAKEN');
  });
});

describe('editing and publishing', () => {
  it('replaces the draft; publishing makes version 1 then 2, each frozen', async () => {
    const id = await flowId('pub');
    const first = await t.request('POST', `/api/v1/ivr/flows/${id}/publish`, { token: admin });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ flowId: id, version: 1, definition: { start: 'welcome' } });

    const changed = definition('general');
    const put = await t.request('PUT', `/api/v1/ivr/flows/${id}`, {
      token: admin,
      body: { name: '改名', definition: changed },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({
      name: '改名',
      publishedVersion: 1,
      draft: { nodes: { q: { queue: 'general' } } },
    });

    // The draft changed; version 1 did not.
    const v1 = await t.request('GET', `/api/v1/ivr/flows/${id}/versions/1`, { token: admin });
    expect(v1.json().definition.nodes.q.queue).toBe('billing');
    expect(await t.kefu.services.ivr.getPublished(id)).toMatchObject({
      version: 1,
      definition: { nodes: { q: { queue: 'billing' } } },
    });

    const second = await t.request('POST', `/api/v1/ivr/flows/${id}/publish`, { token: admin });
    expect(second.json()).toMatchObject({ version: 2, definition: { nodes: { q: { queue: 'general' } } } });
    const flow = (await t.request('GET', `/api/v1/ivr/flows/${id}`, { token: admin })).json();
    expect(flow.publishedVersion).toBe(2);
    expect(flow.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    expect((await t.request('GET', `/api/v1/ivr/flows/${id}/versions/1`, { token: admin })).json()).toEqual(v1.json());
    expect((await t.kefu.services.ivr.getPublished(id))?.version).toBe(2);
    expect((await t.request('GET', `/api/v1/ivr/flows/${id}/versions/3`, { token: admin })).statusCode).toBe(404);
  });

  it('an invalid draft update is refused and the old draft kept', async () => {
    const id = await flowId('keep');
    const def = definition();
    const res = await t.request('PUT', `/api/v1/ivr/flows/${id}`, {
      token: admin,
      body: { definition: { ...def, nodes: { ...def.nodes, welcome: { ...def.nodes.welcome, next: 'welcome' } } } },
    });
    expect(res.statusCode).toBe(400);
    expect(fieldsOf(res)).toContain('definition.nodes.welcome');
    const flow = (await t.request('GET', `/api/v1/ivr/flows/${id}`, { token: admin })).json();
    expect(flow.draft.nodes.welcome.next).toBe('menu');
  });

  it('refuses to publish a flow naming a queue routing does not have', async () => {
    const id = await flowId('noqueue', definition('nosuchqueue'));
    const res = await t.request('POST', `/api/v1/ivr/flows/${id}/publish`, { token: admin });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('IVR.UNKNOWN_QUEUE');
    expect(fieldsOf(res)).toEqual(['definition.nodes.q.queue']);
    expect(await t.kefu.services.ivr.getPublished(id)).toBeUndefined();
  });

  it('the validate endpoint lists schema, graph and queue problems without saving', async () => {
    const ok = await t.request('POST', '/api/v1/ivr/validate', { token: admin, body: { definition: definition() } });
    expect(ok.json()).toEqual({ valid: true, issues: [] });
    const noQueue = await t.request('POST', '/api/v1/ivr/validate', {
      token: admin,
      body: { definition: definition('nosuchqueue') },
    });
    expect(noQueue.json()).toEqual({
      valid: false,
      issues: [{ path: 'definition.nodes.q.queue', message: 'no queue nosuchqueue' }],
    });
    const junk = await t.request('POST', '/api/v1/ivr/validate', {
      token: admin,
      body: { definition: { language: 'fr', start: 'a', nodes: {} } },
    });
    expect(junk.json().valid).toBe(false);
    expect(junk.json().issues.map((i: { path: string }) => i.path)).toContain('definition.language');
  });

  it("keeps the designer's positions through save and publish; a position of no node is dropped", async () => {
    const id = await flowId('drawn');
    const layout = { ghost: { x: 5, y: 5 }, bye: { x: 900, y: 40 }, welcome: { x: 0, y: 0 } };
    const checked = await t.request('POST', '/api/v1/ivr/validate', {
      token: admin,
      body: { definition: { ...definition(), layout } },
    });
    expect(checked.json()).toEqual({ valid: true, issues: [] });
    const saved = await t.request('PUT', `/api/v1/ivr/flows/${id}`, {
      token: admin,
      body: { definition: { ...definition(), layout } },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().draft.layout).toEqual({ welcome: { x: 0, y: 0 }, bye: { x: 900, y: 40 } });
    const published = await t.request('POST', `/api/v1/ivr/flows/${id}/publish`, { token: admin });
    expect(published.statusCode).toBe(201);
    const v1 = await t.request('GET', `/api/v1/ivr/flows/${id}/versions/1`, { token: admin });
    expect(v1.json().definition.layout).toEqual({ welcome: { x: 0, y: 0 }, bye: { x: 900, y: 40 } });
    const fractional = await t.request('PUT', `/api/v1/ivr/flows/${id}`, {
      token: admin,
      body: { definition: { ...definition(), layout: { welcome: { x: 0.5, y: 0 } } } },
    });
    expect(fieldsOf(fractional)).toEqual(['definition.layout.welcome.x']);
  });

  it('unknown flows are 404', async () => {
    const id = '0190f0f0-0000-7000-8000-000000000000';
    expect((await t.request('GET', `/api/v1/ivr/flows/${id}`, { token: admin })).statusCode).toBe(404);
    expect((await t.request('POST', `/api/v1/ivr/flows/${id}/publish`, { token: admin })).statusCode).toBe(404);
    expect(await t.kefu.services.ivr.flowExists(id)).toBe(false);
    expect(await t.kefu.services.ivr.flowExists('not-a-uuid')).toBe(false);
  });
});

describe('permissions and audit', () => {
  it('an agent may not read or change flows; a supervisor neither (ivr.manage is admin)', async () => {
    await t.addUser('ivr.agent', ['agent']);
    await t.addUser('ivr.super', ['supervisor']);
    for (const username of ['ivr.agent', 'ivr.super']) {
      const token = await t.login(username, 'Passw0rd!');
      const denied = await create({ key: 'nope', name: 'Nope', definition: definition() }, token);
      expect(denied.statusCode).toBe(403);
      expect(denied.json().error.code).toBe('AUTH.FORBIDDEN');
      expect((await t.request('GET', '/api/v1/ivr/flows', { token })).statusCode).toBe(403);
    }
  });

  it('creating, updating and publishing are in the audit log', async () => {
    const id = await flowId('audited');
    await t.request('PUT', `/api/v1/ivr/flows/${id}`, {
      token: admin,
      body: { name: 'Renamed', definition: definition() },
    });
    await t.request('POST', `/api/v1/ivr/flows/${id}/publish`, { token: admin });
    const res = await t.request('GET', `/api/v1/audit?entityId=${id}`, { token: admin });
    const items = res.json().items as Array<{
      action: string;
      actorName: string;
      entityType: string;
      details: unknown;
    }>;
    expect(items.map((i) => i.action)).toEqual(['ivr.flow.published', 'ivr.flow.updated', 'ivr.flow.created']);
    expect(items.every((i) => i.actorName === 'admin' && i.entityType === 'ivr_flow')).toBe(true);
    expect(items[0]?.details).toEqual({ key: 'audited', version: 1 });
    expect(items[1]?.details).toMatchObject({ name: { before: 'Flow audited', after: 'Renamed' } });
  });
});

describe('the demo hotline', () => {
  it('is created and published once, as version 1, when its queues exist', async () => {
    for (const key of ['fault', 'complaints']) {
      await t.request('POST', '/api/v1/queues', { token: admin, body: { key, name: key } });
    }
    const actor = { userId: null, name: 'system', ip: null, requestId: null };
    const first = await seedDemoIvr(t.kefu.services.ivr, actor);
    const again = await seedDemoIvr(t.kefu.services.ivr, actor);
    expect(first.created).toBe(true);
    expect(again).toEqual({ flowId: first.flowId, created: false });
    const published = await t.kefu.services.ivr.getPublished(first.flowId);
    expect(published?.version).toBe(1);
    const nodes = published?.definition.nodes ?? {};
    expect(nodes.welcome).toMatchObject({ prompts: [{ prompt: 'welcome' }, { prompt: 'recording-notice' }] });
    expect(nodes.menu).toMatchObject({
      options: { '1': 'billing', '2': 'fault', '3': 'complaints', '0': 'general' },
      onFailure: 'general',
    });
    for (const q of ['billing', 'fault', 'complaints', 'general']) {
      expect(nodes[q]).toMatchObject({
        type: 'queue',
        queue: q,
        callbackOffer: true,
        announceEverySeconds: 30,
        next: 'survey',
      });
    }
    expect(nodes.bye).toEqual({ type: 'hangup', prompts: [{ prompt: 'goodbye' }] });
  });
});
