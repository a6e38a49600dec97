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
const office = (name: string, extra: object = {}) => ({
  name,
  timeZone: 'Asia/Shanghai',
  weekly: { 1: OFFICE, 2: OFFICE, 3: OFFICE, 4: OFFICE, 5: OFFICE },
  ...extra,
});
const req = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown, token = admin) =>
  t.request(method, url, { token, body });

async function calendarId(name: string, extra: object = {}): Promise<string> {
  const res = await req('POST', '/api/v1/calendars', office(name, extra));
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

describe('calendars CRUD', () => {
  it('creates, reads, lists, replaces and deletes a calendar', async () => {
    const res = await req(
      'POST',
      '/api/v1/calendars',
      office(' 总部 ', { days: [{ date: '2026-05-01', kind: 'holiday', name: '劳动节' }] }),
    );
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json();
    expect(created).toMatchObject({
      name: '总部',
      description: '',
      timeZone: 'Asia/Shanghai',
      weekly: { 1: OFFICE, 5: OFFICE },
      makeUpHours: null,
      days: [{ date: '2026-05-01', kind: 'holiday', name: '劳动节' }],
    });
    expect((await req('GET', `/api/v1/calendars/${created.id}`)).json()).toEqual(created);
    const list = (await req('GET', '/api/v1/calendars')).json();
    expect(list.find((c: { id: string }) => c.id === created.id)).toMatchObject({ holidayCount: 1, workdayCount: 0 });

    const put = await req('PUT', `/api/v1/calendars/${created.id}`, {
      ...office('总部', { description: '含调休' }),
      makeUpHours: ['09:00-17:00'],
      days: [{ date: '2026-05-09', kind: 'workday', name: '劳动节调休' }],
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({
      description: '含调休',
      makeUpHours: ['09:00-17:00'],
      days: [{ date: '2026-05-09', kind: 'workday', name: '劳动节调休' }],
    });

    expect((await req('DELETE', `/api/v1/calendars/${created.id}`)).statusCode).toBe(204);
    expect((await req('GET', `/api/v1/calendars/${created.id}`)).json().error.code).toBe('CALENDARS.NOT_FOUND');
    expect((await req('DELETE', `/api/v1/calendars/${created.id}`)).statusCode).toBe(404);
  });

  it('refuses a taken name, bad hours, a bad zone and a date listed twice, with field details', async () => {
    await calendarId('Taken');
    const taken = await req('POST', '/api/v1/calendars', office('TAKEN'));
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.code).toBe('CALENDARS.NAME_TAKEN');

    const bad = await req('POST', '/api/v1/calendars', {
      name: 'Bad',
      timeZone: 'Mars/Olympus',
      weekly: { 1: ['18:00-09:00'], 2: ['09:00-12:00', '11:00-13:00'] },
      days: [
        { date: '2026-02-30', kind: 'holiday', name: 'x' },
        { date: '2026-05-01', kind: 'holiday', name: 'a' },
        { date: '2026-05-01', kind: 'workday', name: 'b' },
      ],
    });
    expect(bad.statusCode).toBe(400);
    const paths = bad.json().error.details.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['timeZone', 'weekly.1.0', 'weekly.2', 'days.0.date', 'days.2.date']));
  });

  it('asks for calendars.manage to change and calendars.view to read', async () => {
    const id = await calendarId('Perms');
    await t.addUser('cal.agent', ['agent'], { password: 'Agent-pass-12' });
    const agent = await t.login('cal.agent', 'Agent-pass-12');
    expect((await req('GET', '/api/v1/calendars', undefined, agent)).statusCode).toBe(403);
    await t.addUser('cal.super', ['supervisor'], { password: 'Super-pass-12' });
    const supervisor = await t.login('cal.super', 'Super-pass-12');
    expect((await req('GET', `/api/v1/calendars/${id}/check`, undefined, supervisor)).statusCode).toBe(200);
    const put = await req('PUT', `/api/v1/calendars/${id}`, office('Perms'), supervisor);
    expect(put.json().error.code).toBe('AUTH.FORBIDDEN');
  });

  it('audits every change', async () => {
    const id = await calendarId('Audited');
    await req('PUT', `/api/v1/calendars/${id}`, office('Audited 2'));
    await req('POST', `/api/v1/calendars/${id}/holidays/import-national`, { year: 2026 });
    await req('DELETE', `/api/v1/calendars/${id}`);
    for (const action of ['created', 'updated', 'days_imported', 'deleted']) {
      const res = await req('GET', `/api/v1/audit?action=calendars.calendar.${action}&entityId=${id}`);
      expect(res.json().items[0], action).toMatchObject({ actorName: 'admin', entityType: 'calendar' });
    }
  });

  it('refuses to delete a calendar in use, naming who uses it', async () => {
    const id = await calendarId('Used');
    const calendars = t.kefu.services.calendars;
    calendars.registerUsage(async (_tx, calendarId) =>
      calendarId === id ? [{ kind: 'queue', id: randomUUID(), name: '售后队列' }] : [],
    );
    const res = await req('DELETE', `/api/v1/calendars/${id}`);
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({
      code: 'CALENDARS.IN_USE',
      details: { usedBy: [{ kind: 'queue', name: '售后队列' }] },
    });
    expect((await req('GET', `/api/v1/calendars/${id}`)).statusCode).toBe(200);
  });
});

