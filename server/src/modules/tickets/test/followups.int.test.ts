import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../platform/clock';
import { type FlowsHarness, flowsHarness } from './flows-harness';

/** Follow-up visits (回访): created on resolution after the delay, in the owner's work list; the outcome closes or reopens. */
const T0 = new Date('2026-12-07T01:00:00Z');
const at = (min: number) => new Date(T0.getTime() + min * 60_000);
const clock = fixedClock(T0);
let h: FlowsHarness;
let agent: { id: string; token: string };
let stranger: { id: string; token: string };

beforeAll(async () => {
  h = await flowsHarness(clock);
  agent = await h.user('agent.f', ['agent']);
  stranger = await h.user('agent.g', ['agent']);
});
afterAll(() => h.close());

async function resolved(type: 'fault' | 'complaint', extra: object = {}) {
  const tk = await h.req(
    'POST',
    '/api/v1/tickets',
    { type, subject: '家里没有信号', customerPhone: '138 0013 8000', ...extra },
    agent.token,
  );
  await h.req(
    'POST',
    `/api/v1/tickets/${tk.id}/transitions`,
    { to: 'resolved', resolution: '基站已修复' },
    agent.token,
  );
  return tk.id as string;
}
const mine = async (due: Date) =>
  (
    await h.req(
      'GET',
      `/api/v1/follow-ups?mine=true&due=${encodeURIComponent(due.toISOString())}`,
      undefined,
      agent.token,
    )
  ).items as Array<Record<string, unknown>>;
const outcome = (id: string, body: object, token = agent.token) =>
  h.call('POST', `/api/v1/follow-ups/${id}/outcome`, body, token);

describe('follow-up visits', () => {
  it('a resolved fault is followed up a day later; a satisfied customer closes the order', async () => {
    clock.set(T0);
    const id = await resolved('fault');
    expect(await mine(at(24 * 60 - 1))).toEqual([]);
    const [f] = await mine(at(24 * 60));
    expect(f).toMatchObject({
      ticketId: id,
      ownerUserId: agent.id,
      status: 'open',
      dueAt: at(24 * 60).toISOString(),
      // The agent holds no pii.view: both numbers read masked.
      customerPhone: '138****8000',
      dialNumber: '138****8000',
    });
    // Someone else's list does not show it.
    expect((await h.req('GET', '/api/v1/follow-ups?mine=true', undefined, stranger.token)).items).toEqual([]);
    expect((await outcome(f!.id as string, { reached: true, satisfaction: 5, note: 'x' }, stranger.token)).status).toBe(
      403,
    );

    clock.set(at(25 * 60));
    // Not reached: an attempt, still open.
    expect((await outcome(f!.id as string, { reached: false, note: '无人接听' })).body).toMatchObject({
      status: 'open',
      attempts: 1,
    });
    const missing = await outcome(f!.id as string, { reached: true, note: '接通' });
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body.error.details)).toContain('satisfaction');
    const callId = '01900000-0000-7000-8000-000000000001';
    const done = await outcome(f!.id as string, { reached: true, satisfaction: 5, note: '客户满意', callId });
    expect(done.body).toMatchObject({ status: 'done', attempts: 2, reached: true, satisfaction: 5, callId });
    const tk = await h.req('GET', `/api/v1/tickets/${id}`);
    expect(tk.status).toBe('closed');
    expect(tk.contactIds).toContain(callId);
    expect((await outcome(f!.id as string, { reached: true, satisfaction: 5, note: '再次' })).body.error.code).toBe(
      'TICKETS.FOLLOW_UP_DONE',
    );
    expect(await mine(at(100 * 60))).toEqual([]);
  });

  it('an unsatisfied customer reopens the order with the reason; resolving again plans a new visit', async () => {
    clock.set(T0);
    const id = await resolved('fault');
    const f = (await h.req('GET', `/api/v1/follow-ups?ticketId=${id}`)).items[0];
    clock.set(at(24 * 60 + 5));
    expect((await outcome(f.id, { reached: true, satisfaction: 2, note: '信号仍然很差' })).status).toBe(200);
    const tk = await h.req('GET', `/api/v1/tickets/${id}`);
    expect(tk.status).toBe('in_progress');
    const comments = await h.req('GET', `/api/v1/tickets/${id}/comments`);
    expect(comments.at(-1).body).toBe('回访不满意（2/5）：信号仍然很差');
    await h.req('POST', `/api/v1/tickets/${id}/transitions`, { to: 'resolved', resolution: '更换设备' }, agent.token);
    const all = (await h.req('GET', `/api/v1/follow-ups?ticketId=${id}&status=open,done,cancelled`)).items;
    expect(all.map((x: { status: string }) => x.status).sort()).toEqual(['done', 'open']);
  });

  it('reopening by hand voids the open visit; orders of other types get none', async () => {
    clock.set(T0);
    const id = await resolved('fault');
    await h.req(
      'POST',
      `/api/v1/tickets/${id}/transitions`,
      { to: 'in_progress', comment: '客户来电仍有问题' },
      agent.token,
    );
    const all = (await h.req('GET', `/api/v1/follow-ups?ticketId=${id}&status=open,done,cancelled`)).items;
    expect(all.map((x: { status: string }) => x.status)).toEqual(['cancelled']);
    const q = await h.req('POST', '/api/v1/tickets', { type: 'inquiry', subject: '资费咨询' });
    await h.req('POST', `/api/v1/tickets/${q.id}/transitions`, { to: 'resolved', resolution: '已解答' });
    expect((await h.req('GET', `/api/v1/follow-ups?ticketId=${q.id}&status=open,done,cancelled`)).items).toEqual([]);
  });

  it("a satisfied complaint's visit completes its follow-up step", async () => {
    clock.set(T0);
    const tk = await h.req(
      'POST',
      '/api/v1/tickets',
      { type: 'complaint', severity: 'general', subject: '乱扣费' },
      agent.token,
    );
    for (const key of ['record', 'respond', 'analyze', 'solution'])
      await h.req('POST', `/api/v1/tickets/${tk.id}/complaint/steps/${key}`, { note: key }, agent.token);
    await h.req(
      'POST',
      `/api/v1/tickets/${tk.id}/complaint/steps/agreement`,
      { note: '同意退费', outcome: 'agreed' },
      agent.token,
    );
    await h.req('POST', `/api/v1/tickets/${tk.id}/transitions`, { to: 'resolved', resolution: '已退费' }, agent.token);
    const f = (await h.req('GET', `/api/v1/follow-ups?ticketId=${tk.id}`)).items[0];
    await outcome(f.id, { reached: true, satisfaction: 4, note: '满意' });
    const after = await h.req('GET', `/api/v1/tickets/${tk.id}`);
    expect(after.status).toBe('closed');
    const steps = Object.fromEntries(
      after.complaint.steps.map((s: { key: string; status: string }) => [s.key, s.status]),
    );
    expect(steps).toMatchObject({ follow_up: 'done', summary: 'current' });
  });
});
