import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestKefu, createTestApp, type TestApp } from '../../../../../test/app';
import type { Kefu } from '../../../app';

// Flows saved before calendars keep inline hours; a restart (the IVR module's start) moves the
// drafts' inline hours into calendars. Here the restart is a second app on the same database.
let t: TestApp;
const restarted: Kefu[] = [];

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  for (const k of restarted) await k.app.close();
  await t.handle.close();
  await t.db.drop();
});

const inline = {
  type: 'business_hours',
  timezone: 'Asia/Shanghai',
  weekly: { mon: ['09:00-12:00', '13:00-18:00'], tue: ['09:00-18:00'], wed: [], thu: [], fri: [], sat: [], sun: [] },
  holidays: ['2026-10-01'],
  workdays: ['2026-10-10'],
  workdayHours: ['09:00-12:00'],
  open: 'open',
  closed: 'closed',
};
const flow = (hours: object) => ({
  language: 'zh-CN',
  start: 'hours',
  nodes: {
    hours,
    also: { ...inline, open: 'open', closed: 'bye' },
    open: { type: 'hangup', prompts: [{ prompt: 'welcome' }] },
    closed: { type: 'play', prompts: [{ prompt: 'closed' }], next: 'also' },
    bye: { type: 'hangup' },
  },
});

async function restart(): Promise<Kefu> {
  await (restarted.at(-1) ?? t.kefu).app.close();
  const k = await buildTestKefu(t.handle);
  await k.app.ready();
  restarted.push(k);
  return k;
}

describe('inline business hours of drafts move to calendars on start', () => {
  it('creates one calendar per distinct definition, names it in the draft, and leaves published versions alone', async () => {
    const admin = await t.adminToken();
    const created = await t.request('POST', '/api/v1/ivr/flows', {
      token: admin,
      body: { key: 'legacy', name: '老流程', definition: flow(inline) },
    });
    expect(created.statusCode, created.body).toBe(201);
    const flowId = created.json().id;
    expect((await t.request('POST', `/api/v1/ivr/flows/${flowId}/publish`, { token: admin })).statusCode).toBe(201);

    const k = await restart();
    const draft = (await k.services.ivr.get(flowId)).draft;
    const calendarId = (draft.nodes.hours as { calendarId?: string }).calendarId;
    expect(calendarId).toEqual(expect.any(String));
    // Both nodes have the same hours: one calendar.
    expect((draft.nodes.also as { calendarId?: string }).calendarId).toBe(calendarId);
    // The inline hours stay as the fallback.
    expect(draft.nodes.hours).toMatchObject({ weekly: inline.weekly, holidays: inline.holidays });

    const calendar = await k.services.calendars.get(calendarId!);
    expect(calendar).toMatchObject({
      name: expect.stringMatching(/^导航营业时间 [0-9a-f]{8}$/),
      timeZone: 'Asia/Shanghai',
      weekly: { 1: ['09:00-12:00', '13:00-18:00'], 2: ['09:00-18:00'] },
      makeUpHours: ['09:00-12:00'],
      days: [
        { date: '2026-10-01', kind: 'holiday', name: '节假日' },
        { date: '2026-10-10', kind: 'workday', name: '调休' },
      ],
    });
    const bt = await k.services.calendars.businessTime(calendarId!);
    expect(bt.isOpen(new Date('2026-10-10T10:00:00+08:00'))).toBe(true); // 调休 Saturday, make-up hours
    expect(bt.isOpen(new Date('2026-10-10T14:00:00+08:00'))).toBe(false);

    // Version 1 is as it was published.
    const v1 = await k.services.ivr.getVersion(flowId, 1);
    expect((v1.definition.nodes.hours as { calendarId?: string }).calendarId).toBeUndefined();

    // Idempotent: another start creates nothing and changes nothing.
    const before = (await k.services.calendars.list()).length;
    const again = await restart();
    expect((await again.services.calendars.list()).length).toBe(before);
    expect((await again.services.ivr.get(flowId)).draft).toEqual(draft);
  });
});

describe('queue business hours move to calendars on start', () => {
  it('gives a queue with weekly hours a calendar of the same hours, once', async () => {
    const k0 = restarted.at(-1) ?? t.kefu;
    const admin = await k0.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: 'Admin-pass-1' },
    });
    const token = admin.json().token;
    const res = await k0.app.inject({
      method: 'POST',
      url: '/api/v1/queues',
      headers: { authorization: `Bearer ${token}` },
      payload: {
        key: 'legacy-q',
        name: '老队列',
        businessHours: [
          { day: 1, open: '13:00', close: '18:00' },
          { day: 1, open: '09:00', close: '12:00' },
          { day: 6, open: '10:00', close: '16:00' },
        ],
      },
    });
    expect(res.statusCode, res.body).toBe(201);

    const k = await restart();
    const queue = k.services.routing.getQueue('legacy-q');
    expect(queue.calendarId).toEqual(expect.any(String));
    expect(queue.businessHours).toHaveLength(3); // kept as the fallback
    const calendar = await k.services.calendars.get(queue.calendarId!);
    expect(calendar).toMatchObject({
      name: expect.stringMatching(/^队列营业时间 [0-9a-f]{8}$/),
      timeZone: 'Asia/Shanghai',
      weekly: { 1: ['09:00-12:00', '13:00-18:00'], 6: ['10:00-16:00'] },
    });

    const again = await restart();
    expect(again.services.routing.getQueue('legacy-q').calendarId).toBe(queue.calendarId);
    expect((await again.services.calendars.list()).filter((c) => c.name.startsWith('队列营业时间'))).toHaveLength(1);
  });
});