describe('importing holidays', () => {
  it('imports CSV rows, merging by date, and the days stay editable', async () => {
    const id = await calendarId('CSV', { days: [{ date: '2026-06-19', kind: 'holiday', name: 'old' }] });
    const csv =
      '\uFEFFdate,name,kind\n2026-06-19,端午节,holiday\n2026-06-20,"端午, 第二天",holiday\n2026-09-20,国庆调休,WORKDAY\n';
    const res = await req('POST', `/api/v1/calendars/${id}/holidays/import`, { format: 'csv', csv });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ holidays: 2, workdays: 1 });
    expect(res.json().calendar.days).toEqual([
      { date: '2026-06-19', kind: 'holiday', name: '端午节' },
      { date: '2026-06-20', kind: 'holiday', name: '端午, 第二天' },
      { date: '2026-09-20', kind: 'workday', name: '国庆调休' },
    ]);
  });

  it('reports every bad row and imports nothing', async () => {
    const id = await calendarId('Bad CSV', { days: [{ date: '2026-01-01', kind: 'holiday', name: '元旦' }] });
    const csv =
      'date,name,kind\n2026-10-01,国庆,holiday\n2026-13-01,x,holiday\n2026-10-02,,holiday\n2026-10-01,again,day-off\n';
    const res = await req('POST', `/api/v1/calendars/${id}/holidays/import`, { format: 'csv', csv, replace: true });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('CALENDARS.IMPORT_INVALID');
    expect(res.json().error.details.rows).toEqual([
      { row: 2, field: 'date', message: expect.any(String) },
      { row: 3, field: 'name', message: expect.any(String) },
      { row: 4, field: 'date', message: expect.stringContaining('row 1') },
      { row: 4, field: 'kind', message: expect.any(String) },
    ]);
    expect((await req('GET', `/api/v1/calendars/${id}`)).json().days).toEqual([
      { date: '2026-01-01', kind: 'holiday', name: '元旦' },
    ]);
    const header = await req('POST', `/api/v1/calendars/${id}/holidays/import`, { format: 'csv', csv: 'a,b\n1,2\n' });
    expect(header.json().error.details.rows).toEqual([{ row: 1, field: 'row', message: expect.any(String) }]);
  });

  it('imports JSON rows, replacing every day when asked', async () => {
    const id = await calendarId('JSON', { days: [{ date: '2026-01-01', kind: 'holiday', name: '元旦' }] });
    const res = await req('POST', `/api/v1/calendars/${id}/holidays/import`, {
      format: 'json',
      replace: true,
      days: [{ date: '2026-10-10', name: '国庆调休', kind: 'workday' }],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().calendar.days).toEqual([{ date: '2026-10-10', kind: 'workday', name: '国庆调休' }]);
  });

  it("imports China's national schedule of a year, and refuses a year not published", async () => {
    const id = await calendarId('National');
    const res = await req('POST', `/api/v1/calendars/${id}/holidays/import-national`, { year: 2026 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ holidays: 33, workdays: 6 });
    const days = res.json().calendar.days as Array<{ date: string; kind: string; name: string }>;
    expect(days.find((d) => d.date === '2026-02-17')).toEqual({ date: '2026-02-17', kind: 'holiday', name: '春节' });
    expect(days.find((d) => d.date === '2026-01-04')).toEqual({
      date: '2026-01-04',
      kind: 'workday',
      name: '元旦调休',
    });
    const none = await req('POST', `/api/v1/calendars/${id}/holidays/import-national`, { year: 2099 });
    expect(none.statusCode).toBe(400);
    expect(none.json().error.code).toBe('CALENDARS.NO_NATIONAL_DATA');
  });
});

