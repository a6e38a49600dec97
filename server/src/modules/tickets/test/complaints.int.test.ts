import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../platform/clock';
import { type FlowsHarness, flowsHarness } from './flows-harness';

/** The complaint flow (投诉处理): guided steps with deadlines, renegotiation, and a once-only overdue escalation. */
const T0 = new Date('2026-12-07T01:00:00Z');
const at = (min: number) => new Date(T0.getTime() + min * 60_000);
const clock = fixedClock(T0);
let h: FlowsHarness;
let agent: { id: string; token: string };
let stranger: { id: string; token: string };

beforeAll(async () => {
  h = await flowsHarness(clock);
  agent = await h.user('agent.c', ['agent']);
  stranger = await h.user('agent.s', ['agent']);
});
afterAll(() => h.close());

type Step = { key: string; status: string; dueAt: string | null; round: number; note: string | null };
const stepsOf = async (id: string): Promise<Step[]> => (await h.req('GET', `/api/v1/tickets/${id}`)).complaint.steps;
const statuses = async (id: string) => Object.fromEntries((await stepsOf(id)).map((s) => [s.key, s.status]));
const overdue = async (id: string) =>
  (
    await h.handle.pool.query(
      `select target, step from tickets_escalations where ticket_id = $1 and target like 'complaint.%' order by fired_at, step`,
      [id],
    )
  ).rows;

