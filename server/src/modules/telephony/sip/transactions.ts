/**
 * The RFC 3261 §17 transaction layer: a manager that owns every live client and server
 * transaction, keyed by transaction id, routes each received message to its transaction
 * (§17.1.3, §17.2.3) and forgets a transaction the moment it terminates. Pure: the transport,
 * timers and the transaction user are ports given to `createTransactionManager`.
 */

import { type ClientTransactionMachine, createClientTransaction } from './client-transaction';
import { getCallId, getCSeq, getFrom, getTopVia, type SipMessage, type SipRequest } from './message';
import { createServerTransaction, type ServerTransactionMachine } from './server-transaction';
import { badClientRequest, duplicateTransaction } from './sip.errors';
import {
  type ClientTransaction,
  DEFAULT_TIMER_VALUES,
  type ServerTransaction,
  type SipSend,
  type SipTarget,
  type TimerValues,
  type Transaction,
  type TransactionContext,
  type TransactionTimers,
  type TransactionUser,
} from './transaction-ports';

/** Branches starting with this were built by an RFC 3261 element and are unique (§8.1.1.7). */
export const MAGIC_COOKIE = 'z9hG4bK';

export type TransactionManagerOptions = {
  send: SipSend;
  timers: TransactionTimers;
  tu: TransactionUser;
  /** T1, T2 and T4; RFC 3261 defaults (500 ms, 4 s, 5 s) when left out. */
  values?: Partial<TimerValues>;
};

export type TransactionManager = {
  /** Sends a request in a new client transaction. Its top Via must carry a z9hG4bK branch. */
  sendRequest(request: SipRequest, target: SipTarget): ClientTransaction;
  /** Every message the transport parsed, with where it came from. */
  receive(message: SipMessage, source: SipTarget): void;
  /** The INVITE server transaction a CANCEL refers to (§9.2), if it is still alive. */
  findInviteForCancel(cancel: SipRequest): ServerTransaction | undefined;
  findTransaction(id: string): Transaction | undefined;
  /** Live transactions; zero once every transaction has ended and its timers have run. */
  readonly size: number;
};

export function createTransactionManager(options: TransactionManagerOptions): TransactionManager {
  const clients = new Map<string, ClientTransactionMachine>();
  const servers = new Map<string, ServerTransactionMachine>();
  const ctx: TransactionContext = {
    send: options.send,
    timers: options.timers,
    tu: options.tu,
    values: { ...DEFAULT_TIMER_VALUES, ...options.values },
    terminated(id) {
      clients.delete(id);
      servers.delete(id);
    },
  };

  const receiveRequest = (request: SipRequest, source: SipTarget) => {
    const ack = request.method === 'ACK';
    const id = serverTransactionId(request, ack ? 'INVITE' : request.method);
    const existing = servers.get(id);
    if (ack) {
      // An ACK for a non-2xx final belongs to the INVITE transaction; one for a 2xx goes to the core.
      if (existing && existing.transaction.state !== 'proceeding') existing.receiveAck(request);
      else options.tu.onUnmatched(request, source);
      return;
    }
    if (existing) return existing.receiveRetransmission(request);
    const machine = createServerTransaction(ctx, id, request, source);
    servers.set(id, machine);
    machine.start();
    options.tu.onRequest(request, machine.transaction);
  };

  return {
    sendRequest(request, target) {
      const branch = getTopVia(request).branch;
      if (request.method === 'ACK' || !branch?.startsWith(MAGIC_COOKIE)) {
        throw badClientRequest();
      }
      const id = clientTransactionId(branch, request.method);
      if (clients.has(id)) throw duplicateTransaction(id);
      const machine = createClientTransaction(ctx, id, request, target);
      clients.set(id, machine);
      machine.start();
      return machine.transaction;
    },

    receive(message, source) {
      if (message.kind === 'request') return receiveRequest(message, source);
      const branch = getTopVia(message).branch;
      const machine = branch ? clients.get(clientTransactionId(branch, getCSeq(message).method)) : undefined;
      if (machine) machine.receive(message);
      else options.tu.onUnmatched(message, source);
    },

    findInviteForCancel(cancel) {
      return servers.get(serverTransactionId(cancel, 'INVITE'))?.transaction;
    },

    findTransaction(id) {
      return (clients.get(id) ?? servers.get(id))?.transaction;
    },

    get size() {
      return clients.size + servers.size;
    },
  };
}

/** §17.1.3: the top Via branch and the CSeq method (a CANCEL shares its INVITE's branch). */
export const clientTransactionId = (branch: string, method: string): string => `client ${branch} ${method}`;

/**
 * §17.2.3: branch, sent-by and method, with ACK matching INVITE. For a request without the magic
 * cookie (an RFC 2543 element) the branch is not unique, so Call-ID, CSeq number and From tag
 * stand in for it — close to §17.2.3's older rule, which also compares Request-URI and To tag.
 */
export function serverTransactionId(request: SipRequest, method: string): string {
  const via = getTopVia(request);
  const port = via.port ?? (via.transport === 'TLS' ? 5061 : 5060);
  const sentBy = `${via.host.toLowerCase()}:${port}`;
  if (via.branch?.startsWith(MAGIC_COOKIE)) return `server ${via.branch} ${sentBy} ${method}`;
  const seq = getCSeq(request).seq;
  return `server-2543 ${getCallId(request)} ${seq} ${getFrom(request).tag ?? ''} ${sentBy} ${method}`;
}
