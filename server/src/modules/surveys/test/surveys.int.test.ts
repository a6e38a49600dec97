/**
 * Surveys end to end through the API: a link sent by SMS (a real HTTP provider on loopback) and
 * answered on the public routes, once; expiry; bad scores; the IVR survey's answer from the voice and
 * IVR events in either order; a low score in the team lead's inbox and a follow-up visit.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok } from '../../../../../test/acd';
import { createTestApp, type TestApp } from '../../../../../test/app';

let t: TestApp;
let admin: string;
let shiftMs = 0;
const smsBodies: string[] = [];
let smsServer: http.Server;

let leadId: string;
let agentId: string;
let leadToken: string;

beforeAll(async () => {
  smsServer = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      smsBodies.push(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"messageId":"m1"}');
    });
  });
  await new Promise<void>((r) => smsServer.listen(0, '127.0.0.1', r));
  t = await createTestApp({
    clock: { now: () => new Date(Date.now() + shiftMs) },
    sms: { url: `http://127.0.0.1:${(smsServer.address() as AddressInfo).port}/sms` },
    publicBaseUrl: 'https://kefu.example.cn/',
  });
  admin = await t.adminToken();
  leadId = await t.addUser('survey.lead', ['team_lead', 'agent'], { password: 'Lead-pass-1' });
  const team = await t.request('POST', '/api/v1/teams', {
    token: admin,
    body: { name: '满意度组', leadUserId: leadId },
  });
  expect(team.statusCode).toBe(201);
  agentId = await t.addUser('survey.agent', ['agent'], { teamId: team.json().id });
  leadToken = await t.login('survey.lead', 'Lead-pass-1');
});
afterAll(async () => {
  await t.close();
  await new Promise<void>((r) => smsServer.close(() => r()));
});

const req = (
  method: 'GET' | 'POST' | 'PUT' | 'PATCH',
  url: string,
  body?: unknown,
  token: string | undefined = admin,
) => t.request(method, url, { ...(token ? { token } : {}), body });

async function outboxOf(name: string): Promise<Array<Record<string, unknown>>> {
  const r = await t.handle.pool.query('select payload from outbox where name = $1 order by id', [name]);
  return r.rows.map((x: { payload: Record<string, unknown> }) => x.payload);
}

async function invite(body: Record<string, unknown> = {}): Promise<{ token: string; id: string }> {
  const res = await req('POST', '/api/v1/surveys/invitations', { channel: 'sms', to: '13800138000', ...body });
  expect(res.statusCode, res.body).toBe(201);
  const link: string = res.json().link;
  expect(link).toMatch(/^https:\/\/kefu\.example\.cn\/s\/[A-Za-z0-9_-]{43}$/);
  return { token: link.split('/s/')[1]!, id: res.json().id };
}

describe('a link survey by SMS', () => {
  it('is sent, shown, answered once; the event names its contact, agent, queue, order and customer', async () => {
    const ids = {
      contactId: randomUUID(),
      queueId: randomUUID(),
      ticketId: randomUUID(),
      customerId: randomUUID(),
      agentId,
    };
    const { token } = await invite({ ...ids, language: 'en-US' });
    // The SMS provider got the link, in the invitation's language.
    const sms = smsBodies.at(-1)!;
    expect(sms).toContain(`https://kefu.example.cn/s/${token}`);
    expect(sms).toContain('Please rate our service');
    // Only the hash is kept.
    const stored = await t.handle.pool.query('select token_hash, to_masked from survey_invitations');
    expect(JSON.stringify(stored.rows)).not.toContain(token);
    expect(stored.rows[0].to_masked).toBe('138****8000');

    const page = await req('GET', `/api/v1/public/surveys/${token}`, undefined, undefined);
    expect(page.statusCode).toBe(200);
    expect(page.json()).toMatchObject({ language: 'en-US', questions: ['csat', 'text'] });

    const answered = await req(
      'POST',
      `/api/v1/public/surveys/${token}`,
      { csat: 5, comment: ' 很好\u202E\u0007 ' },
      undefined,
    );
    expect(answered.statusCode, answered.body).toBe(201);
    const [event] = (await outboxOf('surveys.answer.recorded')).slice(-1);
    expect(event).toEqual({
      answerId: expect.any(String),
      channel: 'sms',
      ...ids,
      callId: null,
      csat: 5,
      nps: null,
      ces: null,
      answeredAt: expect.any(String),
    });
    const list = (await req('GET', `/api/v1/surveys/answers?agent=${agentId}`)).json();
    expect(list.items[0]).toMatchObject({ id: event!.answerId, csat: 5, comment: '很好', low: false });

    // Once only: the second answer and the page both say 410.
    const again = await req('POST', `/api/v1/public/surveys/${token}`, { csat: 1 }, undefined);
    expect(again.statusCode).toBe(410);
    expect(again.json().error.code).toBe('SURVEYS.LINK_USED');
    expect((await req('GET', `/api/v1/public/surveys/${token}`, undefined, undefined)).statusCode).toBe(410);
    expect(await outboxOf('surveys.answer.recorded')).toHaveLength(1);
  });

  it('two answers sent at once: one is recorded, the other gets 410', async () => {
    const { token } = await invite();
    const before = (await outboxOf('surveys.answer.recorded')).length;
    const results = await Promise.all(
      [4, 5].map((csat) => req('POST', `/api/v1/public/surveys/${token}`, { csat }, undefined)),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 410]);
    expect(await outboxOf('surveys.answer.recorded')).toHaveLength(before + 1);
  });

  it('an expired link answers 410, an unknown one 404', async () => {
    const { token } = await invite();
    shiftMs += 73 * 3600_000; // the default template's links live 72 h
    try {
      const page = await req('GET', `/api/v1/public/surveys/${token}`, undefined, undefined);
      expect(page.statusCode).toBe(410);
      expect(page.json().error).toMatchObject({ code: 'SURVEYS.LINK_EXPIRED', details: { language: 'zh-CN' } });
      expect((await req('POST', `/api/v1/public/surveys/${token}`, { csat: 3 }, undefined)).statusCode).toBe(410);
    } finally {
      shiftMs -= 73 * 3600_000;
    }
    const unknown = await req('GET', `/api/v1/public/surveys/${'x'.repeat(43)}`, undefined, undefined);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('SURVEYS.LINK_NOT_FOUND');
  });

  it('bad scores are refused with the field named, and the link stays usable', async () => {
    const { token } = await invite();
    const out = await req('POST', `/api/v1/public/surveys/${token}`, { csat: 6 }, undefined);
    expect(out.statusCode).toBe(400);
    expect(out.json().error.details.fields).toEqual([{ location: 'body', path: 'csat', message: expect.any(String) }]);
    // A score the survey did not ask, and the one it asked missing.
    const notAsked = await req('POST', `/api/v1/public/surveys/${token}`, { nps: 3 }, undefined);
    expect(notAsked.statusCode).toBe(400);
    expect(notAsked.json().error.code).toBe('SURVEYS.ANSWER_INVALID');
    expect(
      notAsked
        .json()
        .error.details.fields.map((f: { path: string }) => f.path)
        .sort(),
    ).toEqual(['csat', 'nps']);
    expect((await req('POST', `/api/v1/public/surveys/${token}`, { csat: 4 }, undefined)).statusCode).toBe(201);
  });

  it('refuses an SMS invitation to an e-mail address, naming the field', async () => {
    const res = await req('POST', '/api/v1/surveys/invitations', { channel: 'sms', to: 'wang@example.cn' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.fields).toEqual([{ location: 'body', path: 'to', message: 'a phone number' }]);
  });

  it("uses the queue's template: its questions, its channels", async () => {
    const tpl = await req('POST', '/api/v1/surveys/templates', {
      name: 'NPS 邮件',
      questions: ['nps', 'ces'],
      channels: ['email'],
      expiryHours: 2,
    });
    expect(tpl.statusCode, tpl.body).toBe(201);
    const queueId = randomUUID();
    expect((await req('PUT', `/api/v1/surveys/queues/${queueId}`, { templateId: tpl.json().id })).statusCode).toBe(200);
    const bySms = await req('POST', '/api/v1/surveys/invitations', { channel: 'sms', to: '13800138000', queueId });
    expect(bySms.statusCode).toBe(400);
    expect(bySms.json().error.code).toBe('SURVEYS.CHANNEL_NOT_OFFERED');
    const res = await req('POST', '/api/v1/surveys/invitations', { channel: 'email', to: 'wang@example.cn', queueId });
    expect(res.statusCode).toBe(201);
    const token = res.json().link.split('/s/')[1];
    expect((await req('GET', `/api/v1/public/surveys/${token}`, undefined, undefined)).json().questions).toEqual([
      'nps',
      'ces',
    ]);
    expect((await req('POST', `/api/v1/public/surveys/${token}`, { nps: 9, ces: 2 }, undefined)).statusCode).toBe(201);
  });
});

describe('the IVR post-call survey', () => {
  const ended = (callId: string, queueId: string) => ({
    callId,
    direction: 'inbound' as const,
    caller: '13900001111',
    called: '95555',
    trunkId: null,
    flowId: randomUUID(),
    flowVersion: 1,
    queueId,
    contactId: randomUUID(),
    agentId,
    agentIds: [agentId],
    startedAt: new Date().toISOString(),
    answeredAt: new Date().toISOString(),
    endedAt: new Date().toISOString(),
    ivrMs: 1000,
    queueMs: 1000,
    ringMs: 1000,
    talkMs: 60_000,
    holdMs: 0,
    transfers: 0,
    endReason: 'agent_hangup' as const,
    sipCode: null,
    recordingId: null,
  });
  const finished = (callId: string, digit: string | null) => ({
    callId,
    flowId: randomUUID(),
    flowVersion: 1,
    path: [
      { at: new Date().toISOString(), node: 'menu', type: 'menu', input: '1', result: 'ok' },
      ...(digit
        ? [{ at: '2026-01-02T03:04:05.000Z', node: 'sv', type: 'survey', input: digit, result: 'scored' }]
        : [{ at: new Date().toISOString(), node: 'sv', type: 'survey', result: 'no_input' }]),
    ],
    outcome: 'queued' as const,
    startedAt: new Date().toISOString(),
    endedAt: new Date().toISOString(),
  });
  const publish = async (events: Array<{ name: 'voice.call.ended' | 'ivr.flow.finished'; payload: unknown }>) => {
    for (const e of events) await t.kefu.bus.transaction((tx) => t.kefu.bus.stage(tx, e.name, e.payload as never));
    await t.kefu.bus.drain();
  };
  const answersOf = async (callId: string) =>
    (await req('GET', '/api/v1/surveys/answers?channel=ivr&pageSize=200'))
      .json()
      .items.filter((a: { callId: string }) => a.callId === callId);

  it.each([
    ['the flow first', true],
    ['the call end first', false],
  ])('records one answer per scored call, %s', async (_, flowFirst) => {
    const callId = randomUUID();
    const queueId = randomUUID();
    const e = { name: 'voice.call.ended' as const, payload: ended(callId, queueId) };
    const f = { name: 'ivr.flow.finished' as const, payload: finished(callId, '4') };
    await publish(flowFirst ? [f, e] : [e, f]);
    const [a, ...more] = await answersOf(callId);
    expect(more).toEqual([]);
    expect(a).toMatchObject({
      channel: 'ivr',
      callId,
      queueId,
      contactId: e.payload.contactId,
      agentId,
      csat: 4,
      answeredAt: '2026-01-02T03:04:05.000Z',
    });
    // Redelivered: nothing twice.
    await publish([f, e]);
    expect(await answersOf(callId)).toHaveLength(1);
    const links = await t.handle.pool.query('select 1 from survey_call_links where call_id = $1', [callId]);
    expect(links.rowCount).toBe(0);
  });

  it('a call whose caller hung up at the survey records nothing and leaves nothing behind', async () => {
    const callId = randomUUID();
    await publish([
      { name: 'voice.call.ended', payload: ended(callId, randomUUID()) },
      { name: 'ivr.flow.finished', payload: finished(callId, null) },
    ]);
    expect(await answersOf(callId)).toEqual([]);
    expect((await t.handle.pool.query('select 1 from survey_call_links where call_id = $1', [callId])).rowCount).toBe(
      0,
    );
  });
});

describe('a low score', () => {
  it("alerts the agent's team lead in the inbox", async () => {
    const { token } = await invite({ agentId });
    expect((await req('POST', `/api/v1/public/surveys/${token}`, { csat: 1 }, undefined)).statusCode).toBe(201);
    await t.kefu.bus.drain();
    await t.kefu.bus.drain();
    const inbox = (await req('GET', '/api/v1/notifications/inbox', undefined, leadToken)).json();
    const item = inbox.items.find((i: { kind: string }) => i.kind === 'survey.low_score');
    expect(item).toMatchObject({ ticketId: null, subject: 'survey.agent', details: { csat: 1, channel: 'sms' } });
    const low = (await req('GET', '/api/v1/surveys/answers?lowOnly=true')).json();
    expect(low.items.every((a: { low: boolean }) => a.low)).toBe(true);
    expect(low.items.map((a: { id: string }) => a.id)).toContain(item.details.answerId);
  });

  it('opens a follow-up visit on the order when the template asks for it', async () => {
    const tpl = await req('POST', '/api/v1/surveys/templates', {
      name: '回访模板',
      questions: ['csat'],
      followUpOnLowScore: true,
    });
    const ticket = await req('POST', '/api/v1/tickets', { type: 'inquiry', subject: '账单咨询' });
    expect(ticket.statusCode, ticket.body).toBe(201);
    const ticketId = ticket.json().id;
    const { token } = await invite({ agentId, ticketId, templateId: tpl.json().id });
    expect((await req('POST', `/api/v1/public/surveys/${token}`, { csat: 2 }, undefined)).statusCode).toBe(201);
    await t.kefu.bus.drain();
    const visits = (await req('GET', `/api/v1/follow-ups?ticketId=${ticketId}`)).json();
    expect(visits.items).toHaveLength(1);
    expect(visits.items[0]).toMatchObject({ ticketId, status: 'open' });
    const a = (await req('GET', '/api/v1/surveys/answers?lowOnly=true')).json().items[0];
    expect(a.followUpTicketId).toBe(ticketId);
  });
});

describe('the public routes', () => {
  it('are rate-limited per client', async () => {
    const limited = await createTestApp({ surveyRateLimit: { max: 3, timeWindow: 60_000 } });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 4; i++)
        codes.push((await limited.request('GET', `/api/v1/public/surveys/${'y'.repeat(43)}`)).statusCode);
      expect(codes).toEqual([404, 404, 404, 429]);
    } finally {
      await limited.close();
    }
  });
});

describe('after a completed chat', () => {
  it("invites the contact's customer when the queue's template says so, once", async () => {
    const queue = await req('POST', '/api/v1/queues', { key: 'webchat', name: '在线客服', wrapUpSeconds: 300 });
    expect(queue.statusCode, queue.body).toBe(201);
    const queueId = queue.json().id;
    const chatter = await t.addUser('survey.chat', ['agent'], { password: 'Chat-pass-1' });
    await req('PUT', `/api/v1/agents/${chatter}/routing`, {
      skills: [],
      memberships: [{ queue: 'webchat', priority: 1, delaySeconds: 0 }],
    });
    const chatToken = await t.login('survey.chat', 'Chat-pass-1');
    expect((await req('PUT', '/api/v1/agents/me/state', { state: 'ready' }, chatToken)).statusCode).toBe(200);
    const tpl = await req('POST', '/api/v1/surveys/templates', {
      name: '在线客服调查',
      questions: ['csat', 'text'],
      channels: ['sms', 'email'],
      sendAfterContact: true,
    });
    await req('PUT', `/api/v1/surveys/queues/${queueId}`, { templateId: tpl.json().id });

    const sent = smsBodies.length;
    const c = await req('POST', '/api/v1/contacts', {
      channel: 'chat',
      queue: 'webchat',
      customer: { phone: '13912345678' },
    });
    expect(c.statusCode, c.body).toBe(201);
    const wrapUp = { disposition: 'resolved', requestType: 'inquiry', notes: '' };
    expect((await req('POST', `/api/v1/contacts/${c.json().id}/accept`, undefined, chatToken)).statusCode).toBe(200);
    expect((await req('POST', `/api/v1/contacts/${c.json().id}/complete`, { wrapUp }, chatToken)).statusCode).toBe(200);
    await t.kefu.bus.drain();
    expect(smsBodies.length).toBe(sent + 1);
    const token = /\/s\/([A-Za-z0-9_-]{43})/.exec(smsBodies.at(-1)!)![1]!;
    // A redelivered completion sends nothing more.
    await t.kefu.bus.transaction((tx) =>
      t.kefu.bus.stage(tx, 'routing.contact.completed', {
        contactId: c.json().id,
        queueId,
        channel: 'chat',
        agentId: chatter,
      } as never),
    );
    await t.kefu.bus.drain();
    expect(smsBodies.length).toBe(sent + 1);

    expect((await req('POST', `/api/v1/public/surveys/${token}`, { csat: 5 }, undefined)).statusCode).toBe(201);
    const [event] = (await outboxOf('surveys.answer.recorded')).slice(-1);
    expect(event).toMatchObject({ channel: 'sms', contactId: c.json().id, queueId, agentId: chatter, csat: 5 });
  });
});

describe('an invitation sent by hand', () => {
  let handler: string;
  let handlerToken: string;
  let otherToken: string;
  let supervisorToken: string;
  let queueId: string;
  const wrapUp = { disposition: 'resolved', requestType: 'inquiry', notes: '' };

  beforeAll(async () => {
    const queue = await req('POST', '/api/v1/queues', { key: 'byhand', name: '人工邀请', wrapUpSeconds: 300 });
    expect(queue.statusCode, queue.body).toBe(201);
    queueId = queue.json().id;
    handler = await t.addUser('hand.agent', ['agent'], { password: 'Hand-pass-1' });
    await t.addUser('hand.other', ['agent'], { password: 'Other-pass-1' });
    await t.addUser('hand.super', ['supervisor'], { password: 'Super-pass-1' });
    ok(
      await req('PUT', `/api/v1/agents/${handler}/routing`, {
        skills: [],
        memberships: [{ queue: 'byhand', priority: 1, delaySeconds: 0 }],
      }),
    );
    handlerToken = await t.login('hand.agent', 'Hand-pass-1');
    otherToken = await t.login('hand.other', 'Other-pass-1');
    supervisorToken = await t.login('hand.super', 'Super-pass-1');
    ok(await req('PUT', '/api/v1/agents/me/state', { state: 'ready' }, handlerToken));
  });

  /** A chat contact the handler took and completed; its id. */
  async function handled(customer: { phone?: string; email?: string; id?: string }): Promise<string> {
    const c = await req('POST', '/api/v1/contacts', { channel: 'chat', queue: 'byhand', customer });
    expect(c.statusCode, c.body).toBe(201);
    const id: string = c.json().id;
    ok(await req('POST', `/api/v1/contacts/${id}/accept`, undefined, handlerToken));
    ok(await req('POST', `/api/v1/contacts/${id}/complete`, { wrapUp }, handlerToken));
    await t.kefu.bus.drain();
    return id;
  }
  const byHand = (body: Record<string, unknown>, token: string) =>
    req('POST', '/api/v1/surveys/invitations', { channel: 'sms', ...body }, token);
  const rowOf = async (id: string) =>
    (
      await t.handle.pool.query(
        'select contact_id, agent_id, queue_id, customer_id, to_masked, source from survey_invitations where id = $1',
        [id],
      )
    ).rows[0];

  it("an agent cannot invite for another agent's contact, or one that does not exist", async () => {
    const contactId = await handled({ phone: '13955550001' });
    const sent = smsBodies.length;
    for (const id of [contactId, randomUUID()]) {
      const res = await byHand({ contactId: id }, otherToken);
      expect(res.statusCode, res.body).toBe(403);
      expect(res.json().error.code).toBe('SURVEYS.CONTACT_NOT_YOURS');
    }
    expect(smsBodies.length).toBe(sent);
  });

  it('an agent names only the contact: agent, queue, customer and address are refused, the contact required', async () => {
    const contactId = await handled({ phone: '13955550002' });
    const set = await byHand({ contactId, agentId: handler, queueId, to: '13800001111' }, handlerToken);
    expect(set.statusCode).toBe(400);
    expect(
      set
        .json()
        .error.details.fields.map((f: { path: string }) => f.path)
        .sort(),
    ).toEqual(['agentId', 'queueId', 'to']);
    const none = await byHand({}, handlerToken);
    expect(none.statusCode).toBe(400);
    expect(none.json().error.details.fields).toEqual([{ location: 'body', path: 'contactId', message: 'required' }]);
    // By e-mail, but the customer left only a phone number.
    const noMail = await byHand({ contactId, channel: 'email' }, handlerToken);
    expect(noMail.statusCode).toBe(400);
    expect(noMail.json().error.details.fields[0].path).toBe('to');
  });

  it("an agent's invitation for their own contact goes to its customer, without the link; a second one is 409", async () => {
    const contactId = await handled({ phone: '13955550003' });
    const sent = smsBodies.length;
    const res = await byHand({ contactId }, handlerToken);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ channel: 'sms', sent: true });
    expect(res.json()).not.toHaveProperty('link');
    expect(res.body).not.toContain('/s/');
    // The customer got the link, at the contact's number; the row names the contact's agent and queue.
    expect(smsBodies.length).toBe(sent + 1);
    expect(smsBodies.at(-1)).toContain('13955550003');
    expect(await rowOf(res.json().id)).toEqual({
      contact_id: contactId,
      agent_id: handler,
      queue_id: queueId,
      customer_id: null,
      to_masked: '139****0003',
      source: 'manual',
    });
    const token = /\/s\/([A-Za-z0-9_-]{43})/.exec(smsBodies.at(-1)!)![1]!;
    expect((await req('POST', `/api/v1/public/surveys/${token}`, { csat: 4 }, undefined)).statusCode).toBe(201);
    const [event] = (await outboxOf('surveys.answer.recorded')).slice(-1);
    expect(event).toMatchObject({ contactId, agentId: handler, queueId, csat: 4 });

    const again = await byHand({ contactId }, handlerToken);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('SURVEYS.ALREADY_INVITED');
    // One by hand per contact, whoever sends it.
    const bySupervisor = await byHand({ contactId, to: '13800001111' }, supervisorToken);
    expect(bySupervisor.statusCode).toBe(409);
    expect(smsBodies.length).toBe(sent + 1);
  });

  it('a supervisor still sends what they like and sees the link; the contact decides the reports’ agent', async () => {
    const free = await byHand({ to: '13800002222' }, supervisorToken);
    expect(free.statusCode, free.body).toBe(201);
    expect(free.json().link).toMatch(/^https:\/\/kefu\.example\.cn\/s\/[A-Za-z0-9_-]{43}$/);
    // For a contact, without an address: its customer's; naming another agent than the one who handled it.
    const other = (await req('GET', '/api/v1/users?q=hand.other')).json().items[0].id;
    const contactId = await handled({ email: 'kehu@example.cn' });
    const res = await byHand({ contactId, channel: 'email', agentId: other }, supervisorToken);
    expect(res.statusCode, res.body).toBe(201);
    expect(await rowOf(res.json().id)).toMatchObject({
      contact_id: contactId,
      agent_id: other,
      to_masked: expect.stringContaining('@example.cn'),
    });
    const token = res.json().link.split('/s/')[1];
    expect((await req('POST', `/api/v1/public/surveys/${token}`, { csat: 5 }, undefined)).statusCode).toBe(201);
    await t.kefu.bus.drain();
    const inReports = await t.handle.pool.query('select agent_id from reporting_survey_answers where contact_id = $1', [
      contactId,
    ]);
    expect(inReports.rows).toEqual([{ agent_id: handler }]);
  });

  it('is rate-limited per user, not per address', async () => {
    const limited = await createTestApp({ surveyInvitationRateLimit: { max: 2, timeWindow: 60_000 } });
    try {
      const a = await limited.adminToken();
      await limited.addUser('rate.agent', ['agent'], { password: 'Rate-pass-1' });
      const b = await limited.login('rate.agent', 'Rate-pass-1');
      const send = (token: string) =>
        limited.request('POST', '/api/v1/surveys/invitations', { token, body: { channel: 'sms', to: '13800003333' } });
      const codes: number[] = [];
      for (let i = 0; i < 3; i++) codes.push((await send(a)).statusCode);
      expect(codes).toEqual([201, 201, 429]);
      // Another user from the same address is not held back (400: an agent must name a contact).
      expect((await send(b)).statusCode).toBe(400);
    } finally {
      await limited.close();
    }
  });
});

describe("the customer's timeline", () => {
  it('shows a survey answer of a known customer', async () => {
    const customer = await req('POST', '/api/v1/customers', { name: '调查客户', phones: ['13911112222'] });
    expect(customer.statusCode, customer.body).toBe(201);
    const { token } = await invite({ customerId: customer.json().id });
    expect((await req('POST', `/api/v1/public/surveys/${token}`, { csat: 3 }, undefined)).statusCode).toBe(201);
    await t.kefu.bus.drain();
    const timeline = (await req('GET', `/api/v1/customers/${customer.json().id}/timeline?kind=survey`)).json();
    expect(timeline.items).toEqual([
      expect.objectContaining({ kind: 'survey', summary: { source: 'sms', csat: 3, nps: null, ces: null } }),
    ]);
  });
});