describe('complaint steps', () => {
  it('walks record → … → education with deadlines, renegotiation and one overdue escalation per step and round', async () => {
    clock.set(T0);
    const tk = await h.req(
      'POST',
      '/api/v1/tickets',
      { type: 'complaint', severity: 'general', subject: '宽带经常掉线', assigneeUserId: agent.id },
      agent.token,
    );
    let steps = await stepsOf(tk.id);
    expect(steps.map((s) => s.key)).toEqual([
      'record',
      'respond',
      'analyze',
      'solution',
      'agreement',
      'follow_up',
      'summary',
      'education',
    ]);
    expect(steps[0]).toMatchObject({ status: 'current', dueAt: at(30).toISOString(), round: 1 });
    expect(steps.slice(1).every((s) => s.status === 'pending' && s.dueAt === null)).toBe(true);

    const step = (key: string, body: object, token = agent.token) =>
      h.call('POST', `/api/v1/tickets/${tk.id}/complaint/steps/${key}`, body, token);
    // Out of order, by someone it is not theirs, with a bad body: refused, nothing changes.
    expect((await step('analyze', { note: '分析' })).body.error).toMatchObject({
      code: 'TICKETS.STEP_NOT_CURRENT',
      details: { current: 'record' },
    });
    expect((await step('record', { note: '记录' }, stranger.token)).status).toBe(403);
    expect((await step('record', { note: '' })).status).toBe(400);
    expect((await step('nonsense', { note: 'x' })).status).toBe(400);

    // The record step passes its 30 minutes: escalated once, however often the scanner runs.
    clock.set(at(31));
    await h.kefu.services.ticketComplaints.scan();
    await h.kefu.services.ticketComplaints.scan();
    await h.restart();
    await h.kefu.services.ticketComplaints.scan();
    expect(await overdue(tk.id)).toEqual([{ target: 'complaint.record', step: 'overdue.1' }]);
    expect((await stepsOf(tk.id))[0]).toMatchObject({ status: 'current', overdue: true });
    const alerts = await h.handle.pool.query(
      `select payload from outbox where name = 'tickets.complaint.step_overdue' and payload->>'ticketId' = $1`,
      [tk.id],
    );
    expect(alerts.rows.map((r) => r.payload)).toEqual([
      expect.objectContaining({ step: 'record', round: 1, notifyUserIds: [agent.id] }),
    ]);

    expect((await step('record', { note: '客户反映每晚掉线，已分类：网络质量' })).status).toBe(200);
    steps = await stepsOf(tk.id);
    // The initial response is due when the SLA's response target says.
    const ticket = await h.req('GET', `/api/v1/tickets/${tk.id}`);
    expect(steps[1]).toMatchObject({ key: 'respond', status: 'current', dueAt: ticket.sla.responseDueAt });
    expect(ticket.respondedAt).toBeNull();
    await step('respond', { note: '已致电客户致歉并说明处理时限' });
    expect((await h.req('GET', `/api/v1/tickets/${tk.id}`)).respondedAt).toBe(at(31).toISOString());

    // The analysis escalates to a specialist department group: the order is assigned to it.
    const group = await h.req('POST', '/api/v1/tickets/groups', { name: '网络技术组' });
    expect((await step('respond', { note: 'again' })).status).toBe(409);
    expect(
      (await step('analyze', { note: '需网络部排查', groupId: '00000000-0000-4000-8000-000000000000' })).status,
    ).toBe(400);
    await step('analyze', { note: '需网络部排查', groupId: group.id });
    expect((await h.req('GET', `/api/v1/tickets/${tk.id}`)).assigneeGroupId).toBe(group.id);
    // The next step is due in business minutes from when it became current (16 h for a solution, 24×7 here).
    expect((await stepsOf(tk.id))[3]).toMatchObject({
      key: 'solution',
      status: 'current',
      dueAt: at(31 + 960).toISOString(),
    });

    clock.set(at(100));
    await step('solution', { note: '更换光猫' });
    expect((await step('agreement', { note: '客户考虑' })).body.error).toMatchObject({
      code: 'TICKETS.STEP_OUTCOME',
      details: { fields: [expect.objectContaining({ path: 'outcome' })] },
    });
    // The customer disagrees: back to the solution, a second round.
    await step('agreement', { note: '客户不接受', outcome: 'disagreed' });
    expect(await statuses(tk.id)).toMatchObject({ solution: 'current', agreement: 'pending' });
    expect((await stepsOf(tk.id))[3]).toMatchObject({ round: 2, note: '更换光猫' });
    await step('solution', { note: '更换光猫并赠送一个月宽带' });
    await step('agreement', { note: '客户同意', outcome: 'agreed' });
    await step('follow_up', { note: '回访满意' });
    await step('summary', { note: '夜间拥塞，已扩容；改进：容量预警' });
    await step('education', { note: '无需', outcome: 'not_needed' });
    expect(await statuses(tk.id)).toEqual({
      record: 'done',
      respond: 'done',
      analyze: 'done',
      solution: 'done',
      agreement: 'done',
      follow_up: 'done',
      summary: 'done',
      education: 'skipped',
    });
    // Each step in the history; a finished flow never escalates again.
    const history = await h.req('GET', `/api/v1/tickets/${tk.id}/history`);
    expect(history.filter((e: { field: string }) => e.field?.startsWith('complaint.')).length).toBeGreaterThanOrEqual(
      10,
    );
    clock.set(at(100_000));
    await h.kefu.services.ticketComplaints.scan();
    expect(await overdue(tk.id)).toHaveLength(1);
  });

  it('a second round that runs late escalates again, once', async () => {
    clock.set(T0);
    const tk = await h.req('POST', '/api/v1/tickets', { type: 'complaint', severity: 'major', subject: '账单错误' });
    const step = (key: string, body: object) => h.req('POST', `/api/v1/tickets/${tk.id}/complaint/steps/${key}`, body);
    for (const key of ['record', 'respond', 'analyze', 'solution']) await step(key, { note: key });
    await step('agreement', { note: '不同意', outcome: 'disagreed' });
    clock.set(at(100_000));
    await h.kefu.services.ticketComplaints.scan();
    await h.kefu.services.ticketComplaints.scan();
    expect(await overdue(tk.id)).toEqual([{ target: 'complaint.solution', step: 'overdue.2' }]);
  });

  it('other orders have no stepper and refuse steps', async () => {
    const tk = await h.req('POST', '/api/v1/tickets', { type: 'fault', subject: '无信号' });
    expect((await h.req('GET', `/api/v1/tickets/${tk.id}`)).complaint).toBeUndefined();
    const r = await h.call('POST', `/api/v1/tickets/${tk.id}/complaint/steps/record`, { note: 'x' });
    expect(r.body.error.code).toBe('TICKETS.NOT_A_COMPLAINT');
  });
});
