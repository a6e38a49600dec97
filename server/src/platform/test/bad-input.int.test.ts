import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, createTestApp, type TestApp } from '../../../../test/app';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type JsonSchema = {
  type?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  enum?: unknown[];
  format?: string;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
};
type Parameter = { in: 'path' | 'query'; name: string; schema: JsonSchema };
type Operation = {
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  parameters?: Parameter[];
};

/** An API route with what its OpenAPI description says about its input. */
type Route = { method: Method; url: string; body?: JsonSchema; params: Parameter[]; query: Parameter[] };

let t: TestApp;
let admin: string;
let routes: Route[];

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.adminToken();
  const paths = (t.kefu.app.swagger() as { paths: Record<string, Record<string, Operation>> }).paths;
  routes = t.kefu.routes
    .filter((r) => r.url.startsWith('/api/v1/'))
    .map((r) => {
      const op = paths[r.url.replace(/:(\w+)/g, '{$1}')]?.[r.method.toLowerCase()] ?? {};
      const parameters = op.parameters ?? [];
      return {
        method: r.method as Method,
        url: r.url,
        body: op.requestBody?.content['application/json']?.schema,
        params: parameters.filter((p) => p.in === 'path'),
        query: parameters.filter((p) => p.in === 'query'),
      };
    });
});
afterAll(() => t.close());

/**
 * Inbound webhooks of outside systems (an SMS provider, WeChat) take the body the sender's protocol
 * defines — any type, XML — read raw because the signature covers its exact bytes; an unknown key
 * is 404 and a wrong signature 401 whatever the body (conversations/test/sms-wechat.int.test.ts).
 */
const PROVIDER_WEBHOOKS = new Set(['POST /api/v1/channels/sms/:key/webhook', 'POST /api/v1/channels/wechat/:key']);
const writes = () => routes.filter((r) => r.method !== 'GET' && !PROVIDER_WEBHOOKS.has(`${r.method} ${r.url}`));
const withBody = () => writes().filter((r) => r.body);

/** A URL with valid path parameters: the first allowed value, or a random uuid. */
function validUrl(r: Route): string {
  return r.url.replace(/:(\w+)/g, (_, name: string) => {
    const schema = r.params.find((p) => p.name === name)?.schema;
    return schema?.enum ? String(schema.enum[0]) : randomUUID();
  });
}

