/**
 * What the RFC 3261 §17 transaction layer needs from the outside world: a transport to send with,
 * a timer port (fake time in tests), the transaction user's callbacks, and the timer values.
 * Shared by the client and server state machines and the manager that routes messages to them.
 */
import type { SipMessage, SipRequest, SipResponse } from './message';

/** Where a message goes, or where it came from: the transport reads this, the layer only its protocol. */
export type SipTarget = { transport: string; host: string; port: number };

/** Only UDP is unreliable here: TCP, TLS, WS and SCTP need neither retransmissions nor wait timers. */
export const isReliable = (target: SipTarget): boolean => target.transport.toUpperCase() !== 'UDP';

/** The timer port: `globalThis` timers in production, a fake scheduler in tests. */
export interface TransactionTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemTransactionTimers: TransactionTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** §17.1.1.1 T1 (RTT estimate), T2 (maximum non-INVITE retransmit interval), T4 (network lifetime). */
export type TimerValues = { t1: number; t2: number; t4: number };
export const DEFAULT_TIMER_VALUES: Readonly<TimerValues> = Object.freeze({ t1: 500, t2: 4000, t4: 5000 });

/** The transport port. It throws when the message cannot be sent (connection gone, ICMP error, …). */
export type SipSend = (message: SipMessage, target: SipTarget) => void;

export type ClientTransactionState = 'calling' | 'trying' | 'proceeding' | 'completed' | 'terminated';
export type ServerTransactionState = 'trying' | 'proceeding' | 'completed' | 'confirmed' | 'terminated';

export type ClientTransaction = {
  readonly role: 'client';
  readonly id: string;
  /** INVITE or any other method; ACK and CANCEL of an INVITE are separate requests. */
  readonly method: string;
  readonly request: SipRequest;
  readonly target: SipTarget;
  readonly state: ClientTransactionState;
};

export type ServerTransaction = {
  readonly role: 'server';
  readonly id: string;
  readonly method: string;
  readonly request: SipRequest;
  /** Where the request came from; every response of this transaction goes back there. */
  readonly source: SipTarget;
  readonly state: ServerTransactionState;
  /**
   * Sends a response built by the TU (e.g. with createResponse). Returns false when the
   * transaction can no longer send one (a final response was already sent, or it ended).
   */
  respond(response: SipResponse): boolean;
};

export type Transaction = ClientTransaction | ServerTransaction;

/** The transaction user (UA core, dialogs, registrar): the layer reports to it through these. */
export interface TransactionUser {
  /** A new request opened a server transaction; answer through `transaction.respond`. */
  onRequest(request: SipRequest, transaction: ServerTransaction): void;
  /** A provisional or final response for a client transaction (retransmissions are absorbed). */
  onResponse(response: SipResponse, transaction: ClientTransaction): void;
  /** Timer B, F (client: no final response) or H (server: no ACK for a non-2xx final response). */
  onTimeout(transaction: Transaction): void;
  onTransportError(transaction: Transaction, error: unknown): void;
  /**
   * A message matching no transaction, passed up to the core (§17.1.1.2, §17.2.3, §18.1.2): an ACK
   * for a 2xx, a 2xx retransmitted after its INVITE client transaction ended, a stray response.
   */
  onUnmatched(message: SipMessage, source: SipTarget): void;
}

/** What the manager hands each transaction it creates. */
export type TransactionContext = {
  send: SipSend;
  timers: TransactionTimers;
  values: TimerValues;
  tu: TransactionUser;
  /** Called exactly once, when the transaction reaches Terminated, so the manager forgets it. */
  terminated(id: string): void;
};

/** Named one-shot timers of one transaction, all cleared at once when it terminates. */
export function createTimerSet(timers: TransactionTimers) {
  const handles = new Map<string, unknown>();
  const stop = (name: string) => {
    if (!handles.has(name)) return;
    timers.clearTimeout(handles.get(name));
    handles.delete(name);
  };
  return {
    start(name: string, ms: number, fire: () => void) {
      stop(name);
      handles.set(
        name,
        timers.setTimeout(() => {
          handles.delete(name);
          fire();
        }, ms),
      );
    },
    stop,
    stopAll() {
      for (const name of [...handles.keys()]) stop(name);
    },
  };
}
