import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../../../../../test/app';
import { fixedClock } from '../../../platform/clock';

const clock = fixedClock('2026-12-07T01:00:00Z');
let t: TestApp;
let admin: string;
let agentId: string;
let agent: string;
let otherAgent: string;

beforeAll(async () => {
  // The clock moves by hours and days here: sessions must outlive it.
  t = await createTestApp({ clock, sessionSeconds: 90 * 86_400, idleLockSeconds: 90 * 86_400 });
  admin = await t.adminToken();
  agentId = await t.addUser('agent.a', ['agent'], { password: 'Agent-pass-1' });
  await t.addUser('agent.b', ['agent'], { password: 'Agent-pass-1' });
  agent = await t.login('agent.a', 'Agent-pass-1');
  otherAgent = await t.login('agent.b', 'Agent-pass-1');
});
afterAll(() => t.close());

const post = (url: string, body: unknown, token = admin) => t.request('POST', url, { token, body });
const get = (url: string, token = admin) => t.request('GET', url, { token });
const MIN = 60_000;

async function create(body: Record<string, unknown>, token = agent) {
  const res = await post('/api/v1/tickets', { type: 'inquiry', subject: '套餐咨询', ...body }, token);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
const move = (id: string, body: Record<string, unknown>, token = agent) =>
  post(`/api/v1/tickets/${id}/transitions`, body, token);

describe('creating a work order', () => {
  it('numbers it, makes the creator its owner, starts the default SLA (24 h response, 3 days)', async () => {
    const tk = await create({ subject: '宽带无法上网', type: 'fault', contactId: 'contact-1' });
    expect(tk).toMatchObject({
      number: expect.stringMatching(/^GD20261207-\d{6}$/),
      type: 'fault',
      priority: 'P3',
      status: 'new',
      ownerUserId: agentId,
      contactIds: ['contact-1'],
      channel: 'phone',
      sla: {
        responseDueAt: '2026-12-08T01:00:00.000Z',
        resolveDueAt: '2026-12-10T01:00:00.000Z',
        state: 'running',
      },
    });
    expect(tk.sla.breachedAt).toBeUndefined();
    const again = await create({});
    expect(Number(again.number.slice(-6))).toBeGreaterThan(Number(tk.number.slice(-6)));
  });

  it('matches the most specific SLA policy: P1, and a VIP-less complaint of major severity', async () => {
    const p1 = await create({ priority: 'P1' });
    expect(p1.sla.responseDueAt).toBe('2026-12-07T05:00:00.000Z');
    expect(p1.sla.resolveDueAt).toBe('2026-12-09T01:00:00.000Z');
    const major = await create({ type: 'complaint', severity: 'major', categoryId: undefined });
    expect(major.sla.resolveDueAt).toBe('2026-12-14T01:00:00.000Z');
    const res = await post('/api/v1/tickets/sla-policies', {
      name: '投诉 P1',
      type: 'complaint',
      priority: 'P1',
      responseMinutes: 30,
      resolveMinutes: 600,
    });
    expect(res.statusCode, res.body).toBe(201);
    const c = await create({ type: 'complaint', severity: 'general', priority: 'P1' });
    expect(c.slaPolicyId).toBe(res.json().id);
    expect(c.sla.responseDueAt).toBe('2026-12-07T01:30:00.000Z');
  });

  it('a complaint needs its severity; a category must belong to the type', async () => {
    const res = await post('/api/v1/tickets', { type: 'complaint', subject: '信号差' }, agent);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('TICKETS.FIELDS_REQUIRED');
    expect(res.json().error.details.fields).toEqual([
      { location: 'body', path: 'severity', message: expect.any(String) },
    ]);
    const cats = (await get('/api/v1/tickets/categories?type=complaint')).json() as Array<{
      id: string;
      name: string;
      parentId: string | null;
    }>;
    const network = cats.find((c) => c.name === '网络质量')!;
    const weak = cats.find((c) => c.name === '信号差')!;
    expect(weak.parentId).toBe(network.id);
    const ok = await create({ type: 'complaint', severity: 'general', categoryId: weak.id });
    expect(ok.categoryId).toBe(weak.id);
    const wrong = await post('/api/v1/tickets', { type: 'fault', subject: 'x', categoryId: weak.id }, agent);
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.code).toBe('TICKETS.UNKNOWN_CATEGORY');
  });

  it('with only a phone finds the CRM customer (however the number is written) or creates one', async () => {
    const first = await create({ type: 'query', subject: '话费查询', customerPhone: '+86 138 0013 8000' });
    expect(first.customerId).toEqual(expect.any(String));
    // An agent (no pii.view) reads the number masked; an administrator reads it as entered.
    expect(first.customerPhone).not.toContain('0013 8000');
    expect(first.customerPhone).toMatch(/\*/);
    expect((await get(`/api/v1/tickets/${first.id}`)).json().customerPhone).toBe('+86 138 0013 8000');
    const history = (await get(`/api/v1/tickets/${first.id}/history`, agent)).json();
    expect(JSON.stringify(history)).not.toContain('0013 8000');
    const second = await create({ type: 'query', subject: '话费查询', customerPhone: '013800138000' });
    expect(second.customerId).toBe(first.customerId);
    const found = await get('/api/v1/customers?phone=13800138000');
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json().items.map((c: { id: string }) => c.id)).toEqual([first.customerId]);
    const unknown = await post('/api/v1/tickets', { type: 'query', subject: 'x', customerId: randomUUID() }, agent);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.code).toBe('TICKETS.UNKNOWN_CUSTOMER');
  });

  it("a VIP customer's order takes the VIP policy", async () => {
    const vip = await post('/api/v1/customers', { name: '王先生', phones: ['13900139000'], tier: 'vip' });
    expect(vip.statusCode, vip.body).toBe(201);
    const policy = await post('/api/v1/tickets/sla-policies', {
      name: 'VIP 查询',
      type: 'query',
      customerTier: 'vip',
      responseMinutes: 15,
      resolveMinutes: 120,
    });
    expect(policy.statusCode, policy.body).toBe(201);
    const tk = await create({ type: 'query', subject: '账单', customerId: vip.json().id });
    expect(tk.slaPolicyId).toBe(policy.json().id);
    expect(tk.sla.responseDueAt).toBe('2026-12-07T01:15:00.000Z');
  });

  it('a policy on a business calendar counts working time only, and keeps the calendar from deletion', async () => {
    // Mon–Fri 09:00–12:00 and 13:00–18:00 Shanghai; 2026-12-07 is a Monday, 09:00 local = 01:00Z.
    const day = ['09:00-12:00', '13:00-18:00'];
    const cal = await post('/api/v1/calendars', {
      name: '工单日历',
      timeZone: 'Asia/Shanghai',
      weekly: { 1: day, 2: day, 3: day, 4: day, 5: day },
      days: [{ date: '2026-12-08', kind: 'holiday', name: '测试假日' }],
    });
    expect(cal.statusCode, cal.body).toBe(201);
    const bad = await post('/api/v1/tickets/sla-policies', {
      name: '无此日历',
      calendarId: randomUUID(),
      responseMinutes: 60,
      resolveMinutes: 60,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('TICKETS.UNKNOWN_CALENDAR');
    const policy = await post('/api/v1/tickets/sla-policies', {
      name: '表扬（工作时间）',
      type: 'praise',
      calendarId: cal.json().id,
      responseMinutes: 240, // 09:00 + 3 h to noon, the lunch hour skipped, 1 h more: 14:00 local
      resolveMinutes: 960, // two working days of 8 h; Tuesday is a holiday: Wednesday 18:00 local
    });
    expect(policy.statusCode, policy.body).toBe(201);
    const tk = await create({ type: 'praise', subject: '表扬营业厅服务' });
    expect(tk.slaPolicyId).toBe(policy.json().id);
    expect(tk.sla.responseDueAt).toBe('2026-12-07T06:00:00.000Z');
    expect(tk.sla.resolveDueAt).toBe('2026-12-09T10:00:00.000Z');
    // Wednesday becomes a holiday too: the open order's deadline moves to Thursday 18:00 local.
    const put = await t.request('PUT', `/api/v1/calendars/${cal.json().id}`, {
      token: admin,
      body: {
        name: '工单日历',
        timeZone: 'Asia/Shanghai',
        weekly: { 1: day, 2: day, 3: day, 4: day, 5: day },
        days: [
          { date: '2026-12-08', kind: 'holiday', name: '测试假日' },
          { date: '2026-12-09', kind: 'holiday', name: '第二个假日' },
        ],
      },
    });
    expect(put.statusCode, put.body).toBe(200);
    await vi.waitFor(
      async () => {
        await t.kefu.services.ticketEscalations.scan();
        expect((await get(`/api/v1/tickets?type=praise`)).json().items[0].sla.resolveDueAt).toBe(
          '2026-12-10T10:00:00.000Z',
        );
      },
      { timeout: 10_000, interval: 200 },
    );
    const del = await t.request('DELETE', `/api/v1/calendars/${cal.json().id}`, { token: admin });
    expect(del.statusCode).toBe(409);
    expect(del.json().error.code).toBe('CALENDARS.IN_USE');
  });

  it('refuses bad input with field details', async () => {
    const cases: Array<[unknown, string]> = [
      [{ type: 'nonsense', subject: 'x' }, 'type'],
      [{ type: 'inquiry', subject: '' }, 'subject'],
      [{ type: 'inquiry', subject: 'x', priority: 'P9' }, 'priority'],
      [{ type: 'inquiry', subject: 'x', customerPhone: 'abc' }, 'customerPhone'],
      [{ type: 'inquiry', subject: 'x', assigneeUserId: 'not-a-uuid' }, 'assigneeUserId'],
    ];
    for (const [body, path] of cases) {
      const res = await post('/api/v1/tickets', body, agent);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.details.fields.map((f: { path: string }) => f.path)).toContain(path);
    }
    const ghost = await post('/api/v1/tickets', { type: 'inquiry', subject: 'x', assigneeUserId: randomUUID() }, agent);
    expect(ghost.statusCode).toBe(400);
    expect(ghost.json().error.code).toBe('TICKETS.UNKNOWN_USER');
  });
});

