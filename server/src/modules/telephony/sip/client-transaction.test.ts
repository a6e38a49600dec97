import { describe, expect, it } from 'vitest';
import { findHeader, getCSeq, getTo, getTopVia, headerValues, type SipRequest } from './message';
import { createHarness, isRequest, request, response, TCP_PEER, UDP_PEER } from './transactions.fixtures';

describe('INVITE client transaction', () => {
  it('on UDP with no answer sends 7 INVITEs at 0, .5, 1.5, 3.5, 7.5, 15.5, 31.5 s and times out at 32 s', () => {
    const h = createHarness();
    const tx = h.manager.sendRequest(request(), UDP_PEER);
    expect(tx.state).toBe('calling');
    h.clock.advance(40_000);
    expect(h.sentAt(isRequest('INVITE'))).toEqual([0, 0.5, 1.5, 3.5, 7.5, 15.5, 31.5]);
    expect(h.events).toEqual([{ type: 'timeout', at: 32_000, transaction: tx }]);
    expect(tx.state).toBe('terminated');
    expect(h.manager.size).toBe(0);
    expect(h.clock.pending).toBe(0);
  });

  it('on TCP sends the INVITE once and still times out after 64·T1', () => {
    const h = createHarness();
    h.manager.sendRequest(request({ transport: 'TCP' }), TCP_PEER);
    h.clock.advance(40_000);
    expect(h.sentAt(isRequest('INVITE'))).toEqual([0]);
    expect(h.events.map((e) => [e.type, e.at])).toEqual([['timeout', 32_000]]);
  });

  it('stops retransmitting once a provisional response arrives, and passes each one to the TU', () => {
    const h = createHarness();
    const invite = request();
    const tx = h.manager.sendRequest(invite, UDP_PEER);
    h.clock.advance(600);
    h.manager.receive(response(invite, 100), UDP_PEER);
    h.manager.receive(response(invite, 180), UDP_PEER);
    expect(tx.state).toBe('proceeding');
    h.clock.advance(60_000);
    expect(h.sentAt(isRequest('INVITE'))).toEqual([0, 0.5]);
    expect(h.events.map((e) => e.type === 'response' && e.status)).toEqual([100, 180]);
    expect(tx.state).toBe('proceeding'); // ringing has no transaction timer: the TU cancels
  });

  it('passes a 2xx to the TU and terminates; a retransmitted 2xx goes to the core as unmatched', () => {
    const h = createHarness();
    const invite = request();
    const tx = h.manager.sendRequest(invite, UDP_PEER);
    h.manager.receive(response(invite, 180), UDP_PEER);
    h.manager.receive(response(invite, 200), UDP_PEER);
    expect(tx.state).toBe('terminated');
    expect(h.manager.size).toBe(0);
    expect(h.sent.filter((s) => isRequest('ACK')(s.message))).toHaveLength(0); // the TU ACKs a 2xx
    h.manager.receive(response(invite, 200), UDP_PEER);
    expect(h.events.map((e) => e.type)).toEqual(['response', 'response', 'unmatched']);
    expect(h.clock.pending).toBe(0);
  });

  it('ACKs a non-2xx final with the INVITE branch, re-ACKs its retransmissions, and ends after timer D (32 s)', () => {
    const h = createHarness();
    const invite = request();
    const tx = h.manager.sendRequest(invite, UDP_PEER);
    h.clock.advance(1000);
    h.manager.receive(response(invite, 486), UDP_PEER);
    expect(tx.state).toBe('completed');
    const acks = () => h.sent.filter((s) => isRequest('ACK')(s.message)).map((s) => s.message as SipRequest);
    const ack = acks()[0]!;
    expect(ack.uri).toBe(invite.uri);
    expect(headerValues(ack, 'via')).toEqual([headerValues(invite, 'via')[0]]);
    expect(getTopVia(ack).branch).toBe('z9hG4bK776asdhds');
    expect(getTo(ack).tag).toBe('kefu-tag-1');
    expect(getCSeq(ack)).toEqual({ seq: 314159, method: 'ACK' });
    expect(findHeader(ack, 'from')).toBe(findHeader(invite, 'from'));
    expect(headerValues(ack, 'route')).toEqual(headerValues(invite, 'route'));

    h.clock.advance(2000);
    h.manager.receive(response(invite, 486), UDP_PEER);
    expect(acks()).toHaveLength(2);
    expect(h.events.filter((e) => e.type === 'response')).toHaveLength(1); // retransmission absorbed
    h.clock.advance(31_999 - 2000);
    expect(tx.state).toBe('completed');
    h.clock.advance(1);
    expect(tx.state).toBe('terminated');
    expect(h.sentAt(isRequest('INVITE'))).toEqual([0, 0.5]);
    expect(h.manager.size).toBe(0);
  });

  it('on TCP a non-2xx final is ACKed and the transaction ends at once (timer D is zero)', () => {
    const h = createHarness();
    const invite = request({ transport: 'TCP' });
    const tx = h.manager.sendRequest(invite, TCP_PEER);
    h.manager.receive(response(invite, 603), TCP_PEER);
    expect(tx.state).toBe('terminated');
    expect(h.sent.map((s) => s.message.kind === 'request' && s.message.method)).toEqual(['INVITE', 'ACK']);
    expect(h.manager.size).toBe(0);
    expect(h.clock.pending).toBe(0);
  });

  it('reports a transport error and terminates when the INVITE cannot be sent', () => {
    const h = createHarness();
    h.failSends(true);
    const tx = h.manager.sendRequest(request(), UDP_PEER);
    expect(tx.state).toBe('terminated');
    expect(h.events.map((e) => e.type)).toEqual(['transport-error']);
    expect(h.manager.size).toBe(0);
    expect(h.clock.pending).toBe(0);
  });

  it('a retransmission that fails ends the transaction with a transport error', () => {
    const h = createHarness();
    const tx = h.manager.sendRequest(request(), UDP_PEER);
    h.failSends(true);
    h.clock.advance(500);
    expect(tx.state).toBe('terminated');
    expect(h.events.map((e) => [e.type, e.at])).toEqual([['transport-error', 500]]);
    expect(h.clock.pending).toBe(0);
  });
});

