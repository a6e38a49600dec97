import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../platform/clock';
import { type FlowsHarness, flowsHarness } from './flows-harness';

/** Major incidents (重大故障): linked orders, bulk comment and resolution, customer notices, the IVR's flag. */
const T0 = new Date('2026-12-07T01:00:00Z');
const clock = fixedClock(T0);
let h: FlowsHarness;
let agent: { id: string; token: string };

beforeAll(async () => {
  h = await flowsHarness(clock);
  agent = await h.user('agent.i', ['agent']);
});
afterAll(() => h.close());

const fault = async (phone: string) =>
  (await h.req('POST', '/api/v1/tickets', { type: 'fault', subject: '宽带断网', customerPhone: phone }, agent.token))
    .id as string;
const outage = {
  title: '城东光缆中断',
  grade: 1,
  area: '城东片区',
  serviceKey: 'broadband',
  messageZh: '城东光缆被挖断，正在抢修',
  messageEn: 'A fibre cable in the east district was cut; repairs are under way',
  ivrPrompt: 'outage-east',
  expectedRecoveryAt: '2026-12-07T10:00:00Z',
};

describe('major incidents', () => {
  it('links orders, comments on and resolves them in bulk, notifies customers, and tells the IVR', async () => {
    const [a, b, c] = [await fault('13800000001'), await fault('13800000002'), await fault('13800000001')];
    await h.req('POST', `/api/v1/tickets/${b}/transitions`, { to: 'in_progress' }, agent.token);
    await h.req('POST', `/api/v1/tickets/${b}/transitions`, { to: 'pending_customer' }, agent.token);

    expect((await h.call('POST', '/api/v1/incidents', outage, agent.token)).status).toBe(403);
    const ghost = '01900000-0000-7000-8000-0000000000ff';
    const bad = await h.call('POST', '/api/v1/incidents', { ...outage, ticketIds: [a, ghost] });
    expect(bad.body.error).toMatchObject({ code: 'TICKETS.UNKNOWN_TICKET' });
    expect((await h.req('GET', '/api/v1/incidents')).length).toBe(0);

    const inc = await h.req('POST', '/api/v1/incidents', { ...outage, ticketIds: [a, b, c], notifyCustomers: true });
    // Two orders of one customer: one notice each customer.
    expect(inc).toMatchObject({ status: 'open', grade: 1, applied: { notified: 2 } });
    expect(inc.ticketIds.sort()).toEqual([a, b, c].sort());
    expect(await h.req('GET', '/api/v1/incidents/active?service=broadband')).toMatchObject({
      active: true,
      incidents: [expect.objectContaining({ id: inc.id, ivrPrompt: 'outage-east' })],
    });
    expect((await h.req('GET', '/api/v1/incidents/active?service=mobile')).active).toBe(false);
    expect((await h.call('GET', '/api/v1/incidents/active?service=Not%20A%20Key')).status).toBe(400);

    // Linking is for whoever works orders; unlinking too.
    const d = await fault('13800000003');
    expect(
      (await h.req('POST', `/api/v1/incidents/${inc.id}/tickets`, { ticketIds: [d] }, agent.token)).ticketIds,
    ).toContain(d);
    expect(
      (await h.req('DELETE', `/api/v1/incidents/${inc.id}/tickets/${d}`, undefined, agent.token)).ticketIds,
    ).not.toContain(d);

    const mitigated = await h.req('PATCH', `/api/v1/incidents/${inc.id}`, {
      status: 'mitigated',
      comment: '已临时恢复部分用户，请重启光猫',
    });
    expect(mitigated.applied).toEqual({ resolved: 0, commented: 3, notified: 0 });
    const comments = await h.req('GET', `/api/v1/tickets/${a}/comments`);
    expect(comments.at(-1)).toMatchObject({ visibility: 'public', body: '已临时恢复部分用户，请重启光猫' });
    expect((await h.req('GET', `/api/v1/tickets/${a}`)).respondedAt).not.toBeNull();

    // c is resolved by hand first: resolving the incident leaves it as it is.
    await h.req('POST', `/api/v1/tickets/${c}/transitions`, { to: 'resolved', resolution: '重复工单' }, agent.token);
    const done = await h.req('PATCH', `/api/v1/incidents/${inc.id}`, {
      status: 'resolved',
      resolution: '光缆熔接完成，业务恢复',
    });
    expect(done).toMatchObject({ status: 'resolved', resolvedAt: T0.toISOString(), applied: { resolved: 2 } });
    for (const id of [a, b]) {
      expect(await h.req('GET', `/api/v1/tickets/${id}`)).toMatchObject({
        status: 'resolved',
        resolution: '光缆熔接完成，业务恢复',
      });
      // Resolved faults get their follow-up visit like any other.
      expect((await h.req('GET', `/api/v1/follow-ups?ticketId=${id}`)).items).toHaveLength(1);
    }
    expect((await h.req('GET', `/api/v1/tickets/${c}`)).resolution).toBe('重复工单');
    expect((await h.req('GET', '/api/v1/incidents/active?service=broadband')).active).toBe(false);
    expect((await h.req('GET', '/api/v1/incidents?status=resolved')).map((x: { id: string }) => x.id)).toEqual([
      inc.id,
    ]);
    expect((await h.call('PATCH', `/api/v1/incidents/${ghost}`, { grade: 2 })).status).toBe(404);

    // Every step is in the audit log, under the incident's title, by who did it, oldest last.
    const audit = (await h.req('GET', `/api/v1/audit?entityType=incident&entityId=${inc.id}`)).items as Array<{
      action: string;
      actorName: string;
      entityName: string;
      details: Record<string, unknown>;
    }>;
    expect(audit.map((e) => e.action)).toEqual([
      'tickets.incident.resolved',
      'tickets.incident.updated',
      'tickets.incident.unlinked',
      'tickets.incident.linked',
      'tickets.incident.created',
    ]);
    expect(audit.every((e) => e.entityName === '城东光缆中断')).toBe(true);
    expect(audit[4]!.details).toMatchObject({ grade: 1, serviceKey: 'broadband', notifyCustomers: true });
    expect((audit[4]!.details.ticketIds as string[]).sort()).toEqual([a, b, c].sort());
    expect(audit[3]).toMatchObject({ actorName: 'agent.i', details: { ticketIds: [d] } });
    expect(audit[2]).toMatchObject({ actorName: 'agent.i', details: { ticketIds: [d] } });
    expect(audit[1]!.details).toMatchObject({
      before: { status: 'open' },
      after: { status: 'mitigated' },
      comment: '已临时恢复部分用户，请重启光猫',
      commentedTickets: 3,
    });
    expect(audit[0]!.details).toMatchObject({
      before: { status: 'mitigated' },
      after: { status: 'resolved' },
      resolution: '光缆熔接完成，业务恢复',
      resolvedTickets: 2,
    });
    // A refused change (unknown order) leaves no entry.
    expect((await h.call('POST', `/api/v1/incidents/${inc.id}/tickets`, { ticketIds: [ghost] })).status).toBe(400);
    expect((await h.req('GET', `/api/v1/audit?entityType=incident&entityId=${inc.id}`)).total).toBe(5);
  });
});

