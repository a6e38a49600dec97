import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../../test/app';
import { fixedClock } from '../../../platform/clock';

/** Work orders as a spreadsheet: one row per order, the list's filters, words not codes, numbers masked by permission. */
const clock = fixedClock('2026-12-07T01:00:00Z');
let t: TestApp;
let admin: string;
let lead: string;
let agent: string;

beforeAll(async () => {
  t = await createTestApp({ clock, sessionSeconds: 90 * 86_400, idleLockSeconds: 90 * 86_400 });
  admin = await t.adminToken();
  await t.addUser('exp.lead', ['team_lead', 'agent'], { password: 'Lead-pass-1' });
  await t.addUser('exp.agent', ['agent'], { password: 'Agent-pass-1' });
  lead = await t.login('exp.lead', 'Lead-pass-1');
  agent = await t.login('exp.agent', 'Agent-pass-1');
  const made = (body: object) =>
    t.request('POST', '/api/v1/tickets', { token: admin, body }).then((r) => {
      expect(r.statusCode, r.body).toBe(201);
      return r.json();
    });
  await made({ type: 'fault', subject: '宽带掉线', customerPhone: '13807070001' });
  clock.set('2026-12-08T01:00:00Z');
  const c = await made({ type: 'complaint', severity: 'major', subject: '乱扣费', customerPhone: '13807070002' });
  const r = await t.request('POST', `/api/v1/tickets/${c.id}/transitions`, {
    token: admin,
    body: { to: 'resolved', resolution: '已退费' },
  });
  expect(r.statusCode, r.body).toBe(200);
});
afterAll(() => t.close());

const csvOf = async (q: string, token = admin) => {
  const res = await t.request('GET', `/api/v1/tickets/export.csv${q}`, { token });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toContain('text/csv');
  expect(res.body.startsWith('\ufeff')).toBe(true);
  return parse(res.body.slice(1)) as string[][];
};

describe('GET /api/v1/tickets/export.csv|.xlsx', () => {
  it('one row per order with its SLA, in Chinese words, times in the center’s zone', async () => {
    const rows = await csvOf('');
    expect(rows[0]).toEqual(expect.arrayContaining(['工单编号', '类型', '状态', '响应时限', 'SLA 达标']));
    const h = (name: string) => rows[0]!.indexOf(name);
    expect(rows).toHaveLength(3);
    const complaint = rows.find((r) => r[h('标题')] === '乱扣费')!;
    expect(complaint[h('类型')]).toBe('投诉');
    expect(complaint[h('严重程度')]).toBe('重大');
    expect(complaint[h('状态')]).toBe('已解决');
    expect(complaint[h('处理结果')]).toBe('已退费');
    expect(complaint[h('SLA 达标')]).toBe('是');
    // 01:00 UTC is 09:00 in Asia/Shanghai.
    expect(complaint[h('创建时间')]).toBe('2026-12-08 09:00:00');
    expect(complaint[h('客户电话')]).toBe('13807070002');
    const fault = rows.find((r) => r[h('标题')] === '宽带掉线')!;
    expect(fault[h('SLA 状态')]).toBe('计时中');
    expect(fault[h('SLA 达标')]).toBe('');
  });

  it('takes the list’s filters and the language; a lead without pii.view gets masked numbers; agents may not export', async () => {
    const en = await csvOf('?lang=en-US&type=complaint', lead);
    expect(en).toHaveLength(2);
    expect(en[0]![0]).toBe('Number');
    const h = (name: string) => en[0]!.indexOf(name);
    expect(en[1]![h('Type')]).toBe('Complaint');
    expect(en[1]![h('Customer phone')]).toBe('138****0002');
    const day = await csvOf(`?createdFrom=${encodeURIComponent('2026-12-07T16:00:00Z')}`);
    expect(day.map((r) => r[7])).toEqual(['标题', '乱扣费']);
    expect((await t.request('GET', '/api/v1/tickets/export.csv', { token: agent })).statusCode).toBe(403);
    const bad = await t.request('GET', '/api/v1/tickets/export.csv?lang=fr&createdFrom=yesterday', { token: admin });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('lang');
    expect(bad.body).toContain('createdFrom');
  });

  it('XLSX holds the same rows', async () => {
    const res = await t.request('GET', '/api/v1/tickets/export.xlsx', { token: admin });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''%E5%B7%A5%E5%8D%95.xlsx");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as never);
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe('工单');
    expect(ws.rowCount).toBe(3);
    expect(ws.getRow(1).getCell(1).value).toBe('工单编号');
  });
});