describe('non-INVITE client transaction', () => {
  it('on UDP retransmits doubling up to T2 (4 s), 11 sends, and times out at 32 s (timer F)', () => {
    const h = createHarness();
    const tx = h.manager.sendRequest(request({ method: 'OPTIONS' }), UDP_PEER);
    expect(tx.state).toBe('trying');
    h.clock.advance(40_000);
    expect(h.sentAt(isRequest('OPTIONS'))).toEqual([0, 0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5, 23.5, 27.5, 31.5]);
    expect(h.events.map((e) => [e.type, e.at])).toEqual([['timeout', 32_000]]);
    expect(h.manager.size).toBe(0);
  });

  it('in Proceeding retransmits every T2', () => {
    const h = createHarness();
    const bye = request({ method: 'BYE' });
    const tx = h.manager.sendRequest(bye, UDP_PEER);
    h.clock.advance(100);
    h.manager.receive(response(bye, 100), UDP_PEER);
    expect(tx.state).toBe('proceeding');
    h.clock.advance(13_000);
    // The pending E (due at .5 s) fires, then T2 apart from there on.
    expect(h.sentAt(isRequest('BYE'))).toEqual([0, 0.5, 4.5, 8.5, 12.5]);
  });

  it('passes the final response to the TU once, absorbs its retransmissions, and ends after timer K (T4)', () => {
    const h = createHarness();
    const register = request({ method: 'REGISTER' });
    const tx = h.manager.sendRequest(register, UDP_PEER);
    h.clock.advance(700);
    h.manager.receive(response(register, 200), UDP_PEER);
    expect(tx.state).toBe('completed');
    h.manager.receive(response(register, 200), UDP_PEER);
    h.clock.advance(4999);
    expect(tx.state).toBe('completed');
    h.clock.advance(1);
    expect(tx.state).toBe('terminated');
    expect(h.events.map((e) => e.type === 'response' && e.status)).toEqual([200]);
    expect(h.sentAt(isRequest('REGISTER'))).toEqual([0, 0.5]);
    expect(h.manager.size).toBe(0);
    expect(h.clock.pending).toBe(0);
  });

  it('on TCP sends once and terminates on the final response (timer K is zero)', () => {
    const h = createHarness();
    const options = request({ method: 'OPTIONS', transport: 'TCP' });
    const tx = h.manager.sendRequest(options, TCP_PEER);
    h.clock.advance(10_000);
    h.manager.receive(response(options, 200), TCP_PEER);
    expect(tx.state).toBe('terminated');
    expect(h.sentAt(isRequest('OPTIONS'))).toEqual([0]);
    expect(h.clock.pending).toBe(0);
  });

  it('matches responses by branch and CSeq method: a CANCEL and its INVITE are separate transactions', () => {
    const h = createHarness();
    const invite = request();
    const cancel = request({ method: 'CANCEL' });
    const inviteTx = h.manager.sendRequest(invite, UDP_PEER);
    h.manager.receive(response(invite, 180), UDP_PEER);
    const cancelTx = h.manager.sendRequest(cancel, UDP_PEER);
    h.manager.receive(response(cancel, 200), UDP_PEER);
    expect([inviteTx.state, cancelTx.state]).toEqual(['proceeding', 'completed']);
    h.manager.receive(response(invite, 487), UDP_PEER);
    expect(inviteTx.state).toBe('completed');
    h.manager.receive(response(request({ branch: 'z9hG4bKother' }), 200), UDP_PEER);
    expect(h.events.map((e) => (e.type === 'response' ? [e.status, e.transaction.method] : e.type))).toEqual([
      [180, 'INVITE'],
      [200, 'CANCEL'],
      [487, 'INVITE'],
      'unmatched',
    ]);
  });

  it('refuses a request without a z9hG4bK branch', () => {
    const h = createHarness();
    expect(() => h.manager.sendRequest(request({ branch: 'old2543' }), UDP_PEER)).toThrow(/z9hG4bK/);
  });
});
