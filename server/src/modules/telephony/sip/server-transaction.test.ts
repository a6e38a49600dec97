import { describe, expect, it } from 'vitest';
import { createAckForNon2xx } from './client-transaction';
import type { SipRequest } from './message';
import { retransmit2xxUntilAck } from './retransmit-2xx';
import type { ServerTransaction } from './transaction-ports';
import {
  createFakeScheduler,
  createHarness,
  isStatus,
  request,
  response,
  TCP_PEER,
  UDP_PEER,
} from './transactions.fixtures';

/** The server transaction the TU was handed for the n-th new request. */
const serverTx = (h: ReturnType<typeof createHarness>, n = 0): ServerTransaction => {
  const e = h.events.filter((x) => x.type === 'request')[n];
  if (!e) throw new Error(`no request #${n}`);
  return e.transaction;
};

const ackFor = (invite: SipRequest, status = 486) => createAckForNon2xx(invite, response(invite, status));

describe('INVITE server transaction', () => {
  it('sends 100 Trying after 200 ms when the TU has not answered', () => {
    const h = createHarness();
    h.manager.receive(request(), UDP_PEER);
    expect(serverTx(h).state).toBe('proceeding');
    h.clock.advance(199);
    expect(h.sent).toHaveLength(0);
    h.clock.advance(1);
    expect(h.sentAt(isStatus(100))).toEqual([0.2]);
    expect(h.sent[0]!.target).toEqual(UDP_PEER);
  });

  it('sends no 100 Trying when the TU answers within 200 ms', () => {
    const h = createHarness();
    const invite = request();
    h.manager.receive(invite, UDP_PEER);
    h.clock.advance(50);
    serverTx(h).respond(response(invite, 180));
    h.clock.advance(1000);
    expect(h.sent.map((s) => s.message.kind === 'response' && s.message.status)).toEqual([180]);
  });

  it('absorbs retransmitted INVITEs, resending the last provisional response, and never re-offers them to the TU', () => {
    const h = createHarness();
    const invite = request();
    h.manager.receive(invite, UDP_PEER);
    h.manager.receive(invite, UDP_PEER); // before any response: nothing to resend
    h.clock.advance(300);
    serverTx(h).respond(response(invite, 180));
    h.manager.receive(invite, UDP_PEER);
    expect(h.sent.map((s) => s.message.kind === 'response' && s.message.status)).toEqual([100, 180, 180]);
    expect(h.events.filter((e) => e.type === 'request')).toHaveLength(1);
  });

  it('on UDP retransmits a non-2xx final (timer G, doubling to T2), goes Confirmed on the ACK and ends after timer I', () => {
    const h = createHarness();
    const invite = request();
    h.manager.receive(invite, UDP_PEER);
    const tx = serverTx(h);
    tx.respond(response(invite, 486));
    expect(tx.state).toBe('completed');
    h.clock.advance(4000);
    expect(h.sentAt(isStatus(486))).toEqual([0, 0.5, 1.5, 3.5]);
    h.manager.receive(invite, UDP_PEER); // a retransmitted INVITE gets the final again
    expect(h.sentAt(isStatus(486))).toHaveLength(5);

    h.manager.receive(ackFor(invite), UDP_PEER);
    expect(tx.state).toBe('confirmed');
    h.manager.receive(ackFor(invite), UDP_PEER); // absorbed
    h.manager.receive(invite, UDP_PEER); // absorbed in Confirmed
    h.clock.advance(4999);
    expect(tx.state).toBe('confirmed');
    h.clock.advance(1);
    expect(tx.state).toBe('terminated');
    expect(h.sentAt(isStatus(486))).toHaveLength(5);
    expect(h.events.map((e) => e.type)).toEqual(['request']);
    expect(h.manager.size).toBe(0);
    expect(h.clock.pending).toBe(0);
  });

  it('without an ACK sends the final 11 times and times out at 64·T1 (timer H)', () => {
    const h = createHarness();
    const invite = request();
    h.manager.receive(invite, UDP_PEER);
    const tx = serverTx(h);
    tx.respond(response(invite, 603));
    h.clock.advance(40_000);
    expect(h.sentAt(isStatus(603))).toEqual([0, 0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5, 23.5, 27.5, 31.5]);
    expect(h.events.map((e) => [e.type, e.at])).toEqual([
      ['request', 0],
      ['timeout', 32_000],
    ]);
    expect(tx.state).toBe('terminated');
    expect(h.manager.size).toBe(0);
  });

  it('on TCP sends the final once and ends as soon as the ACK arrives (timer I is zero)', () => {
    const h = createHarness();
    const invite = request({ transport: 'TCP' });
    h.manager.receive(invite, TCP_PEER);
    const tx = serverTx(h);
    tx.respond(response(invite, 486));
    h.clock.advance(10_000);
    expect(h.sentAt(isStatus(486))).toEqual([0]);
    h.manager.receive(ackFor(invite), TCP_PEER);
    expect(tx.state).toBe('terminated');
    expect(h.clock.pending).toBe(0);
  });

  it('ends with a 2xx and passes the ACK for it to the core as unmatched', () => {
    const h = createHarness();
    const invite = request();
    h.manager.receive(invite, UDP_PEER);
    const tx = serverTx(h);
    expect(tx.respond(response(invite, 200))).toBe(true);
    expect(tx.state).toBe('terminated');
    expect(tx.respond(response(invite, 486))).toBe(false);
    expect(h.manager.size).toBe(0);
    h.manager.receive(ackFor(invite, 200), UDP_PEER);
    expect(h.events.map((e) => e.type)).toEqual(['request', 'unmatched']);
    expect(h.clock.pending).toBe(0);
  });

  it('matches an ACK by branch and sent-by: the same branch from another host is not ours', () => {
    const h = createHarness();
    const invite = request();
    h.manager.receive(invite, UDP_PEER);
    serverTx(h).respond(response(invite, 486));
    h.manager.receive(ackFor(request({ sentBy: 'other.example.com' })), UDP_PEER);
    expect(serverTx(h).state).toBe('completed');
    h.manager.receive(ackFor(request({ sentBy: 'PC33.example.com' })), UDP_PEER); // default port, any case
    expect(serverTx(h).state).toBe('confirmed');
  });
});