describe('the IVR reads the flag', () => {
  it("a published flow's incident_active nodes see the service's active incident and its recording", async () => {
    const f = await h.req('POST', '/api/v1/ivr/flows', {
      key: 'outage-test',
      name: '故障播报测试',
      definition: {
        language: 'zh-CN',
        start: 'outage',
        nodes: {
          outage: { type: 'incident_active', service: 'mobile', active: 'bye', inactive: 'bye' },
          bye: { type: 'hangup' },
        },
      },
    });
    await h.req('POST', `/api/v1/ivr/flows/${f.id}/publish`);
    const flow = await h.kefu.services.ivr.getPublished(f.id);
    expect(await flow?.incidentActive?.('mobile')).toEqual({ active: false, prompt: null });
    const minor = await h.req('POST', '/api/v1/incidents', {
      ...outage,
      serviceKey: 'mobile',
      grade: 3,
      ivrPrompt: null,
    });
    const major = await h.req('POST', '/api/v1/incidents', {
      ...outage,
      serviceKey: 'mobile',
      grade: 1,
      ivrPrompt: 'outage-mobile',
    });
    expect(await flow?.incidentActive?.('mobile')).toEqual({ active: true, prompt: 'outage-mobile' });
    await h.req('PATCH', `/api/v1/incidents/${major.id}`, { status: 'resolved' });
    expect(await flow?.incidentActive?.('mobile')).toEqual({ active: true, prompt: null });
    await h.req('PATCH', `/api/v1/incidents/${minor.id}`, { status: 'resolved' });
    expect(await flow?.incidentActive?.('mobile')).toEqual({ active: false, prompt: null });
  });
});