describe('the status machine', () => {
  it('walks new → in_progress → resolved → closed, recording the first response', async () => {
    const tk = await create({});
    clock.advance(10 * MIN);
    const started = await move(tk.id, { to: 'in_progress' });
    expect(started.statusCode, started.body).toBe(200);
    expect(started.json()).toMatchObject({ status: 'in_progress', respondedAt: clock.now().toISOString() });
    const noText = await move(tk.id, { to: 'resolved' });
    expect(noText.statusCode).toBe(400);
    expect(noText.json().error).toMatchObject({
      code: 'TICKETS.FIELDS_REQUIRED',
      details: { fields: [{ path: 'resolution' }] },
    });
    const resolved = await move(tk.id, { to: 'resolved', resolution: '已指导客户重启光猫' });
    expect(resolved.json()).toMatchObject({
      status: 'resolved',
      resolution: '已指导客户重启光猫',
      sla: { state: 'met' },
    });
    expect((await move(tk.id, { to: 'closed' })).json().status).toBe('closed');
  });

  it('refuses an illegal move with 409, from, to and what is allowed', async () => {
    const tk = await create({});
    const res = await move(tk.id, { to: 'closed' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({
      code: 'TICKETS.ILLEGAL_TRANSITION',
      details: { from: 'new', to: 'closed', allowed: ['assigned', 'in_progress', 'resolved', 'cancelled'] },
    });
    expect((await get(`/api/v1/tickets/${tk.id}`)).json().status).toBe('new');
  });

  it('reopen and cancel need a reason; a cancelled order goes nowhere', async () => {
    const tk = await create({});
    await move(tk.id, { to: 'resolved', resolution: '已解答' });
    expect((await move(tk.id, { to: 'in_progress' })).statusCode).toBe(400);
    const reopened = await move(tk.id, { to: 'in_progress', comment: '客户回电仍未解决' });
    expect(reopened.json()).toMatchObject({ status: 'in_progress', resolution: null });
    expect((await move(tk.id, { to: 'cancelled', comment: '重复工单' })).json().status).toBe('cancelled');
    const res = await move(tk.id, { to: 'in_progress', comment: 'x' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.details.allowed).toEqual([]);
  });

  it('only the owner, the assignee, their groups and team leads work an order', async () => {
    const tk = await create({});
    const res = await move(tk.id, { to: 'in_progress' }, otherAgent);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('TICKETS.NOT_YOURS');
    expect((await get(`/api/v1/tickets/${tk.id}`, otherAgent)).statusCode).toBe(200);
  });
});

describe('pauses', () => {
  it('pending the customer stops the clock; resuming moves the deadlines by the pause', async () => {
    const tk = await create({});
    clock.advance(60 * MIN);
    await move(tk.id, { to: 'in_progress' });
    const paused = (await move(tk.id, { to: 'pending_customer', comment: '等待客户提供账单' })).json();
    expect(paused.sla.state).toBe('paused');
    clock.advance(5 * 60 * MIN);
    const resumed = (await move(tk.id, { to: 'in_progress' })).json();
    const moved = new Date(tk.sla.resolveDueAt).getTime() + 5 * 60 * MIN;
    expect(resumed.sla).toMatchObject({ state: 'running', resolveDueAt: new Date(moved).toISOString() });
    // Lists read the stored deadline: the same instant.
    const list = (await get(`/api/v1/tickets?list=mine&pageSize=200`, agent)).json();
    expect(list.items.find((x: { id: string }) => x.id === tk.id).sla.resolveDueAt).toBe(resumed.sla.resolveDueAt);
  });
});

describe('fields, comments and history', () => {
  it('records every field change with actor, before and after; assigning moves new → assigned', async () => {
    const tk = await create({});
    const res = await t.request('PATCH', `/api/v1/tickets/${tk.id}`, {
      token: agent,
      body: { priority: 'P1', assigneeUserId: agentId, subject: '套餐咨询（加急）' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'assigned',
      priority: 'P1',
      sla: { responseDueAt: expect.any(String) },
    });
    // P1 answers in 4 h: the policy was matched again.
    expect(res.json().slaPolicyId).not.toBe(tk.slaPolicyId);
    const history = (await get(`/api/v1/tickets/${tk.id}/history`)).json() as Array<Record<string, unknown>>;
    expect(history.map((e) => [e.kind, e.field])).toEqual([
      ['created', null],
      ['transitioned', 'status'],
      ['updated', 'priority'],
      ['updated', 'subject'],
      ['updated', 'assigneeUserId'],
      ['updated', 'slaPolicyId'],
      ['transitioned', 'status'],
    ]);
    expect(history[2]).toMatchObject({ actorUserId: agentId, actorName: 'agent.a', before: 'P3', after: 'P1' });
    const cleared = await t.request('PATCH', `/api/v1/tickets/${tk.id}`, {
      token: agent,
      body: { assigneeUserId: null },
    });
    expect(cleared.json().assigneeUserId).toBeNull();
    const last = (await get(`/api/v1/tickets/${tk.id}/history`)).json().at(-1);
    expect(last).toMatchObject({ field: 'assigneeUserId', before: agentId, after: null });
  });

  it('comments are internal or public; a public one is the first response', async () => {
    const tk = await create({});
    const internal = await post(`/api/v1/tickets/${tk.id}/comments`, { body: '内部备注' }, agent);
    expect(internal.statusCode, internal.body).toBe(201);
    expect(internal.json().visibility).toBe('internal');
    expect((await get(`/api/v1/tickets/${tk.id}`)).json().respondedAt).toBeNull();
    await post(`/api/v1/tickets/${tk.id}/comments`, { body: '您好，已为您登记', visibility: 'public' }, agent);
    const after = (await get(`/api/v1/tickets/${tk.id}`)).json();
    expect(after.respondedAt).toBe(clock.now().toISOString());
    const list = (await get(`/api/v1/tickets/${tk.id}/comments`)).json();
    expect(list.map((c: { visibility: string }) => c.visibility)).toEqual(['internal', 'public']);
    expect((await post(`/api/v1/tickets/${tk.id}/comments`, { body: '   ' }, agent)).statusCode).toBe(400);
    expect((await get(`/api/v1/tickets/${randomUUID()}/comments`)).statusCode).toBe(404);
  });
});

describe('lists', () => {
  it('filters by status, type, work lists, group, due and breach, and sorts by due', async () => {
    const g = await post('/api/v1/tickets/groups', { name: '账务', memberUserIds: [agentId] });
    expect(g.statusCode, g.body).toBe(201);
    const billing = await create({ type: 'query', subject: '话费异常 账务', assigneeGroupId: g.json().id }, admin);
    const urgent = await create({ type: 'fault', subject: '断网', priority: 'P1' }, admin);
    const q = async (qs: string, token = admin) => {
      const res = await get(`/api/v1/tickets?pageSize=200&${qs}`, token);
      expect(res.statusCode, res.body).toBe(200);
      return (res.json().items as Array<{ id: string }>).map((x) => x.id);
    };
    expect(await q('list=group', agent)).toEqual([billing.id]);
    expect(await q(`groupId=${g.json().id}`)).toEqual([billing.id]);
    expect(await q('status=assigned&type=query')).toContain(billing.id);
    expect(await q('type=fault&priority=P1')).toContain(urgent.id);
    expect(await q('list=mine', agent)).not.toContain(urgent.id);
    expect(await q(`q=${encodeURIComponent('账务')}`)).toEqual([billing.id]);
    const dueSoon = await q(
      `dueBefore=${encodeURIComponent(new Date(clock.now().getTime() + 49 * 3600_000).toISOString())}`,
    );
    expect(dueSoon).toContain(urgent.id);
    expect(dueSoon).not.toContain(billing.id);
    const byDue = await q('sort=due&status=new,assigned');
    expect(byDue.indexOf(urgent.id)).toBeLessThan(byDue.indexOf(billing.id));
    // Earlier orders breached while the clock moved: the scanner stores it, the filter reads it.
    await t.kefu.services.ticketEscalations.scan();
    const breached = (await get('/api/v1/tickets?breached=true&pageSize=200')).json().items;
    const notBreached = (await get('/api/v1/tickets?breached=false&pageSize=200')).json().items;
    expect(breached.length).toBeGreaterThan(0);
    expect(breached.every((x: { sla: { breachedAt?: string } }) => x.sla.breachedAt)).toBe(true);
    expect(notBreached.some((x: { sla: { breachedAt?: string } }) => x.sla.breachedAt)).toBe(false);
    expect(notBreached.map((x: { id: string }) => x.id)).toContain(urgent.id);
    const page = (await get('/api/v1/tickets?pageSize=2&page=1')).json();
    expect(page).toMatchObject({ page: 1, pageSize: 2, total: expect.any(Number) });
    expect(page.items).toHaveLength(2);
    expect((await get('/api/v1/tickets?status=bogus')).statusCode).toBe(400);
    expect((await get('/api/v1/tickets?dueBefore=tomorrow')).statusCode).toBe(400);
  });
});

describe('administration', () => {
  it('needs tickets.manage; names are unique', async () => {
    const res = await post('/api/v1/tickets/groups', { name: '技术' }, agent);
    expect(res.statusCode).toBe(403);
    expect((await post('/api/v1/tickets/groups', { name: '技术' })).statusCode).toBe(201);
    const dup = await post('/api/v1/tickets/groups', { name: '技术' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('TICKETS.GROUP_NAME_TAKEN');
    const policies = (await get('/api/v1/tickets/sla-policies')).json();
    expect(policies[0]).toMatchObject({ responseMinutes: 1440, resolveMinutes: 4320, warningShare: 0.8, type: null });
    const patched = await t.request('PATCH', `/api/v1/tickets/sla-policies/${policies[0].id}`, {
      token: admin,
      body: { warningShare: 1.5 },
    });
    expect(patched.statusCode).toBe(400);
    const audited = (await get('/api/v1/audit?entityType=ticket_group')).json();
    expect(audited.items[0]).toMatchObject({ action: 'tickets.group.created', entityName: '技术' });
    const cat = await post('/api/v1/tickets/categories', { type: 'praise', name: '表扬装维' });
    expect(cat.statusCode).toBe(201);
    expect((await post('/api/v1/tickets/categories', { type: 'praise', name: '表扬装维' })).json().error.code).toBe(
      'TICKETS.CATEGORY_NAME_TAKEN',
    );
  });
});

describe('teams', () => {
  it("a team lead works the team's orders; the team list shows them; others are refused", async () => {
    const leadId = await t.addUser('lead.t', ['team_lead'], { password: 'Lead-pass-1' });
    const team = await post('/api/v1/teams', { name: '宽带组', leadUserId: leadId });
    const memberId = await t.addUser('member.t', ['agent'], { teamId: team.json().id, password: 'Agent-pass-1' });
    const member = await t.login('member.t', 'Agent-pass-1');
    const lead = await t.login('lead.t', 'Agent-pass-1'.replace('Agent', 'Lead'));
    const tk = await create({ subject: '宽带移机' }, member);
    expect(tk.ownerUserId).toBe(memberId);
    const teamList = (await get('/api/v1/tickets?list=team', member)).json();
    expect(teamList.items.map((x: { id: string }) => x.id)).toEqual([tk.id]);
    expect((await move(tk.id, { to: 'in_progress' }, lead)).statusCode).toBe(200);
    expect((await move(tk.id, { to: 'pending_internal' }, otherAgent)).statusCode).toBe(403);
    // A user without a team has an empty team list.
    expect((await get('/api/v1/tickets?list=team', otherAgent)).json().items).toEqual([]);
  });
});

describe('changing an SLA policy', () => {
  it('moves the deadlines of its open orders at the next scan', async () => {
    const p = await post('/api/v1/tickets/sla-policies', {
      name: '建议',
      type: 'suggestion',
      responseMinutes: 60,
      resolveMinutes: 600,
    });
    const tk = await create({ type: 'suggestion', subject: '建议增加夜间客服' });
    expect(tk.slaPolicyId).toBe(p.json().id);
    const changed = await t.request('PATCH', `/api/v1/tickets/sla-policies/${p.json().id}`, {
      token: admin,
      body: { resolveMinutes: 120 },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    await t.kefu.services.ticketEscalations.scan();
    const listed = (await get('/api/v1/tickets?type=suggestion&pageSize=200'))
      .json()
      .items.find((x: { id: string }) => x.id === tk.id);
    expect(listed.sla.resolveDueAt).toBe(new Date(new Date(tk.createdAt).getTime() + 120 * MIN).toISOString());
    expect(
      (
        await t.request('PATCH', `/api/v1/tickets/sla-policies/${randomUUID()}`, {
          token: admin,
          body: { active: false },
        })
      ).statusCode,
    ).toBe(404);
  });
});