describe('non-INVITE server transaction', () => {
  it('absorbs retransmissions in Trying, resends the provisional in Proceeding and the final in Completed', () => {
    const h = createHarness();
    const bye = request({ method: 'BYE' });
    h.manager.receive(bye, UDP_PEER);
    const tx = serverTx(h);
    expect(tx.state).toBe('trying');
    h.clock.advance(300);
    h.manager.receive(bye, UDP_PEER);
    expect(h.sent).toHaveLength(0); // no automatic 100 for non-INVITE
    tx.respond(response(bye, 100));
    expect(tx.state).toBe('proceeding');
    h.manager.receive(bye, UDP_PEER);
    tx.respond(response(bye, 200));
    h.manager.receive(bye, UDP_PEER);
    expect(h.sent.map((s) => s.message.kind === 'response' && s.message.status)).toEqual([100, 100, 200, 200]);
    expect(h.events.filter((e) => e.type === 'request')).toHaveLength(1);
  });

  it('on UDP stays Completed for 64·T1 (timer J), then ends', () => {
    const h = createHarness();
    const options = request({ method: 'OPTIONS' });
    h.manager.receive(options, UDP_PEER);
    const tx = serverTx(h);
    tx.respond(response(options, 200));
    expect(tx.state).toBe('completed');
    h.clock.advance(31_999);
    expect(tx.state).toBe('completed');
    h.clock.advance(1);
    expect(tx.state).toBe('terminated');
    expect(h.sentAt(isStatus(200))).toEqual([0]); // finals are never retransmitted by the server
    expect(h.manager.size).toBe(0);
  });

  it('on TCP ends with the final response (timer J is zero)', () => {
    const h = createHarness();
    const register = request({ method: 'REGISTER', transport: 'TCP' });
    h.manager.receive(register, TCP_PEER);
    serverTx(h).respond(response(register, 200));
    expect(serverTx(h).state).toBe('terminated');
    expect(h.clock.pending).toBe(0);
  });

  it('reports a transport error when the response cannot be sent', () => {
    const h = createHarness();
    const options = request({ method: 'OPTIONS' });
    h.manager.receive(options, UDP_PEER);
    h.failSends(true);
    serverTx(h).respond(response(options, 200));
    expect(serverTx(h).state).toBe('terminated');
    expect(h.events.map((e) => e.type)).toEqual(['request', 'transport-error']);
    expect(h.manager.size).toBe(0);
  });
});