function send(method: Method, url: string, payload?: string | Buffer, contentType?: string) {
  return t.kefu.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${admin}`, ...(contentType ? { 'content-type': contentType } : {}) },
    ...(payload !== undefined ? { payload } : {}),
  });
}

/** A 4xx in the one error shape, with a request id: never a crash, never an unexplained failure. */
function expectClientError(res: LightMyRequestResponse, what: string, status?: number) {
  const ctx = `${what} → ${res.statusCode} ${res.body.slice(0, 200)}`;
  if (status) expect(res.statusCode, ctx).toBe(status);
  expect(res.statusCode, ctx).toBeGreaterThanOrEqual(400);
  expect(res.statusCode, ctx).toBeLessThan(500);
  expect(res.headers['x-request-id'], ctx).toEqual(expect.any(String));
  const { error } = res.json();
  expect(error, ctx).toEqual(
    expect.objectContaining({ code: expect.stringMatching(/^[A-Z_]+(\.[A-Z_]+)*$/), message: expect.any(String) }),
  );
  expect(error.code, ctx).not.toBe('INTERNAL');
  return error as { code: string; message: string; details?: { fields?: Array<{ location: string; path: string }> } };
}

/** A value of the wrong JSON type for a schema. */
function wrongType(s: JsonSchema): unknown {
  switch (s.type) {
    case 'string':
      return 12345;
    case 'integer':
    case 'number':
      return 'not-a-number';
    case 'boolean':
      return 'yes';
    case 'array':
      return 'not-a-list';
    default:
      return [];
  }
}

describe('the routes under test', () => {
  it('include every write and its declared body', () => {
    const described = (rs: Route[]) => rs.map((r) => `${r.method} ${r.url}`);
    expect(described(writes())).toEqual(
      expect.arrayContaining(['POST /api/v1/users', 'PATCH /api/v1/teams/:id', 'PUT /api/v1/roles/:key']),
    );
    // Every write takes a JSON body except logout, "lock now", the ACD's one-word contact actions,
    // publishing an IVR flow (it publishes the stored draft), deleting a DID or an uploaded prompt,
    // uploading a prompt (its body is the WAV itself, checked by the prompt service), and deleting a
    // business calendar.
    // and uploading a prompt (its body is the WAV itself, checked by the prompt service); deleting a
    // webhook, sending it a test event and redelivering a delivery.
    expect(described(writes().filter((r) => !r.body)).sort()).toEqual([
      'DELETE /api/v1/calendars/:id',
      // Conversations: deleting a canned reply; a visitor or an agent ending a chat, a typing signal,
      // and files (the body is the file itself, application/octet-stream).
      'DELETE /api/v1/canned-replies/:id',
      'DELETE /api/v1/crm/custom-fields/:id',
      'DELETE /api/v1/customers/:id',
      // Unlinking a work order from a major incident.
      'DELETE /api/v1/incidents/:id/tickets/:ticketId',
      // Knowledge: deleting an empty category or a synonym group.
      'DELETE /api/v1/knowledge/categories/:id',
      'DELETE /api/v1/knowledge/synonyms/:id',
      // Removing a best-practice example from the quality library.
      'DELETE /api/v1/quality/examples/:id',
      // Deleting a scheduled report, and sending it now (the stored schedule is the request).
      'DELETE /api/v1/reports/schedules/:id',
      'DELETE /api/v1/telephony/numbers/:id',
      'DELETE /api/v1/telephony/prompts/:language/:key',
      'DELETE /api/v1/tickets/:id/attachments/:attId',
      'DELETE /api/v1/webhooks/:id',
      // Marking an announcement read (opened).
      'POST /api/v1/announcements/:id/read',
      'POST /api/v1/auth/lock',
      'POST /api/v1/auth/logout',
      // Testing a mailbox's connections with its stored settings.
      'POST /api/v1/channels/:id/test',
      'POST /api/v1/chat/end',
      'POST /api/v1/chat/files',
      'POST /api/v1/contacts/:id/abandon',
      'POST /api/v1/contacts/:id/accept',
      'POST /api/v1/contacts/:id/reject',
      // A contact-history import: its body is the CSV or JSON-lines file, checked row by row by its job.
      'POST /api/v1/contacts/import',
      'POST /api/v1/conversations/:id/end',
      'POST /api/v1/conversations/:id/files',
      'POST /api/v1/conversations/:id/typing',
      // A customer import: its body is the CSV or XLSX file, checked row by row by the import.
      'POST /api/v1/customers/import',
      // Calling a follow-up visit's customer: the number is the order's, never the client's.
      'POST /api/v1/follow-ups/:id/dial',
      'POST /api/v1/ivr/flows/:id/publish',
      // Knowledge: archiving and restoring an article, handing its stored working version to review.
      'POST /api/v1/knowledge/articles/:id/archive',
      'POST /api/v1/knowledge/articles/:id/restore',
      'POST /api/v1/knowledge/articles/:id/submit',
      // Quality: acknowledging and submitting an evaluation, publishing a scorecard's stored draft.
      'POST /api/v1/quality/evaluations/:id/acknowledge',
      'POST /api/v1/quality/evaluations/:id/submit',
      'POST /api/v1/quality/scorecards/:id/publish',
      'POST /api/v1/reports/schedules/:id/run',
      'POST /api/v1/telephony/prompts/:language/:key',
      // A work-order attachment (its body is the file, application/octet-stream) and removing one.
      'POST /api/v1/tickets/:id/attachments',
      // Training: starting an attempt (the exam is the request), handing it in, retiring a question.
      'POST /api/v1/training/attempts/:id/submit',
      'POST /api/v1/training/exams/:id/attempts',
      'POST /api/v1/training/questions/:id/retire',
      'POST /api/v1/webhooks/:id/test',
      'POST /api/v1/webhooks/deliveries/:id/redeliver',
      // Schedules: a colleague's answer to a swap and withdrawing one's request; publishing or
      // discarding a stored draft.
      'POST /api/v1/wfm/requests/:id/accept',
      'POST /api/v1/wfm/requests/:id/cancel',
      'POST /api/v1/wfm/requests/:id/decline',
      'POST /api/v1/wfm/schedules/:id/discard',
      'POST /api/v1/wfm/schedules/:id/publish',
    ]);
  });
});

describe('malformed bodies answer 400, never 500', () => {
  it.each([
    ['not JSON at all', 'hello'],
    ['a cut-off object', '{"name": "x"'],
    ['a trailing comma', '{"name": "x",}'],
    ['single quotes', "{'name': 'x'}"],
    ['two objects', '{"a":1}{"b":2}'],
    ['an empty body', ''],
    ['a prototype-poisoning key', '{"__proto__": {"isAdmin": true}}'],
  ])('%s', async (what, payload) => {
    for (const r of writes()) {
      const res = await send(r.method, validUrl(r), payload, 'application/json');
      expectClientError(res, `${what}: ${r.method} ${r.url}`, 400);
    }
  });
});

describe('bodies of the wrong shape answer 400 VALIDATION.FAILED', () => {
  it.each([
    ['an array', '[]'],
    ['an array of objects', '[{}]'],
    ['null', 'null'],
    ['a number', '42'],
    ['a string', '"text"'],
    ['a boolean', 'true'],
  ])('%s instead of an object', async (what, payload) => {
    for (const r of withBody()) {
      const res = await send(r.method, validUrl(r), payload, 'application/json');
      const error = expectClientError(res, `${what}: ${r.method} ${r.url}`, 400);
      expect(error.code).toBe('VALIDATION.FAILED');
      expect(error.details?.fields?.[0]?.location).toBe('body');
    }
  });

  it('every field of the wrong type, all at once, is named', async () => {
    for (const r of withBody()) {
      const props = Object.entries(r.body!.properties ?? {});
      expect(props.length, `${r.method} ${r.url}`).toBeGreaterThan(0);
      const body = Object.fromEntries(props.map(([k, s]) => [k, wrongType(s)]));
      const res = await send(r.method, validUrl(r), JSON.stringify(body), 'application/json');
      const error = expectClientError(res, `${r.method} ${r.url} ${JSON.stringify(body)}`, 400);
      expect(error.code).toBe('VALIDATION.FAILED');
      const named = error.details?.fields?.map((f) => `${f.location}:${f.path}`);
      for (const [k] of props) expect(named, `${r.method} ${r.url}`).toContain(`body:${k}`);
    }
  });

  it('each field of the wrong type on its own is named', async () => {
    for (const r of withBody()) {
      for (const [k, s] of Object.entries(r.body!.properties ?? {})) {
        const cases: Array<[unknown, string]> = [[wrongType(s), k]];
        if (s.type === 'array' && s.items) cases.push([[wrongType(s.items)], `${k}.0`]);
        for (const [value, path] of cases) {
          const body = JSON.stringify({ [k]: value });
          const res = await send(r.method, validUrl(r), body, 'application/json');
          const error = expectClientError(res, `${r.method} ${r.url} ${body}`, 400);
          expect(error.details?.fields, `${r.method} ${r.url} ${body}`).toContainEqual(
            expect.objectContaining({ location: 'body', path }),
          );
        }
      }
    }
  });
});

describe('oversized and foreign bodies', () => {
  const big = JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) });

  it('a 2 MB body answers 413 HTTP.BODY_TOO_LARGE on every write', async () => {
    for (const r of writes()) {
      const res = await send(r.method, validUrl(r), big, 'application/json');
      expect(expectClientError(res, `${r.method} ${r.url}`, 413).code).toBe('HTTP.BODY_TOO_LARGE');
    }
  });

  it('an anonymous 2 MB upload is refused before it is read', async () => {
    const res = await t.kefu.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { 'content-type': 'application/json' },
      payload: big,
    });
    expect(expectClientError(res, 'anonymous upload', 401).code).toBe('AUTH.UNAUTHENTICATED');
  });

  it('a text/plain body is refused on every route that takes JSON', async () => {
    for (const r of withBody()) {
      const res = await send(r.method, validUrl(r), 'username=admin&password=x', 'text/plain');
      expectClientError(res, `${r.method} ${r.url}`);
    }
  });

  it.each(['application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])(
    'a %s body answers 415 HTTP.UNSUPPORTED_MEDIA_TYPE',
    async (contentType) => {
      for (const r of writes()) {
        const res = await send(r.method, validUrl(r), '<a>1</a>', contentType);
        const error = expectClientError(res, `${contentType}: ${r.method} ${r.url}`, 415);
        expect(error.code).toBe('HTTP.UNSUPPORTED_MEDIA_TYPE');
      }
    },
  );
});

describe('bad ids and paging answer 400 with the parameter named', () => {
  it('an id that is not a uuid, on every route with an id', async () => {
    const withIds = routes.filter((r) => r.params.some((p) => p.schema.format === 'uuid'));
    expect(withIds.length).toBeGreaterThan(3);
    for (const r of withIds) {
      for (const bad of ['not-a-uuid', '123', `${randomUUID()}0`, encodeURIComponent("1' or '1'='1")]) {
        const url = r.url.replace(/:(\w+)/g, () => bad);
        const res = await send(r.method, url, r.method === 'GET' ? undefined : '{}', 'application/json');
        const error = expectClientError(res, `${r.method} ${url}`, 400);
        expect(error.details?.fields).toContainEqual(expect.objectContaining({ location: 'params', path: 'id' }));
      }
    }
  });

  it('an unknown role key', async () => {
    const res = await send('PUT', '/api/v1/roles/root', '{"permissions":[]}', 'application/json');
    const error = expectClientError(res, 'PUT /api/v1/roles/root', 400);
    expect(error.details?.fields).toContainEqual(expect.objectContaining({ location: 'params', path: 'key' }));
  });

  it('out-of-range and malformed query values, on every route with a query', async () => {
    const withQuery = routes.filter((r) => r.query.length > 0);
    expect(withQuery.map((r) => r.url)).toEqual(expect.arrayContaining(['/api/v1/users', '/api/v1/audit']));
    let tried = 0;
    for (const r of withQuery) {
      for (const p of r.query) {
        for (const bad of badQueryValues(p.schema)) {
          const url = `${validUrl(r)}?${p.name}=${encodeURIComponent(bad)}`;
          const error = expectClientError(await send(r.method, url), `${r.method} ${url}`, 400);
          expect(error.details?.fields, url).toContainEqual(
            expect.objectContaining({ location: 'query', path: p.name }),
          );
          tried++;
        }
      }
    }
    expect(tried).toBeGreaterThan(20);
  });

  it('pageSize=0, pageSize=1000, page=-1, page=abc and a repeated page on the user list', async () => {
    for (const q of ['pageSize=0', 'pageSize=1000', 'page=-1', 'page=0', 'page=abc', 'page=1&page=2']) {
      const res = await send('GET', `/api/v1/users?${q}`);
      expect(expectClientError(res, q, 400).code).toBe('VALIDATION.FAILED');
    }
  });
});

/** Values a query parameter must refuse, from its schema. */
function badQueryValues(s: JsonSchema): string[] {
  if (s.type === 'integer' || s.type === 'number') {
    const out = ['abc', '1.5', '-1', '1e400'];
    if (s.minimum !== undefined) out.push(String(s.minimum - 1));
    if (s.maximum !== undefined && s.maximum < 1_000_000) out.push(String(s.maximum + 1), String(s.maximum * 5));
    return [...new Set(out)];
  }
  if (s.enum) return ['no-such-value'];
  if (s.format === 'uuid') return ['not-a-uuid'];
  if (s.format === 'date-time') return ['yesterday', '2026-13-01T00:00:00Z'];
  if (s.maxLength !== undefined) return ['x'.repeat(s.maxLength + 1)];
  return [];
}

describe('every reply carries a request id', () => {
  it('on success, on an unknown route and on a refused request', async () => {
    const replies = [
      await send('GET', '/api/v1/users/me'),
      await send('GET', '/api/v1/no-such-thing'),
      await send('DELETE', '/api/v1/users'),
      await t.request('GET', '/api/v1/users'),
    ];
    for (const res of replies) expect(res.headers['x-request-id']).toEqual(expect.any(String));
    expect(new Set(replies.map((r) => r.headers['x-request-id'])).size).toBe(replies.length);
    const unknown = replies[1]!;
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('HTTP.NOT_FOUND');
  });

  it('keeps a well-formed id the caller sent and replaces a malformed one', async () => {
    const given = await t.kefu.app.inject({
      method: 'GET',
      url: '/api/v1/users/me',
      headers: { authorization: `Bearer ${admin}`, 'x-request-id': 'trace-42.a:b' },
    });
    expect(given.headers['x-request-id']).toBe('trace-42.a:b');
    const junk = await t.kefu.app.inject({
      method: 'GET',
      url: '/api/v1/users/me',
      headers: { authorization: `Bearer ${admin}`, 'x-request-id': 'bad id <script>' },
    });
    expect(junk.headers['x-request-id']).not.toContain('<');
    expect(junk.headers['x-request-id']).toMatch(/^[\w.:-]{1,64}$/);
  });
});

describe('sign-in rate limit', () => {
  let limited: TestApp;
  beforeAll(async () => {
    limited = await createTestApp({ loginRateLimit: { max: 5, timeWindow: 60_000 } });
  });
  afterAll(() => limited.close());

  const attempt = (password: string) =>
    limited.request('POST', '/api/v1/auth/login', { body: { username: 'admin', password } });

  it('the sixth attempt within the window answers 429 HTTP.RATE_LIMITED, even with the right password', async () => {
    const first = await attempt(ADMIN_PASSWORD);
    expect(first.statusCode).toBe(200);
    for (let i = 2; i <= 5; i++) expect((await attempt(`wrong-${i}`)).statusCode).toBe(401);

    const sixth = await attempt(ADMIN_PASSWORD);
    expect(expectClientError(sixth, 'sixth sign-in', 429).code).toBe('HTTP.RATE_LIMITED');
    expect(Number(sixth.headers['retry-after'])).toBeGreaterThan(0);

    // Only signing in is limited: the session from the first attempt still works.
    const me = await limited.request('GET', '/api/v1/users/me', { token: first.json().token });
    expect(me.statusCode).toBe(200);
  });
});

describe('characters the database cannot store', () => {
  it('a NUL byte in a field or a search answers 400, never 500', async () => {
    const login = await t.request('POST', '/api/v1/auth/login', { body: { username: 'ad\u0000min', password: 'x' } });
    expect(login.statusCode).toBe(400);
    expect(login.json().error.code).toBe('VALIDATION.INVALID_CHARACTERS');
    const team = await t.request('POST', '/api/v1/teams', { token: admin, body: { name: 'A\u0000组' } });
    expect(team.statusCode).toBe(400);
    const search = await t.request('GET', '/api/v1/users?q=%00', { token: admin });
    expect(search.statusCode).toBe(400);
    const audit = await t.request('GET', '/api/v1/audit?action=%00', { token: admin });
    expect(audit.statusCode).toBe(400);
  });
});
