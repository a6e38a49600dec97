/**
 * `GET /api/v1/tickets?q=` through the search vector on real PostgreSQL: Chinese words of two and
 * four characters in subjects, descriptions and comments, phones whole or by their last digits, a
 * ticket number, English words, the customer's name — within the list's other filters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../../test/app';

let t: TestApp;
let admin: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.adminToken();
});
afterAll(() => t.close());

type Tk = { id: string; number: string };

async function create(body: Record<string, unknown>): Promise<Tk> {
  const res = await t.request('POST', '/api/v1/tickets', { token: admin, body: { type: 'inquiry', ...body } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
async function search(q: string, more = '') {
  const res = await t.request('GET', `/api/v1/tickets?q=${encodeURIComponent(q)}${more}`, { token: admin });
  expect(res.statusCode, res.body).toBe(200);
  const page = res.json();
  return { ids: (page.items as Tk[]).map((x) => x.id), total: page.total as number, page };
}

describe('searching work orders', () => {
  let signal: Tk;
  let commented: Tk;
  let broadband: Tk;
  let porting: Tk;
  let refund: Tk;

  beforeAll(async () => {
    signal = await create({ type: 'fault', subject: '手机信号差', customerPhone: '139 1234 5678' });
    commented = await create({ subject: '来电咨询' });
    const c = await t.request('POST', `/api/v1/tickets/${commented.id}/comments`, {
      token: admin,
      body: { body: '用户反映家里手机信号差，已派单', visibility: 'internal' },
    });
    expect(c.statusCode, c.body).toBe(201);
    broadband = await create({ type: 'fault', subject: '宽带掉线', description: 'Router keeps rebooting at night' });
    porting = await create({ subject: '携号转网办理', description: '需要核对身份' });
    refund = await create({ type: 'complaint', severity: 'general', subject: 'Refunds for the VIP plan' });
  });

  it('finds a two-character word in a subject and in a comment, newest first', async () => {
    const r = await search('信号');
    expect(r.ids).toEqual([commented.id, signal.id]);
    expect(r.total).toBe(2);
    expect((await search('宽带')).ids).toEqual([broadband.id]);
  });

  it('finds a four-character word as a phrase, and not its characters apart', async () => {
    expect((await search('携号转网')).ids).toEqual([porting.id]);
    expect((await search('转网携号')).ids).toEqual([]);
  });

  it('finds a phone whole, written any way, or by its last four digits', async () => {
    expect((await search('13912345678')).ids).toEqual([signal.id]);
    expect((await search('+86 139-1234-5678')).ids).toEqual([signal.id]);
    expect((await search('5678')).ids).toEqual([signal.id]);
  });

  it('finds a ticket number exactly, in any case, and not by its sequence digits as a phone', async () => {
    expect((await search(broadband.number)).ids).toEqual([broadband.id]);
    expect((await search(` ${broadband.number.toLowerCase()} `)).ids).toEqual([broadband.id]);
    expect((await search(broadband.number.slice(-4))).ids).not.toContain(broadband.id);
  });

  it('finds English words by prefix, in the description too', async () => {
    expect((await search('refund')).ids).toEqual([refund.id]);
    expect((await search('REBOOT')).ids).toEqual([broadband.id]);
    expect((await search('vip refunds')).ids).toEqual([refund.id]);
  });

  it('finds nothing for a word in no ticket, nor for a query with nothing searchable', async () => {
    expect(await search('不存在的词')).toMatchObject({ ids: [], total: 0 });
    expect(await search('!!!')).toMatchObject({ ids: [], total: 0 });
  });

  it('applies the list filters and pages', async () => {
    expect((await search('信号', '&type=fault')).ids).toEqual([signal.id]);
    expect((await search('信号', '&status=resolved')).ids).toEqual([]);
    expect((await search(signal.number, '&type=query')).ids).toEqual([]);
    const p2 = await search('信号', '&pageSize=1&page=2');
    expect(p2).toMatchObject({ ids: [signal.id], total: 2 });
  });

  it('follows a changed subject, a status change comment and a new comment', async () => {
    const up = await t.request('PATCH', `/api/v1/tickets/${broadband.id}`, {
      token: admin,
      body: { subject: '光猫故障' },
    });
    expect(up.statusCode, up.body).toBe(200);
    expect((await search('宽带')).ids).toEqual([]);
    expect((await search('光猫')).ids).toEqual([broadband.id]);
    // The description is kept when the vector is rebuilt.
    expect((await search('router')).ids).toEqual([broadband.id]);
    const mv = await t.request('POST', `/api/v1/tickets/${porting.id}/transitions`, {
      token: admin,
      body: { to: 'in_progress', comment: '已联系营业厅' },
    });
    expect(mv.statusCode, mv.body).toBe(200);
    expect((await search('营业厅')).ids).toEqual([porting.id]);
    // Words of the subject and a comment match together.
    expect((await search('携号转网 营业厅')).ids).toEqual([porting.id]);
  });

  it("finds the customer's name and their other numbers", async () => {
    const made = await t.request('POST', '/api/v1/customers', {
      token: admin,
      body: { name: '欧阳明月', phones: ['13700001111', '02088886666'] },
    });
    expect(made.statusCode, made.body).toBe(201);
    const tk = await create({ subject: '账单疑问', customerId: made.json().id });
    expect((await search('欧阳')).ids).toEqual([tk.id]);
    expect((await search('1111')).ids).toEqual([tk.id]);
    expect((await search('88886666')).ids).toEqual([tk.id]);
  });

  it('writes the vectors of orders made before search existed', async () => {
    const old = await create({ subject: '历史工单补建索引' });
    await t.handle.pool.query(`update tickets_tickets set search = ''::tsvector where id = $1`, [old.id]);
    expect((await search('补建')).ids).toEqual([]);
    expect(await t.kefu.services.tickets.reindexUnsearchable()).toBe(1);
    expect((await search('补建')).ids).toEqual([old.id]);
  });

  it('follows a renamed customer', async () => {
    const made = await t.request('POST', '/api/v1/customers', {
      token: admin,
      body: { name: '司马改名', phones: ['13700002222'] },
    });
    const id = made.json().id;
    const tk = await create({ subject: '改名测试', customerId: id });
    const res = await t.request('PATCH', `/api/v1/customers/${id}`, { token: admin, body: { name: '诸葛新名' } });
    expect(res.statusCode, res.body).toBe(200);
    await t.kefu.bus.drain();
    expect((await search('诸葛')).ids).toEqual([tk.id]);
    expect((await search('司马')).ids).toEqual([]);
  });
});
