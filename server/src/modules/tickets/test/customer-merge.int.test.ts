import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../platform/clock';
import { type FlowsHarness, flowsHarness } from './flows-harness';

/** crm.customer.merged: the duplicate's work orders follow the customer it was merged into. */
const clock = fixedClock(new Date('2026-12-07T02:00:00Z'));
let h: FlowsHarness;
let agent: { id: string; token: string };

beforeAll(async () => {
  h = await flowsHarness(clock);
  agent = await h.user('agent.m', ['agent']);
});
afterAll(() => h.close());

const ids = (page: { items: Array<{ id: string }> }) => page.items.map((t) => t.id).sort();

describe('merging customers', () => {
  it("moves the duplicate's orders to the survivor, searchable by the survivor's numbers, once", async () => {
    const survivor = await h.req('POST', '/api/v1/customers', { name: '王芳', phones: ['13911112222'] });
    const dup = await h.req('POST', '/api/v1/customers', { name: '王芳（重复）', phones: ['13733334444'] });
    const other = await h.req('POST', '/api/v1/customers', { name: '李雷', phones: ['13655556666'] });
    const order = (customerId: string, subject: string) =>
      h.req('POST', '/api/v1/tickets', { type: 'fault', subject, customerId }, agent.token);
    const kept = await order(survivor.id, '宽带断网');
    const moved1 = await order(dup.id, '话费异常');
    const moved2 = await order(dup.id, '信号差');
    const untouched = await order(other.id, '套餐咨询');

    await h.req('POST', `/api/v1/customers/${survivor.id}/merge`, { from: [dup.id] });
    await h.kefu.bus.drain();

    expect(ids(await h.req('GET', `/api/v1/tickets?customerId=${survivor.id}`))).toEqual(
      [kept.id, moved1.id, moved2.id].sort(),
    );
    expect((await h.req('GET', `/api/v1/tickets?customerId=${dup.id}`)).total).toBe(0);
    expect((await h.req('GET', `/api/v1/tickets/${untouched.id}`)).customerId).toBe(other.id);
    // The history says who the order belonged to before.
    const history = await h.req('GET', `/api/v1/tickets/${moved1.id}/history`);
    expect(history.at(-1)).toMatchObject({
      kind: 'updated',
      field: 'customerId',
      before: dup.id,
      after: survivor.id,
      actorName: 'system',
    });
    // The survivor's number (the duplicate never had it) finds the moved orders.
    expect(ids(await h.req('GET', '/api/v1/tickets?q=13911112222'))).toEqual([kept.id, moved1.id, moved2.id].sort());

    // A redelivered event changes nothing: no second history entry.
    const again = await h.kefu.services.tickets.followMergedCustomer(survivor.id, [dup.id]);
    expect(again).toBe(0);
    expect(await h.req('GET', `/api/v1/tickets/${moved1.id}/history`)).toHaveLength(history.length);
  });
});
