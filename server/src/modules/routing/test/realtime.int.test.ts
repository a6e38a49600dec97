import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { RealtimeMessage } from '../../../../../contracts/realtime';
import { type Acd, setupAcd } from './acd-fixture';

type Payload = { contactId?: string; userId?: string; state?: string };
type EventMsg = Extract<RealtimeMessage, { type: 'event' }>;
let acd: Acd;
let base: string;
const sockets: WebSocket[] = [];

beforeAll(async () => {
  acd = await setupAcd({
    queues: [{ key: 'live', offerTimeoutSeconds: 60 }],
    users: [
      { name: 'rta', memberships: [{ queue: 'live' }] },
      { name: 'rtb', memberships: [{ queue: 'live' }] },
      { name: 'rtsup', roles: ['supervisor'] },
    ],
  });
  await acd.t.kefu.app.listen({ port: 0, host: '127.0.0.1' });
  base = `ws://127.0.0.1:${(acd.t.kefu.app.server.address() as AddressInfo).port}/api/v1/realtime`;
});
afterAll(async () => {
  for (const ws of sockets) ws.terminate();
  await acd.t.close();
});

/** A signed-in socket whose events a test awaits by predicate, in arrival order. */
async function listen(name: string) {
  const ws = new WebSocket(base, { headers: { authorization: `Bearer ${acd.token(name)}` } });
  sockets.push(ws);
  const seen: EventMsg[] = [];
  const waiters: Array<() => void> = [];
  ws.on('message', (data) => {
    const m = JSON.parse(String(data)) as RealtimeMessage;
    if (m.type === 'event') seen.push(m);
    for (const w of waiters.splice(0)) w();
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('message', () => resolve()); // the greeting
    ws.once('error', reject);
  });
  return {
    seen,
    /**
     * The first event (from the start) matching `pred`: looked for again as each message arrives,
     * failing if none came within 10 s (a guard, not a wait: a passing test never reaches it).
     */
    async first(pred: (m: EventMsg) => boolean): Promise<EventMsg> {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const hit = seen.find(pred);
        if (hit) return hit;
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no such event; saw ${seen.map((m) => m.name).join(', ')}`);
        await new Promise<void>((resolve) => {
          const guard = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(guard);
            resolve();
          });
        });
      }
    },
  };
}

describe('routing events over /api/v1/realtime', () => {
  it('an agent hears of its own offer, not of a colleague’s; the supervisor hears of state changes', async () => {
    const a = await listen('rta');
    const b = await listen('rtb');
    const sup = await listen('rtsup');

    await acd.ready('rta');
    const changed = await sup.first((m) => m.name === 'routing.agent.state_changed');
    expect(changed.payload).toMatchObject({ userId: acd.id('rta'), state: 'ready', presence: 'ready' });

    const ca = await acd.create('live');
    expect(ca.agentId).toBe(acd.id('rta'));
    const offerA = await a.first((m) => m.name === 'routing.contact.offered');
    expect(offerA.payload).toMatchObject({ contactId: ca.id, agentId: acd.id('rta'), state: 'offered' });
    expect(await sup.first((m) => m.name === 'routing.contact.offered')).toMatchObject({
      payload: { contactId: ca.id },
    });
    // One command, several events: they arrive in the order they happened.
    expect(
      sup.seen
        .filter((m) => (m.payload as Payload).contactId === ca.id)
        .map((m) => [m.name, (m.payload as Payload).state]),
    ).toEqual([
      ['routing.contact.queued', 'queued'],
      ['routing.contact.offered', 'offered'],
    ]);
    const seqs = sup.seen.map((m) => m.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));

    await acd.ready('rtb');
    const cb = await acd.create('live');
    expect(cb.agentId).toBe(acd.id('rtb'));
    // Events reach a socket in the order they were committed: had b been told of a's offer, it
    // would come before b's own.
    const firstForB = await b.first((m) => m.name.startsWith('routing.contact.'));
    expect(firstForB).toMatchObject({ name: 'routing.contact.offered', payload: { contactId: cb.id } });
    expect(b.seen.some((m) => (m.payload as Payload).contactId === ca.id)).toBe(false);
    // Nor does a hear of b's offer: a's next event (its offer withdrawn as it leaves) comes after it.
    await acd.call('rta', 'PUT', '/api/v1/agents/me/state', { state: 'not_ready', reason: 'break' });
    await a.first((m) => m.name === 'routing.contact.queued' && (m.payload as Payload).contactId === ca.id);
    expect(a.seen.some((m) => (m.payload as Payload).contactId === cb.id)).toBe(false);
    expect(await b.first((m) => m.name === 'routing.agent.state_changed')).toMatchObject({
      payload: { userId: acd.id('rtb') },
    });
    expect(
      a.seen.some((m) => m.name === 'routing.agent.state_changed' && (m.payload as Payload).userId === acd.id('rtb')),
    ).toBe(false);
    expect(
      await sup.first((m) => m.name === 'routing.agent.state_changed' && (m.payload as Payload).state === 'reserved'),
    ).toBeTruthy();
  });
});
