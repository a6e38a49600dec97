/**
 * A customer's chats, e-mails and SMS on the timeline (voice comes with its call record): the crm
 * follows routing's `routing.contact.completed` and reads the finished contact back for its customer;
 * a follow-up visit's satisfaction is the survey entry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Acd, setupAcd } from '../../../../../test/acd';

let acd: Acd;
const wrapUp = { disposition: 'resolved', requestType: 'inquiry', notes: '' };

beforeAll(async () => {
  acd = await setupAcd({
    queues: [{ key: 'web', wrapUpSeconds: 300, offerTimeoutSeconds: 60 }],
    users: [{ name: 'tl1', memberships: [{ queue: 'web' }] }],
  });
});
afterAll(() => acd.t.close());

type Entry = { kind: string; refs: Record<string, string>; summary: Record<string, unknown> };
const timeline = async (id: string, q = '') =>
  (await acd.call('admin', 'GET', `/api/v1/customers/${id}/timeline${q}`)) as { total: number; items: Entry[] };

async function handled(body: object): Promise<string> {
  const c = await acd.call('admin', 'POST', '/api/v1/contacts', { queue: 'web', ...body }, 201);
  await acd.call('tl1', 'POST', `/api/v1/contacts/${c.id}/accept`);
  await acd.call('tl1', 'POST', `/api/v1/contacts/${c.id}/complete`, { wrapUp });
  await acd.t.kefu.bus.drain();
  return c.id;
}

describe('contacts on the timeline', () => {
  it('a chat matched by the number and an e-mail matched by the address, each once', async () => {
    const customer = await acd.call(
      'admin',
      'POST',
      '/api/v1/customers',
      { name: '时间线客户', phones: ['13809090001'], emails: ['tl@example.com'] },
      201,
    );
    await acd.ready('tl1');
    const chat = await handled({ channel: 'chat', customer: { phone: '+86 138 0909 0001' } });
    const mail = await handled({ channel: 'email', customer: { email: 'TL@example.com' } });
    // Someone else's chat is not this customer's history.
    await handled({ channel: 'chat', customer: { phone: '13809090002' } });

    const all = await timeline(customer.id);
    expect(all.items.map((e) => [e.kind, e.refs.contactId])).toEqual([
      ['email', mail],
      ['chat', chat],
    ]);
    expect(all.items[1]).toMatchObject({
      refs: { contactId: chat, agentId: acd.id('tl1') },
      summary: { channel: 'chat', answered: true, disposition: 'resolved', requestType: 'inquiry' },
    });
    // The same completion delivered again records nothing twice.
    await acd.t.kefu.bus.transaction((tx) =>
      acd.t.kefu.bus.stage(tx, 'routing.contact.completed', { contactId: chat, channel: 'chat' } as never),
    );
    await acd.t.kefu.bus.drain();
    expect((await timeline(customer.id, '?kind=chat')).total).toBe(1);
  });

  it('a follow-up visit’s satisfaction is a survey entry linked to the order', async () => {
    const tk = await acd.call(
      'admin',
      'POST',
      '/api/v1/tickets',
      { type: 'fault', subject: '回访满意度', customerPhone: '13809090003' },
      201,
    );
    await acd.call('admin', 'POST', `/api/v1/tickets/${tk.id}/transitions`, { to: 'resolved', resolution: '已修复' });
    const list = await acd.call('admin', 'GET', '/api/v1/follow-ups?due=2100-01-01T00:00:00Z');
    const f = (list.items as Array<{ id: string; ticketId: string }>).find((x) => x.ticketId === tk.id);
    expect(f).toBeDefined();
    await acd.call('admin', 'POST', `/api/v1/follow-ups/${f!.id}/outcome`, {
      reached: true,
      satisfaction: 4,
      note: '满意',
    });
    await acd.t.kefu.bus.drain();
    const surveys = await timeline(tk.customerId, '?kind=survey');
    expect(surveys.items).toEqual([
      expect.objectContaining({
        kind: 'survey',
        refs: { ticketId: tk.id, followUpId: f!.id },
        summary: expect.objectContaining({ source: 'follow_up', number: tk.number, satisfaction: 4 }),
      }),
    ]);
  });
});
