import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('operations endpoints', () => {
  it('GET /healthz answers ok while the database answers', async () => {
    const res = await t.request('GET', '/healthz');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('GET /metrics serves Prometheus text with request durations by route and process figures', async () => {
    await t.request('GET', '/healthz');
    const res = await t.request('GET', '/metrics');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.body).toContain('# TYPE kefu_http_request_duration_seconds histogram');
    expect(res.body).toMatch(
      /^kefu_http_request_duration_seconds_count\{method="GET",route="\/healthz",status="200"\} [1-9]/m,
    );
    expect(res.body).toMatch(/^kefu_process_cpu_user_seconds_total \d/m);
  });
});

describe('API description', () => {
  it('/api/openapi.json is an OpenAPI 3 document with the request schemas of the routes', async () => {
    const res = await t.request('GET', '/api/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/auth/login', '/api/v1/users', '/api/v1/teams', '/api/v1/audit']),
    );
    const bodyOf = (p: string) => doc.paths[p].post.requestBody.content['application/json'].schema;
    expect(bodyOf('/api/v1/auth/login').required).toEqual(expect.arrayContaining(['username', 'password']));
    expect(Object.keys(bodyOf('/api/v1/users').properties)).toEqual(
      expect.arrayContaining(['username', 'password', 'displayName', 'roles']),
    );
    expect(bodyOf('/api/v1/teams').properties).toHaveProperty('name');
    const auditQuery = (doc.paths['/api/v1/audit'].get.parameters as { name: string; in: string }[])
      .filter((p) => p.in === 'query')
      .map((p) => p.name);
    expect(auditQuery).toEqual(
      expect.arrayContaining(['action', 'entityType', 'entityId', 'actorId', 'from', 'to', 'page', 'pageSize']),
    );
    // Internal endpoints stay out of the public description.
    expect(Object.keys(doc.paths)).not.toContain('/api/v1/realtime');
    expect(Object.keys(doc.paths)).not.toContain('/healthz');
  });

  it('/api/docs serves the Swagger UI page', async () => {
    const res = await t.request('GET', '/api/docs');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('<title>Swagger UI</title>');
    const css = await t.request('GET', '/api/docs/static/swagger-ui.css');
    expect(css.statusCode).toBe(200);
  });
});

describe('errors and request ids', () => {
  it('answers an unknown /api/v1 path with a 404 JSON error', async () => {
    const res = await t.request('GET', '/api/v1/no-such-thing');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.json()).toEqual({ error: { code: 'HTTP.NOT_FOUND', message: expect.any(String) } });
    const post = await t.request('POST', '/api/v1/teams/x/y/z', { body: {} });
    expect(post.statusCode).toBe(404);
    expect(post.json().error.code).toBe('HTTP.NOT_FOUND');
  });

  it('echoes a well-formed x-request-id', async () => {
    const res = await t.kefu.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'lb-42.a:b_c' } });
    expect(res.headers['x-request-id']).toBe('lb-42.a:b_c');
    const err = await t.kefu.app.inject({
      method: 'GET',
      url: '/api/v1/nope',
      headers: { 'x-request-id': 'trace-404' },
    });
    expect(err.headers['x-request-id']).toBe('trace-404');
  });

  it('generates a fresh request id when none or a malformed one is given', async () => {
    const a = await t.request('GET', '/healthz');
    const b = await t.request('GET', '/healthz');
    expect(a.headers['x-request-id']).toMatch(UUID_V7);
    expect(b.headers['x-request-id']).toMatch(UUID_V7);
    expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);

    for (const bad of ['has space', 'x'.repeat(65), '<script>', 'a\u00e9']) {
      const res = await t.kefu.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': bad } });
      expect(res.headers['x-request-id']).toMatch(UUID_V7);
    }
  });

  it('answers a plain HTTP request to the realtime endpoint with 426 and the error shape', async () => {
    const res = await t.request('GET', '/api/v1/realtime', { token: await t.adminToken() });
    expect(res.statusCode).toBe(426);
    expect(res.json().error.code).toBe('REALTIME.UPGRADE_REQUIRED');
  });

  it('refuses text/plain bodies with 415 instead of treating them as input', async () => {
    const token = await t.adminToken();
    const res = await t.kefu.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' },
      payload: 'hello',
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('HTTP.UNSUPPORTED_MEDIA_TYPE');
    expect((await t.request('GET', '/api/v1/users/me', { token })).statusCode).toBe(200);
  });
});
