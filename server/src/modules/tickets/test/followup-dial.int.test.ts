import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../../test/app';
import { registerWithPassword } from '../../../../../test/sip-phone';

/**
 * Click-to-call of a follow-up visit (`POST /api/v1/follow-ups/:id/dial`) through the real voice
 * call control (a SIP port is open, so call control runs): the agent sees the number masked, the
 * server dials the real one, and the call is linked to the order and counted as an attempt.
 */
const REALM = 'kefu.follow-up-dial';
let t: TestApp;
let agent: { id: string; token: string };
let stranger: string;
/** The app's clock runs with the wall clock (SIP timers are real), shifted by hand past the cool-down. */
let shiftMs = 0;

beforeAll(async () => {
  t = await createTestApp({
    sip: { host: '127.0.0.1', port: 0 },
    sipRealm: REALM,
    clock: { now: () => new Date(Date.now() + shiftMs) },
  });
  const id = await t.addUser('agent.dial', ['agent'], { password: 'Agent-pass-1' });
  agent = { id, token: await t.login('agent.dial', 'Agent-pass-1') };
  await t.addUser('agent.other', ['agent'], { password: 'Agent-pass-2' });
  stranger = await t.login('agent.other', 'Agent-pass-2');
  const phone = await t.request('POST', '/api/v1/telephony/phones', {
    token: await t.adminToken(),
    body: { username: 'desk.dial', password: 'desk-pass-1', agentUserId: id },
  });
  expect(phone.statusCode).toBe(201);
});
afterAll(() => t.close());

async function json(method: 'GET' | 'POST', url: string, token: string, body?: unknown) {
  const res = await t.request(method, url, { token, body });
  return { status: res.statusCode, body: res.body ? res.json() : undefined };
}

/** A resolved fault of the agent's, with its follow-up visit. */
async function followUp(extra: object = { customerPhone: '138 0013 8000' }) {
  const tk = await json('POST', '/api/v1/tickets', agent.token, { type: 'fault', subject: '宽带断网', ...extra });
  expect(tk.status).toBe(201);
  const moved = await json('POST', `/api/v1/tickets/${tk.body.id}/transitions`, agent.token, {
    to: 'resolved',
    resolution: '光猫已更换',
  });
  expect(moved.status).toBe(200);
  const list = await json('GET', `/api/v1/follow-ups?ticketId=${tk.body.id}`, agent.token);
  expect(list.body.items).toHaveLength(1);
  return { ticketId: tk.body.id as string, followUp: list.body.items[0] as { id: string; attempts: number } };
}
const dial = (id: string, token = agent.token) => json('POST', `/api/v1/follow-ups/${id}/dial`, token);
const ticket = async (id: string) => (await json('GET', `/api/v1/tickets/${id}`, agent.token)).body;

describe('POST /api/v1/follow-ups/:id/dial', () => {
  it("answers voice's own errors in order — no trunk, then no phone registered — and changes nothing", async () => {
    const { ticketId, followUp: f } = await followUp();
    const noTrunk = await dial(f.id);
    expect(noTrunk).toMatchObject({ status: 503, body: { error: { code: 'VOICE.NO_TRUNK' } } });
    const trunk = await t.request('POST', '/api/v1/telephony/trunks', {
      token: await t.adminToken(),
      // Nobody answers there: the test only needs the call placed, not connected.
      body: { name: 'carrier', outboundHost: '127.0.0.1', outboundPort: 9 },
    });
    expect(trunk.statusCode).toBe(201);
    const noPhone = await dial(f.id);
    expect(noPhone).toMatchObject({ status: 409, body: { error: { code: 'VOICE.NO_PHONE' } } });
    const after = await json('GET', `/api/v1/follow-ups?ticketId=${ticketId}`, agent.token);
    expect(after.body.items[0]).toMatchObject({ attempts: 0, callId: null });
    expect((await ticket(ticketId)).contactIds).toEqual([]);
  });

  it("someone else's follow-up is refused; a follow-up without a number says so", async () => {
    const { followUp: f } = await followUp();
    expect(await dial(f.id, stranger)).toMatchObject({ status: 403, body: { error: { code: 'TICKETS.NOT_YOURS' } } });
    const { followUp: none } = await followUp({});
    expect(await dial(none.id)).toMatchObject({ status: 409, body: { error: { code: 'TICKETS.NO_DIAL_NUMBER' } } });
  });

  it('dials the unmasked number from the registered phone, links the call and counts it once', async () => {
    expect(
      await registerWithPassword(t.kefu.sipAddress()!, { realm: REALM, user: 'desk.dial', password: 'desk-pass-1' }),
    ).toBe(200);
    const { ticketId, followUp: f } = await followUp();
    const res = await dial(f.id);
    expect(res.status).toBe(202);
    const callId = res.body.callId as string;
    // The agent holds no pii.view: the reply's numbers read masked, as the list's do …
    expect(res.body.followUp).toMatchObject({
      id: f.id,
      attempts: 1,
      callId,
      customerPhone: '138****8000',
      dialNumber: '138****8000',
    });
    expect((await ticket(ticketId)).contactIds).toEqual([callId]);
    // A second click while the first call rings: refused, nothing counted, the customer rings once.
    expect(await dial(f.id)).toMatchObject({
      status: 409,
      body: { error: { code: 'TICKETS.DIAL_IN_PROGRESS', details: { callId } } },
    });
    // Past the cool-down the call still goes on (the desk phone is not answering): still refused.
    shiftMs += 61_000;
    expect(await dial(f.id)).toMatchObject({ status: 409, body: { error: { code: 'TICKETS.DIAL_IN_PROGRESS' } } });
    const listed = await json('GET', `/api/v1/follow-ups?ticketId=${ticketId}`, agent.token);
    expect(listed.body.items[0]).toMatchObject({ attempts: 1, callId });
    // The order's linked calls list the call placed (linked by its call record id).
    const linked = await json('GET', `/api/v1/tickets/${ticketId}/calls`, agent.token);
    expect(linked.status).toBe(200);
    expect(linked.body).toEqual([expect.objectContaining({ id: callId, direction: 'outbound' })]);
    // … while the call record shows the real number was dialled.
    const call = await json('GET', `/api/v1/calls/${callId}`, await t.adminToken());
    expect(call.body).toMatchObject({ direction: 'outbound', called: '13800138000' });
    const history = await json('GET', `/api/v1/tickets/${ticketId}/history`, agent.token);
    expect(history.body.some((e: { field: string | null }) => e.field === 'contactIds')).toBe(true);

    // The outcome of that call is no second attempt; the satisfied customer closes the order.
    const done = await json('POST', `/api/v1/follow-ups/${f.id}/outcome`, agent.token, {
      reached: true,
      satisfaction: 5,
      note: '客户满意',
      callId,
    });
    expect(done.body).toMatchObject({ status: 'done', attempts: 1, callId });
    expect((await ticket(ticketId)).status).toBe('closed');
    expect(await dial(f.id)).toMatchObject({ status: 409, body: { error: { code: 'TICKETS.FOLLOW_UP_DONE' } } });
  });
});
