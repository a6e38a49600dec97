import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Acd, setupAcd } from './acd-fixture';

let acd: Acd;

beforeAll(async () => {
  acd = await setupAcd({
    queues: [{ key: 'nf', wrapUpSeconds: 0, offerTimeoutSeconds: 600 }],
    users: [
      { name: 'nf1', memberships: [{ queue: 'nf' }] },
      { name: 'nfsup', roles: ['supervisor'] },
    ],
  });
});
afterAll(() => acd.t.close());

const wrapUp = { disposition: 'resolved', requestType: 'query' };

async function refusal(who: string, url: string, body?: unknown, method: 'POST' | 'PATCH' = 'POST') {
  const res = await acd.t.request(method, url, { token: who === 'admin' ? acd.admin : acd.token(who), body });
  return { status: res.statusCode, code: res.json().error?.code };
}

describe('a contact command on an id nobody created', () => {
  it('answers 404 ROUTING.CONTACT_NOT_FOUND, whatever the command', async () => {
    const id = randomUUID();
    const notFound = { status: 404, code: 'ROUTING.CONTACT_NOT_FOUND' };
    expect(await refusal('nf1', `/api/v1/contacts/${id}/accept`)).toEqual(notFound);
    expect(await refusal('nf1', `/api/v1/contacts/${id}/reject`)).toEqual(notFound);
    expect(await refusal('nf1', `/api/v1/contacts/${id}/complete`, {})).toEqual(notFound);
    expect(await refusal('nf1', `/api/v1/contacts/${id}/wrap-up`, wrapUp)).toEqual(notFound);
    expect(await refusal('nf1', `/api/v1/contacts/${id}/wrap-up/extend`, { seconds: 30 })).toEqual(notFound);
    expect(await refusal('nf1', `/api/v1/contacts/${id}/transfer`, { queue: 'nf' })).toEqual(notFound);
    expect(await refusal('admin', `/api/v1/contacts/${id}/abandon`)).toEqual(notFound);
    expect(await refusal('nfsup', `/api/v1/contacts/${id}`, { priority: 5 }, 'PATCH')).toEqual(notFound);
  });
});

describe('a contact command on a contact that exists but is closed', () => {
  it('answers 409 ROUTING.CONTACT_STATE (closed), not 404', async () => {
    await acd.ready('nf1');
    const c = await acd.create('nf');
    expect(c.agentId).toBe(acd.id('nf1'));
    await acd.call('nf1', 'POST', `/api/v1/contacts/${c.id}/accept`);
    await acd.call('nf1', 'POST', `/api/v1/contacts/${c.id}/complete`, { wrapUp });
    expect((await acd.contact(c.id)).state).toBe('completed');

    const closed = { status: 409, code: 'ROUTING.CONTACT_STATE' };
    expect(await refusal('nf1', `/api/v1/contacts/${c.id}/accept`)).toEqual(closed);
    expect(await refusal('nf1', `/api/v1/contacts/${c.id}/reject`)).toEqual(closed);
    expect(await refusal('nf1', `/api/v1/contacts/${c.id}/complete`, {})).toEqual(closed);
    expect(await refusal('admin', `/api/v1/contacts/${c.id}/abandon`)).toEqual(closed);
    // Its notes were given with the completion: none are due any more.
    expect(await refusal('nf1', `/api/v1/contacts/${c.id}/wrap-up`, wrapUp)).toEqual({
      status: 409,
      code: 'ROUTING.NO_WRAP_UP',
    });
  });
});
