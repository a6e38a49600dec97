/**
 * Client transactions (RFC 3261 §17.1): the INVITE state machine (Calling → Proceeding →
 * Completed → Terminated, timers A, B, D; ACK for non-2xx finals) and the non-INVITE one
 * (Trying → Proceeding → Completed → Terminated, timers E, F, K). Pure: sending and time come
 * through the TransactionContext ports.
 */
import { header, headerValues, type SipHeader, type SipRequest, type SipResponse } from './message';
import {
  type ClientTransaction,
  type ClientTransactionState,
  createTimerSet,
  isReliable,
  type SipTarget,
  type TransactionContext,
} from './transaction-ports';

/** The manager's handle: the public view plus the entry point for matched responses. */
export type ClientTransactionMachine = {
  transaction: ClientTransaction;
  start(): void;
  receive(response: SipResponse): void;
};

export function createClientTransaction(
  ctx: TransactionContext,
  id: string,
  request: SipRequest,
  target: SipTarget,
): ClientTransactionMachine {
  const invite = request.method === 'INVITE';
  const reliable = isReliable(target);
  const { t1, t2, t4 } = ctx.values;
  const timers = createTimerSet(ctx.timers);
  let state: ClientTransactionState = invite ? 'calling' : 'trying';
  let ack: SipRequest | undefined;

  const transaction: ClientTransaction = {
    role: 'client',
    id,
    method: request.method,
    request,
    target,
    get state() {
      return state;
    },
  };

  const terminate = () => {
    if (state === 'terminated') return;
    state = 'terminated';
    timers.stopAll();
    ctx.terminated(id);
  };

  /** Sends through the transport; a failure ends the transaction and tells the TU (§17.1.4). */
  const send = (message: SipRequest): boolean => {
    try {
      ctx.send(message, target);
      return true;
    } catch (error) {
      terminate();
      ctx.tu.onTransportError(transaction, error);
      return false;
    }
  };

  const timeout = () => {
    terminate();
    ctx.tu.onTimeout(transaction);
  };

  /** Timer A (INVITE, doubling without cap while Calling) or E (non-INVITE, capped at T2). */
  const retransmitAfter = (interval: number) => {
    timers.start(invite ? 'A' : 'E', interval, () => {
      if (!send(request)) return;
      // Timer E in Proceeding always waits T2 (§17.1.2.2); A only runs in Calling.
      const next = invite ? interval * 2 : state === 'proceeding' ? t2 : Math.min(interval * 2, t2);
      retransmitAfter(next);
    });
  };

  /** Enters Completed for `ms` (D or K), or terminates at once when the transport is reliable. */
  const complete = (ms: number) => {
    timers.stopAll();
    if (ms === 0) return terminate();
    state = 'completed';
    timers.start(invite ? 'D' : 'K', ms, terminate);
  };

  const receiveInvite = (response: SipResponse) => {
    const provisional = response.status < 200;
    if (state === 'calling' || state === 'proceeding') {
      if (provisional) {
        // In Proceeding the INVITE is no longer retransmitted and timer B no longer applies:
        // how long to ring is the TU's decision (CANCEL), §17.1.1.2.
        state = 'proceeding';
        timers.stopAll();
        ctx.tu.onResponse(response, transaction);
      } else if (response.status < 300) {
        terminate();
        ctx.tu.onResponse(response, transaction);
      } else {
        ack = createAckForNon2xx(request, response);
        complete(reliable ? 0 : 32_000);
        ctx.tu.onResponse(response, transaction);
        send(ack);
      }
    } else if (state === 'completed' && !provisional && response.status >= 300 && ack) {
      send(ack); // a retransmitted final response: the ACK was lost
    }
  };

  const receiveNonInvite = (response: SipResponse) => {
    if (state !== 'trying' && state !== 'proceeding') return; // Completed absorbs retransmissions
    if (response.status < 200) state = 'proceeding';
    else complete(reliable ? 0 : t4);
    ctx.tu.onResponse(response, transaction);
  };

  return {
    transaction,
    start() {
      if (!send(request)) return;
      if (!reliable) retransmitAfter(t1);
      if (invite) timers.start('B', 64 * t1, timeout);
      else timers.start('F', 64 * t1, timeout);
    },
    receive(response) {
      if (invite) receiveInvite(response);
      else receiveNonInvite(response);
    },
  };
}

/**
 * The ACK a client INVITE transaction sends for a 300–699 response (§17.1.1.3): the INVITE's
 * Request-URI, Call-ID, From, top Via (same branch) and Route set, the response's To (with its
 * tag), and CSeq with the same number and method ACK.
 */
export function createAckForNon2xx(invite: SipRequest, response: SipResponse): SipRequest {
  const first = (msg: SipRequest | SipResponse, name: string) => headerValues(msg, name)[0] ?? '';
  const cseq = first(invite, 'cseq').trim().split(/\s+/)[0] ?? '';
  const headers: SipHeader[] = [
    header('Via', first(invite, 'via')),
    header('Max-Forwards', '70'),
    header('From', first(invite, 'from')),
    header('To', first(response, 'to')),
    header('Call-ID', first(invite, 'call-id')),
    header('CSeq', `${cseq} ACK`),
    ...headerValues(invite, 'route').map((route) => header('Route', route)),
  ];
  return { kind: 'request', method: 'ACK', uri: invite.uri, headers, body: Buffer.alloc(0) };
}
