import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../../test/app';

let t: TestApp;
let admin: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.adminToken();
});
afterAll(() => t.close());

const OFFICE = ['08:30-12:00', '13:30-18:00'];
const req = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown) =>
  t.request(method, url, { token: admin, body });

async function calendarId(name: string): Promise<string> {
  const res = await req('POST', '/api/v1/calendars', {
    name,
    timeZone: 'Asia/Shanghai',
    weekly: { 1: OFFICE, 2: OFFICE, 3: OFFICE, 4: OFFICE, 5: OFFICE },
    days: [{ date: '2026-10-01', kind: 'holiday', name: '国庆节' }],
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

const hoursFlow = (calendarId: string) => ({
  language: 'zh-CN',
  start: 'hours',
  nodes: {
    hours: { type: 'business_hours', calendarId, open: 'open', closed: 'closed' },
    open: { type: 'hangup', prompts: [{ prompt: 'welcome' }] },
    closed: { type: 'hangup', prompts: [{ prompt: 'closed' }] },
  },
});

describe('IVR business_hours nodes on a calendar', () => {
  it('refuses a calendar that does not exist, on save and in validation', async () => {
    const ghost = randomUUID();
    const res = await req('POST', '/api/v1/ivr/flows', {
      key: 'ghost-cal',
      name: 'Ghost',
      definition: hoursFlow(ghost),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.fields).toContainEqual(
      expect.objectContaining({ path: 'definition.nodes.hours.calendarId' }),
    );
  });

  it('runs on the calendar, and the calendar cannot be deleted while a published version names it', async () => {
    const id = await calendarId('IVR hours');
    const created = await req('POST', '/api/v1/ivr/flows', {
      key: 'cal-flow',
      name: '日历流程',
      definition: hoursFlow(id),
    });
    expect(created.statusCode, created.body).toBe(201);
    const flowId = created.json().id;
    expect((await req('POST', `/api/v1/ivr/flows/${flowId}/publish`)).statusCode).toBe(201);

    const published = await t.kefu.services.ivr.getPublished(flowId);
    expect(await published?.calendarOpen?.(id, new Date('2026-03-04T10:00:00+08:00'))).toBe(true);
    expect(await published?.calendarOpen?.(id, new Date('2026-10-01T10:00:00+08:00'))).toBe(false);
    expect(await published?.calendarOpen?.(randomUUID(), new Date())).toBeUndefined();

    // The draft moves to inline hours; the published version 1 still names the calendar.
    const inline = {
      ...hoursFlow(id),
      nodes: {
        ...hoursFlow(id).nodes,
        hours: { type: 'business_hours', weekly: { mon: ['09:00-17:00'] }, open: 'open', closed: 'closed' },
      },
    };
    expect((await req('PUT', `/api/v1/ivr/flows/${flowId}`, { definition: inline })).statusCode).toBe(200);
    const refused = await req('DELETE', `/api/v1/calendars/${id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.details.usedBy).toEqual([{ kind: 'ivr_flow', id: flowId, name: '日历流程' }]);

    // A calendar no flow names is deleted.
    const unused = await calendarId('Unused');
    expect((await req('DELETE', `/api/v1/calendars/${unused}`)).statusCode).toBe(204);
  });
});

describe('queues on a calendar', () => {
  it('refuses an unknown calendar, shows open from the calendar, and keeps it from being deleted', async () => {
    const ghost = await req('POST', '/api/v1/queues', { key: 'ghost-cal', name: 'Ghost', calendarId: randomUUID() });
    expect(ghost.statusCode).toBe(400);
    expect(ghost.json().error).toMatchObject({
      code: 'ROUTING.UNKNOWN_CALENDAR',
      details: { fields: [expect.objectContaining({ path: 'calendarId' })] },
    });

    // Closed every day: the wallboard's open flag follows the calendar, not the (absent) weekly hours.
    const closed = await req('POST', '/api/v1/calendars', {
      name: 'Never open',
      timeZone: 'Asia/Shanghai',
      weekly: {},
    });
    const calendarId = closed.json().id;
    const q = await req('POST', '/api/v1/queues', { key: 'cal-q', name: '日历队列', calendarId });
    expect(q.statusCode, q.body).toBe(201);
    expect(q.json().calendarId).toBe(calendarId);
    const stats = await req('GET', `/api/v1/queues/${q.json().id}/stats`);
    expect(stats.statusCode, stats.body).toBe(200);
    expect(stats.json().open).toBe(false);

    const refused = await req('DELETE', `/api/v1/calendars/${calendarId}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.details.usedBy).toEqual([{ kind: 'queue', id: q.json().id, name: '日历队列' }]);

    // Off the calendar (always open without weekly hours), the calendar can go.
    expect((await req('PATCH', `/api/v1/queues/${q.json().id}`, { calendarId: null })).statusCode).toBe(200);
    expect((await req('DELETE', `/api/v1/calendars/${calendarId}`)).statusCode).toBe(204);
    expect((await req('GET', `/api/v1/queues/${q.json().id}/stats`)).json().open).toBe(true);
  });
});
