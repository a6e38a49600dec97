/**
 * Server transactions (RFC 3261 §17.2): the INVITE state machine (Proceeding → Completed →
 * Confirmed → Terminated, an automatic 100 Trying after 200 ms, timers G, H, I) and the
 * non-INVITE one (Trying → Proceeding → Completed → Terminated, timer J). Retransmitted requests
 * are absorbed here by resending the last response. A 2xx to an INVITE ends the transaction:
 * retransmitting it until the ACK is the TU's job (see retransmit-2xx.ts). That is RFC 3261 as
 * written: without RFC 6026's Accepted state an INVITE retransmitted after the 2xx reaches the TU
 * again as a new request, which the dialog layer must recognise (same Call-ID, From tag and CSeq).
 */
import type { SipRequest, SipResponse } from './message';
import { createResponse } from './responses';
import {
  createTimerSet,
  isReliable,
  type ServerTransaction,
  type ServerTransactionState,
  type SipTarget,
  type TransactionContext,
} from './transaction-ports';

/** How long an INVITE server transaction waits for the TU before sending 100 Trying itself (§17.2.1). */
export const TRYING_DELAY_MS = 200;

export type ServerTransactionMachine = {
  transaction: ServerTransaction;
  start(): void;
  /** A retransmission of the request that created the transaction. */
  receiveRetransmission(request: SipRequest): void;
  /** An ACK matching this INVITE transaction (one for a non-2xx final response). */
  receiveAck(ack: SipRequest): void;
};

export function createServerTransaction(
  ctx: TransactionContext,
  id: string,
  request: SipRequest,
  source: SipTarget,
): ServerTransactionMachine {
  const invite = request.method === 'INVITE';
  const reliable = isReliable(source);
  const { t1, t2, t4 } = ctx.values;
  const timers = createTimerSet(ctx.timers);
  let state: ServerTransactionState = invite ? 'proceeding' : 'trying';
  let last: SipResponse | undefined;

  const terminate = () => {
    if (state === 'terminated') return;
    state = 'terminated';
    timers.stopAll();
    ctx.terminated(id);
  };

  const send = (response: SipResponse): boolean => {
    try {
      ctx.send(response, source);
      return true;
    } catch (error) {
      terminate();
      ctx.tu.onTransportError(transaction, error);
      return false;
    }
  };

  /** Timer G: retransmits the final non-2xx response, doubling up to T2 (§17.2.1). */
  const retransmitFinalAfter = (interval: number) => {
    timers.start('G', interval, () => {
      if (last && send(last)) retransmitFinalAfter(Math.min(interval * 2, t2));
    });
  };

  const respondInvite = (response: SipResponse): boolean => {
    if (state !== 'proceeding') return false;
    timers.stop('trying');
    if (response.status < 200) {
      last = response;
      send(response);
    } else if (response.status < 300) {
      // §17.2.1: the 2xx goes out and the transaction ends; the TU retransmits it until the ACK.
      if (send(response)) terminate();
    } else {
      last = response;
      state = 'completed';
      if (!send(response)) return true;
      if (!reliable) retransmitFinalAfter(t1);
      timers.start('H', 64 * t1, () => {
        terminate();
        ctx.tu.onTimeout(transaction);
      });
    }
    return true;
  };

  const respondNonInvite = (response: SipResponse): boolean => {
    if (state !== 'trying' && state !== 'proceeding') return false;
    last = response;
    if (response.status < 200) {
      state = 'proceeding';
      send(response);
      return true;
    }
    state = 'completed';
    if (!send(response)) return true;
    if (reliable) terminate();
    else timers.start('J', 64 * t1, terminate);
    return true;
  };

  const transaction: ServerTransaction = {
    role: 'server',
    id,
    method: request.method,
    request,
    source,
    get state() {
      return state;
    },
    respond: (response) => (invite ? respondInvite(response) : respondNonInvite(response)),
  };

  return {
    transaction,
    start() {
      if (!invite) return;
      timers.start('trying', TRYING_DELAY_MS, () => {
        if (state === 'proceeding' && !last) respondInvite(createResponse(request, 100));
      });
    },
    receiveRetransmission() {
      // Trying (non-INVITE, no response yet) and Confirmed absorb it silently.
      if (last && (state === 'proceeding' || state === 'completed')) send(last);
    },
    receiveAck() {
      if (state !== 'completed') return;
      state = 'confirmed';
      timers.stopAll();
      if (reliable) terminate();
      else timers.start('I', t4, terminate);
    },
  };
}