describe('CANCEL', () => {
  it('is its own server transaction, and the layer finds the INVITE transaction it refers to', () => {
    const h = createHarness();
    const invite = request();
    const cancel = request({ method: 'CANCEL' });
    h.manager.receive(invite, UDP_PEER);
    h.manager.receive(cancel, UDP_PEER);
    const [inviteTx, cancelTx] = [serverTx(h, 0), serverTx(h, 1)];
    expect(cancelTx.id).not.toBe(inviteTx.id);
    expect(h.manager.findInviteForCancel(cancel)).toBe(inviteTx);
    expect(h.manager.findInviteForCancel(request({ method: 'CANCEL', branch: 'z9hG4bKnope' }))).toBeUndefined();

    cancelTx.respond(response(cancel, 200));
    inviteTx.respond(response(invite, 487));
    expect([inviteTx.state, cancelTx.state]).toEqual(['completed', 'completed']);
  });

  it('finds the INVITE of an RFC 2543 peer (no magic cookie) by Call-ID, CSeq and From tag', () => {
    const h = createHarness();
    h.manager.receive(request({ branch: '1234' }), UDP_PEER);
    expect(h.manager.findInviteForCancel(request({ method: 'CANCEL', branch: '1234' }))).toBe(serverTx(h));
    expect(h.manager.findInviteForCancel(request({ method: 'CANCEL', branch: '1234', cseq: 2 }))).toBeUndefined();
  });
});

describe('the manager', () => {
  it('holds no transaction and no timer once many transactions of every kind have run their course', () => {
    let answered = 0;
    const h = createHarness({
      onRequest(req, tx) {
        const mode = answered++ % 3;
        if (mode === 0) tx.respond(response(req, 180));
        tx.respond(response(req, mode === 1 ? 486 : 200));
      },
    });
    for (let i = 0; i < 600; i++) {
      const peer = i % 5 === 0 ? TCP_PEER : UDP_PEER;
      const transport = peer.transport as 'UDP' | 'TCP';
      const method = i % 2 ? 'INVITE' : 'OPTIONS';
      const out = request({ branch: `z9hG4bKout-${i}`, transport, method });
      h.manager.sendRequest(out, peer);
      const outcome = i % 4; // 0: 200, 1: 486, 2: 180 then 200, 3: no answer (timer B or F)
      if (outcome === 2) h.manager.receive(response(out, 180), peer);
      if (outcome !== 3) h.manager.receive(response(out, outcome === 1 ? 486 : 200), peer);

      const incoming = request({ branch: `z9hG4bKin-${i}`, transport, method: i % 2 ? 'INVITE' : 'MESSAGE' });
      h.manager.receive(incoming, peer);
      h.manager.receive(incoming, peer);
      if (i % 6 === 1) h.manager.receive(ackFor(incoming), peer); // some ACKs lost: timer H ends those
      h.clock.advance(37);
    }
    expect(h.manager.size).toBeGreaterThan(0);
    h.clock.runAll();
    expect(h.manager.size).toBe(0);
    expect(h.clock.pending).toBe(0);
    expect(h.events.filter((e) => e.type === 'timeout').length).toBeGreaterThan(150);
  });
});

describe('2xx retransmission until ACK (§13.3.1.4)', () => {
  it('resends at T1 doubling to T2, and stops when the ACK arrives', () => {
    const clock = createFakeScheduler();
    const sent: number[] = [];
    const invite = request();
    const r = retransmit2xxUntilAck({
      response: response(invite, 200),
      target: UDP_PEER,
      send: () => sent.push(clock.now / 1000),
      timers: clock.timers,
      onTimeout: () => sent.push(-1),
    });
    clock.advance(9000);
    r.ackReceived();
    expect(r.running).toBe(false);
    clock.runAll();
    expect(sent).toEqual([0.5, 1.5, 3.5, 7.5]);
  });

  it('gives up after 64·T1 without an ACK', () => {
    const clock = createFakeScheduler();
    const sent: number[] = [];
    let timedOutAt = 0;
    retransmit2xxUntilAck({
      response: response(request(), 200),
      target: TCP_PEER,
      send: () => sent.push(clock.now / 1000),
      timers: clock.timers,
      onTimeout: () => {
        timedOutAt = clock.now;
      },
    });
    clock.runAll();
    expect(sent).toEqual([0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5, 23.5, 27.5, 31.5]);
    expect(timedOutAt).toBe(32_000);
    expect(clock.pending).toBe(0);
  });
});
