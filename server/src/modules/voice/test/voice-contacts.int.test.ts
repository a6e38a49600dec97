import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../../test/app';

let t: TestApp;
let admin: string;
let agent: string;

beforeAll(async () => {
  // With a SIP port, call control runs (without one every voice route answers 503 VOICE.OFF).
  t = await createTestApp({ sip: { host: '127.0.0.1', port: 0 } });
  admin = await t.adminToken();
  await t.addUser('voice.agent', ['agent'], { password: 'Agent-pass-1' });
  agent = await t.login('voice.agent', 'Agent-pass-1');
});
afterAll(() => t.close());

const callState = async (id: string) => {
  const res = await t.request('GET', `/api/v1/voice/contacts/${id}`, { token: agent });
  return { status: res.statusCode, code: res.json().error?.code };
};

describe('my call as the desktop reads it', () => {
  it('answers 404 ROUTING.CONTACT_NOT_FOUND for a contact id nobody created', async () => {
    expect(await callState(randomUUID())).toEqual({ status: 404, code: 'ROUTING.CONTACT_NOT_FOUND' });
  });

  it('answers 409 VOICE.NOT_TALKING for a contact that exists but is no call of mine', async () => {
    const queue = await t.request('POST', '/api/v1/queues', { token: admin, body: { key: 'vq', name: 'vq' } });
    expect(queue.statusCode).toBe(201);
    const contact = await t.request('POST', '/api/v1/contacts', {
      token: admin,
      body: { channel: 'task', queue: 'vq' },
    });
    expect(contact.statusCode).toBe(201);
    expect(await callState(contact.json().id)).toEqual({ status: 409, code: 'VOICE.NOT_TALKING' });
  });
});
