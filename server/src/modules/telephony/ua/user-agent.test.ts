/**
 * The user agent end to end over loopback UDP: two SIP servers, one calling the other through its
 * UA (as Kefu calls an agent phone or a trunk), the other answering through its `onInvite`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../platform/clock';
import { createLogger } from '../../../platform/logger';
import { createSipServer, type SipServer } from '../sip-server';
import type { InboundLeg, LegEnd } from './user-agent';

const servers: SipServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

const SDP = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n';

async function server(onInvite?: (leg: InboundLeg) => void): Promise<SipServer> {
  const created = await createSipServer({
    host: '127.0.0.1',
    port: 0,
    realm: 'kefu',
    log: createLogger('silent'),
    clock: systemClock,
    accounts: { find: async () => undefined },
    ...(onInvite ? { onInvite } : {}),
  });
  servers.push(created);
  return created;
}

/** The callee: every inbound leg, and how each ended. */
async function callee(answer: (leg: InboundLeg) => void) {
  const legs: InboundLeg[] = [];
  const ends: LegEnd[] = [];
  const sip = await server((leg) => {
    legs.push(leg);
    leg.handlers.ended = (end) => ends.push(end);
    answer(leg);
  });
  return { sip, legs, ends };
}

function call(from: SipServer, to: SipServer) {
  const leg = from.ua.invite({
    requestUri: `sip:bob@127.0.0.1:${to.port}`,
    target: { transport: 'UDP', host: '127.0.0.1', port: to.port },
    from: { user: 'kefu', displayName: 'Kefu' },
    to: `<sip:bob@127.0.0.1:${to.port}>`,
    sdp: SDP,
  });
  const ended = new Promise<LegEnd>((resolve) => {
    leg.handlers.ended = resolve;
  });
  return { leg, ended };
}

async function until(condition: () => boolean): Promise<void> {
  // A guard against a hang, not a speed bound: loopback SIP answers in milliseconds.
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('user agent over loopback', () => {
  it('an answered call carries the SDP both ways, and a BYE from the callee ends both legs', async () => {
    const bob = await callee((leg) => {
      leg.ring();
      leg.answer(SDP.replace('4000', '5000'));
    });
    const kefu = await server();
    const { leg, ended } = call(kefu, bob.sip);
    const progress: number[] = [];
    leg.onProgress = (status) => progress.push(status);
    const result = await leg.result;
    expect(result.status).toBe(200);
    expect(result.sdp).toContain('m=audio 5000 RTP/AVP 0');
    expect(leg.state).toBe('confirmed');
    expect(bob.legs[0]!.offer).toBe(SDP);
    await until(() => bob.legs[0]!.state === 'confirmed');
    expect(progress).toEqual([180]);

    bob.legs[0]!.hangup();
    expect(await ended).toEqual({ by: 'remote', cause: 'bye' });
    expect(bob.ends).toEqual([{ by: 'local', cause: 'bye' }]);
    await until(() => kefu.ua.size === 0 && bob.sip.ua.size === 0);
  });

  it('a rejected call settles with its status', async () => {
    const bob = await callee((leg) => leg.reject(486));
    const kefu = await server();
    const { leg, ended } = call(kefu, bob.sip);
    expect(await leg.result).toEqual({ status: 486 });
    expect(await ended).toEqual({ by: 'remote', cause: 'rejected', status: 486 });
    expect(bob.ends).toEqual([{ by: 'local', cause: 'rejected', status: 486 }]);
  });

  it('hanging up while it rings sends CANCEL: 487 for the caller, a cancelled leg for the callee', async () => {
    const bob = await callee((leg) => leg.ring());
    const kefu = await server();
    const { leg, ended } = call(kefu, bob.sip);
    const ringing = new Promise<void>((resolve) => {
      leg.onProgress = () => resolve();
    });
    await ringing;
    leg.hangup();
    expect(await leg.result).toEqual({ status: 487 });
    expect(await ended).toEqual({ by: 'remote', cause: 'cancel', status: 487 });
    await until(() => bob.ends.length === 1);
    expect(bob.ends).toEqual([{ by: 'remote', cause: 'cancel', status: 487 }]);
  });

  it('hangupAll ends confirmed calls with BYE', async () => {
    const bob = await callee((leg) => leg.answer(SDP));
    const kefu = await server();
    const { leg, ended } = call(kefu, bob.sip);
    expect((await leg.result).status).toBe(200);
    await until(() => bob.legs[0]!.state === 'confirmed');
    kefu.ua.hangupAll();
    expect(await ended).toEqual({ by: 'local', cause: 'bye' });
    await until(() => bob.ends.length === 1);
    expect(bob.ends).toEqual([{ by: 'remote', cause: 'bye' }]);
  });
});
