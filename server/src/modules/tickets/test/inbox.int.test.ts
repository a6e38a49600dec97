import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { RealtimeMessage } from '../../../../../contracts/realtime';
import { fixedClock } from '../../../platform/clock';
import { type FlowsHarness, flowsHarness } from './flows-harness';

/** The in-app inbox: who hears of an order's changes, live over the socket and through the API. */
const clock = fixedClock(new Date('2026-12-07T04:00:00Z'));
let h: FlowsHarness;
type U = { id: string; token: string };
let owner: U;
let assignee: U;
let member: U;
let outsider: U;
let base: string;
const sockets: WebSocket[] = [];

beforeAll(async () => {
  h = await flowsHarness(clock);
  owner = await h.user('inbox.owner', ['agent']);
  assignee = await h.user('inbox.assignee', ['agent']);
  member = await h.user('inbox.member', ['agent']);
  outsider = await h.user('inbox.outsider', ['agent']);
  await h.kefu.app.listen({ port: 0, host: '127.0.0.1' });
  base = `ws://127.0.0.1:${(h.kefu.app.server.address() as AddressInfo).port}/api/v1/realtime`;
});
afterAll(async () => {
  for (const ws of sockets) ws.terminate();
  await h.close();
});

type Item = { id: string; kind: string; ticketId: string; actorName: string | null; details: Record<string, unknown> };
const inbox = async (u: U, query = '') =>
  (await h.req('GET', `/api/v1/notifications/inbox${query}`, undefined, u.token)) as { items: Item[]; unread: number };

/** A signed-in socket collecting its events. */
async function listen(u: U) {
  const ws = new WebSocket(base, { headers: { authorization: `Bearer ${u.token}` } });
  sockets.push(ws);
  const events: Array<Extract<RealtimeMessage, { type: 'event' }>> = [];
  ws.on('message', (data) => {
    const m = JSON.parse(String(data)) as RealtimeMessage;
    if (m.type === 'event') events.push(m);
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('message', () => resolve());
    ws.once('error', reject);
  });
  return events;
}

/** The socket's events matching `pred` once there is one (the message crosses a real socket). */
async function arrived<T>(events: T[], pred: (e: T) => boolean): Promise<T[]> {
  const deadline = Date.now() + 5_000;
  while (!events.some(pred) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return events.filter(pred);
}

describe('the inbox', () => {
  it('tells the owner, the assignee and the group of each change but the ones they made themselves', async () => {
    const live = await listen(assignee);
    const t = await h.req(
      'POST',
      '/api/v1/tickets',
      { type: 'fault', subject: '宽带断网', customerPhone: '13800005555', assigneeUserId: assignee.id },
      owner.token,
    );
    await h.kefu.bus.drain();
    // The owner took the order: nothing for them; the assignee hears of it, live too.
    expect((await inbox(owner)).items).toEqual([]);
    const a1 = await inbox(assignee);
    expect(a1.unread).toBe(1);
    expect(a1.items[0]).toMatchObject({ kind: 'ticket.created', ticketId: t.id, actorName: 'inbox.owner' });
    const pushed = await arrived(live, (e) => e.name === 'notifications.inbox.added');
    expect(pushed).toHaveLength(1);
    expect(pushed[0]!.payload).toMatchObject({ userId: assignee.id, unread: 1, item: { id: a1.items[0]!.id } });

    await h.req('POST', `/api/v1/tickets/${t.id}/transitions`, { to: 'in_progress' }, assignee.token);
    await h.kefu.bus.drain();
    expect((await inbox(owner)).items[0]).toMatchObject({
      kind: 'ticket.transitioned',
      actorName: 'inbox.assignee',
      details: { from: 'assigned', to: 'in_progress' },
    });
    expect((await inbox(assignee)).unread).toBe(1);

    // Handed to a department group: its members hear of what follows.
    const g = await h.req('POST', '/api/v1/tickets/groups', { name: '技术', memberUserIds: [member.id] });
    await h.req('PATCH', `/api/v1/tickets/${t.id}`, { assigneeGroupId: g.id }, owner.token);
    await h.kefu.bus.drain();
    expect((await inbox(member)).items[0]).toMatchObject({
      kind: 'ticket.updated',
      details: { fields: ['assigneeGroupId'] },
    });
    await h.req(
      'POST',
      `/api/v1/tickets/${t.id}/comments`,
      { body: '已派单上门', visibility: 'internal' },
      member.token,
    );
    await h.kefu.bus.drain();
    for (const u of [owner, assignee]) expect((await inbox(u)).items[0]).toMatchObject({ kind: 'ticket.commented' });
    expect((await inbox(member)).items.map((i) => i.kind)).toEqual(['ticket.updated']);
    expect((await inbox(outsider)).items).toEqual([]);
  });

  it('marks one or all read, only the caller’s own', async () => {
    const mine = await inbox(owner);
    expect(mine.unread).toBe(2);
    const theirs = (await inbox(assignee)).items[0]!;
    // Someone else's notification cannot be marked through my session.
    expect(await h.req('POST', '/api/v1/notifications/inbox/read', { ids: [theirs.id] }, owner.token)).toEqual({
      marked: 0,
      unread: 2,
    });
    expect(await h.req('POST', '/api/v1/notifications/inbox/read', { ids: [mine.items[0]!.id] }, owner.token)).toEqual({
      marked: 1,
      unread: 1,
    });
    expect((await inbox(owner, '?unread=true')).items.map((i) => i.id)).toEqual([mine.items[1]!.id]);
    expect(await h.req('POST', '/api/v1/notifications/inbox/read', { all: true }, owner.token)).toEqual({
      marked: 1,
      unread: 0,
    });
    expect((await inbox(owner)).items).toHaveLength(2);
    expect((await h.call('POST', '/api/v1/notifications/inbox/read', {}, owner.token)).status).toBe(400);
    expect((await h.kefu.app.inject({ method: 'GET', url: '/api/v1/notifications/inbox' })).statusCode).toBe(401);
  });
});
