/**
 * Work orders on the customer's timeline: the crm follows the tickets' events by name (it may not
 * import tickets) and checks their payload's shape at the boundary.
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

type Entry = { kind: string; at: string; refs: Record<string, string>; summary: Record<string, unknown> };
async function timeline(id: string, q = ''): Promise<{ total: number; items: Entry[] }> {
  const res = await t.request('GET', `/api/v1/customers/${id}/timeline${q}`, { token: admin });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

describe('work orders on the timeline', () => {
  it('shows a ticket created with the customer’s phone, then each change of its status', async () => {
    const made = await t.request('POST', '/api/v1/tickets', {
      token: admin,
      body: { type: 'fault', subject: '宽带掉线', customerPhone: '138 0808 0001' },
    });
    expect(made.statusCode, made.body).toBe(201);
    const tk = made.json();
    expect(tk.customerId).toEqual(expect.any(String));
    await t.kefu.bus.drain();

    const created = await timeline(tk.customerId, '?kind=ticket');
    expect(created.total).toBe(1);
    expect(created.items[0]).toMatchObject({
      kind: 'ticket',
      refs: { ticketId: tk.id },
      summary: { number: tk.number, subject: '宽带掉线', type: 'fault', status: 'new', change: 'created' },
    });

    for (const to of ['in_progress', 'resolved']) {
      const res = await t.request('POST', `/api/v1/tickets/${tk.id}/transitions`, {
        token: admin,
        body: { to, ...(to === 'resolved' ? { resolution: '已重启光猫' } : {}) },
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    await t.kefu.bus.drain();
    const all = await timeline(tk.customerId, '?kind=ticket');
    expect(all.total).toBe(3);
    expect(all.items.map((e) => [e.summary.change, e.summary.from, e.summary.to])).toEqual([
      ['transitioned', 'in_progress', 'resolved'],
      ['transitioned', 'new', 'in_progress'],
      ['created', undefined, undefined],
    ]);
  });

  it('leaves out a ticket without a customer, and skips a payload of another shape', async () => {
    const made = await t.request('POST', '/api/v1/customers', {
      token: admin,
      body: { name: '形状', phones: ['13808080002'] },
    });
    const customerId = made.json().id;
    const before = (await timeline(customerId)).total;
    await t.kefu.bus.transaction((tx) =>
      // A producer's bug: not the shape the timeline reads (no number).
      t.kefu.bus.stage(tx, 'tickets.ticket.created', { ticketId: 'x', customerId } as never),
    );
    await t.kefu.bus.drain();
    const none = await t.request('POST', '/api/v1/tickets', {
      token: admin,
      body: { type: 'inquiry', subject: '无客户' },
    });
    expect(none.statusCode, none.body).toBe(201);
    await t.kefu.bus.drain();
    expect((await timeline(customerId)).total).toBe(before);
  });
});