describe('checking business time', () => {
  it('answers open / nextOpen, minutes and add from the stored calendar, and sees changes at once', async () => {
    const id = await calendarId('Check');
    await req('POST', `/api/v1/calendars/${id}/holidays/import-national`, { year: 2026 });
    const check = async (at: string) =>
      (await req('GET', `/api/v1/calendars/${id}/check?at=${encodeURIComponent(at)}`)).json();
    expect(await check('2026-10-08T10:00:00+08:00')).toEqual({
      at: '2026-10-08T02:00:00.000Z',
      open: true,
      nextOpen: '2026-10-08T02:00:00.000Z',
    });
    expect(await check('2026-09-30T18:00:00+08:00')).toMatchObject({
      open: false,
      nextOpen: '2026-10-08T00:30:00.000Z',
    });
    expect(await check('2026-01-04T09:00:00+08:00')).toMatchObject({ open: true }); // 调休 Sunday

    const minutes = await req(
      'GET',
      `/api/v1/calendars/${id}/business-minutes?from=${encodeURIComponent('2026-03-02T00:00:00+08:00')}&to=${encodeURIComponent('2026-03-09T00:00:00+08:00')}`,
    );
    expect(minutes.json()).toEqual({ minutes: 2400 });
    const add = await req(
      'GET',
      `/api/v1/calendars/${id}/add?from=${encodeURIComponent('2026-03-04T17:50:00+08:00')}&minutes=30`,
    );
    expect(add.json()).toEqual({ at: '2026-03-05T00:50:00.000Z' });

    // Making 8 October a holiday is seen by the next check (the cached business time is dropped).
    const cal = (await req('GET', `/api/v1/calendars/${id}`)).json();
    const put = await req('PUT', `/api/v1/calendars/${id}`, {
      ...office('Check'),
      days: [...cal.days, { date: '2026-10-08', kind: 'holiday', name: '加休' }],
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(await check('2026-10-08T10:00:00+08:00')).toMatchObject({
      open: false,
      nextOpen: '2026-10-09T00:30:00.000Z',
    });
  });

  it('refuses a malformed instant and answers 409 for a calendar that never opens', async () => {
    const id = await calendarId('Never', { weekly: {} });
    expect((await req('GET', `/api/v1/calendars/${id}/check?at=tomorrow`)).statusCode).toBe(400);
    const add = await req(
      'GET',
      `/api/v1/calendars/${id}/add?from=${encodeURIComponent('2026-03-04T10:00:00Z')}&minutes=1`,
    );
    expect(add.statusCode).toBe(409);
    expect(add.json().error.code).toBe('CALENDARS.NEVER_OPENS');
    expect((await req('GET', `/api/v1/calendars/${id}/check?at=2026-03-04T10:00:00Z`)).json()).toMatchObject({
      open: false,
      nextOpen: null,
    });
  });

  it('publishes calendars.calendar.changed after each change', async () => {
    // Earlier tests' events may still be on their way: only this calendar's count.
    await t.kefu.bus.drain();
    const seen: string[] = [];
    const off = t.kefu.bus.subscribe('calendars.calendar.changed', (e) => {
      if (e.payload.name === 'Evented') seen.push(`${e.payload.change}:${e.payload.name}`);
    });
    const id = await calendarId('Evented');
    await req('DELETE', `/api/v1/calendars/${id}`);
    await t.kefu.bus.drain();
    off();
    expect(seen).toEqual(['created:Evented', 'deleted:Evented']);
  });
});
